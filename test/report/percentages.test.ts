// A report's percentages are never rounded into what did not happen: one failed run in 20,001 is
// not a success rate of "100%" (a reader would take it for no failure at all).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { writePinoLog } from '../rollups/helpers.js';
import { headlineMetrics } from './helpers.js';

let log: ReturnType<typeof writePinoLog>;
let page: string;

beforeAll(async () => {
  log = writePinoLog((l, at) => {
    const t0 = Date.parse('2026-03-02T00:00:00Z');
    for (let i = 0; i < 20_001; i++) {
      at(new Date(t0 + i * 1000).toISOString());
      if (i === 7) l.error({ workflow_id: `w${i}`, workflow_type: 'deploy', duration_ms: 1000, success: false }, 'workflow failed');
      else l.info({ workflow_id: `w${i}`, workflow_type: 'deploy', duration_ms: 1000, success: true }, 'workflow completed');
    }
  });
  const r = await runInProcess(['report', log.file, '-q', '-o', '-']);
  expect(r.code, r.stderr).toBe(0);
  page = r.stdout;
}, 30_000);
afterAll(() => log.cleanup());

describe('the report\'s percentages', () => {
  it('show one failed run in 20,001 as a success rate just under 100%, never "100%"', () => {
    const rate = headlineMetrics(page).get('workflows.success_rate');
    expect(rate?.value).toBeCloseTo(20_000 / 20_001, 9);
    expect(rate?.text).toBe('>99.99%');
  });
});
