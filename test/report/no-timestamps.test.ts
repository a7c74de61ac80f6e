// A report of a log whose records carry no time (pino with timestamp: false): the numbers that
// need no time are all there, and everything that places records in time says it cannot, instead
// of drawing empty axes, a "– to –" range, or a cost today of $0 beside calls that cost money.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/messages.js';
import { runInProcess } from '../helpers/cli.js';
import { writePinoLog } from '../rollups/helpers.js';
import { headlineMetrics } from './helpers.js';

let log: ReturnType<typeof writePinoLog>;
let page: string;

/** The text of a chart card (id="chart-ID"), tags removed. */
const cardText = (id: string) => (new RegExp(`id="chart-${id}">([\\s\\S]*?)</div>`).exec(page)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
/** The text of a headline tile, tags removed. */
const tileText = (tile: string) =>
  (new RegExp(`data-tile="${tile}">([\\s\\S]*?)</div>\\s*</div>`).exec(page)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  log = writePinoLog((l, at) => {
    at(null);
    for (let i = 0; i < 6; i++) {
      l.info({ model: 'gpt-4o', provider: 'openai', usage: { prompt_tokens: 1000, completion_tokens: 100 }, latency_ms: 800 + i }, 'llm call completed');
    }
    l.error({ model: 'gpt-4o', provider: 'openai', latency_ms: 300, err: { message: 'overloaded' } }, 'llm call failed');
    l.info({ op: 'write', path: '/w/a.ts', bytes: 120 }, 'file_write');
    l.info({ method: 'GET', route: '/api/items', status: 200, duration_ms: 12 }, 'request completed');
  });
  const result = await runInProcess(['report', log.file, '-q', '-o', '-']);
  expect(result.code, result.stderr).toBe(0);
  page = result.stdout;
});
afterAll(() => log.cleanup());

describe('the report of a log without timestamps', () => {
  it('still counts the records, calls, tokens and cost', () => {
    const metrics = headlineMetrics(page);
    expect(metrics.get('overview.records')?.value).toBe(9);
    expect(metrics.get('overview.llm_calls')?.value).toBe(7);
    expect(metrics.get('overview.tokens_in')?.value).toBe(6000);
    expect(Number(metrics.get('overview.cost_usd')?.value)).toBeGreaterThan(0);
    expect(metrics.get('input.records_without_ts')?.value).toBe(9);
  });

  it('says in each chart over time that its records have no time to place them at, rather than drawing empty axes', () => {
    for (const id of ['overview-requests', 'llm-latency', 'llm-tokens', 'llm-cost', 'files-ops', 'errors-rate']) {
      expect(page, id).not.toContain(`data-chart="${id}"`);
    }
    for (const id of ['llm-latency', 'llm-tokens', 'llm-cost', 'files-ops', 'errors-rate']) {
      expect(cardText(id), id).toContain('The records this chart counts have no timestamp: it cannot place them in time.');
    }
    // a chart that needs no time is drawn as before
    expect(page).toContain('data-chart="files-bytes"');
  });

  it('says "no timestamps" under the title instead of "– to –" and a bucket nothing falls in', () => {
    const meta = /<p class="meta">([\s\S]*?)<\/p>/.exec(page)?.[1] ?? '';
    expect(meta).toBe('no timestamps · 9 records');
  });

  it('shows the cost of today, this week and this month as unknown (–), not $0 beside calls that cost money', () => {
    const metrics = headlineMetrics(page);
    for (const key of ['cost.today', 'cost.week', 'cost.month']) expect(metrics.get(key), key).toEqual({ value: null, text: '–' });
  });

  it('puts no unit after a duration nobody logged ("–", not "– ms")', () => {
    expect(tileText('file-p95')).toBe('p95 duration –');
  });
});

describe('the summary of a log without timestamps', () => {
  it("says no record can be counted as today's instead of a day of 0 tokens and $0", async () => {
    const result = await runInProcess(['summary', log.file, '-q']);
    expect(result.code, result.stderr).toBe(0);
    const panel = /TOKENS & COST TODAY[^\n]*\n([\s\S]*?)\n├/.exec(result.stdout)?.[1] ?? '';
    expect(panel).toMatch(/the records have no timestamp: none can be counted as today's/);
    expect(panel).not.toMatch(/Prompt: 0|Cost: \$0/);
  });
});
