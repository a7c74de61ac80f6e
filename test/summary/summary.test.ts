import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runInProcess } from '../helpers/cli.js';
import { Database } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';
import { gatherDashboard } from '../../src/summary/data.js';
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
    const bars = /│ ([▁▂▃▄▅▆▇█]+) +│/.exec(r.stdout)?.[1] ?? '';
    expect([...bars]).toHaveLength(18);
    expect(bars.startsWith('█') && bars.endsWith('▅') && bars.slice(1, -1).replaceAll('▁', '') === '').toBe(true);
  });

  it('rejects a bad --window or --every, and --follow with --db', async () => {
    expect((await runInProcess(['summary', PINO, '--window', 'soon'])).code).toBe(2);
    expect((await runInProcess(['summary', PINO, '--every', '0s'])).code).toBe(2);
    const r = await runInProcess(['summary', '--db', '/tmp/nope.duckdb', '--follow']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--follow reads log files or stdin as they grow/);
  });
});
