// The report prices the events once and shares that pricing among its rollups (src/rollups/pin.ts);
// every cost it shows must still be the cost each rollup gives when run on its own, pricing afresh.
// The log has what makes pricing hard: time-of-day prices (DeepSeek), a tiered price (Claude Sonnet
// 4.6 above 200k input tokens), a logged cost that wins, a price from logmeter.yml, a model without
// a price, a call of a priced model that logged no token counts, one that logged more cache tokens
// than input tokens, a model name wrapped by a gateway (LiteLLM's bedrock/ prefix, no provider)
// priced as the model it wraps, and calls on earlier days for the week and month.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Row } from '../../src/db.js';
import { messages } from '../../src/messages.js';
import { html } from '../../src/report/escape.js';
import { usd } from '../../src/report/format.js';
import { parseBudgetSpec, runRollup, type RollupParams } from '../../src/rollups/index.js';
import { runInProcess } from '../helpers/cli.js';
import { ingestFiles, writePinoLog } from '../rollups/helpers.js';
import { headlineMetrics } from './helpers.js';

const call = (model: string, provider: string, tokens_in: number, tokens_out: number, extra: Record<string, unknown> = {}) => ({
  model,
  provider,
  usage: { prompt_tokens: tokens_in, completion_tokens: tokens_out },
  latency_ms: 700,
  ...extra,
});

let log: ReturnType<typeof writePinoLog>;
let page: string;
const BUDGET = '20USD/day';
const PRICES = { 'house-model': { input_per_mtok: 1.25, output_per_mtok: 5 } };

beforeAll(async () => {
  log = writePinoLog((l, at) => {
    at('2026-02-24T09:00:00Z');
    l.info(call('gpt-4o', 'openai', 120_000, 4_000), 'llm call completed');
    at('2026-02-28T23:59:59.999Z');
    l.info(call('claude-sonnet-4-6', 'anthropic', 250_000, 9_000), 'llm call completed');
    at('2026-03-01T00:00:00Z');
    l.info(call('gpt-4o-mini', 'openai', 50_000, 2_000), 'llm call completed');
    at('2026-03-02T03:00:00Z');
    l.info(call('deepseek-chat', 'deepseek', 1_000_000, 20_000), 'llm call completed');
    at('2026-03-02T18:00:00Z');
    l.info(call('deepseek-chat', 'deepseek', 1_000_000, 20_000), 'llm call completed');
    at('2026-03-02T19:00:00Z');
    l.info(call('claude-sonnet-4-6', 'anthropic', 150_000, 3_000), 'llm call completed');
    l.info(call('claude-sonnet-4-6', 'anthropic', 210_000, 3_000), 'llm call completed');
    at('2026-03-02T20:00:00Z');
    l.info(call('gpt-4o', 'openai', 10_000, 1_000, { cost_usd: 0.5 }), 'llm call completed');
    l.error(call('house-model', 'in-house', 5_000, 500, { err: { message: 'overloaded' } }), 'llm call failed');
    l.info(call('mystery-model', 'in-house', 7_000, 700), 'llm call completed');
    l.info({ model: 'gpt-4o-mini', provider: 'openai', latency_ms: 300 }, 'llm call completed');
    l.info(call('gpt-4o-2024-08-06', 'openai', 100, 10, { usage: { prompt_tokens: 100, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 200 } } }), 'llm call completed');
    l.info({ model: 'bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0', usage: { input_tokens: 20_000, output_tokens: 1_000 }, latency_ms: 900 }, 'llm call completed');
    at('2026-03-02T21:30:00Z');
    l.info({ session_id: 's1' }, 'session created');
    l.info(call('gpt-4o', 'openai', 30_000, 1_500, { session_id: 's1' }), 'llm call completed');
  });
  const out = join(log.dir, 'report.html');
  const config = join(log.dir, 'logmeter.yml');
  writeFileSync(config, `prices:\n  house-model: { input_per_mtok: 1.25, output_per_mtok: 5 }\n`);
  const result = await runInProcess(['report', log.file, '-o', out, '--budget', BUDGET, '--config', config]);
  expect(result.code).toBe(0);
  page = readFileSync(out, 'utf8');
});
afterAll(() => log.cleanup());

/** One rollup on its own database: nothing pinned, so it prices the events itself. */
async function alone(name: string, params: RollupParams = {}) {
  const db = await ingestFiles([log.file]);
  try {
    return await runRollup(db, name, { config: { budget: parseBudgetSpec(BUDGET), prices: PRICES }, ...params });
  } finally {
    db.close();
  }
}

describe('the costs in a report', () => {
  it('are the overview rollup\'s total and unpriced calls', async () => {
    const metrics = headlineMetrics(page);
    const overview = (await alone('overview')).rows[0] as Row;
    expect(overview.cost_usd).toBeGreaterThan(0);
    // mystery-model has no price; the gpt-4o-mini call logged no token counts; the
    // gpt-4o-2024-08-06 call logged more cache tokens than input tokens
    expect(overview.unpriced_calls).toBe(3);
    // To the last few bits: the order in which DuckDB adds doubles differs between the report's
    // database (the records left where they were read, under a view) and this one.
    expect(metrics.get('overview.cost_usd')?.value).toBeCloseTo(overview.cost_usd as number, 9);
    expect(metrics.get('overview.unpriced_calls')?.value).toBe(overview.unpriced_calls);
  });

  it('are the cost rollup\'s spend today, this week and this month', async () => {
    const metrics = headlineMetrics(page);
    const periods = (await alone('cost')).sections.find((s) => s.name === 'periods')?.rows ?? [];
    expect(periods.map((r) => r.period)).toEqual(['today', 'week', 'month']);
    for (const r of periods) expect(metrics.get(`cost.${String(r.period)}`)?.value, String(r.period)).toBeCloseTo(r.cost_usd as number, 9);
  });

  it('are the cost rollup\'s spend per model, in the table of models', async () => {
    const rows = (await alone('cost', { by: 'model' })).rows;
    const table = /<table[^>]*data-table="models"[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    const priced = rows.filter((r) => r.cost_usd !== null);
    expect(priced.map((r) => r.model)).toContain('house-model');
    // 20000 * 3 / 1e6 + 1000 * 15 / 1e6 (Claude 3.5 Sonnet v2 on Bedrock)
    expect(priced.find((r) => r.model === 'bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0')?.cost_usd).toBeCloseTo(0.075, 12);
    expect(priced.length).toBeGreaterThanOrEqual(5);
    for (const r of priced) {
      const row = new RegExp(`<tr><td class="text">${html(r.model)}</td>.*?</tr>`).exec(table)?.[0];
      const unpriced = (r.unpriced_calls as number) > 0 ? ` + ${String(r.unpriced_calls)} unpriced` : '';
      expect(row, String(r.model)).toContain(`>${html(usd(r.cost_usd))}${unpriced}<`);
    }
  });

  it('name the unpriced calls with the reason when it is missing or wrong token counts, not a price', () => {
    const name = (model: string, reason: 'no_usage' | 'bad_counts' | null) => messages.reportUnpricedModel(`<bdi>${html(model)}</bdi>`, reason);
    expect(page).toContain(
      `unpriced calls (${name('gpt-4o-2024-08-06', 'bad_counts')}, ${name('gpt-4o-mini', 'no_usage')}, ${name('mystery-model', null)})`,
    );
    expect(messages.reportUnpricedModel('gpt-4o-2024-08-06', 'bad_counts')).toBe('gpt-4o-2024-08-06: cache token counts that do not add up');
    const table = /<table[^>]*data-table="models"[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    const row = /<tr><td class="text">gpt-4o-mini<\/td>.*?<\/tr>/.exec(table)?.[0];
    expect(row).toContain(' + 1 unpriced<');
  });

  it('cut an unpriced model name too long for the Cost tile to 60 characters, whole in its tooltip', async () => {
    const model = `<b>gateway</b>/${'x'.repeat(500)}`;
    const stdin = JSON.stringify({ level: 30, time: Date.parse('2026-03-02T10:00:00Z'), msg: 'llm call', ...call(model, 'my-gateway', 10, 5) }) + '\n';
    const result = await runInProcess(['report', '-q', '-o', '-'], { stdin });
    expect(result.code, result.stderr).toBe(0);
    const shown = `${html(Array.from(model).slice(0, 59).join(''))}…`;
    expect(result.stdout).toContain(`unpriced call (<bdi title="${html(model)}">${shown}</bdi>)`);
    expect(result.stdout).not.toContain('<b>gateway');
  });

  it('are the budget rollup\'s spend and remainder', async () => {
    const metrics = headlineMetrics(page);
    const budget = (await alone('budget')).rows[0] as Row;
    expect(metrics.get('budget.spent')?.value).toBeCloseTo(budget.spent as number, 9);
    expect(metrics.get('budget.remaining')?.value).toBeCloseTo(budget.remaining as number, 9);
  });
});
