// HAProxy's HTTP log (`option httplog`), real output of HAProxy 2.6 written raw to stdout and
// through rsyslog into a file as Debian sets it up (test/fixtures/loggers/haproxy-{http,syslog}.log
// from test/fixtures/gen/haproxy.sh). Every value is read by hand from the files.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountedLogReader, checkResults } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));
const read = accountedLogReader(LOGGERS, 'logmeter-haproxy-');
const COLUMNS = "line, ts, host, kind, method, route, status, ok, duration_ms, attrs->>'server_name' AS server, attrs->>'termination_state' AS termination, attrs->>'connect_ms' AS connect_ms";

/** The five requests, the same in both files: the time is the one HAProxy accepted the request at. */
const REQUESTS = [
  { line: 1, ts: '2026-11-25T03:49:28.776Z', kind: 'request', method: 'GET', route: '/api/orders', status: '200', ok: true, duration_ms: 1, server: 'app1', termination: '----', connect_ms: '0' },
  { line: 2, ts: '2026-11-25T03:49:28.793Z', kind: 'request', method: 'GET', route: '/slow/chat', status: '200', ok: true, duration_ms: 302, server: 'app1', termination: '----', connect_ms: '0' },
  { line: 3, ts: '2026-11-25T03:49:29.109Z', kind: 'request', method: 'GET', route: '/missing', status: '404', ok: true, duration_ms: 1, server: 'app1', termination: '----', connect_ms: '0' },
  { line: 4, ts: '2026-11-25T03:49:29.132Z', kind: 'request', method: 'POST', route: '/api/chat', status: '500', ok: false, duration_ms: 1, server: 'app1', termination: '----', connect_ms: '0' },
  // The upstream was gone: the connection never made (Tc -1), HAProxy answered 503 after 3 s of retries (SC--).
  { line: 5, ts: '2026-11-25T03:49:29.353Z', kind: 'request', method: 'GET', route: '/api/orders', status: '503', ok: false, duration_ms: 3002, server: 'app1', termination: 'SC--', connect_ms: null },
];

describe("HAProxy's HTTP log", () => {
  it('written raw to stdout: each line a request, its duration Ta', async () => {
    const r = await read('haproxy-http.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', lines: 5, records: 5, rejects: 0 });
    expect(r.rows).toEqual(REQUESTS.map((row) => ({ ...row, host: null })));
  });

  it('through syslog into /var/log/haproxy.log: the same requests, the host from the syslog header', async () => {
    const r = await read('haproxy-syslog.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', lines: 5, records: 5, rejects: 0 });
    expect(r.rows).toEqual(REQUESTS.map((row) => ({ ...row, host: 'localhost' })));
  });

  it('gates on their p95 and error rate, by hand: p95 of 1, 1, 1, 302, 3002 is 302 + 0.8 × 2700; 2 of 5 are 5xx', async () => {
    const r = await checkResults(['--assert', "p95(duration_ms) < 1000 where kind = 'request'", '--assert', "error_rate < 0.1 where kind = 'request'", join(LOGGERS, 'haproxy-syslog.log')]);
    expect(r.code).toBe(1);
    expect(r.results.map((result) => [result.observed, result.samples])).toEqual([
      [expect.closeTo(302 + 0.8 * 2700, 9), 5],
      [0.4, 5],
    ]);
  });

  it('reads the optional parts its format has: captured headers, `+` under logasap, a client abort with no status', async () => {
    const r = await read(
      [
        '10.0.0.1:5000 [25/Nov/2026:10:00:00.000] api llm/app1 0/0/1/20/21 200 10 - - ---- 2/2/1/1/0 0/0 {api.example.com|curl/8.0} {application/json} "GET /v1/models HTTP/1.1"',
        '10.0.0.1:5001 [25/Nov/2026:10:00:01.000] api llm/app1 0/0/1/5/+6 200 +10 - - ---- 2/2/1/1/0 0/0 "GET /v1/stream HTTP/1.1"',
        '10.0.0.1:5002 [25/Nov/2026:10:00:02.000] api llm/<NOSRV> -1/-1/-1/-1/40 -1 0 - - CR-- 1/1/0/0/0 0/0 "<BADREQ>"',
      ],
      "line, kind, method, route, status, duration_ms, event, attrs->>'captured_request_headers' AS headers",
    );
    expect(r).toMatchObject({ records: 3, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, kind: 'request', method: 'GET', route: '/v1/models', status: '200', duration_ms: 21, event: 'GET /v1/models HTTP/1.1', headers: 'api.example.com|curl/8.0' },
      { line: 2, kind: 'request', method: 'GET', route: '/v1/stream', status: '200', duration_ms: 6, event: 'GET /v1/stream HTTP/1.1', headers: null },
      // No request line and no status: no request, its 40 ms kept.
      { line: 3, kind: 'other', method: null, route: null, status: null, duration_ms: 40, event: '<BADREQ>', headers: null },
    ]);
  });
});
