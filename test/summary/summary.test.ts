import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runInProcess } from '../helpers/cli.js';
import { Database } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';
import { gatherDashboard, ROWS, wholeBucketRates } from '../../src/summary/data.js';
import { Readable } from 'node:stream';

const PINO = join(FIXTURES, 'pino.log');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'pino.expected.json'), 'utf8')) as {
  records: number;
  failures: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  workflow_runs: number;
  workflow_successes: number;
  llm_latency_ms: Record<string, number[]>;
};

/** numpy.percentile(values, q, method='linear'), written independently of DuckDB. */
function linear(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

describe('summary data (from the rollups)', () => {
  it('matches the fixture: records, errors, tokens and cost today, workflows, per-model percentiles', async () => {
    const db = await Database.open();
    try {
      await ingest(db, { inputs: [PINO], stdin: Readable.from([]) });
      const d = await gatherDashboard(db);
      expect(d.records).toBe(expected.records);
      expect(d.errors).toBe(expected.failures);
      expect(d.today).toMatchObject({ day: '2026-03-02', tokensIn: expected.tokens_in, tokensOut: expected.tokens_out, unpricedCalls: 2 });
      // The logged costs plus prices for the calls that state none (acme-llm-1 has no price).
      expect(d.today.costUsd).toBeGreaterThan(expected.cost_usd);
      expect(d.workflows.reduce((n, w) => n + w.runs, 0)).toBe(expected.workflow_runs);
      expect(d.workflows.reduce((n, w) => n + w.success, 0)).toBe(expected.workflow_successes);
      expect(d.activeSessions).toBe(0);
      expect(d.llmCalls).toBe(40);
      for (const m of d.latency) {
        const values = expected.llm_latency_ms[m.model] as number[];
        expect(m.calls).toBe(values.length);
        expect(m.p50).toBeCloseTo(linear(values, 0.5), 6);
        expect(m.p95).toBeCloseTo(linear(values, 0.95), 6);
        expect(m.p99).toBeCloseTo(linear(values, 0.99), 6);
      }
      // 14 requests over 10:00..12:58 in 5-minute buckets, empty ones (11:25..11:40) as 0.
      expect(d.rate.basis).toBe('request');
      expect(d.rate.bucketSeconds).toBe(300);
      expect(d.rate.perMinute.reduce((a, b) => a + b, 0) * 5).toBeCloseTo(14, 9);
      expect(d.rate.perMinute.filter((v) => v === 0).length).toBeGreaterThanOrEqual(4);
    } finally {
      db.close();
    }
  });

  it('--window keeps only the records of the last stretch before the newest one', async () => {
    const db = await Database.open();
    try {
      await ingest(db, { inputs: [PINO], stdin: Readable.from([]) });
      const d = await gatherDashboard(db, { windowMs: 30 * 60_000 });
      expect(d.since).toBe('2026-03-02T12:28:00.000Z');
      expect(d.records).toBeLessThan(expected.records);
      expect(d.records).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});

describe('summary data over a window that is not aligned to the minute', () => {
  async function dashboardOf(lines: object[], options: Parameters<typeof gatherDashboard>[1] = {}) {
    const db = await Database.open();
    try {
      await ingest(db, { inputs: [], stdin: Readable.from([lines.map((l) => JSON.stringify(l)).join('\n') + '\n']) });
      return await gatherDashboard(db, options);
    } finally {
      db.close();
    }
  }
  const t0 = Date.parse('2026-03-01T00:00:00Z');
  const request = (ms: number) => ({ level: 30, time: ms, req: { method: 'GET', url: '/x' }, res: { statusCode: 200 }, responseTime: 5, msg: 'request completed' });

  it('measures a steady 60 requests a minute as 60, whatever calendar minutes the window touches', async () => {
    // One request a second, at .500: the last is 00:02:59.500, so a 1m window starts at 00:01:59.500.
    const d = await dashboardOf(Array.from({ length: 180 }, (_, i) => request(t0 + i * 1000 + 500)), { windowMs: 60_000 });
    expect(d.rate.current).toBe(60);
    // 61 requests in [00:01:59.500, 00:02:59.500], both ends included; the newest stands for the
    // mean gap after it, as in the buckets (60/61 s): 60.02 a minute (61 before).
    expect(Math.abs(d.rate.avg - 60)).toBeLessThan(0.05);
    expect(d.rate.peak).toBeGreaterThanOrEqual(d.rate.current);
    // Minute 00:01 is 0.5 s inside the window: left out. Minute 00:02 is 59.5 s inside, up to the
    // newest record, which stands for the second after it: 60 requests over the whole minute.
    // (Prorated to the 59.5 s alone, it was drawn at 60.5.)
    expect(d.rate.perMinute).toEqual([60]);
  });

  it('never shows an average above the peak (two records a minute apart are 1 a minute)', async () => {
    const d = await dashboardOf([request(t0), request(t0 + 60_000)]);
    expect(d.rate.peak).toBe(1);
    expect(d.rate.avg).toBeCloseTo(1, 12);
    // A steady rate: 1 a second for 10 minutes averages 60 a minute, as its buckets do.
    const steady = await dashboardOf(Array.from({ length: 601 }, (_, i) => request(t0 + i * 1000)));
    expect(steady.rate.avg).toBeCloseTo(60, 12);
    expect(steady.rate.avg).toBeLessThanOrEqual(steady.rate.peak);
  });

  it('never shows a peak below the current rate (a busy last minute split over two calendar minutes)', async () => {
    // 23 requests in 00:21:52..00:22:00, 184 in 00:22:00..00:22:52: 207 in the last 60 s.
    const lines = [...Array.from({ length: 23 }, (_, i) => request(t0 + 21 * 60_000 + 52_000 + i * 300)), ...Array.from({ length: 184 }, (_, i) => request(t0 + 22 * 60_000 + i * 280))];
    const last = t0 + 22 * 60_000 + 183 * 280;
    const d = await dashboardOf(lines, { windowMs: 60_000 });
    expect(d.now).toBe(new Date(last).toISOString());
    expect(d.rate.current).toBe(207);
    expect(d.rate.peak).toBe(207);
  });

  it('draws a steady rate as a flat line, its last bar too (the newest record ends the range, not its bucket)', async () => {
    // a request every 5 minutes, 00:00 to 23:55: 30-minute buckets of 6, 0.2 a minute each; the
    // last one (23:30-23:55) was prorated to 25 minutes and drawn at 0.24
    const steady = await dashboardOf(Array.from({ length: 288 }, (_, i) => request(t0 + i * 300_000)));
    expect(steady.rate.bucketSeconds).toBe(1800);
    expect(steady.rate.perMinute).toHaveLength(48);
    for (const rate of steady.rate.perMinute) expect(rate).toBeCloseTo(0.2, 12);
    // every 15 minutes for 6 hours in 10-minute buckets: 1, 1, 0 in turn, 0.1 a minute where there is one;
    // the last record (05:45) is 5 minutes into its bucket, which was drawn at 0.2
    const sparse = await dashboardOf(Array.from({ length: 24 }, (_, i) => request(t0 + i * 900_000)));
    expect(sparse.rate.bucketSeconds).toBe(600);
    expect(sparse.rate.perMinute.at(-1)).toBeCloseTo(0.1, 12);
    expect(Math.max(...sparse.rate.perMinute)).toBeCloseTo(0.1, 12);
  });

  it('counts the records without a timestamp, among the records or left out by a window', async () => {
    const lines = [request(t0), request(t0 + 600_000), ...Array.from({ length: 3 }, () => ({ ...request(0), time: undefined }))];
    const whole = await dashboardOf(lines);
    expect([whole.records, whole.withoutTs]).toEqual([5, { counted: 3, leftOut: 0 }]);
    const windowed = await dashboardOf(lines, { windowMs: 3_600_000 });
    expect([windowed.records, windowed.withoutTs]).toEqual([2, { counted: 0, leftOut: 3 }]);
  });

  it('leaves the cost of the day unknown (null), not $0, when no call has a price', async () => {
    const d = await dashboardOf([{ level: 30, time: t0, model: 'my-finetune', usage: { prompt_tokens: 100, completion_tokens: 10 }, msg: 'llm call' }]);
    expect(d.today).toMatchObject({ costUsd: null, unpricedCalls: 1, tokensIn: 100, tokensOut: 10 });
  });

  it('counts the models it leaves out of the latency table', async () => {
    const lines = [];
    for (let i = 0; i < 9; i++) for (let k = 0; k < 10 - i; k++) lines.push({ level: 30, time: t0 + i * 100 + k, model: `model-${i}`, latency_ms: 100, usage: { prompt_tokens: 1, completion_tokens: 1 }, msg: 'llm call' });
    const d = await dashboardOf(lines);
    expect(d.latency.map((m) => m.model)).toEqual(['model-0', 'model-1', 'model-2', 'model-3', 'model-4', 'model-5'].slice(0, ROWS));
    expect(d.hidden.models).toBe(3);
  });
});

describe('wholeBucketRates', () => {
  it('prorates the buckets the range cuts, and leaves out those less than half inside', () => {
    const m = 60_000;
    // Range 00:00:40 .. 00:03:20 over 1m buckets: 00:00 has 20 s inside (left out), 00:03 has 20 s (left out).
    expect(wholeBucketRates([{ startMs: 0, count: 5 }, { startMs: m, count: 30 }, { startMs: 2 * m, count: 60 }, { startMs: 3 * m, count: 9 }], 60, 40_000, 3 * m + 20_000)).toEqual([30, 60]);
    // Range 00:00:15 .. 00:01:45: 45 s of each bucket inside, 30 requests in each is 40 a minute.
    expect(wholeBucketRates([{ startMs: 0, count: 30 }, { startMs: m, count: 30 }], 60, 15_000, m + 45_000)).toEqual([40, 40]);
  });

  it('measures the last bucket over its part inside the range plus the time the newest record stands for', () => {
    const m = 60_000;
    // 30-minute buckets of 6 records 5 minutes apart, the range ending at the last one (25 min into its
    // bucket): 6 over 25 + 5 minutes, as 6 over 30 before it; never over more than the bucket
    expect(wholeBucketRates([{ startMs: 0, count: 6 }, { startMs: 30 * m, count: 6 }], 1800, 0, 55 * m, 5 * m)).toEqual([0.2, 0.2]);
    expect(wholeBucketRates([{ startMs: 0, count: 6 }, { startMs: 30 * m, count: 6 }], 1800, 0, 55 * m, 60 * m)).toEqual([0.2, 0.2]);
    // whether a bucket is shown still goes by its part inside the range: 10 of 30 minutes is too little
    expect(wholeBucketRates([{ startMs: 0, count: 6 }, { startMs: 30 * m, count: 3 }], 1800, 0, 40 * m, 5 * m)).toEqual([0.2]);
  });
});

describe('logmeter summary', () => {
  it('prints the dashboard once, as plain text, when stdout is not a terminal', async () => {
    const r = await runInProcess(['summary', PINO]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b/);
    expect(r.stdout.match(/^┌─ LOGMETER/gm)).toHaveLength(1);
    expect(r.stdout).toMatch(/● DEGRADED/);
    expect(r.stdout).toMatch(/Prompt: 76,772 {3}Completion: 13,454 {3}Total: 90,226/);
  });

  it('charts a log of several months in weekly buckets (it used to ask for a 604800s bucket and stop)', async () => {
    const request = (time: string, status: number) =>
      JSON.stringify({ level: 30, time, msg: 'request completed', req: { method: 'GET', url: '/a' }, res: { statusCode: status }, responseTime: 5 });
    const stdin = [request('2026-01-01T00:00:00Z', 200), request('2026-01-01T00:01:00Z', 200), request('2026-05-01T00:00:00Z', 500)].join('\n') + '\n';
    const r = await runInProcess(['summary'], { stdin });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/REQUESTS\/MIN \(7d buckets\)/);
    // 2026-01-01 to 2026-05-01 is 120 days: 18 weekly buckets, the first with two requests, the last with one.
    // The last (from Monday 04-27) ends at the newest record, which stands for the 60 days after it
    // (the mean gap): a whole week, half the first one's rate, not 1 in the 4 days up to it.
    const bars = /│ ([▁▂▃▄▅▆▇█]+) +│/.exec(r.stdout)?.[1] ?? '';
    expect([...bars]).toHaveLength(18);
    expect(bars.startsWith('█') && bars.endsWith('▃') && bars.slice(1, -1).replaceAll('▁', '') === '').toBe(true);
  });

  it('charts a log with one record stamped 9999 (a clock gone wrong) instead of refusing its range', async () => {
    const request = (time: string) => JSON.stringify({ level: 30, time, msg: 'request completed', req: { method: 'GET', url: '/a' }, res: { statusCode: 200 }, responseTime: 5 });
    const stdin = [request('2026-03-02T10:00:00Z'), request('2026-03-02T10:01:00Z'), JSON.stringify({ level: 30, time: '9999-01-01T00:00:00Z', msg: 'b' })].join('\n') + '\n';
    const r = await runInProcess(['summary'], { stdin });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2026-03-02 10:00 → 9999-01-01 00:00 UTC/);
    // 7,973 years in at most 60 columns: whole weeks, 6,934 of them (48,538 days) to a bucket.
    expect(r.stdout).toMatch(/REQUESTS\/MIN \(48538d buckets\)/);
    const bars = /│ ([▁▂▃▄▅▆▇█]+) +│/.exec(r.stdout)?.[1] ?? '';
    expect([...bars].length).toBeLessThanOrEqual(60);
    expect(bars.startsWith('█')).toBe(true);
  });

  it('rejects a bad --window or --every, and --follow with --db', async () => {
    expect((await runInProcess(['summary', PINO, '--window', 'soon'])).code).toBe(2);
    expect((await runInProcess(['summary', PINO, '--every', '0s'])).code).toBe(2);
    const r = await runInProcess(['summary', '--db', '/tmp/nope.duckdb', '--follow']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--follow reads log files or stdin as they grow/);
  });
});
