// A report over a log that names a model, workflow type, agent or file operation per request (ids
// where names belong): the page keeps to a size a browser opens. Before, 100,000 models made a
// 46 MB page with a 100,001-row table, and 30,000 workflow types an SVG 900,000 px tall.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli.js';
import { chartRows } from './helpers.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const N = 300;
let dir: string;
let page: string;

/** Per i < 300: an unpriced call of model-i, a run of workflow type wf-i by agent-i, a write op op-i. */
function idsAsNamesLog(): string {
  const lines: object[] = [];
  for (let i = 0; i < N; i++) {
    const time = T0 + i * 1000;
    lines.push({ level: 30, time, msg: 'llm call', model: `model-${i}`, provider: 'acme', usage: { prompt_tokens: 10, completion_tokens: 1 }, latency_ms: 100 + i });
    lines.push({ level: 30, time, msg: 'workflow completed', workflow_type: `wf-${i}`, workflow_id: `run-${i}`, agent: `agent-${i}`, status: 'success', duration_ms: 1000 + i, lines_changed: i });
    lines.push({ level: 30, time, msg: 'file written', op: `op-${i}`, path: `/tmp/f${i}`, bytes: 10 + i, duration_ms: 1 });
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-cardinality-'));
  writeFileSync(join(dir, 'ids.log'), idsAsNamesLog());
  const result = await runInProcess(['report', join(dir, 'ids.log'), '-q', '-o', join(dir, 'report.html')]);
  expect(result.code).toBe(0);
  page = readFileSync(join(dir, 'report.html'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


const distinct = (rows: Record<string, unknown>[], field: string) => new Set(rows.map((r) => r[field])).size;

describe('a report over 300 models, workflow types, agents and file operations', () => {
  it('lists the 50 models with the most calls, and says how many there are and where to see all', () => {
    const table = /<table class="data" data-table="models">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(table.match(/<tr>/g)?.length).toBe(1 + 50);
    expect(page).toContain('<h3>Per model</h3><p class="caption">the 50 of 300 models with the most calls; every model: logmeter query cost --by model</p>');
  });

  it('names five unpriced models in the Cost tile and counts the rest', () => {
    expect(page).toMatch(/data-value="300">300<\/span> unpriced calls \((<bdi>model-\d+<\/bdi>, ){4}<bdi>model-\d+<\/bdi> and 295 more \(logmeter query cost --section unpriced\)\)/);
  });

  it('draws at most 20 workflow types, agents and file operations per bar chart', () => {
    expect(distinct(chartRows(page, 'workflows-runs'), 'workflow')).toBe(20);
    expect(distinct(chartRows(page, 'workflows-duration'), 'workflow')).toBe(20);
    expect(distinct(chartRows(page, 'workflows-agents'), 'agent')).toBe(20);
    expect(distinct(chartRows(page, 'files-bytes'), 'op')).toBe(20);
  });

  it('folds the lines changed of the other workflow types into "other", so the bars still add up', () => {
    const rows = chartRows(page, 'workflows-lines');
    expect(distinct(rows, 'workflow')).toBeLessThanOrEqual(21);
    // 0 + 1 + ... + 299
    expect(rows.reduce((sum, r) => sum + Number(r.lines_changed ?? 0), 0)).toBe((N * (N - 1)) / 2);
  });

  it('stays under 1.5 MB', () => {
    expect(Buffer.byteLength(page)).toBeLessThan(1.5 * 1024 * 1024);
  });
});
