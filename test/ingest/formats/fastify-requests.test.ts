// Fastify logs a request as two JSON records sharing a reqId, `incoming request` (req.method, req.url)
// and `request completed` (res.statusCode, responseTime): the request is counted once, on its end,
// with its start's method and route (src/ingest/request-pairing.ts, queries/ingest/pair-requests.sql).
// The fixture is real output of Fastify 5 with `logger: true` (test/fixtures/gen/fastify.mjs). Every
// value below is read by hand from its lines; each path that maps JSON lines is checked: the
// in-memory ingest, a --db file, and `check`'s one-pass read left in place.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess } from '../../helpers/cli.js';
import { accountedLogReader, checkResults, ingestFiles } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));
const FIXTURE = join(LOGGERS, 'fastify-default.log');
const read = accountedLogReader(LOGGERS, 'logmeter-fastify-');
const COLUMNS = 'line, kind, method, route, status, duration_ms, ok';

let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'logmeter-fastify-db-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const start = (line: number, method: string, route: string) => ({ line, kind: 'other', method, route, status: null, duration_ms: null, ok: true });
const request = (line: number, method: string, route: string, status: string, duration_ms: number, ok = true) => ({ line, kind: 'request', method, route, status, duration_ms, ok });

// The fixture's 14 lines, as read by hand: req-1 (the ~12 ms list) is open while req-2 (the item)
// starts and ends; req-5's handler throws, and Fastify's error handler logs req and res with the error
// (line 10) before `request completed`; req-6 has no route (`Route GET:/nowhere not found`, line 13).
const FIXTURE_ROWS = [
  start(1, 'GET', '/api/orders'),
  start(2, 'GET', '/api/orders/{id}'),
  request(3, 'GET', '/api/orders/{id}', '200', 2.0539739999999824),
  request(4, 'GET', '/api/orders', '200', 12.952227999999991),
  start(5, 'GET', '/api/orders/{id}'),
  request(6, 'GET', '/api/orders/{id}', '404', 0.2305640000000153),
  start(7, 'POST', '/api/orders'),
  request(8, 'POST', '/api/orders', '500', 1.7144370000000322, false),
  start(9, 'GET', '/api/crash'),
  // The error handler's record: a failure, but not a second request.
  { line: 10, kind: 'other', method: 'GET', route: '/api/crash', status: '500', duration_ms: null, ok: false },
  request(11, 'GET', '/api/crash', '500', 1.045329000000038, false),
  start(12, 'GET', '/nowhere'),
  { line: 13, kind: 'other', method: null, route: null, status: null, duration_ms: null, ok: true },
  request(14, 'GET', '/nowhere', '404', 0.1978950000000168),
];

describe("Fastify's request log (real output of Fastify 5)", () => {
  it('counts each request once, on `request completed`, with the method and route of `incoming request`', async () => {
    const r = await read('fastify-default.log', COLUMNS);
    expect(r).toMatchObject({ format: 'pino', lines: 14, records: 14, rejects: 0 });
    expect(r.rows).toEqual(FIXTURE_ROWS);
  });

  it('pairs the same in a --db file', async () => {
    const db = join(scratch, 'fixture.duckdb');
    expect((await runInProcess(['ingest', '--db', db, FIXTURE])).code).toBe(0);
    const q = await runInProcess(['query', '--db', db, '-F', 'json', '--sql', `SELECT ${COLUMNS} FROM events ORDER BY line`]);
    expect(q.code).toBe(0);
    // query's JSON prints 15 significant digits.
    expect(JSON.parse(q.stdout)).toEqual(FIXTURE_ROWS.map((row) => ({ ...row, duration_ms: row.duration_ms === null ? null : expect.closeTo(row.duration_ms, 12) })));
  });

  it("maps the request id only for a source that logs its requests apart: pino's own records read no reqId", async () => {
    const fastify = await ingestFiles([FIXTURE]);
    const pino = join(scratch, 'pino.log');
    // pino-http's one record per request: req and res on one line, each line a request already.
    writeFileSync(pino, '{"level":30,"time":1700000000000,"reqId":"r1","req":{"method":"GET","url":"/a"},"res":{"statusCode":200},"responseTime":3,"msg":"request completed"}\n');
    const whole = await ingestFiles([pino]);
    try {
      expect(fastify.summary.sources[0]?.mapping?.request_id).toEqual(['$."reqId"']);
      expect(whole.summary.sources[0]?.mapping?.request_id).toBeUndefined();
      expect(await whole.rows('SELECT kind, method, status FROM events')).toEqual([{ kind: 'request', method: 'GET', status: '200' }]);
    } finally {
      fastify.close();
      whole.close();
    }
  });
});

describe("check over Fastify's log on stdin (the one-pass read kept in place)", () => {
  // The six requests' durations, sorted: 0.197895, 0.230564, 1.045329, 1.714437, 2.053974, 12.952228 ms.
  // p95 interpolates at 0.95 × 5 = 4.75: between the 5th and the 6th. Two of six failed (the 500s).
  const p95 = 2.0539739999999824 + 0.75 * (12.952227999999991 - 2.0539739999999824);

  it('sees the paired requests in a rule over kind alone: count, p95 and error rate', async () => {
    const r = await checkResults(
      ['--assert', "count < 6 where kind = 'request'", '--assert', "p95(duration_ms) < 500 where kind = 'request'", '--assert', "error_rate < 0.3 where kind = 'request'"],
      { stdin: readFileSync(FIXTURE) },
    );
    expect(r.code).toBe(1);
    expect(r.results.map((result) => [result.observed, result.samples, result.status])).toEqual([
      [6, 6, 'fail'],
      [expect.closeTo(p95, 9), 6, 'pass'],
      [expect.closeTo(2 / 6, 12), 6, 'fail'],
    ]);
  });

  it('gives the paired requests their method and route where a rule reads them', async () => {
    const r = await checkResults(['--assert', "count < 3 where kind = 'request' and method = 'GET' and route = '/api/orders/{id}'"], { stdin: readFileSync(FIXTURE) });
    expect(r.code).toBe(0);
    // req-2 (200) and req-3 (404).
    expect(r.results[0]?.observed).toBe(2);
  });
});

describe('which records pair', () => {
  const incoming = (time: number, id: string, method: string, url: string) =>
    `{"level":30,"time":${time},"pid":1,"hostname":"h","reqId":"${id}","req":{"method":"${method}","url":"${url}","hostname":"localhost:3000","remoteAddress":"127.0.0.1","remotePort":5000},"msg":"incoming request"}`;
  const completed = (time: number, id: string, status: number, ms: number) =>
    `{"level":30,"time":${time},"pid":1,"hostname":"h","reqId":"${id}","res":{"statusCode":${status}},"responseTime":${ms},"msg":"request completed"}`;
  const LINES = [
    incoming(1700000000000, 'req-1', 'GET', '/a'),
    incoming(1700000000001, 'req-2', 'POST', '/b'),
    incoming(1700000000002, 'req-3', 'GET', '/c'),
    // Interleaved: answered in another order than asked.
    completed(1700000000003, 'req-3', 200, 3),
    completed(1700000000004, 'req-1', 503, 40),
    completed(1700000000005, 'req-2', 201, 12),
    // An end whose start is not in the log.
    completed(1700000000006, 'req-9', 200, 1),
    // An end before its start (a clock or a merge out of order): neither pairs with the other.
    completed(1700000000007, 'req-4', 200, 2),
    incoming(1700000000008, 'req-4', 'GET', '/d'),
    // An id answered already, answered again (a server restarted, counting ids from 1): no second request.
    completed(1700000000009, 'req-1', 200, 5),
  ];
  const EXPECTED = [
    start(1, 'GET', '/a'),
    start(2, 'POST', '/b'),
    start(3, 'GET', '/c'),
    request(4, 'GET', '/c', '200', 3),
    request(5, 'GET', '/a', '503', 40, false),
    request(6, 'POST', '/b', '201', 12),
    { line: 7, kind: 'other', method: null, route: null, status: '200', duration_ms: 1, ok: true },
    { line: 8, kind: 'other', method: null, route: null, status: '200', duration_ms: 2, ok: true },
    start(9, 'GET', '/d'),
    { line: 10, kind: 'other', method: null, route: null, status: '200', duration_ms: 5, ok: true },
  ];

  it('pairs by request id however requests interleave; an end without a start before it stays unpaired', async () => {
    const r = await read(LINES, COLUMNS);
    expect(r).toMatchObject({ format: 'pino', lines: 10, records: 10, rejects: 0 });
    expect(r.rows).toEqual(EXPECTED);
  });

  it('pairs the same in check\'s one pass (a rule over method keeps method in the narrowed read)', async () => {
    const stdin = `${LINES.join('\n')}\n`;
    const r = await checkResults(['--assert', "count < 1 where kind = 'request'", '--assert', "count < 1 where kind = 'request' and method = 'GET'"], { stdin });
    expect(r.results.map((result) => result.observed)).toEqual([3, 2]);
  });

  it('pairs within one run of ingest: a start stored by an earlier run does not pair with its end appended later', async () => {
    const db = join(scratch, 'appended.duckdb');
    const log = join(scratch, 'appended.log');
    writeFileSync(log, `${[incoming(1700000000000, 'req-1', 'GET', '/a'), completed(1700000000001, 'req-1', 200, 4), incoming(1700000000002, 'req-2', 'GET', '/b')].join('\n')}\n`);
    expect((await runInProcess(['ingest', '--db', db, log])).code).toBe(0);
    appendFileSync(log, `${[completed(1700000000003, 'req-2', 200, 6), incoming(1700000000004, 'req-3', 'GET', '/c'), completed(1700000000005, 'req-3', 500, 8)].join('\n')}\n`);
    expect((await runInProcess(['ingest', '--db', db, log])).code).toBe(0);
    const q = await runInProcess(['query', '--db', db, '-F', 'json', '--sql', `SELECT ${COLUMNS} FROM events ORDER BY line`]);
    expect(JSON.parse(q.stdout)).toEqual([
      start(1, 'GET', '/a'),
      request(2, 'GET', '/a', '200', 4),
      start(3, 'GET', '/b'),
      // Its start is in the first run's rows (docs/INGEST.md).
      { line: 4, kind: 'other', method: null, route: null, status: '200', duration_ms: 6, ok: true },
      start(5, 'GET', '/c'),
      request(6, 'GET', '/c', '500', 8, false),
    ]);
  });
});
