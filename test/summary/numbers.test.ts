// The summary's numbers beside the report's, on a log written by pino: a small cost reads the same
// in both, and no percentage is rounded into something that did not happen (one failed run of 400
// read "100%" success; 2 errors in 10,400 records "0.0%").

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { writePinoLog } from '../rollups/helpers.js';
import { headlineMetrics } from '../report/helpers.js';

let log: ReturnType<typeof writePinoLog>;
let summary: string;
let report: string;

beforeAll(async () => {
  log = writePinoLog((l, at) => {
    const t0 = Date.parse('2026-03-02T10:00:00Z');
    for (let i = 0; i < 9990; i++) {
      at(new Date(t0 + i * 1000).toISOString());
      if (i === 5) l.error({ method: 'GET', route: '/api/items', status: 500, duration_ms: 9 }, 'request failed');
      else l.info({ method: 'GET', route: '/api/items', status: 200, duration_ms: 9 }, 'request completed');
    }
    for (let i = 0; i < 400; i++) {
      at(new Date(t0 + i * 1000 + 500).toISOString());
      if (i === 7) l.error({ workflow_id: `w${i}`, workflow_type: 'deploy', duration_ms: 1000, success: false }, 'workflow failed');
      else l.info({ workflow_id: `w${i}`, workflow_type: 'deploy', duration_ms: 1000, success: true }, 'workflow completed');
    }
    // ten calls that state their cost: $0.000012 each, $0.00012 in all
    for (let i = 0; i < 10; i++) {
      at(new Date(t0 + i * 1000 + 700).toISOString());
      l.info({ model: 'gpt-4o-mini', provider: 'openai', usage: { prompt_tokens: 40, completion_tokens: 10 }, cost_usd: 0.000012, latency_ms: 300 }, 'llm call completed');
    }
  });
  const s = await runInProcess(['summary', log.file]);
  expect(s.code, s.stderr).toBe(0);
  summary = s.stdout;
  const r = await runInProcess(['report', log.file, '-q', '-o', '-']);
  expect(r.code, r.stderr).toBe(0);
  report = r.stdout;
});
afterAll(() => log.cleanup());

describe('the summary\'s numbers', () => {
  it('show a small cost as the report shows it ($0.00012, not $0.0001)', () => {
    const cost = headlineMetrics(report).get('overview.cost_usd');
    expect(cost?.text).toBe('$0.00012');
    expect(summary).toMatch(/│ Cost: \$0\.00012 +│/);
  });

  it('never round one failed run of 400 to a success rate of 100%', () => {
    const row = summary.split('\n').find((line) => line.includes('deploy')) ?? '';
    expect(row).toMatch(/deploy +400 +399 +1 +>99% /);
  });

  it('never round 2 errors in 10,400 records to 0.0%', () => {
    expect(summary).toMatch(/errors 2 \(<0\.1%\)/);
  });
});
