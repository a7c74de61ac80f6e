// `logmeter report` end to end, in-process: where the page goes (-o FILE, -o -, strftime names),
// that it is one self-contained file (no network, CSP by hash, size), that its headline numbers are
// the rollups' numbers, and that sections without data say so in one line.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Database } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';
import { humanNumber } from '../../src/output/render.js';
import { runRollup } from '../../src/rollups/index.js';
import { FIXTURES, runInProcess } from '../helpers/cli.js';
import { headlineMetrics } from './helpers.js';

const LOG = join(FIXTURES, 'pino.log');
let dir: string;
let page: string;
let stderr: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-report-'));
  const result = await runInProcess(['report', LOG, '-o', join(dir, 'report.html')]);
  expect(result.code).toBe(0);
  stderr = result.stderr;
  page = readFileSync(join(dir, 'report.html'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rollup(name: string, params: Record<string, unknown> = {}) {
  const db = await Database.open();
  try {
    await ingest(db, { inputs: [LOG], stdin: Readable.from([]) });
    return await runRollup(db, name, params);
  } finally {
    db.close();
  }
}

describe('logmeter report -o FILE', () => {
  it('writes the page and says so on stderr', () => {
    expect(stderr).toMatch(new RegExp(`^wrote ${join(dir, 'report.html').replaceAll('/', '\\/')} \\([\\d,]+ KB, \\d+ charts, 1 without data\\)\\n$`));
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('is one self-contained file of at most 1.2 MB that asks the network for nothing', () => {
    expect(Buffer.byteLength(page)).toBeLessThanOrEqual(1.2 * 1024 * 1024);
    expect(page).not.toMatch(/<(link|iframe|img|object|embed)\b/i);
    expect(page).not.toMatch(/\s(src|href|action|poster)\s*=\s*["']?(https?:)?\/\//i);
    expect(page).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(page).not.toMatch(/sourceMappingURL/);
  });

  it('allows exactly its own inline scripts, by hash, and no network', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1]?.replaceAll('&#39;', "'");
    expect(csp).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
    expect(scripts).toHaveLength(3);
    const hashes = [...(csp as string).matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]);
    expect(hashes).toEqual(scripts.map((s) => createHash('sha256').update(s, 'utf8').digest('base64')));
    expect(csp).not.toMatch(/unsafe-eval|'unsafe-inline'[^;]*script|https?:/);
    expect([...page.matchAll(/<script type="application\/json" id="lm-charts">/g)]).toHaveLength(1);
  });

  it('shows the rollups\' headline numbers exactly, with thousands separators', async () => {
    const metrics = headlineMetrics(page);
    const overview = (await rollup('overview')).rows[0] as Record<string, unknown>;
    for (const key of ['records', 'errors', 'llm_calls', 'tokens_in', 'tokens_out', 'active_sessions', 'requests_per_min_peak', 'unpriced_calls']) {
      const shown = metrics.get(`overview.${key}`);
      expect(shown, key).toBeDefined();
      expect(shown?.value, key).toEqual(overview[key]);
      expect(shown?.text, key).toBe(humanNumber(Number(overview[key])));
    }
    expect(metrics.get('overview.tokens_in')?.text).toBe('76,772');
    expect(metrics.get('overview.error_rate')?.value).toBe(overview.error_rate);
    const latency = (await rollup('latency', { by: 'none' })).rows[0] as Record<string, unknown>;
    for (const p of ['p50', 'p95', 'p99']) expect(metrics.get(`latency.${p}`)?.value).toBe(latency[p]);
    const periods = (await rollup('cost')).sections.find((s) => s.name === 'periods')?.rows ?? [];
    expect(metrics.get('cost.today')?.value).toBe(periods.find((r) => r.period === 'today')?.cost_usd);
    const workflows = (await rollup('workflows', { by: 'none' })).rows[0] as Record<string, unknown>;
    expect(metrics.get('workflows.runs')?.value).toBe(workflows.runs);
    expect(metrics.get('workflows.success_rate')?.value).toBe(workflows.success_rate);
  });

  it('has the nine sections, the thresholds one only with --rules', () => {
    const ids = [...page.matchAll(/<section class="report" id="([a-z]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual(['overview', 'requests', 'llm', 'sessions', 'workflows', 'files', 'errors', 'quality']);
  });

  it('draws a chart only where there is data, and a one-line "no data" in place of the others', () => {
    expect(page).toContain('<p class="nodata">Every line became a record: nothing was rejected.</p>');
    expect(page).not.toContain('data-chart="quality-rejects"');
    const charts = [...page.matchAll(/data-chart="([\w-]+)"/g)].map((m) => m[1]);
    expect(charts.length).toBeGreaterThanOrEqual(13);
    for (const id of charts) expect(page, id).toMatch(new RegExp(`data-chart="${id}"[^>]*></div><noscript><div class="chart static"><svg `));
  });
});

describe("logmeter report -o 'reports/%Y/%Y-%m-%d-%H%M.html'", () => {
  it("names the file from the report's end time (--until here) and creates its directories", async () => {
    const result = await runInProcess(['report', LOG, '-q', '--until', '2026-03-02T11:00:00Z', '-o', join(dir, 'daily', '%Y', '%Y-%m-%d-%H%M.html')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(existsSync(join(dir, 'daily', '2026', '2026-03-02-1100.html'))).toBe(true);
  });

  it('refuses an unknown field before reading any input (exit 2)', async () => {
    const result = await runInProcess(['report', '/nonexistent.log', '-o', join(dir, '%Q.html')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown field %Q');
  });
});

describe('logmeter report --db EMPTY', () => {
  it('refuses a database without records (exit 3)', async () => {
    const empty = join(dir, 'empty.duckdb');
    (await Database.open({ file: empty })).close();
    const result = await runInProcess(['report', '--db', empty, '-o', join(dir, 'empty.html')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('holds no records');
    expect(existsSync(join(dir, 'empty.html'))).toBe(false);
  });

  // Changed deliberately: a mistyped path used to be created empty and refused as "no records" (exit 3).
  it('refuses a database that does not exist (exit 2), without creating it', async () => {
    const typo = join(dir, 'typo.duckdb');
    const result = await runInProcess(['report', '--db', typo, '-o', join(dir, 'typo.html')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`logmeter: no such database: ${typo} (logmeter ingest ... --db ${typo} creates it)\n`);
    expect(existsSync(typo)).toBe(false);
  });
});

describe('a log with only some kinds of records', () => {
  it('says "no data" in one line for each section without any', async () => {
    const log = join(dir, 'requests-only.log');
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ level: 30, time: Date.parse('2026-03-02T10:00:00Z') + i * 30_000, msg: 'request completed', method: 'GET', url: `/items/${i}`, status: 200, duration_ms: 12 }),
    );
    writeFileSync(log, lines.join('\n') + '\n');
    const result = await runInProcess(['report', log, '-q', '-o', '-']);
    expect(result.code).toBe(0);
    const html = result.stdout;
    expect(html).toContain('<h2>LLM providers</h2>\n<p class="nodata">No LLM calls in this range.</p>');
    expect(html).toContain('<h2>Sessions</h2>\n<p class="nodata">No sessions in this range.</p>');
    expect(html).toContain('<h2>Workflows</h2>\n<p class="nodata">No workflow runs in this range.</p>');
    expect(html).toContain('<h2>File operations</h2>\n<p class="nodata">No file operations in this range.</p>');
    expect(html).toContain('<h2>Errors</h2>\n<p class="nodata">No record failed in this range: 0 errors in 30 records.</p>');
    expect(html).not.toMatch(/data-chart="(llm|sessions|workflows|files|errors)-/);
    expect(html).toContain('data-chart="overview-requests"');
  });
});

describe('the tiles of a tiny log', () => {
  const subOf = (html: string, tile: string) =>
    (new RegExp(`data-tile="${tile}">[\\s\\S]*?<div class="sub">([\\s\\S]*?)</div>`).exec(html)?.[1] ?? '').replace(/<[^>]+>/g, '');

  it('speak of one record and one call in the singular', async () => {
    const log = join(dir, 'one-call.log');
    writeFileSync(log, JSON.stringify({ level: 30, time: Date.parse('2026-03-02T10:00:00Z'), model: 'gpt-4o', usage: { prompt_tokens: 100, completion_tokens: 10 }, latency_ms: 900, msg: 'llm call' }) + '\n');
    const html = (await runInProcess(['report', log, '-q', '-o', '-'])).stdout;
    expect(subOf(html, 'errors')).toBe('0% of 1 record');
    expect(subOf(html, 'latency')).toBe('over 1 call with a latency');
    expect(/<p class="meta">[\s\S]*?<\/p>/.exec(html)?.[0]).toContain(' · 1 record · ');
  });

  it('say there was no LLM call to price, not "every call priced", in a log without one', async () => {
    const log = join(dir, 'no-call.log');
    writeFileSync(log, JSON.stringify({ level: 30, time: Date.parse('2026-03-02T10:00:00Z'), msg: 'x' }) + '\n');
    const html = (await runInProcess(['report', log, '-q', '-o', '-'])).stdout;
    expect(subOf(html, 'cost')).toBe('no LLM call to price');
    expect(html).not.toContain('every call priced');
  });
});

describe('the tiles of a report over a range', () => {
  const tileText = (html: string, tile: string) =>
    (new RegExp(`data-tile="${tile}">([\\s\\S]*?)</div>\\s*</div>`).exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

  it('name the time the active sessions are counted at: --until, not the last record\'s time', async () => {
    // requests every 10 minutes to 23:50; one session whose last record is at 23:25 (idle after 30 min)
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const lines: object[] = Array.from({ length: 144 }, (_, i) => ({ time: new Date(t0 + i * 600_000).toISOString(), level: 'info', msg: 'request', method: 'GET', route: '/a', status: 200 }));
    lines.push({ time: '2026-03-01T23:00:00Z', level: 'info', msg: 'chat turn', session_id: 's1' }, { time: '2026-03-01T23:25:00Z', level: 'info', msg: 'chat turn', session_id: 's1' });
    const log = join(dir, 'session.jsonl');
    writeFileSync(log, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    // at 00:00 the session has been idle 35 minutes: over; at 23:50 (the last record) it was 25
    const ranged = (await runInProcess(['report', log, '--since', '2026-03-01', '--until', '2026-03-02', '-q', '-o', '-'])).stdout;
    expect(tileText(ranged, 'active-sessions')).toBe('Active sessions 0 at 2026-03-02 00:00:00 UTC');
    const whole = (await runInProcess(['report', log, '-q', '-o', '-'])).stdout;
    expect(tileText(whole, 'active-sessions')).toBe('Active sessions 1 at 2026-03-01 23:50:00 UTC');
  });

  it('count the records without a timestamp that the range left out, rather than saying 0', async () => {
    const request = (extra: object) => JSON.stringify({ level: 'info', msg: 'request', method: 'GET', route: '/x', status: 200, ...extra });
    const log = join(dir, 'no-time.jsonl');
    writeFileSync(log, [request({ time: '2026-03-01T00:00:00Z' }), request({ time: '2026-03-01T00:10:00Z' }), request({}), request({}), request({})].join('\n') + '\n');
    const ranged = (await runInProcess(['report', log, '--since', '2026-03-01', '-q', '-o', '-'])).stdout;
    expect(headlineMetrics(ranged).get('overview.records')?.value).toBe(2);
    expect(tileText(ranged, 'no-ts')).toBe('Without a timestamp 3 records of the input, left out by the range');
    const whole = (await runInProcess(['report', log, '-q', '-o', '-'])).stdout;
    expect(tileText(whole, 'no-ts')).toBe('Without a timestamp 3 records in no time bucket; logmeter formats --explain on the log says why (no time key, or one it cannot read)');
    expect(headlineMetrics(whole).get('input.records_without_ts')?.value).toBe(3);
  });
});

describe('prompt-cache tokens', () => {
  it('are shown as the parts of the prompt tokens they are, and priced at cache prices', async () => {
    // Anthropic's usage: input_tokens excludes the cache; logmeter's tokens_in counts all 2,600.
    const call = (i: number) =>
      JSON.stringify({ level: 30, time: Date.parse('2026-03-02T10:00:00Z') + i * 1000, msg: 'llm call', model: 'claude-sonnet-4-5', provider: 'anthropic', duration_ms: 100,
        usage: { input_tokens: 100, cache_read_input_tokens: 2000, cache_creation_input_tokens: 500, output_tokens: 50 } });
    const result = await runInProcess(['report', '-q', '-o', '-'], { stdin: [call(0), call(1)].join('\n') + '\n' });
    expect(result.code).toBe(0);
    const metrics = headlineMetrics(result.stdout);
    expect(metrics.get('overview.tokens_in')?.value).toBe(5200);
    expect(metrics.get('overview.cache_read_tokens')?.text).toBe('4,000');
    expect(metrics.get('overview.cache_write_tokens')?.text).toBe('1,000');
    // Per call at $3 / $0.30 / $3.75 / $15 per million (input, cache read, cache write, output):
    // 100 × 3 + 2,000 × 0.3 + 500 × 3.75 + 50 × 15 = 3,525 per million, $0.00705 for the two.
    expect(Number(metrics.get('overview.cost_usd')?.value)).toBeCloseTo(0.00705, 10);
  });

  it('are not mentioned for a log without them', async () => {
    const html = (await runInProcess(['report', LOG, '-q', '-o', '-'])).stdout;
    expect(headlineMetrics(html).has('overview.cache_read_tokens')).toBe(false);
  });
});

describe('logmeter report -o - --rules FILE --budget SPEC', () => {
  it('writes the page to stdout, with a Thresholds section of each rule\'s result, and the budget tile and chart', async () => {
    const rules = join(dir, 'rules.yml');
    writeFileSync(
      rules,
      [
        'rules:',
        '  - name: FewErrors',
        '    expr: error_rate < 0.05',
        '  - name: FastModels',
        "    expr: p95(duration_ms) < 5000 where kind = 'llm_call' by model",
        '    severity: warn',
      ].join('\n') + '\n',
    );
    const result = await runInProcess(['report', LOG, '-o', '-', '--title', 'On stdout', '--rules', rules, '--budget', '1USD/day']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const html = result.stdout;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>On stdout</title>');
    expect(html).toContain('<section class="report" id="thresholds">');
    expect(html).toContain('<b>FewErrors</b>');
    expect(html).toMatch(/<span class="status fail">✗ fail<\/span><\/td><td class="text"><b>FewErrors<\/b>/);
    expect(html).toContain('model=gpt-4o');
    const metrics = headlineMetrics(html);
    expect(metrics.get('budget.remaining')?.value).toBeCloseTo(1 - Number(metrics.get('budget.spent')?.value), 10);
    expect(html).toContain('data-chart="llm-budget"');
  });

  it('names the page as without --title when --title is blank (a CI variable never set)', async () => {
    const named = (await runInProcess(['report', LOG, '-o', '-', '-q'])).stdout.match(/<title>[^<]*<\/title>/)?.[0];
    expect(named).toMatch(/<title>\S.*<\/title>/);
    for (const blank of ['', '   ']) {
      const result = await runInProcess(['report', LOG, '-o', '-', '-q', '--title', blank]);
      expect(result.code).toBe(0);
      expect(result.stdout.match(/<title>[^<]*<\/title>/)?.[0]).toBe(named);
    }
  });

  it('refuses a rules file with a mistake before reading any input (exit 2)', async () => {
    const rules = join(dir, 'bad-rules.yml');
    writeFileSync(rules, 'rules:\n  - name: Bad\n    expr: p95(no_such_column) < 1\n');
    const result = await runInProcess(['report', '/nonexistent.log', '-o', '-', '--rules', rules]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no_such_column');
  });

  it('refuses a baseline rule (exit 2), which it has no --baseline to compare with, before reading any input', async () => {
    const rules = join(dir, 'baseline-rules.yml');
    writeFileSync(rules, 'rules:\n  - name: B\n    expr: count < baseline * 2\n');
    const out = join(dir, 'baseline-rules.html');
    const result = await runInProcess(['report', '/nonexistent.log', '-o', out, '--rules', rules]);
    expect(result.stderr).toBe('logmeter: rule B compares with baseline; report takes no --baseline FILE: check that rule with logmeter check --baseline FILE\n');
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a log in which no LLM call has a price', () => {
  it('shows the cost of today, this week and this month as unknown (–), never $0', async () => {
    const log = join(dir, 'unpriced.log');
    writeFileSync(log, JSON.stringify({ level: 30, time: 1772445600000, model: 'my-finetune', usage: { prompt_tokens: 100, completion_tokens: 10 }, msg: 'llm call' }) + '\n');
    const result = await runInProcess(['report', log, '-q', '-o', '-']);
    expect(result.code, result.stderr).toBe(0);
    const metrics = headlineMetrics(result.stdout);
    for (const key of ['overview.cost_usd', 'cost.today', 'cost.week', 'cost.month']) expect(metrics.get(key), key).toEqual({ value: null, text: '–' });
  });
});

describe('rejected lines and the Sources table', () => {
  it('count bad input apart from empty lines, as summary does, and show continuation lines', async () => {
    // One record, three empty lines, one invalid line; then a Python traceback of three continuation lines.
    const rej = join(dir, 'rej.log');
    writeFileSync(rej, ['{"level":30,"time":1772445600000,"msg":"ok"}', '', '', '', 'oops'].join('\n') + '\n');
    const py = join(dir, 'py.log');
    writeFileSync(py, ['2026-03-02 10:00:00,000 - app - ERROR - boom', 'Traceback (most recent call last):', '  File "x.py", line 1, in <module>', 'ValueError: bad', '2026-03-02 10:00:01,000 - app - INFO - fine'].join('\n') + '\n');
    const result = await runInProcess(['report', rej, py, '-q', '-o', '-']);
    expect(result.code, result.stderr).toBe(0);
    const metrics = headlineMetrics(result.stdout);
    expect(metrics.get('rejects.bad')?.value).toBe(1);
    expect(metrics.get('rejects.empty')?.value).toBe(3);
    expect(result.stdout).toMatch(/<span data-metric="rejects\.bad" data-value="1">1<\/span> line rejected · <span data-metric="rejects\.empty" data-value="3">3<\/span> empty/);
    const summary = await runInProcess(['summary', rej, py]);
    expect(summary.stdout).toMatch(/rejected lines 1 /);

    const table = /<table[^>]*data-table="sources"[\s\S]*?<\/table>/.exec(result.stdout)?.[0] ?? '';
    expect([...table.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(['source', 'format', 'lines', 'records', 'continuation', 'rejects']);
    const cells = (file: string) => [...(new RegExp(`<tr><td class="code">${file.replaceAll('/', '\\/').replaceAll('.', '\\.')}</td>(.*?)</tr>`).exec(table)?.[1] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    // lines = records + continuation + rejects: 5 = 2 + 3 + 0, and 5 = 1 + 0 + 4.
    expect(cells(py)).toEqual(['python-text', '5', '2', '3', '0']);
    expect(cells(rej)).toEqual(['pino', '5', '1', '0', '4']);
  });
});
