// Web frameworks that log a request as two records (Rails' Started/Completed, Phoenix's GET/Sent) and
// ASP.NET Core's hosting lines: the request is counted once, with its method, route, status and
// duration (src/ingest/formats/request-pairs.ts). Rails' log is real output of Rails 6.1
// (test/fixtures/loggers/rails-production.log, test/fixtures/gen/more_loggers/rails_app.rb); Phoenix's
// and ASP.NET Core's lines are written as Plug.Logger and HostingRequest{Starting,Finished}Log write
// them, which cannot run here. Every value is counted by hand from the lines.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountedLogReader, checkResults } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));
const read = accountedLogReader(LOGGERS, 'logmeter-request-pairs-');
const COLUMNS = 'line, kind, method, route, status, duration_ms, ok';

/** A record of COLUMNS that is no request. */
const other = (line: number) => ({ line, kind: 'other', method: null, route: null, status: null, duration_ms: null, ok: true });

describe("Rails' production log (real output of Rails 6.1)", () => {
  it('counts each request once, on its Completed line, with the method and route of its Started line', async () => {
    const r = await read('rails-production.log', COLUMNS);
    // 27 lines: 16 records, the 3 lines of the exception continuing the last, 8 blank lines Rails writes after each request.
    expect(r).toMatchObject({ format: 'text', lines: 27, records: 16, continuation: 3, rejects: 8 });
    const requests = r.rows.filter((row) => row.kind === 'request');
    expect(requests).toEqual([
      { line: 3, kind: 'request', method: 'GET', route: '/api/orders', status: '200', duration_ms: 13, ok: true },
      // `/api/orders/7` and `/api/orders/404`: one route.
      { line: 9, kind: 'request', method: 'GET', route: '/api/orders/{id}', status: '200', duration_ms: 3, ok: true },
      { line: 15, kind: 'request', method: 'GET', route: '/api/orders/{id}', status: '404', duration_ms: 3, ok: true },
      { line: 21, kind: 'request', method: 'POST', route: '/api/chat', status: '500', duration_ms: 2000, ok: false },
    ]);
    // The Started lines name their request but are not one.
    expect(r.rows.filter((row) => [1, 6, 12, 18].includes(row.line as number)).map((row) => [row.kind, row.method, row.status])).toEqual([
      ['other', 'GET', null],
      ['other', 'GET', null],
      ['other', 'GET', null],
      ['other', 'POST', null],
    ]);
  });

  it('reads the exception DebugExceptions logs for the 500: its tags off every line, the error and its frame', async () => {
    const r = await read('rails-production.log', "line, level, event, error, attrs->>'exc_info' AS exc_info, attrs->>'request_id' AS request_id");
    expect(r.rows.at(-1)).toEqual({
      line: 24,
      level: 'fatal',
      event: 'RuntimeError (upstream model timeout)',
      error: 'RuntimeError (upstream model timeout)',
      exc_info: "RuntimeError (upstream model timeout)\nrails_app.rb:43:in `chat'",
      request_id: '0b0e5d1a-0000-4000-8000-000000000004',
    });
  });

  it('gates on the requests: p95 of 3, 3, 13, 2000 ms is 13 + 0.85 × 1987; one of four failed', async () => {
    const r = await checkResults([
      '--assert', "p95(duration_ms) < 1000 where kind = 'request'",
      '--assert', "error_rate < 0.2 where kind = 'request'",
      '--assert', "count < 5 where kind = 'request'",
      join(LOGGERS, 'rails-production.log'),
    ]);
    expect(r.code).toBe(1);
    expect(r.results.map((result) => [result.observed, result.samples, result.status])).toEqual([
      [expect.closeTo(13 + 0.85 * 1987, 9), 4, 'fail'],
      [0.25, 4, 'fail'],
      [4, 4, 'pass'],
    ]);
  });
});

describe('pairing without a request id', () => {
  const started = (second: number, path: string) => `I, [2026-03-02T10:00:0${second}.000000 #7]  INFO -- : Started GET "${path}" for 127.0.0.1 at 2026-03-02 10:00:0${second} +0000`;
  const completed = (second: number, status: string, ms: number) => `I, [2026-03-02T10:00:0${second}.500000 #7]  INFO -- : Completed ${status} in ${ms}ms (Allocations: 10)`;

  it("pairs one process's requests while they do not overlap, and none of those that do", async () => {
    const r = await read(
      [
        started(1, '/a'),
        completed(1, '200 OK', 5),
        // Two requests open at once (a threaded server): which Completed is whose cannot be told.
        started(2, '/b'),
        started(3, '/c'),
        completed(3, '200 OK', 7),
        completed(4, '404 Not Found', 9),
        // And then one at a time again.
        started(5, '/d'),
        completed(5, '201 Created', 11),
      ],
      COLUMNS,
    );
    expect(r.rows.filter((row) => row.status !== null).map((row) => [row.line, row.kind, row.method, row.route, row.status, row.duration_ms])).toEqual([
      [2, 'request', 'GET', '/a', '200', 5],
      [5, 'other', null, null, '200', 7],
      [6, 'other', null, null, '404', 9],
      [8, 'request', 'GET', '/d', '201', 11],
    ]);
  });

  it('pairs by request id however the requests interleave', async () => {
    const tag = (n: number) => `[00000000-0000-4000-8000-00000000000${n}]`;
    const line = (n: number, text: string) => `I, [2026-03-02T10:00:00.000000 #7]  INFO -- : ${tag(n)} ${text}`;
    const r = await read(
      [
        line(1, 'Started GET "/a" for 127.0.0.1 at 2026-03-02 10:00:00 +0000'),
        line(2, 'Started POST "/b" for 127.0.0.1 at 2026-03-02 10:00:00 +0000'),
        line(2, 'Completed 500 Internal Server Error in 30ms (Allocations: 10)'),
        line(1, 'Completed 200 OK in 40ms (Allocations: 10)'),
        // An end whose start is not in the log: no request.
        line(3, 'Completed 200 OK in 1ms (Allocations: 10)'),
      ],
      COLUMNS,
    );
    expect(r.rows.filter((row) => row.status !== null)).toEqual([
      { line: 3, kind: 'request', method: 'POST', route: '/b', status: '500', duration_ms: 30, ok: false },
      { line: 4, kind: 'request', method: 'GET', route: '/a', status: '200', duration_ms: 40, ok: true },
      { line: 5, kind: 'other', method: null, route: null, status: '200', duration_ms: 1, ok: true },
    ]);
  });
});

describe("Phoenix's request lines (Plug.Logger, Elixir's Logger)", () => {
  it('pairs `GET /path` and `Sent 200 in 2ms` by request_id; under a millisecond it writes µs', async () => {
    const r = await read(
      [
        '10:00:00.100 request_id=Fa1 [info] GET /api/orders',
        '10:00:00.101 request_id=Fb2 [info] POST /api/chat',
        '10:00:00.102 request_id=Fa1 [info] Sent 200 in 812µs',
        '10:00:02.600 request_id=Fb2 [info] Chunked 200 in 2498ms',
        '10:00:03.000 request_id=Fc3 [info] GET /health',
        '10:00:03.001 request_id=Fc3 [error] Sent 500 in 5ms',
      ],
      COLUMNS,
    );
    expect(r).toMatchObject({ lines: 6, records: 6, rejects: 0 });
    expect(r.rows).toEqual([
      { ...other(1), method: 'GET', route: '/api/orders' },
      { ...other(2), method: 'POST', route: '/api/chat' },
      { line: 3, kind: 'request', method: 'GET', route: '/api/orders', status: '200', duration_ms: 0.812, ok: true },
      { line: 4, kind: 'request', method: 'POST', route: '/api/chat', status: '200', duration_ms: 2498, ok: true },
      { ...other(5), method: 'GET', route: '/health' },
      { line: 6, kind: 'request', method: 'GET', route: '/health', status: '500', duration_ms: 5, ok: false },
    ]);
  });
});

describe("ASP.NET Core's hosting lines (.NET's console logger)", () => {
  it('reads `Request finished` as the request: method, route, status, length and duration; `Request starting` names it only', async () => {
    const r = await read(
      [
        'info: Microsoft.AspNetCore.Hosting.Diagnostics[1]',
        '      Request starting HTTP/1.1 GET http://localhost:5000/api/orders?page=2 - - -',
        'info: Microsoft.AspNetCore.Hosting.Diagnostics[2]',
        '      Request finished HTTP/1.1 GET http://localhost:5000/api/orders?page=2 - 200 1234 application/json;_charset=utf-8 12.3456ms',
        'info: Microsoft.AspNetCore.Hosting.Diagnostics[2]',
        '      Request finished HTTP/2 POST https://api.example.com/v1/chat - 502 - - 2500.0000ms',
        // .NET 5 and before: no method or URL on the finished line.
        'info: Microsoft.AspNetCore.Hosting.Diagnostics[2]',
        '      Request finished in 7.5ms 204',
      ],
      `${COLUMNS}, bytes, attrs->>'content_type' AS content_type`,
    );
    expect(r).toMatchObject({ lines: 8, records: 4, continuation: 4, rejects: 0 });
    expect(r.rows).toEqual([
      { ...other(1), method: 'GET', route: '/api/orders', bytes: null, content_type: null },
      { line: 3, kind: 'request', method: 'GET', route: '/api/orders', status: '200', duration_ms: 12.3456, ok: true, bytes: 1234, content_type: 'application/json;_charset=utf-8' },
      { line: 5, kind: 'request', method: 'POST', route: '/v1/chat', status: '502', duration_ms: 2500, ok: false, bytes: null, content_type: null },
      { line: 7, kind: 'other', method: null, route: null, status: '204', duration_ms: 7.5, ok: true, bytes: null, content_type: null },
    ]);
  });
});
