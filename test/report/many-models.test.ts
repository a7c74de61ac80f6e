// A report over more models than a chart has colours: the charts that draw only the largest series
// say how many they leave out, and a stacked chart folds the rest into "other" so that its bars
// still add up to the totals the page shows elsewhere.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli.js';
import { chartRows, headlineMetrics } from './helpers.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const MODELS = 25;
let dir: string;
let page: string;

/**
 * 100 calls over two minutes in 5 sessions, 4 per model; model-k's calls state a cost of (k + 1) × $0.001 each.
 * Total: 4 × $0.001 × (1 + 2 + ... + 25) = $1.30. The 8 most expensive (model-17..24) cost
 * 4 × $0.001 × (18 + ... + 25) = $0.688; the other 17, $0.612.
 */
function manyModelsLog(): string {
  const lines = Array.from({ length: 100 }, (_, i) => {
    const k = i % MODELS;
    return JSON.stringify({
      level: 30,
      time: T0 + i * 1000,
      model: `model-${String(k).padStart(2, '0')}`,
      provider: 'acme',
      session_id: `sess-${i % 5}`,
      usage: { prompt_tokens: 100, completion_tokens: 10 },
      cost: 0.001 * (k + 1),
      latency_ms: 100,
      msg: 'llm call',
    });
  });
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-many-models-'));
  writeFileSync(join(dir, 'models.log'), manyModelsLog());
  const result = await runInProcess(['report', join(dir, 'models.log'), '-q', '-o', join(dir, 'report.html')]);
  expect(result.code).toBe(0);
  page = readFileSync(join(dir, 'report.html'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


const caption = (title: string) => new RegExp(`<h3>${title}</h3><p class="caption">([^<]*)</p>`).exec(page)?.[1]?.replaceAll('&quot;', '"').replaceAll('&#39;', "'");

describe('a report over 25 models', () => {
  it('stacks the models past the 8 most expensive as "other", so the cost bars add up to the Cost tile', () => {
    const rows = chartRows(page, 'llm-cost');
    const total = rows.reduce((sum, r) => sum + Number(r.cost_usd), 0);
    expect(total).toBeCloseTo(1.3, 9);
    expect(Number(headlineMetrics(page).get('overview.cost_usd')?.value)).toBeCloseTo(total, 9);
    const other = rows.filter((r) => r.model === 'other');
    expect(other.reduce((sum, r) => sum + Number(r.cost_usd), 0)).toBeCloseTo(0.612, 9);
    expect(other.reduce((sum, r) => sum + Number(r.calls), 0)).toBe(17 * 4);
    expect(new Set(rows.map((r) => r.model)).size).toBe(9);
    expect(caption('Cost over time, per model')).toContain('the 8 of 25 model values with the largest cost_usd, the other 17 as "other"');
  });

  it('says under "Top models" that it shows 10 of the 25', () => {
    expect(chartRows(page, 'sessions-models')).toHaveLength(10);
    expect(caption('Top models')).toBe("each model's share of the LLM calls; showing the 10 of 25 model values with the largest calls");
  });
});
