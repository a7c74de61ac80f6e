// The report's Requests section: how many requests, how many failed, the latency percentiles, the
// status classes and the per-route table, over real access logs (HAProxy through rsyslog, Gin:
// test/fixtures/loggers/haproxy-syslog.log and gin-default.log), checked against numbers worked out
// here from the durations read off those files by hand.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess } from '../helpers/cli.js';
import { headlineMetrics } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../fixtures/loggers/', import.meta.url));

/** Every request of the two files: [route, status, duration ms], read off their lines. */
const REQUESTS: readonly [string, number, number][] = [
  // haproxy-syslog.log: Ta of each line.
  ['/api/orders', 200, 1],
  ['/slow/chat', 200, 302],
  ['/missing', 404, 1],
  ['/api/chat', 500, 1],
  ['/api/orders', 503, 3002],
  // gin-default.log: its latencies (Go durations) in ms.
  ['/api/orders', 200, 15.131869],
  ['/api/orders/{id}', 200, 0.017076],
  ['/missing', 404, 0.00013],
  ['/api/chat', 500, 315.441207],
  ['/api/chat', 500, 307.59234],
  ['/api/report', 500, 0.172807],
];

/** The q-quantile with linear interpolation between the closest ranks (numpy's default), as the rollups promise. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.min(low + 1, sorted.length - 1);
  return (sorted[low] as number) + (at - low) * ((sorted[high] as number) - (sorted[low] as number));
}

let dir: string;
let page: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-report-requests-'));
  const r = await runInProcess(['report', join(LOGGERS, 'haproxy-syslog.log'), join(LOGGERS, 'gin-default.log'), '-o', join(dir, 'report.html')]);
  expect(r.code).toBe(0);
  page = readFileSync(join(dir, 'report.html'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Requests section', () => {
  it('counts the requests, the failed ones (5xx) and the status classes', () => {
    const metrics = headlineMetrics(page);
    const failed = REQUESTS.filter(([, status]) => status >= 500).length;
    expect(metrics.get('requests.count')?.value).toBe(REQUESTS.length);
    expect(metrics.get('requests.failed')?.value).toBe(failed);
    expect(metrics.get('requests.error_rate')?.value).toBeCloseTo(failed / REQUESTS.length, 12);
    for (const statusClass of ['2xx', '3xx', '4xx', '5xx']) {
      const n = REQUESTS.filter(([, status]) => `${String(status)[0]}xx` === statusClass).length;
      expect(metrics.get(`requests.status_${statusClass}`)?.value, statusClass).toBe(n);
    }
    expect(metrics.has('requests.status_none')).toBe(false);
  });

  it('gives the latency percentiles of every request with a duration', () => {
    const metrics = headlineMetrics(page);
    const durations = REQUESTS.map(([, , ms]) => ms);
    expect(metrics.get('requests.with_duration')?.value).toBe(durations.length);
    for (const [p, q] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
      expect(metrics.get(`requests.${p}`)?.value as number, p).toBeCloseTo(quantile(durations, q), 9);
    }
  });

  it('lists each route, the most requested first, with its failures and p95', () => {
    const body = /data-table="routes">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
    const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
      .map((m) => [...(m[1] as string).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => (c[1] as string).replace(/<[^>]+>/g, '')))
      .filter((cells) => cells.length > 0);
    const routes = [...new Set(REQUESTS.map(([route]) => route))]
      .map((route) => {
        const own = REQUESTS.filter(([r]) => r === route);
        return { route, requests: own.length, failed: own.filter(([, status]) => status >= 500).length, p95: quantile(own.map(([, , ms]) => ms), 0.95) };
      })
      .sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route));
    expect(rows.map((cells) => [cells[0], Number(cells[1]), Number(cells[2])])).toEqual(routes.map((r) => [r.route, r.requests, r.failed]));
    // /api/orders: 1, 15.131869 and 3002 ms; p95 at rank 1.9 is 15.131869 + 0.9 × (3002 − 15.131869), shown to two places.
    expect(routes.find((r) => r.route === '/api/orders')?.p95).toBeCloseTo(15.131869 + 0.9 * (3002 - 15.131869), 9);
    expect(rows.find((cells) => cells[0] === '/api/orders')?.[5]).toBe('2,703.31');
  });

  it('says there are no requests where a log has none, and shows a logged route as text', async () => {
    const none = await runInProcess(['report', join(LOGGERS, 'sidekiq-jobs.log'), '-o', join(dir, 'none.html')]);
    expect(none.code).toBe(0);
    const nonePage = readFileSync(join(dir, 'none.html'), 'utf8');
    expect(nonePage).toMatch(/<section class="report" id="requests">[\s\S]*?No request records in this range/);
    const log = join(dir, 'hostile.log');
    writeFileSync(log, `${JSON.stringify({ level: 30, time: 1772445600000, msg: 'request completed', req: { method: 'GET', url: '/a"><svg onload=alert(1)>' }, res: { statusCode: 200 }, responseTime: 5 })}\n`);
    const hostile = await runInProcess(['report', log, '-o', join(dir, 'hostile.html')]);
    expect(hostile.code).toBe(0);
    const hostilePage = readFileSync(join(dir, 'hostile.html'), 'utf8');
    expect(hostilePage).not.toContain('<svg onload=alert(1)>');
    expect(hostilePage).toContain('/a&quot;&gt;&lt;svg onload=alert(1)&gt;');
  });

  it('counts a 101 (a websocket upgrade) as 1xx, so the classes add up to the requests', async () => {
    const log = join(dir, 'upgrade.log');
    const line = (time: number, url: string, statusCode: number) => JSON.stringify({ level: 30, time, msg: 'request completed', req: { method: 'GET', url }, res: { statusCode }, responseTime: 5 });
    writeFileSync(log, `${line(1772445600000, '/ws', 101)}\n${line(1772445601000, '/a', 200)}\n`);
    expect((await runInProcess(['report', log, '-o', join(dir, 'upgrade.html')])).code).toBe(0);
    const metrics = headlineMetrics(readFileSync(join(dir, 'upgrade.html'), 'utf8'));
    expect(['1xx', '2xx', '3xx', '4xx', '5xx'].map((c) => metrics.get(`requests.status_${c}`)?.value)).toEqual([1, 1, 0, 0, 0]);
    expect(metrics.get('requests.count')?.value).toBe(2);
  });
});
