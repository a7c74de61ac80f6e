// A report or summary of piped logs fills only the events columns their sections read
// (SECTION_COLUMNS in src/schema.ts: all but attrs, host, service and route), so a large input is not
// held twice in memory nor mapped for nothing. The page and the dashboard must be those of a database
// with every column, over records that carry all four (wide metric samples and cache flags in attrs,
// pino's hostname, a service, request routes), and a rule over any of them must still see it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli.js';
import { writePinoLog } from '../rollups/helpers.js';

let log: ReturnType<typeof writePinoLog>;

beforeAll(() => {
  log = writePinoLog((l, at) => {
    for (let i = 0; i < 12; i++) {
      at(`2026-03-02T10:${String(i * 5).padStart(2, '0')}:00Z`);
      // Wide samples: gauges as keys of a metric record without a metric name.
      l.info({ cpu_usage: 20 + i, memory_usage: 40 + i, active_sessions: i % 4 }, 'system sample');
      // Cache flags on LLM calls, both spellings, and calls without one.
      l.info({ model: 'gpt-4o', provider: 'openai', latency_ms: 500 + i * 10, usage: { prompt_tokens: 100, completion_tokens: 10 }, cache_hit: i % 3 === 0 }, 'llm call completed');
      l.info({ model: 'gpt-4o-mini', provider: 'openai', latency_ms: 300, cached: i % 2 === 0 }, 'llm call completed');
      l.info({ model: 'gpt-4o', provider: 'openai', latency_ms: 900, region: 'eu' }, 'llm call completed');
      // Named metric samples and other records, whose attrs no rollup reads.
      l.info({ metric: 'cache_hits', value: i }, 'metric');
      l.info({ path: `/workspace/f${i}.ts`, op: 'read', bytes: 100 * i, duration_ms: 2 }, 'file_read');
      l.info({ req: { method: 'GET', url: `/v1/sessions/${i}` }, res: { statusCode: i === 5 ? 503 : 200 }, responseTime: 40 }, 'request completed');
    }
  });
});
afterAll(() => log.cleanup());

/**
 * The page without what names its input, the minute it was written and the numbers of the SVG clip
 * paths (vega counts them over the process, and both reports are drawn in this one).
 */
function page(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/logmeter report: [^<"]*/g, 'logmeter report: X')
    .replace(/Written by logmeter [^<]*/g, 'Written by X')
    .replace(/clip\d+/g, 'clip');
}

/** The Thresholds row of a report of the piped log with one rule `name`: `expr` (it must pass). */
async function ruleRow(name: string, expr: string): Promise<string> {
  const out = join(log.dir, `${name}.html`);
  const rules = join(log.dir, `${name}.yml`);
  writeFileSync(rules, `rules:\n  - name: ${name}\n    expr: "${expr}"\n`);
  const result = await runInProcess(['report', log.file, '-o', out, '--rules', rules, '-q']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return new RegExp(`${name}</b>.*?</tr>`, 's').exec(readFileSync(out, 'utf8'))?.[0] ?? '';
}

describe('a report of piped logs', () => {
  it('is the page a database with every column gives', async () => {
    const db = join(log.dir, 'all.duckdb');
    expect((await runInProcess(['ingest', log.file, '--db', db, '-q'])).code).toBe(0);
    const fromDb = join(log.dir, 'db.html');
    const piped = join(log.dir, 'piped.html');
    expect((await runInProcess(['report', '--db', db, '-o', fromDb, '-q'])).code).toBe(0);
    expect((await runInProcess(['report', log.file, '-o', piped, '-q'])).code).toBe(0);
    const text = page(piped);
    // The sections that read attrs have data: the gauges of the wide samples and the cache hit rate.
    expect(text).toContain('active_sessions');
    expect(text).toMatch(/cache/i);
    expect(text).toEqual(page(fromDb));
  });

  it('and a summary of them are those of a database with every column', async () => {
    const db = join(log.dir, 'summary.duckdb');
    expect((await runInProcess(['ingest', log.file, '--db', db, '-q'])).code).toBe(0);
    const fromDb = await runInProcess(['summary', '--db', db]);
    const piped = await runInProcess(['summary', log.file]);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('LLM calls');
    expect(piped.stdout).toEqual(fromDb.stdout);
  });

  it('fills the columns its rules read beyond the sections\' (here service and route)', async () => {
    // The 12 requests, each with the service and a route under /v1/sessions/.
    expect(await ruleRow('NoSvcSessionRoutes', "count < 1 where service = 'svc' and route like '/v1/sessions/%'")).toContain('<td class="num">12</td>');
  });

  it('keeps every attrs when a rule reads them', async () => {
    // The 12 calls in region eu, which only attrs holds.
    expect(await ruleRow('NoEuCalls', "count < 1 where attrs.region = 'eu'")).toContain('<td class="num">12</td>');
  });
});
