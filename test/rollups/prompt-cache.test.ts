// Prompt-cache tokens as the SDKs log them: Anthropic's input_tokens leaves out its cache reads and
// writes, OpenAI's and Gemini's prompt counts include their cached tokens, and LiteLLM logs both
// conventions at once for an Anthropic call. tokens_in must count every input token once, and cost
// must price the cache reads and writes at the model's cache prices. Expectations are worked out by
// hand from the prices in @pydantic/genai-prices (per million tokens), and the SQL path must agree
// with priceCalls (the library's calcPrice) to the last rounding.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Database } from '../../src/db.js';
import { messages } from '../../src/messages.js';
import { priceCalls, type LlmCall, type PriceOverrides } from '../../src/pricing/prices.js';
import { createPricedEvents, runRollup } from '../../src/rollups/index.js';
import { runInProcess } from '../helpers/cli.js';
import { ingestFiles } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-cache-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AT = Date.parse('2026-03-02T10:00:00Z');

function logFile(name: string, records: readonly Record<string, unknown>[]): string {
  const file = join(dir, name);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

async function withDatabase<T>(files: readonly string[], f: (db: Database) => Promise<T>): Promise<T> {
  const db = await ingestFiles(files);
  try {
    return await f(db);
  } finally {
    db.close();
  }
}

/** The QA repro: ten Claude calls logged with the Anthropic SDK's usage as it comes. */
const anthropicCalls = Array.from({ length: 10 }, (_, i) => ({
  level: 30,
  time: AT,
  msg: 'llm call',
  provider: 'anthropic',
  model: 'claude-3-5-sonnet-20241022',
  usage: { input_tokens: 25, cache_creation_input_tokens: 1200, cache_read_input_tokens: 40000 + i * 1200, output_tokens: 300 },
  latencyMs: 2100,
}));

const costRow = async (db: Database) => (await runRollup(db, 'cost')).rows;

describe('an Anthropic call with prompt caching', () => {
  test('counts its cache reads and writes in tokens_in and prices them at the cache prices', async () => {
    const file = logFile('anthropic.log', anthropicCalls);
    const [row] = await withDatabase([file], costRow);
    // 10 x 25 uncached + 10 x 1,200 written + (40,000 + ... + 50,800 = 454,000) read
    expect(row).toMatchObject({ calls: 10, tokens_in: 466_250, tokens_out: 3000, cache_read_tokens: 454_000, cache_write_tokens: 12_000, priced_calls: 10 });
    // claude-3-5-sonnet: input $3, cache write $3.75, cache read $0.30, output $15 per million
    const byHand = (250 * 3 + 12_000 * 3.75 + 454_000 * 0.3 + 3000 * 15) / 1e6;
    expect(byHand).toBeCloseTo(0.22695, 12);
    expect(row!.cost_usd).toBeCloseTo(byHand, 12);
    const library = priceCalls(anthropicCalls.map((c) => ({
      provider: 'anthropic', model: c.model, ts: new Date(AT), tokens_in: 25 + 1200 + c.usage.cache_read_input_tokens, tokens_out: 300,
      cache_read_tokens: c.usage.cache_read_input_tokens, cache_write_tokens: 1200,
    })));
    expect(row!.cost_usd).toBeCloseTo(library.reduce((s, p) => s + p.cost_usd!, 0), 12);
  });

  test('logged by LiteLLM (prompt_tokens already counts the cache) is not counted twice', async () => {
    // LiteLLM: prompt_tokens = input_tokens + cache_creation_input_tokens + cache_read_input_tokens,
    // and prompt_tokens_details.cached_tokens = cache_read_input_tokens, all beside each other.
    const file = logFile('litellm.log', [{
      level: 30, time: AT, msg: 'llm call', custom_llm_provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', latency_ms: 900,
      usage: { prompt_tokens: 41_225, completion_tokens: 300, total_tokens: 41_525, prompt_tokens_details: { cached_tokens: 40_000 }, cache_creation_input_tokens: 1200, cache_read_input_tokens: 40_000 },
    }]);
    const [row] = await withDatabase([file], costRow);
    expect(row).toMatchObject({ tokens_in: 41_225, cache_read_tokens: 40_000, cache_write_tokens: 1200 });
    expect(row!.cost_usd).toBeCloseTo((25 * 3 + 1200 * 3.75 + 40_000 * 0.3 + 300 * 15) / 1e6, 12);
  });
});

describe('an OpenAI call with cached prompt tokens', () => {
  test('keeps prompt_tokens as tokens_in and prices the cached part at the cached price', async () => {
    const chat = logFile('openai.log', [{
      level: 30, time: AT, msg: 'llm call', provider: 'openai', model: 'gpt-4o', latencyMs: 900,
      usage: { prompt_tokens: 10_000, completion_tokens: 100, total_tokens: 10_100, prompt_tokens_details: { cached_tokens: 8000 } },
    }]);
    const [row] = await withDatabase([chat], costRow);
    expect(row).toMatchObject({ tokens_in: 10_000, tokens_out: 100, cache_read_tokens: 8000, cache_write_tokens: 0 });
    // gpt-4o: input $2.50, cached input $1.25, output $10 per million
    expect(row!.cost_usd).toBeCloseTo((2000 * 2.5 + 8000 * 1.25 + 100 * 10) / 1e6, 12);
    expect(row!.cost_usd).toBeCloseTo(0.016, 12);
  });

  test('reads the Responses API usage (input_tokens_details.cached_tokens, inside input_tokens) the same way', async () => {
    const responses = logFile('responses.log', [{
      level: 30, time: AT, msg: 'llm call', provider: 'openai', model: 'gpt-4o', latencyMs: 900,
      usage: { input_tokens: 10_000, output_tokens: 100, total_tokens: 10_100, input_tokens_details: { cached_tokens: 8000 } },
    }]);
    const [row] = await withDatabase([responses], costRow);
    expect(row).toMatchObject({ tokens_in: 10_000, cache_read_tokens: 8000 });
    expect(row!.cost_usd).toBeCloseTo(0.016, 12);
  });
});

describe('a Gemini call with cached content', () => {
  const gemini = (model: string, prompt: number, cached: number, out: number) => ({
    timestamp: '2026-03-02T10:00:00Z', event: 'llm_call', provider: 'google', model, latency_ms: 900,
    usage_metadata: { prompt_token_count: prompt, candidates_token_count: out, total_token_count: prompt + out, cached_content_token_count: cached },
  });

  test('keeps prompt_token_count as tokens_in and prices the cached part at the cache price', async () => {
    const file = logFile('gemini.log', [gemini('gemini-2.5-flash', 1000, 600, 200)]);
    const [row] = await withDatabase([file], costRow);
    expect(row).toMatchObject({ tokens_in: 1000, tokens_out: 200, cache_read_tokens: 600 });
    // gemini-2.5-flash: input $0.30, cache read $0.03, output $2.50 per million
    expect(row!.cost_usd).toBeCloseTo((400 * 0.3 + 600 * 0.03 + 200 * 2.5) / 1e6, 12);
  });

  test('charges the cache at the input price when the model has no cache price', async () => {
    const file = logFile('gemini-15.log', [gemini('gemini-1.5-pro', 1000, 600, 200)]);
    const [row] = await withDatabase([file], costRow);
    // gemini-1.5-pro: input $1.25, output $5 per million, no cache price
    expect(row!.cost_usd).toBeCloseTo((1000 * 1.25 + 200 * 5) / 1e6, 12);
  });

  test('prices a long prompt at the tier its whole input reaches, cache prices included, as the library does', async () => {
    // gemini-2.5-pro's prices (cache reads too) go up above 200k prompt tokens.
    const calls = [gemini('gemini-2.5-pro', 250_000, 200_000, 1000), gemini('gemini-2.5-pro', 150_000, 100_000, 1000)];
    const file = logFile('gemini-tiers.log', calls);
    const [row] = await withDatabase([file], costRow);
    const library = priceCalls(calls.map((c) => ({
      provider: 'google', model: c.model, ts: new Date(AT), tokens_in: c.usage_metadata.prompt_token_count, tokens_out: 1000,
      cache_read_tokens: c.usage_metadata.cached_content_token_count,
    })));
    // below the tier: input $1.25, cache read $0.125, output $10; above: $2.50, $0.25, $15
    expect(library[1]!.cost_usd).toBeCloseTo((50_000 * 1.25 + 100_000 * 0.125 + 1000 * 10) / 1e6, 12);
    expect(library[0]!.cost_usd).toBeCloseTo((50_000 * 2.5 + 200_000 * 0.25 + 1000 * 15) / 1e6, 12);
    expect(row!.cost_usd).toBeCloseTo(library[0]!.cost_usd! + library[1]!.cost_usd!, 12);
  });
});

describe('a log without any cache field', () => {
  test('gives exactly the numbers it gave before: tokens as logged, all input at the input price', async () => {
    const file = logFile('plain.log', [
      { level: 30, time: AT, msg: 'llm call', provider: 'openai', model: 'gpt-4o', latencyMs: 900, usage: { prompt_tokens: 10_000, completion_tokens: 100 } },
      { level: 30, time: AT, msg: 'llm call', provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', latencyMs: 900, usage: { input_tokens: 2000, output_tokens: 50 } },
    ]);
    const rows = await withDatabase([file], async (db) => (await runRollup(db, 'cost', { by: 'model' })).rows);
    const by = Object.fromEntries(rows.map((r) => [r.model, r]));
    expect(by['gpt-4o']).toMatchObject({ tokens_in: 10_000, tokens_out: 100, cache_read_tokens: 0, cache_write_tokens: 0 });
    expect(by['gpt-4o']!.cost_usd).toBeCloseTo((10_000 * 2.5 + 100 * 10) / 1e6, 12);
    expect(by['claude-3-5-sonnet-20241022']).toMatchObject({ tokens_in: 2000, tokens_out: 50, cache_read_tokens: 0, cache_write_tokens: 0 });
    expect(by['claude-3-5-sonnet-20241022']!.cost_usd).toBeCloseTo((2000 * 3 + 50 * 15) / 1e6, 12);
  });
});

describe('OpenTelemetry GenAI attributes', () => {
  test('count cache reads and writes inside gen_ai.usage.input_tokens, in both spellings', async () => {
    const span = (cache: Record<string, number>) => ({
      timestamp: '2026-03-02T10:00:00Z', name: 'chat', 'gen_ai.system': 'anthropic', 'gen_ai.request.model': 'claude-3-5-sonnet-20241022', duration_ms: 800,
      'gen_ai.usage.input_tokens': 5000, 'gen_ai.usage.output_tokens': 100, ...cache,
    });
    const file = logFile('otel.log', [
      // the semantic conventions' names
      span({ 'gen_ai.usage.cache_read.input_tokens': 4000, 'gen_ai.usage.cache_creation.input_tokens': 500 }),
      // OpenLLMetry's Anthropic instrumentation (its input_tokens already adds them)
      span({ 'gen_ai.usage.cache_read_input_tokens': 4000, 'gen_ai.usage.cache_creation_input_tokens': 500 }),
    ]);
    const [row] = await withDatabase([file], costRow);
    expect(row).toMatchObject({ calls: 2, tokens_in: 10_000, cache_read_tokens: 8000, cache_write_tokens: 1000 });
    expect(row!.cost_usd).toBeCloseTo((2 * (500 * 3 + 500 * 3.75 + 4000 * 0.3 + 100 * 15)) / 1e6, 12);
  });
});

describe('a call with more cache tokens than input tokens', () => {
  test('is unpriced (its counts are wrong), as priceCalls has it, and the note says so rather than "no price"', async () => {
    const file = logFile('bad.log', [{ level: 30, time: AT, msg: 'llm call', provider: 'openai', model: 'gpt-4o', latencyMs: 900, usage: { prompt_tokens: 100, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 200 } } }]);
    const { rows, sections, meta } = await withDatabase([file], (db) => runRollup(db, 'cost'));
    expect(rows[0]).toMatchObject({ tokens_in: 100, cache_read_tokens: 200, cost_usd: null, unpriced_calls: 1 });
    expect(sections.find((s) => s.name === 'unpriced')!.rows[0]).toMatchObject({ model: 'gpt-4o', calls: 1, no_usage: 0, bad_counts: 1 });
    // gpt-4o has a price: the note names the counts, not a missing price or missing counts
    expect(meta.notes).toContain(messages.badCacheCountCalls(1, ['gpt-4o']));
    expect(meta.notes.some((n) => n.includes('no price') || n.includes('no token counts'))).toBe(false);
    expect(priceCalls([{ provider: 'openai', model: 'gpt-4o', ts: new Date(AT), tokens_in: 100, tokens_out: 10, cache_read_tokens: 200 }])[0]!.cost_usd).toBeNull();
  });
});

describe('an alias in logmeter.yml', () => {
  test('names a field holding cache reads, counted inside tokens_in as the column is', async () => {
    const file = logFile('aliased.log', [{ level: 30, time: AT, msg: 'llm call', provider: 'openai', model: 'gpt-4o', latencyMs: 900, usage: { prompt_tokens: 1000, completion_tokens: 10, hits: 600 } }]);
    const config = join(dir, 'aliases.yml');
    writeFileSync(config, 'aliases:\n  cache_read_tokens: usage.hits\n');
    const result = await runInProcess(['query', 'cost', file, '--config', config, '--section', 'cost', '-F', 'json', '-q']);
    expect(result.code, result.stderr).toBe(0);
    const [row] = JSON.parse(result.stdout) as Record<string, number>[];
    expect(row).toMatchObject({ tokens_in: 1000, cache_read_tokens: 600 });
    expect(row!.cost_usd).toBeCloseTo((400 * 2.5 + 600 * 1.25 + 10 * 10) / 1e6, 12);
  });
});

describe('price overrides', () => {
  test('take cache_read_per_mtok and cache_write_per_mtok, and charge the input price where one is missing', async () => {
    const file = logFile('override.log', anthropicCalls.slice(0, 1));
    const both = { 'claude-3-5-sonnet-20241022': { input_per_mtok: 2, output_per_mtok: 10, cache_read_per_mtok: 0.2, cache_write_per_mtok: 2.5 } };
    const readOnly = { 'claude-3-5-sonnet-20241022': { input_per_mtok: 2, output_per_mtok: 10, cache_read_per_mtok: 0.2 } };
    await withDatabase([file], async (db) => {
      const [a] = (await runRollup(db, 'cost', { config: { prices: both } })).rows;
      expect(a!.cost_usd).toBeCloseTo((25 * 2 + 40_000 * 0.2 + 1200 * 2.5 + 300 * 10) / 1e6, 12);
      const [b] = (await runRollup(db, 'cost', { config: { prices: readOnly } })).rows;
      expect(b!.cost_usd).toBeCloseTo((25 * 2 + 40_000 * 0.2 + 1200 * 2 + 300 * 10) / 1e6, 12);
    });
    const [viaLibrary] = priceCalls([{ provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', ts: new Date(AT), tokens_in: 41_225, tokens_out: 300, cache_read_tokens: 40_000, cache_write_tokens: 1200 }], both);
    expect(viaLibrary!.cost_usd).toBeCloseTo((25 * 2 + 40_000 * 0.2 + 1200 * 2.5 + 300 * 10) / 1e6, 12);
  });
});

describe('the tokens rollup and the metrics', () => {
  test('show the cache reads and writes beside the input tokens they are part of', async () => {
    const file = logFile('tokens.log', anthropicCalls);
    const [row] = await withDatabase([file], async (db) => (await runRollup(db, 'tokens')).rows);
    expect(row).toMatchObject({ tokens_in: 466_250, tokens_out: 3000, tokens_total: 469_250, cache_read_tokens: 454_000, cache_write_tokens: 12_000 });
    const { code, stdout } = await runInProcess(['metrics', file, '-q']);
    expect(code).toBe(0);
    const labels = 'model="claude-3-5-sonnet-20241022",provider="anthropic"';
    expect(stdout).toContain(`logmeter_tokens_total{${labels},type="input"} 466250\n`);
    expect(stdout).toContain(`logmeter_tokens_total{${labels},type="cache_read"} 454000\n`);
    expect(stdout).toContain(`logmeter_tokens_total{${labels},type="cache_write"} 12000\n`);
    // OpenTelemetry's token usage histogram has input and output only
    expect(stdout).not.toMatch(/gen_ai_client_token_usage_count\{[^}]*type="cache_read"/);
  });

  test('are columns of the report\'s table of models', async () => {
    const file = logFile('report.log', anthropicCalls);
    const out = join(dir, 'report.html');
    const result = await runInProcess(['report', file, '-o', out, '-q']);
    expect(result.code, result.stderr).toBe(0);
    const table = /<table[^>]*data-table="models"[\s\S]*?<\/table>/.exec(readFileSync(out, 'utf8'))?.[0] ?? '';
    expect(table).toMatch(/<th[^>]*>tokens in<\/th><th[^>]*>cache read<\/th><th[^>]*>cache write<\/th>/);
    expect(table).toMatch(/>466,250<\/td><td class="num">454,000<\/td><td class="num">12,000</);
  });
});

describe('a database file written before the cache columns existed', () => {
  test('is read with the cache columns empty, and gets them when ingest adds to it', async () => {
    const file = join(dir, 'old.duckdb');
    const log = logFile('old.log', [{ level: 30, time: AT, msg: 'llm call', provider: 'openai', model: 'gpt-4o', latencyMs: 900, usage: { prompt_tokens: 1000, completion_tokens: 10 } }]);
    expect((await runInProcess(['ingest', log, '--db', file, '-q'])).code).toBe(0);
    // what an older logmeter left: the events table without the cache columns
    const old = await Database.open({ file });
    await old.run('ALTER TABLE events DROP COLUMN cache_read_tokens; ALTER TABLE events DROP COLUMN cache_write_tokens; ALTER TABLE events DROP COLUMN cache_write_1h_tokens');
    old.close();

    const read = await runInProcess(['query', 'cost', '--db', file, '--section', 'cost', '-F', 'json', '-q']);
    expect(read.code, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout)[0]).toMatchObject({ tokens_in: 1000, cache_read_tokens: 0, cost_usd: (1000 * 2.5 + 10 * 10) / 1e6 });
    const reopened = await Database.open({ file });
    const columns = async (db: Database) => (await db.all("SELECT column_name FROM duckdb_columns() WHERE table_name = 'events' AND database_name = current_database()")).map((r) => r.column_name);
    expect(await columns(reopened)).not.toContain('cache_read_tokens');
    reopened.close();

    const cached = logFile('cached.log', [anthropicCalls[0]!]);
    const more = await runInProcess(['ingest', cached, '--db', file, '-q']);
    expect(more.code, more.stderr).toBe(0);
    const after = await Database.open({ file });
    try {
      expect((await columns(after)).slice(-3)).toEqual(['cache_read_tokens', 'cache_write_tokens', 'cache_write_1h_tokens']);
      expect(await after.all('SELECT model, tokens_in, cache_read_tokens FROM events ORDER BY model')).toEqual([
        { model: 'claude-3-5-sonnet-20241022', tokens_in: 41_225, cache_read_tokens: 40_000 },
        { model: 'gpt-4o', tokens_in: 1000, cache_read_tokens: null },
      ]);
    } finally {
      after.close();
    }
  });
});

// Anthropic's 1-hour cache TTL: a write to it costs 2x input, a 5-minute one 1.25x. The SDK's usage
// says how many of cache_creation_input_tokens went to each (usage.cache_creation).
//   anthropic     claude-3-5-sonnet  input 3, cache write 3.75, 1-hour cache write 6, cache read 0.3, output 15
//   anthropic     claude-sonnet-4-5  the same, and above 200k input tokens for the whole call:
//                                    input 6, cache write 7.5, 1-hour write 12, cache read 0.6, output 22.5
//   google-vertex claude-3-5-sonnet  as claude-3-5-sonnet, but no 1-hour price
/** An Anthropic call as a logger writes the SDK's response.usage beside the model. */
function anthropicCall(model: string, usage: { input: number; read: number; write5m: number; write1h: number; output: number }, extra: Record<string, unknown> = {}) {
  return {
    level: 30, time: AT, msg: 'llm call', provider: 'anthropic', model, latencyMs: 2100, ...extra,
    usage: {
      input_tokens: usage.input, cache_creation_input_tokens: usage.write5m + usage.write1h, cache_read_input_tokens: usage.read, output_tokens: usage.output,
      cache_creation: { ephemeral_5m_input_tokens: usage.write5m, ephemeral_1h_input_tokens: usage.write1h },
    },
  };
}

/** Each event's cost and cost_source as priced_events gives them, in line order. */
async function pricedCalls(db: Database, overrides?: PriceOverrides) {
  await createPricedEvents(db, overrides ? { overrides } : {});
  return db.all('SELECT line, tokens_in, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, cost_usd, cost_source FROM priced_events ORDER BY line');
}

describe('an Anthropic call with 1-hour prompt-cache writes', () => {
  test('prices them at the 1-hour price and the other writes at the 5-minute price, and keeps the prompt total', async () => {
    const file = logFile('one-hour.log', [anthropicCall('claude-3-5-sonnet-20241022', { input: 0, read: 0, write5m: 60_000, write1h: 40_000, output: 0 })]);
    const [row] = await withDatabase([file], pricedCalls);
    // ephemeral_1h_input_tokens ends in input_tokens, and is no prompt count: tokens_in is 0 + 100,000 + 0
    expect(row).toMatchObject({ tokens_in: 100_000, cache_write_tokens: 100_000, cache_write_1h_tokens: 40_000, cost_source: 'price' });
    // 60,000 × $3.75 + 40,000 × $6 per Mtok
    expect(row!.cost_usd).toBeCloseTo(0.465, 12);
  });

  test('adds to the QA repro only the 1-hour writes\' extra $2.25 per Mtok, as the library does', async () => {
    // The repro's ten calls, each writing 1,000 of its 1,200 cache tokens to the 1-hour cache.
    const calls = anthropicCalls.map((c, i) => anthropicCall(c.model, { input: 25, read: 40_000 + i * 1200, write5m: 200, write1h: 1000, output: 300 }));
    const [row] = await withDatabase([logFile('repro-1h.log', calls)], costRow);
    expect(row).toMatchObject({ calls: 10, tokens_in: 466_250, cache_read_tokens: 454_000, cache_write_tokens: 12_000, priced_calls: 10 });
    const byHand = (250 * 3 + 2000 * 3.75 + 10_000 * 6 + 454_000 * 0.3 + 3000 * 15) / 1e6;
    expect(byHand).toBeCloseTo(0.24945, 12);
    expect(row!.cost_usd).toBeCloseTo(byHand, 12);
    const library = priceCalls(calls.map((c) => ({
      provider: 'anthropic', model: c.model, ts: new Date(AT), tokens_in: 25 + 1200 + c.usage.cache_read_input_tokens, tokens_out: 300,
      cache_read_tokens: c.usage.cache_read_input_tokens, cache_write_tokens: 1200, cache_write_1h_tokens: 1000,
    })));
    expect(row!.cost_usd).toBeCloseTo(library.reduce((s, p) => s + p.cost_usd!, 0), 12);
  });

  test('reads the usage nested deeper (a response logged whole) and logmeter\'s own names', async () => {
    const nested = anthropicCall('claude-3-5-sonnet-20241022', { input: 0, read: 0, write5m: 60_000, write1h: 40_000, output: 0 });
    const file = logFile('nested-1h.log', [
      { level: 30, time: AT, msg: 'llm call', provider: 'anthropic', model: nested.model, latencyMs: 900, response: { id: 'msg_01', usage: nested.usage } },
      { level: 30, time: AT, msg: 'llm call', provider: 'anthropic', model: nested.model, latencyMs: 900, tokens_in: 100_000, tokens_out: 0, cache_write_tokens: 100_000, cache_write_1h_tokens: 40_000 },
    ]);
    const rows = await withDatabase([file], pricedCalls);
    for (const row of rows) {
      expect(row).toMatchObject({ tokens_in: 100_000, cache_write_tokens: 100_000, cache_write_1h_tokens: 40_000 });
      expect(row.cost_usd).toBeCloseTo(0.465, 12);
    }
  });

  test('prices a long prompt at the tier its whole input reaches, the 1-hour price included (claude-sonnet-4-5)', async () => {
    const below = anthropicCall('claude-sonnet-4-5', { input: 40_000, read: 50_000, write5m: 20_000, write1h: 40_000, output: 1000 });
    const above = anthropicCall('claude-sonnet-4-5', { input: 50_000, read: 100_000, write5m: 50_000, write1h: 100_000, output: 1000 });
    const rows = await withDatabase([logFile('tiers-1h.log', [below, above])], pricedCalls);
    expect(rows.map((r) => r.tokens_in)).toEqual([150_000, 300_000]);
    // 40,000 × $3 + 50,000 × $0.30 + 20,000 × $3.75 + 40,000 × $6 + 1000 × $15 per Mtok
    expect(rows[0]!.cost_usd).toBeCloseTo(0.465, 12);
    // 50,000 × $6 + 100,000 × $0.60 + 50,000 × $7.50 + 100,000 × $12 + 1000 × $22.50 per Mtok
    expect(rows[1]!.cost_usd).toBeCloseTo(1.9575, 12);
  });

  test('prices them as the other writes for a model without a 1-hour price, and as input without a write price', async () => {
    const vertex = anthropicCall('claude-3-5-sonnet-20241022', { input: 0, read: 0, write5m: 60_000, write1h: 40_000, output: 0 }, { provider: 'google-vertex' });
    const openai = { level: 30, time: AT, msg: 'llm call', provider: 'openai', model: 'gpt-4o', latencyMs: 900, usage: { prompt_tokens: 100_000, completion_tokens: 0, cache_write_tokens: 100_000, cache_write_1h_tokens: 40_000 } };
    const rows = await withDatabase([logFile('no-1h-price.log', [vertex, openai])], pricedCalls);
    expect(rows.map((r) => r.cache_write_1h_tokens)).toEqual([40_000, 40_000]);
    // 100,000 × $3.75; 100,000 × $2.50 (gpt-4o's input price: it has no cache write price)
    expect(rows[0]!.cost_usd).toBeCloseTo(0.375, 12);
    expect(rows[1]!.cost_usd).toBeCloseTo(0.25, 12);
  });

  test('prices them at an override\'s cache_write_1h_per_mtok, or at its cache_write_per_mtok when it gives none', async () => {
    const file = logFile('override-1h.log', [anthropicCall('claude-3-5-sonnet-20241022', { input: 25, read: 40_000, write5m: 200, write1h: 1000, output: 300 })]);
    const model = 'claude-3-5-sonnet-20241022';
    const price = { input_per_mtok: 2, output_per_mtok: 10, cache_read_per_mtok: 0.2, cache_write_per_mtok: 2.5 };
    await withDatabase([file], async (db) => {
      const [with1h] = await pricedCalls(db, { [model]: { ...price, cache_write_1h_per_mtok: 4 } });
      expect(with1h!.cost_usd).toBeCloseTo((25 * 2 + 40_000 * 0.2 + 200 * 2.5 + 1000 * 4 + 300 * 10) / 1e6, 12);
      const [without1h] = await pricedCalls(db, { [model]: price });
      expect(without1h!.cost_usd).toBeCloseTo((25 * 2 + 40_000 * 0.2 + 1200 * 2.5 + 300 * 10) / 1e6, 12);
    });
  });

  test('more 1-hour writes than writes, or 1-hour writes without a write count, are wrong counts: unpriced, and the note says so', async () => {
    const over = anthropicCall('claude-3-5-sonnet-20241022', { input: 25, read: 0, write5m: 0, write1h: 1000, output: 300 });
    over.usage.cache_creation_input_tokens = 500;
    const { cache_creation_input_tokens: _, ...withoutTotal } = anthropicCall('claude-3-5-sonnet-20241022', { input: 25, read: 0, write5m: 0, write1h: 1000, output: 300 }).usage;
    const file = logFile('bad-1h.log', [over, { ...over, usage: withoutTotal }]);
    await withDatabase([file], async (db) => {
      const rows = await pricedCalls(db);
      expect(rows).toEqual([
        expect.objectContaining({ tokens_in: 525, cache_write_tokens: 500, cache_write_1h_tokens: 1000, cost_usd: null, cost_source: 'bad_counts' }),
        // tokens_in is input_tokens alone: nothing says the 1-hour writes are not also in it
        expect.objectContaining({ tokens_in: 25, cache_write_tokens: null, cache_write_1h_tokens: 1000, cost_usd: null, cost_source: 'bad_counts' }),
      ]);
      const { rows: [row], sections, meta } = await runRollup(db, 'cost');
      expect(row).toMatchObject({ unpriced_calls: 2, cost_usd: null });
      expect(sections.find((s) => s.name === 'unpriced')!.rows[0]).toMatchObject({ calls: 2, bad_counts: 2 });
      expect(meta.notes).toContain(messages.badCacheCountCalls(2, ['claude-3-5-sonnet-20241022']));
    });
    const call = { provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', ts: new Date(AT), tokens_in: 525, tokens_out: 300, cache_write_tokens: 500, cache_write_1h_tokens: 1000 };
    expect(priceCalls([call, { ...call, tokens_in: 25, cache_write_tokens: undefined }]).map((p) => p.cost_usd)).toEqual([null, null]);
  });

  test('an alias in logmeter.yml names a field holding them', async () => {
    const file = logFile('aliased-1h.log', [{ level: 30, time: AT, msg: 'llm call', provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', latencyMs: 900, tokens_in: 100_000, tokens_out: 0, cache_write_tokens: 100_000, long_writes: 40_000 }]);
    const config = join(dir, 'aliases-1h.yml');
    writeFileSync(config, 'aliases:\n  cache_write_1h_tokens: long_writes\n');
    const result = await runInProcess(['query', 'cost', file, '--config', config, '--section', 'cost', '-F', 'json', '-q']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)[0].cost_usd).toBeCloseTo(0.465, 12);
  });

  test('priced_events agrees with priceCalls (the library\'s calcPrice) call by call, on random calls', async () => {
    const models = ['claude-3-5-sonnet-20241022', 'claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'];
    const overrides: PriceOverrides = { 'claude-haiku-4-5': { input_per_mtok: 1, output_per_mtok: 5, cache_write_per_mtok: 1.25, cache_write_1h_per_mtok: 2 } };
    const usage = fc.record({
      input: fc.nat(150_000), read: fc.nat(150_000), write5m: fc.nat(60_000), write1h: fc.nat(60_000), output: fc.nat(5000),
      // now and then a wrong count: more 1-hour writes than cache_creation_input_tokens says
      short: fc.constantFrom(false, false, false, false, false, false, false, true),
    });
    const callsArb = fc.array(fc.record({ model: fc.constantFrom(...models), vertex: fc.boolean(), usage }), { minLength: 40, maxLength: 40 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(callsArb, async (drawn) => {
        const records = drawn.map(({ model, vertex, usage: u }) => {
          const record = anthropicCall(model, u, vertex ? { provider: 'google-vertex' } : {});
          if (u.short) record.usage.cache_creation_input_tokens = Math.max(0, u.write1h - 1);
          return record;
        });
        const rows = await withDatabase([logFile(`random-${run++}.log`, records)], (db) => pricedCalls(db, overrides));
        const expected = priceCalls(records.map((r): LlmCall => ({
          provider: r.provider, model: r.model, ts: new Date(AT), tokens_out: r.usage.output_tokens,
          tokens_in: r.usage.input_tokens + r.usage.cache_read_input_tokens + r.usage.cache_creation_input_tokens,
          cache_read_tokens: r.usage.cache_read_input_tokens, cache_write_tokens: r.usage.cache_creation_input_tokens,
          cache_write_1h_tokens: r.usage.cache_creation.ephemeral_1h_input_tokens,
        })), overrides);
        expect(rows).toHaveLength(records.length);
        rows.forEach((row, i) => {
          const want = expected[i]!.cost_usd;
          if (want === null) expect(row).toMatchObject({ cost_usd: null, cost_source: 'bad_counts' });
          else expect(row.cost_usd as number).toBeCloseTo(want, 12);
        });
      }),
      { numRuns: 3 },
    );
  });
});

describe('a database file written before the 1-hour cache column existed', () => {
  test('is read with it empty and priced as before, and gets it when ingest adds to it', async () => {
    const file = join(dir, 'before-1h.duckdb');
    const log = logFile('before-1h.log', [anthropicCalls[0]!]);
    expect((await runInProcess(['ingest', log, '--db', file, '-q'])).code).toBe(0);
    const old = await Database.open({ file });
    await old.run('ALTER TABLE events DROP COLUMN cache_write_1h_tokens');
    old.close();

    const read = await runInProcess(['query', 'cost', '--db', file, '--section', 'cost', '-F', 'json', '-q']);
    expect(read.code, read.stderr).toBe(0);
    // all 1,200 writes at the 5-minute price, as an older logmeter priced them
    expect(JSON.parse(read.stdout)[0].cost_usd).toBeCloseTo((25 * 3 + 1200 * 3.75 + 40_000 * 0.3 + 300 * 15) / 1e6, 12);

    const oneHour = logFile('after-1h.log', [anthropicCall('claude-3-5-sonnet-20241022', { input: 0, read: 0, write5m: 60_000, write1h: 40_000, output: 0 })]);
    const more = await runInProcess(['ingest', oneHour, '--db', file, '-q']);
    expect(more.code, more.stderr).toBe(0);
    const after = await Database.open({ file });
    try {
      const columns = await after.all("SELECT column_name FROM duckdb_columns() WHERE table_name = 'events' AND database_name = current_database()");
      expect(columns.map((r) => r.column_name).at(-1)).toBe('cache_write_1h_tokens');
      expect(await after.all('SELECT source, cache_write_tokens, cache_write_1h_tokens FROM events ORDER BY source')).toEqual([
        { source: oneHour, cache_write_tokens: 100_000, cache_write_1h_tokens: 40_000 },
        { source: log, cache_write_tokens: 1200, cache_write_1h_tokens: null },
      ]);
    } finally {
      after.close();
    }
  });
});
