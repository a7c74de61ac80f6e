// The edge cases the rollups must get right, each on a small log written by the real pino logger
// at chosen times, with the expected numbers worked out here from the records as written.

import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { Database } from '../../src/db.js';
import { ExitCode, UsageError } from '../../src/errors.js';
import { ingest } from '../../src/ingest/load.js';
import { messages } from '../../src/messages.js';
import { priceCalls, priceDataVersion } from '../../src/pricing/prices.js';
import { runRollup } from '../../src/rollups/index.js';
import { runInProcess } from '../helpers/cli.js';
import { pick, pinoDatabase, sum } from './helpers.js';

let close: (() => void) | undefined;
afterEach(() => {
  close?.();
  close = undefined;
});

async function database(write: Parameters<typeof pinoDatabase>[0]) {
  const opened = await pinoDatabase(write);
  close = opened.close;
  return opened;
}

async function usageError(run: () => Promise<unknown>): Promise<UsageError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError, and nothing was thrown');
}

const call = (model: string, provider: string, tokens_in: number, tokens_out: number, extra: Record<string, unknown> = {}) => ({
  model,
  provider,
  usage: { prompt_tokens: tokens_in, completion_tokens: tokens_out },
  latency_ms: 800,
  ...extra,
});

describe('an empty bucket in the middle', () => {
  test('is a row of zeros between the buckets that have records', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:10Z');
      log.info({ req: { method: 'GET', url: '/a' }, res: { statusCode: 200 }, responseTime: 5 }, 'request completed');
      at('2026-03-02T10:00:50Z');
      log.error({ req: { method: 'GET', url: '/a' }, res: { statusCode: 500 }, responseTime: 9 }, 'request errored');
      at('2026-03-02T10:04:30Z');
      log.info({ req: { method: 'GET', url: '/b' }, res: { statusCode: 200 }, responseTime: 7 }, 'request completed');
    });
    const { rows } = await runRollup(db, 'rates', { bucket: '1m' });
    expect(pick(rows, ['bucket_start', 'count', 'errors', 'error_rate'])).toEqual([
      ['2026-03-02T10:00:00.000Z', 2, 1, 0.5],
      ['2026-03-02T10:01:00.000Z', 0, 0, 0],
      ['2026-03-02T10:02:00.000Z', 0, 0, 0],
      ['2026-03-02T10:03:00.000Z', 0, 0, 0],
      ['2026-03-02T10:04:00.000Z', 1, 0, 0],
    ]);
  });

  test('counts records without a time in a row of their own, so the counts add up', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info('started');
      at(null);
      log.info('no time here');
      log.warn('nor here');
      at('2026-03-02T10:02:00Z');
      log.info('done');
    });
    const { rows } = await runRollup(db, 'rates', { bucket: '1m' });
    expect(pick(rows, ['bucket_start', 'count'])).toEqual([
      ['2026-03-02T10:00:00.000Z', 1],
      ['2026-03-02T10:01:00.000Z', 0],
      ['2026-03-02T10:02:00.000Z', 1],
      [null, 2],
    ]);
    const overview = await runRollup(db, 'overview');
    expect(overview.rows[0]).toMatchObject({ records: 4, records_without_ts: 2 });
    // a time range leaves out the records that have no time
    const ranged = await runRollup(db, 'rates', { bucket: '1m', since: '2026-03-02T10:00:00Z' });
    expect(sum(ranged.rows.map((r) => r.count as number))).toBe(2);
  });
});

describe('an input with no llm calls', () => {
  test('gives zero calls, zero tokens, no cost, and rates over its requests', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info({ req: { method: 'GET', url: '/health' }, res: { statusCode: 200 }, responseTime: 2 }, 'request completed');
      at('2026-03-02T10:00:40Z');
      log.info({ req: { method: 'GET', url: '/health' }, res: { statusCode: 200 }, responseTime: 4 }, 'request completed');
      at('2026-03-02T10:03:00Z');
      log.info({ path: 'a.txt', op: 'read', bytes: 10, duration_ms: 1 }, 'file_read');
    });
    const { rows } = await runRollup(db, 'overview');
    expect(rows[0]).toMatchObject({
      records: 3,
      llm_calls: 0,
      tokens_in: 0,
      tokens_out: 0,
      cost_usd: 0,
      unpriced_calls: 0,
      rate_basis: 'request',
      requests_per_min_peak: 2,
      requests_per_min_current: 0,
      health: 'healthy',
    });
    expect(rows[0]!.requests_per_min_avg).toBeCloseTo(2 / 4, 12);
    expect((await runRollup(db, 'latency')).rows).toEqual([]);
    expect((await runRollup(db, 'tokens')).rows).toEqual([]);
    const cost = await runRollup(db, 'cost');
    expect(cost.rows).toEqual([]);
    expect(cost.sections.find((s) => s.name === 'unpriced')!.rows).toEqual([]);
    expect(pick(cost.sections.find((s) => s.name === 'periods')!.rows, ['period', 'calls', 'cost_usd'])).toEqual([
      ['today', 0, 0],
      ['week', 0, 0],
      ['month', 0, 0],
    ]);
    expect(cost.meta.priceData).toBe(priceDataVersion());
  });

  test('measures the rate over llm calls when there are no requests either', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info('started');
      at('2026-03-02T10:01:30Z');
      log.info(call('gpt-4o', 'openai', 100, 10), 'llm call completed');
    });
    const { rows } = await runRollup(db, 'overview');
    expect(rows[0]).toMatchObject({ rate_basis: 'llm_call', requests_per_min_peak: 1, requests_per_min_current: 1 });
  });
});

describe('an unknown model', () => {
  test('is never a silent $0: it counts as unpriced, is listed, and its cost is empty', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info(call('mystery-model-9000', 'nowhere-ai', 1000, 200), 'llm call completed');
      at('2026-03-02T10:01:00Z');
      log.info(call('mystery-model-9000', 'nowhere-ai', 500, 100), 'llm call completed');
    });
    const { rows, sections, meta } = await runRollup(db, 'cost');
    expect(rows).toEqual([
      { model: 'mystery-model-9000', calls: 2, tokens_in: 1500, tokens_out: 300, cache_read_tokens: 0, cache_write_tokens: 0, cost_usd: null, priced_calls: 0, unpriced_calls: 2, logged_calls: 0 },
    ]);
    expect(pick(sections.find((s) => s.name === 'unpriced')!.rows, ['model', 'provider', 'calls'])).toEqual([['mystery-model-9000', 'nowhere-ai', 2]]);
    expect(pick(sections.find((s) => s.name === 'periods')!.rows, ['period', 'cost_usd', 'unpriced_calls'])[0]).toEqual(['today', null, 2]);
    expect(meta.notes.find((n) => n.includes('mystery-model-9000'))).toBeDefined();
    const overview = await runRollup(db, 'overview');
    expect(overview.rows[0]).toMatchObject({ cost_usd: null, unpriced_calls: 2 });
  });

  test('is priced once the configuration gives it a price', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info(call('mystery-model-9000', 'nowhere-ai', 1_000_000, 500_000), 'llm call completed');
    });
    const prices = { 'mystery-model-9000': { input_per_mtok: 2, output_per_mtok: 8 } };
    const { rows } = await runRollup(db, 'cost', { config: { prices } });
    expect(rows[0]).toMatchObject({ priced_calls: 1, unpriced_calls: 0 });
    expect(rows[0]!.cost_usd).toBeCloseTo(2 + 4, 12);
  });
});

describe('an LLM call that logged no token counts', () => {
  // gemini's call logs its usage as billed characters, which no column takes: a model and no tokens
  const noUsage = (model: string, provider: string) => ({ model, provider, latency_ms: 900 });
  const write = (log: Parameters<Parameters<typeof pinoDatabase>[0]>[0], at: (iso: string) => void) => {
    at('2026-03-02T10:00:00Z');
    log.info({ ...noUsage('gemini-1.5-pro', 'google'), billing: { prompt_characters: 4000, output_characters: 800 } }, 'llm call completed');
    at('2026-03-02T10:01:00Z');
    log.info(call('gpt-4o', 'openai', 1000, 200), 'llm call completed');
    at('2026-03-02T10:02:00Z');
    log.warn(noUsage('gpt-4o', 'openai'), 'llm call completed');
    at('2026-03-02T10:03:00Z');
    log.info(noUsage('llama-local', 'ollama'), 'llm call completed');
    at('2026-03-02T10:04:00Z');
    // a rate-limited call logs no usage because none was billed: $0, not unknown
    log.error({ model: 'gpt-4o', provider: 'openai', status: 429 }, 'llm call failed');
  };
  // a free model: its cost is $0 whatever its tokens, so it needs no token counts
  const free = { prices: { 'llama-local': { input_per_mtok: 0, output_per_mtok: 0 } } };

  test('is unpriced, not a silent $0, though its model has a price (a failed one costs $0): cost, overview, budget and check agree', async () => {
    const { db, file } = await database(write);
    const [gpt4o] = priceCalls([{ provider: 'openai', model: 'gpt-4o', ts: new Date('2026-03-02T10:01:00Z'), tokens_in: 1000, tokens_out: 200 }]);
    // the rollups sum costs exactly to twelve places (lm_exact_sum), so a total of one call is its price so rounded
    const priced = Number(gpt4o!.cost_usd!.toFixed(12));
    expect(priced).toBeGreaterThan(0);
    expect(priceCalls([{ provider: 'google', model: 'gemini-1.5-pro', ts: new Date('2026-03-02T10:00:00Z'), tokens_in: 0, tokens_out: 0 }])[0]!.cost_usd).toBe(0);

    const { rows, sections, meta } = await runRollup(db, 'cost', { config: free });
    expect(pick(rows, ['model', 'calls', 'priced_calls', 'unpriced_calls', 'cost_usd'])).toEqual([
      ['gpt-4o', 3, 2, 1, priced],
      ['llama-local', 1, 1, 0, 0],
      ['gemini-1.5-pro', 1, 0, 1, null],
    ]);
    expect(pick(sections.find((s) => s.name === 'unpriced')!.rows, ['model', 'provider', 'calls', 'no_usage'])).toEqual([
      ['gemini-1.5-pro', 'google', 1, 1],
      ['gpt-4o', 'openai', 1, 1],
    ]);
    expect(pick(sections.find((s) => s.name === 'periods')!.rows, ['period', 'calls', 'cost_usd', 'unpriced_calls'])[0]).toEqual(['today', 5, priced, 2]);
    expect(meta.notes).toContain(messages.noUsageCalls(2, ['gemini-1.5-pro', 'gpt-4o']));
    expect(meta.notes.some((n) => n.includes('no price'))).toBe(false);

    expect((await runRollup(db, 'overview', { config: free })).rows[0]).toMatchObject({ llm_calls: 5, cost_usd: priced, unpriced_calls: 2 });
    const budget = await runRollup(db, 'budget', { config: { ...free, budget: { amount: 10, period: 'day' } } });
    expect(budget.rows[0]).toMatchObject({ spent: priced, unpriced_calls: 2 });

    // without the configured price, llama-local has no price at all: the note names each reason
    const plain = await runRollup(db, 'cost');
    expect(plain.meta.notes).toContain(messages.unpricedCalls(1, ['llama-local']));
    // and says where a price for it can be given
    expect(plain.meta.notes.find((n) => n.includes('no price'))).toMatch(/prices: in logmeter\.yml \(docs\/CONFIGURATION\.md\)/);
    expect(plain.meta.notes).toContain(messages.noUsageCalls(2, ['gemini-1.5-pro', 'gpt-4o']));
    const check = await runInProcess(['check', file, '-q', '--json', '--assert', 'unpriced_calls == 0']);
    expect(check.code).toBe(ExitCode.thresholdsFailed);
    expect(JSON.parse(check.stdout).rules[0].results[0]).toMatchObject({ status: 'fail', observed: 3, samples: 5 });
  });
});

describe('a logged cost beside a computed one', () => {
  test('keeps the logged cost and prices the other call at its own time', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info(call('gpt-4o', 'openai', 2000, 300, { cost_usd: 1.2345 }), 'llm call completed');
      at('2026-03-02T10:05:00Z');
      log.info(call('gpt-4o', 'openai', 2000, 300), 'llm call completed');
    });
    const [computed] = priceCalls([{ provider: 'openai', model: 'gpt-4o', ts: new Date('2026-03-02T10:05:00Z'), tokens_in: 2000, tokens_out: 300 }]);
    expect(computed!.cost_usd).not.toBeNull();
    const { rows } = await runRollup(db, 'cost');
    expect(rows[0]).toMatchObject({ model: 'gpt-4o', calls: 2, priced_calls: 2, unpriced_calls: 0, logged_calls: 1 });
    expect(rows[0]!.cost_usd).toBeCloseTo(1.2345 + computed!.cost_usd!, 12);
    // an override changes the computed cost only: the logged one still wins
    const override = await runRollup(db, 'cost', { config: { prices: { 'gpt-4o': { input_per_mtok: 1000, output_per_mtok: 0 } } } });
    expect(override.rows[0]!.cost_usd).toBeCloseTo(1.2345 + 2, 12);
  });
});

describe('a budget', () => {
  const spend = (log: Parameters<Parameters<typeof pinoDatabase>[0]>[0], at: (iso: string) => void) => {
    at('2026-03-02T05:59:59.999Z');
    log.info(call('gpt-4o', 'openai', 10, 10, { cost_usd: 3 }), 'llm call completed');
    at('2026-03-02T06:00:00Z');
    log.info(call('gpt-4o', 'openai', 10, 10, { cost_usd: 2 }), 'llm call completed');
    at('2026-03-02T07:00:00Z');
    log.info(call('gpt-4o', 'openai', 10, 10, { cost_usd: 1 }), 'llm call completed');
    at('2026-03-02T08:00:00Z');
    log.info('heartbeat');
  };

  test('counts spend from its reset time: a call just before the reset belongs to the day before', async () => {
    const { db } = await database(spend);
    const { rows } = await runRollup(db, 'budget', { config: { budget: { amount: 10, period: 'day', reset: '06:00' } } });
    const row = rows[0]!;
    expect(row).toMatchObject({
      budget: 10,
      unit: 'USD',
      period_start: '2026-03-02T06:00:00.000Z',
      period_end: '2026-03-03T06:00:00.000Z',
      now: '2026-03-02T08:00:00.000Z',
      spent: 3,
      remaining: 7,
      burn_rate_per_hour: 1.5,
      exhausts_before_reset: true,
      time_to_reset: '22:00:00',
      time_to_reset_s: 22 * 3600,
      unpriced_calls: 0,
    });
    // 7 left at 1.5 an hour: 4 h 40 min after 08:00
    expect(row.projected_exhaustion).toBe('2026-03-02T12:40:00.000Z');
  });

  test('puts the last millisecond before the reset in the period that ends there', async () => {
    const { db } = await database(spend);
    const { rows } = await runRollup(db, 'budget', { now: '2026-03-02T05:59:59.999Z', config: { budget: { amount: 10, period: 'day', reset: '06:00' } } });
    expect(rows[0]).toMatchObject({ period_start: '2026-03-01T06:00:00.000Z', period_end: '2026-03-02T06:00:00.000Z', spent: 3, time_to_reset_s: 0.001 });
  });

  test('gives the time it ran out once it is spent', async () => {
    const { db } = await database(spend);
    const { rows, sections } = await runRollup(db, 'budget', { config: { budget: { amount: 2.5, unit: 'Diem', period: 'day', reset: '06:00' } } });
    expect(rows[0]).toMatchObject({ unit: 'Diem', spent: 3, remaining: -0.5, projected_exhaustion: '2026-03-02T07:00:00.000Z', exhausts_before_reset: true });
    expect(pick(sections.find((s) => s.name === 'balance')!.rows, ['bucket_start', 'spent', 'remaining'])).toEqual([
      ['2026-03-02T06:00:00.000Z', 2, 0.5],
      ['2026-03-02T07:00:00.000Z', 1, -0.5],
      ['2026-03-02T08:00:00.000Z', 0, -0.5],
    ]);
  });

  test('agrees with today\'s cost as of --now, whose range now ends there (a call after --now counts in neither)', async () => {
    const { db } = await database(spend);
    const now = '2026-03-02T07:00:00Z';
    const budget = await runRollup(db, 'budget', { now, config: { budget: { amount: 10, period: 'day', reset: '06:00' } } });
    // from the 06:00 reset up to and including 07:00: $2 and $1
    expect(budget.rows[0]).toMatchObject({ now: '2026-03-02T07:00:00.000Z', spent: 3, remaining: 7 });
    const cost = await runRollup(db, 'cost', { now });
    // today (from midnight) up to and including 07:00: $3, $2 and $1
    expect(cost.sections.find((s) => s.name === 'periods')!.rows.find((r) => r.period === 'today')).toMatchObject({ calls: 3, cost_usd: 6 });
    expect(cost.meta.until).toBe('2026-03-02T07:00:00.000001Z');
    const calls = await runRollup(db, 'cost', { now: '2026-03-02T06:59:59.999Z', by: 'none' });
    expect(calls.rows[0]).toMatchObject({ calls: 2, cost_usd: 5 });
  });

  test('is a usage error (exit 2) when none is configured', async () => {
    const { db } = await database(spend);
    const error = await usageError(() => runRollup(db, 'budget'));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('--budget');
  });
});

describe('workflow records of a run still going', () => {
  test('are not runs: a start or progress status (any case, - or space for _) is no end record', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info({ workflow_type: 'code_review', workflow_id: 'wf-1', agent: 'planner', status: 'running' }, 'workflow started');
      at('2026-03-02T10:00:30Z');
      log.info({ workflow_id: 'wf-1', status: 'In Progress' }, 'workflow progress');
      at('2026-03-02T10:01:00Z');
      log.info({ workflow_id: 'wf-1', status: 'succeeded', duration_ms: 60_000, lines_changed: 12 }, 'workflow finished');
      at('2026-03-02T10:02:00Z');
      log.info({ workflow_type: 'code_review', workflow_id: 'wf-2', agent: 'coder', status: 'QUEUED' }, 'workflow queued');
      at('2026-03-02T10:02:10Z');
      log.info({ workflow_id: 'wf-2', status: 'in-progress' }, 'workflow started');
      at('2026-03-02T10:03:00Z');
      log.error({ workflow_id: 'wf-2', status: 'failed', duration_ms: 50_000 }, 'workflow finished');
      at('2026-03-02T10:04:00Z');
      // still going when the log ends: no run yet
      log.info({ workflow_type: 'code_review', workflow_id: 'wf-3', agent: 'coder', status: 'pending' }, 'workflow created');
      at('2026-03-02T10:04:30Z');
      log.info({ workflow_id: 'wf-3', status: 'Waiting' }, 'workflow waiting');
    });
    const { rows, sections } = await runRollup(db, 'workflows', { bucket: '5m' });
    // two end records: 60 s ok and 50 s failed
    expect(pick(rows, ['workflow', 'runs', 'success', 'failed', 'success_rate', 'p50', 'p95', 'mean'])).toEqual([
      ['code_review', 2, 1, 1, 0.5, 55_000, 59_500, 55_000],
    ]);
    expect(pick(sections.find((s) => s.name === 'agents')!.rows, ['agent', 'runs', 'time_ms', 'failed'])).toEqual([
      ['planner', 1, 60_000, 0],
      ['coder', 1, 50_000, 1],
    ]);
    expect(pick(sections.find((s) => s.name === 'lines')!.rows, ['bucket_start', 'lines_changed', 'runs'])).toEqual([['2026-03-02T10:00:00.000Z', 12, 2]]);
  });

  test('are not runs on a database file opened again, where no ingest ran', async () => {
    const { file } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info({ workflow_type: 'deploy', workflow_id: 'wf-1', status: 'started' }, 'workflow started');
      at('2026-03-02T10:00:20Z');
      log.info({ workflow_id: 'wf-1', status: 'completed', duration_ms: 20_000 }, 'workflow completed');
    });
    const dbFile = join(dirname(file), 'logs.duckdb');
    const written = await Database.open({ file: dbFile });
    await ingest(written, { inputs: [file], stdin: Readable.from([]) });
    written.close();
    const reopened = await Database.open({ file: dbFile });
    try {
      const { rows } = await runRollup(reopened, 'workflows');
      expect(pick(rows, ['workflow', 'runs', 'success', 'mean'])).toEqual([['deploy', 1, 1, 20_000]]);
    } finally {
      reopened.close();
    }
  });
});

describe('--since and --until', () => {
  const hourly = (log: Parameters<Parameters<typeof pinoDatabase>[0]>[0], at: (iso: string) => void) => {
    for (const iso of ['2026-03-02T10:00:00.000Z', '2026-03-02T10:59:59.999Z', '2026-03-02T11:00:00.000Z', '2026-03-02T11:30:00.000Z']) {
      at(iso);
      log.info({ req: { method: 'GET', url: '/x' }, res: { statusCode: 200 }, responseTime: 1 }, 'request completed');
    }
  };

  test('include a record at since and exclude one at until', async () => {
    const { db } = await database(hourly);
    const { rows } = await runRollup(db, 'overview', { since: '2026-03-02T10:00:00Z', until: '2026-03-02T11:00:00Z' });
    expect(rows[0]).toMatchObject({ records: 2, first_ts: '2026-03-02T10:00:00.000Z', last_ts: '2026-03-02T10:59:59.999Z' });
  });

  test('bound the buckets, with empty ones at both ends and none at until', async () => {
    const { db } = await database(hourly);
    const { rows } = await runRollup(db, 'rates', { since: '2026-03-02T09:00:00Z', until: '2026-03-02T13:00:00Z', bucket: '1h' });
    expect(pick(rows, ['bucket_start', 'count'])).toEqual([
      ['2026-03-02T09:00:00.000Z', 0],
      ['2026-03-02T10:00:00.000Z', 2],
      ['2026-03-02T11:00:00.000Z', 2],
      ['2026-03-02T12:00:00.000Z', 0],
    ]);
  });

  test('read relative times against the clock, and zone-less times as UTC', async () => {
    const { db } = await database(hourly);
    const clock = () => new Date('2026-03-02T12:00:00Z');
    const relative = await runRollup(db, 'overview', { since: '30m', clock });
    expect(relative.rows[0]).toMatchObject({ records: 1, first_ts: '2026-03-02T11:30:00.000Z' });
    const zoneless = await runRollup(db, 'overview', { since: '2026-03-02 11:15', until: '2026-03-02T13:00:00+01:00' });
    expect(zoneless.rows[0]).toMatchObject({ records: 1, first_ts: '2026-03-02T11:30:00.000Z' });
    const offset = await runRollup(db, 'overview', { since: '2026-03-02T12:00:00+01:00' });
    expect(offset.rows[0]).toMatchObject({ records: 2 });
  });

  test('refuse a range that ends before it starts, as a usage error', async () => {
    const { db } = await database(hourly);
    const error = await usageError(() => runRollup(db, 'overview', { since: '2026-03-02T11:00:00Z', until: '2026-03-02T10:00:00Z' }));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('must be before');
  });
});

describe('--by and --where', () => {
  test('group by a field of the logged record and filter in the filter language', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info(call('gpt-4o', 'openai', 100, 10, { region: 'eu' }), 'llm call completed');
      log.info(call('gpt-4o', 'openai', 200, 20, { region: 'us' }), 'llm call completed');
      log.info(call('gpt-4o-mini', 'openai', 400, 40, { region: 'eu' }), 'llm call completed');
      log.warn(call('gpt-4o', 'openai', 800, 80, { region: 'eu', status: 429 }), 'llm call failed');
    });
    const { rows, columns } = await runRollup(db, 'tokens', { by: 'attrs.region, model', where: "ok and model like 'gpt-4o%'" });
    expect(columns).toEqual(['attrs.region', 'model', 'calls', 'tokens_in', 'tokens_out', 'tokens_total', 'cache_read_tokens', 'cache_write_tokens']);
    expect(pick(rows, ['attrs.region', 'model', 'tokens_in'])).toEqual([
      ['eu', 'gpt-4o', 100],
      ['eu', 'gpt-4o-mini', 400],
      ['us', 'gpt-4o', 200],
    ]);
  });

  test('name a --by column after its output twin with a by_ prefix', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info({ path: 'a.txt', op: 'write', bytes: 10, duration_ms: 1 }, 'file_write');
      log.info({ path: 'b.txt', op: 'write', bytes: 10, duration_ms: 1 }, 'file_write');
    });
    const { columns, rows } = await runRollup(db, 'file_ops', { by: 'bytes' });
    expect(columns).toEqual(['by_bytes', 'count', 'errors', 'error_rate', 'bytes', 'p95_ms']);
    expect(rows[0]).toMatchObject({ by_bytes: 10, count: 2, bytes: 20 });
  });

  test('--where on cost_usd reads the computed cost in every rollup, not only in those about cost', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      // gpt-4o at $2.50 in / $10 out per million: 1000 in + 100 out = $0.0035, 2000 + 200 = $0.007.
      log.info(call('gpt-4o', 'openai', 1000, 100), 'llm call completed');
      log.info(call('gpt-4o', 'openai', 2000, 200), 'llm call completed');
      log.info(call('mystery-model', 'openai', 500, 50), 'llm call completed'); // no price: no cost
      log.info(call('gpt-4o', 'openai', 100, 10, { cost_usd: 0.5 }), 'llm call completed'); // logged: $0.5
    });
    // Above $0.006: the second call (computed) and the fourth (logged), 2000 + 100 input tokens.
    const where = 'cost_usd > 0.006';
    expect((await runRollup(db, 'overview', { where })).rows[0]).toMatchObject({ records: 2, llm_calls: 2 });
    expect((await runRollup(db, 'cost', { where, by: 'none' })).rows[0]).toMatchObject({ calls: 2 });
    expect((await runRollup(db, 'tokens', { where })).rows[0]).toMatchObject({ calls: 2, tokens_in: 2100 });
    expect((await runRollup(db, 'latency', { where })).rows[0]).toMatchObject({ count: 2 });
    const tokens = await runRollup(db, 'tokens', { where: 'cost_usd is null' });
    expect(tokens.rows[0]).toMatchObject({ calls: 1, tokens_in: 500 });
    expect(tokens.meta.priceData).toBe(priceDataVersion());
  });

  test('--by cost_usd groups by the computed cost, as --where reads it', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      // gpt-4o at $2.50 in / $10 out per million: 1000 in + 100 out = $0.0035, twice.
      log.info(call('gpt-4o', 'openai', 1000, 100), 'llm call completed');
      log.info(call('gpt-4o', 'openai', 1000, 100), 'llm call completed');
      log.info(call('mystery-model', 'openai', 500, 50), 'llm call completed'); // no price: no cost
      log.info(call('gpt-4o', 'openai', 100, 10, { cost_usd: 0.5 }), 'llm call completed'); // logged: $0.5
    });
    const { rows } = await runRollup(db, 'latency', { by: 'cost_usd' });
    const groups = rows.map((r) => [r.cost_usd === null ? null : Number((r.cost_usd as number).toFixed(6)), r.count]);
    expect(groups.sort((a, b) => Number(a[0] ?? -1) - Number(b[0] ?? -1))).toEqual([
      [null, 1],
      [0.0035, 2],
      [0.5, 1],
    ]);
  });

  test('reject an unknown column before running anything, with exit 2', async () => {
    const { db } = await database((log) => log.info('x'));
    const error = await usageError(() => runRollup(db, 'rates', { where: 'modle = 1' }));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('did you mean model');
    const by = await usageError(() => runRollup(db, 'overview', { by: 'model' }));
    expect(by.message).toContain('takes no --by');
  });
});

describe('resource samples', () => {
  test('are read from wide samples too, one gauge per attrs key, with the cache hit rate', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:10Z');
      log.info({ cpu_usage: 20, activeConnections: 3, cache_hits: 8, cache_misses: 2, pid_hint: 7 }, 'system snapshot');
      at('2026-03-02T10:00:40Z');
      log.info({ cpu_usage: 40, activeConnections: 5, cache_hits: 1, cache_misses: 9 }, 'system snapshot');
      at('2026-03-02T10:01:10Z');
      log.info({ metric: 'queue_depth', value: 4, type: 'gauge' }, 'metric sample');
      log.info({ cpu_usage: 10, requestsPerMinute: 99 }, 'system snapshot');
    });
    const kinds = await db.all("SELECT count(*) AS n FROM events WHERE kind = 'metric' AND metric IS NULL");
    expect(kinds[0]!.n).toBe(3);
    const { rows, sections } = await runRollup(db, 'system', { bucket: '1m' });
    expect(pick(rows, ['bucket_start', 'metric', 'samples', 'last', 'avg', 'max'])).toEqual([
      ['2026-03-02T10:00:00.000Z', 'active_connections', 2, 5, 4, 5],
      ['2026-03-02T10:00:00.000Z', 'cache_hits', 2, 1, 4.5, 8],
      ['2026-03-02T10:00:00.000Z', 'cache_misses', 2, 9, 5.5, 9],
      ['2026-03-02T10:00:00.000Z', 'cpu_usage', 2, 40, 30, 40],
      ['2026-03-02T10:01:00.000Z', 'cpu_usage', 1, 10, 10, 10],
      ['2026-03-02T10:01:00.000Z', 'queue_depth', 1, 4, 4, 4],
    ]);
    expect(pick(sections.find((s) => s.name === 'cache')!.rows, ['bucket_start', 'hits', 'misses', 'cache_hit_rate'])).toEqual([['2026-03-02T10:00:00.000Z', 9, 11, 9 / 20]]);
    // a gauge name of the user's own, as logmeter.yml's aliases: gauge gives it
    const extra = await runRollup(db, 'system', { bucket: '1m', where: "metric is null", config: { gauges: ['requestsPerMinute'] } });
    expect(extra.rows.filter((r) => r.metric === 'requests_per_minute').map((r) => r.last)).toEqual([99]);
  });

  test('give concurrent connections from opened and closed records, never below 0', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T10:00:00Z');
      log.info({ client: 'c0' }, 'websocket closed'); // opened before the log began
      at('2026-03-02T10:00:30Z');
      log.info({ client: 'a' }, 'websocket connected');
      at('2026-03-02T10:01:00Z');
      log.info({ client: 'b' }, 'websocket connected');
      at('2026-03-02T10:01:30Z');
      log.info({ client: 'a' }, 'websocket disconnected');
      at('2026-03-02T10:02:00Z');
      log.info('tick');
    });
    const { sections } = await runRollup(db, 'system', { bucket: '1m' });
    const gauges = sections.find((s) => s.name === 'gauges')!.rows.filter((r) => r.gauge === 'connections');
    // levels: 1 until 10:00:00 (raised so the early close leaves 0), 0 to 10:00:30, 1 to 10:01:00, 2 to 10:01:30, then 1
    expect(pick(gauges, ['bucket_start', 'current', 'peak'])).toEqual([
      ['2026-03-02T10:00:00.000Z', 1, 1],
      ['2026-03-02T10:01:00.000Z', 1, 2],
      ['2026-03-02T10:02:00.000Z', 1, 1],
    ]);
    expect(gauges[0]!.avg).toBeCloseTo(0.5, 9);
    expect(gauges[1]!.avg).toBeCloseTo(1.5, 9);
  });

  test('average a gauge over the range, not over the part of a wide bucket before it', async () => {
    const { db } = await database((log, at) => {
      at('2026-03-02T12:00:00Z');
      log.info({ client: 'a' }, 'websocket connected');
      log.info({ session_id: 's1' }, 'session started');
      at('2026-03-02T12:30:00Z');
      log.info({ client: 'b' }, 'websocket connected');
      at('2026-03-02T13:00:00Z');
      log.info({ client: 'a' }, 'websocket disconnected');
      log.info({ session_id: 's1' }, 'session ended');
      at('2026-03-02T14:00:00Z');
      log.info('tick');
    });
    const avg = async (params: { since?: string }) => {
      const { sections } = await runRollup(db, 'system', { bucket: '1d', ...params });
      const gauges = sections.find((s) => s.name === 'gauges')!.rows;
      expect(gauges.map((r) => r.bucket_start)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-02T00:00:00.000Z']);
      return Object.fromEntries(gauges.map((r) => [r.gauge, r.avg as number]));
    };
    // the range is 12:00 to 14:00 (its last instant included, 1 µs), not 00:00 to 14:00:
    // connections 1 for 0.5 h, 2 for 0.5 h, 1 for 1 h: 2.5 level-hours over 2 h; sessions 1 for 1 h of 2
    const whole = await avg({});
    expect(whole.connections).toBeCloseTo(2.5 / 2, 6);
    expect(whole.sessions).toBeCloseTo(1 / 2, 6);
    // from --since 12:30: connections 2 for 0.5 h, then 1 for 1 h; sessions 1 for 0.5 h of 1.5
    const since = await avg({ since: '2026-03-02T12:30:00Z' });
    expect(since.connections).toBeCloseTo(2 / 1.5, 6);
    expect(since.sessions).toBeCloseTo(0.5 / 1.5, 6);
  });
});


describe('usage logged as metric samples (VIBEZEN: one call as response_time, token_usage, cost and api_call samples)', () => {
  const sample = (metric_type: string, value: number, metadata: object, second: number) =>
    JSON.stringify({ timestamp: `2026-03-02T10:00:0${second}`, metric_type, value, metadata: { provider: 'openai', model: 'gpt-4o', ...metadata } });
  const stdin = [
    sample('response_time', 150.5, {}, 0),
    sample('token_usage', 1830, { prompt_tokens: 1500, completion_tokens: 330 }, 1),
    sample('cost', 0.0071, {}, 2),
    sample('api_call', 1, {}, 3),
    sample('api_call', 1, { status: 'failed', error: 'RateLimitError: 429' }, 4),
  ].join('\n') + '\n';

  test('count the stated cost once: the token sample is not priced again, and an api_call sample is no call', async () => {
    const cost = await runInProcess(['query', 'cost', '-', '-q', '-F', 'json'], { stdin });
    expect(JSON.parse(cost.stdout).rows).toEqual([
      { model: 'gpt-4o', calls: 2, tokens_in: 1500, tokens_out: 330, cache_read_tokens: 0, cache_write_tokens: 0, cost_usd: 0.0071, priced_calls: 2, unpriced_calls: 0, logged_calls: 1 },
    ]);
    const kinds = await runInProcess(['query', '-', '-q', '-F', 'json', '--sql', 'SELECT metric, kind, ok, error FROM events ORDER BY line'], { stdin });
    expect(JSON.parse(kinds.stdout)).toEqual([
      { metric: 'response_time', kind: 'metric', ok: true, error: null },
      { metric: 'token_usage', kind: 'llm_call', ok: true, error: null },
      { metric: 'cost', kind: 'metric', ok: true, error: null },
      { metric: 'api_call', kind: 'metric', ok: true, error: null },
      // the failure sits in the sample's metadata
      { metric: 'api_call', kind: 'metric', ok: false, error: 'RateLimitError: 429' },
    ]);
  });
});

describe('a failed call that logged no usage', () => {
  test('costs $0 whether or not its model has a price: it was not billed', async () => {
    const stdin = [
      { level: 30, time: 1772445600000, model: 'llama-3.3-70b', latencyMs: 900, usage: { prompt_tokens: 100, completion_tokens: 50 }, costUsd: 0.0002, msg: 'chat completion' },
      { level: 50, time: 1772445660000, model: 'llama-3.3-70b', latencyMs: 300, status: 429, err: { message: 'rate limited' }, msg: 'chat completion failed' },
      { level: 50, time: 1772445720000, model: 'gpt-4o', latencyMs: 300, status: 429, err: { message: 'rate limited' }, msg: 'chat completion failed' },
    ].map((l) => JSON.stringify(l)).join('\n') + '\n';
    const cost = await runInProcess(['query', 'cost', '-', '-q', '-F', 'json'], { stdin });
    expect(pick(JSON.parse(cost.stdout).rows, ['model', 'calls', 'cost_usd', 'priced_calls', 'unpriced_calls'])).toEqual([
      ['llama-3.3-70b', 2, 0.0002, 2, 0],
      ['gpt-4o', 1, 0, 1, 0],
    ]);
    const check = await runInProcess(['check', '-', '-q', '--json', '--assert', 'unpriced_calls == 0'], { stdin });
    expect(check.code).toBe(ExitCode.ok);
  });
});

describe('time per agent', () => {
  test('leaves out runs that name no agent, instead of a blank agent holding the runs\' total', async () => {
    const stdin = [
      { time: 1772445600000, msg: 'workflow completed', workflow_id: 'wf_a', workflow_type: 'bug_fix', status: 'succeeded', duration_ms: 60000 },
      { time: 1772445660000, msg: 'workflow completed', workflow_id: 'wf_b', workflow_type: 'bug_fix', agent: 'coder', status: 'succeeded', duration_ms: 30000 },
      { time: 1772445720000, msg: 'workflow failed', workflow_id: 'wf_c', workflow_type: 'bug_fix', agent: 'coder', status: 'failed', duration_ms: 10000 },
    ].map((l) => JSON.stringify(l)).join('\n') + '\n';
    const r = await runInProcess(['query', 'workflows', '-', '-q', '-F', 'json', '--section', 'agents'], { stdin });
    expect(JSON.parse(r.stdout)).toEqual([{ agent: 'coder', runs: 2, time_ms: 40000, avg_ms: 20000, failed: 1 }]);
  });
});
