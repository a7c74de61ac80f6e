// The request logs of Gin and chi, Go's most used web frameworks, as real output of their default
// loggers and recoverers (test/fixtures/loggers/{gin,chi}-default.log from test/fixtures/gen/go_web.sh).
// Every value is read by hand from those files.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goDurationMs } from '../../../src/ingest/formats/go-web-access.js';
import { accountedLogReader, checkResults } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));
const read = accountedLogReader(LOGGERS, 'logmeter-go-web-');
const COLUMNS = 'line, ts, level, kind, method, route, status, duration_ms, ok, event, error';

const request = (line: number, ts: string, method: string, route: string, status: string, duration_ms: number, event: string) => ({
  line, ts, level: null, kind: 'request', method, route, status, duration_ms: expect.closeTo(duration_ms, 9), ok: !status.startsWith('5'), event, error: null,
});

describe("Go's time.Duration as its String() writes it", () => {
  it('reads every unit and their sums, in milliseconds', () => {
    expect(goDurationMs('28.784551ms')).toBeCloseTo(28.784551, 9);
    expect(goDurationMs('16.795µs')).toBeCloseTo(0.016795, 12);
    expect(goDurationMs('100ns')).toBeCloseTo(0.0001, 12);
    expect(goDurationMs('1m2.5s')).toBe(62_500);
    expect(goDurationMs('2h0m0s')).toBe(7_200_000);
    expect(goDurationMs('0s')).toBe(0);
    expect(goDurationMs('12 ms')).toBeUndefined();
    expect(goDurationMs('fast')).toBeUndefined();
  });
});

describe("Gin's default logger (debug mode) and Recovery()", () => {
  it('reads 37 lines: 12 records, 19 continuing them, 6 blank', async () => {
    const r = await read('gin-default.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: '[GIN] YYYY/MM/DD - HH:MM:SS | STATUS | LATENCY | CLIENT | METHOD "PATH"   (Gin)', lines: 37, records: 12, continuation: 19, rejects: 6 });
    const debug = (line: number, event: string) => ({ line, ts: null, level: 'debug', kind: 'other', method: null, route: null, status: null, duration_ms: null, ok: true, event, error: null });
    expect(r.rows).toEqual([
      // The [GIN-debug] lines carry no time; the warning's two `- using ...` lines continue it.
      { ...debug(1, 'Running in "debug" mode. Switch to "release" mode in production.'), level: 'warn' },
      debug(5, 'GET    /api/orders               --> main.ginServer.func1 (3 handlers)'),
      debug(6, 'GET    /api/orders/:id           --> main.ginServer.func2 (3 handlers)'),
      debug(7, 'POST   /api/chat                 --> main.ginServer.func3 (3 handlers)'),
      debug(8, 'GET    /api/report               --> main.ginServer.func4 (3 handlers)'),
      request(9, '2026-11-25T03:18:56.000Z', 'GET', '/api/orders', '200', 15.131869, 'GET /api/orders'),
      request(10, '2026-11-25T03:18:56.000Z', 'GET', '/api/orders/{id}', '200', 0.017076, 'GET /api/orders/42'),
      request(11, '2026-11-25T03:18:56.000Z', 'GET', '/missing', '404', 0.00013, 'GET /missing'),
      request(12, '2026-11-25T03:18:57.000Z', 'POST', '/api/chat', '500', 315.441207, 'POST /api/chat'),
      // The path with its query: the route without it.
      request(13, '2026-11-25T03:18:57.000Z', 'POST', '/api/chat', '500', 307.59234, 'POST /api/chat?model=gpt-4o&stream=false'),
      // The panic, through Go's log (its time first, in red): the request's headers, the value, the stack.
      { line: 16, ts: '2026-11-25T03:18:57.000Z', level: 'error', kind: 'other', method: 'GET', route: '/api/report', status: null, duration_ms: null, ok: false, event: 'panic recovered', error: 'nil model client' },
      request(37, '2026-11-25T03:18:57.000Z', 'GET', '/api/report', '500', 0.172807, 'GET /api/report'),
    ]);
  });

  it("keeps the panic's stack, and the client's address", async () => {
    const r = await read('gin-default.log', "line, attrs->>'exc_info' AS exc_info, attrs->>'client_ip' AS client_ip");
    const panic = r.rows.find((row) => row.line === 16);
    expect(String(panic?.exc_info).split('\n').slice(0, 3)).toEqual(['nil model client', './main.go:40 (0x7912e6)', '\tginServer.func4: r.GET("/api/report", func(c *gin.Context) { panic("nil model client") })']);
    expect(String(panic?.exc_info).split('\n')).toHaveLength(1 + 12);
    expect(r.rows.filter((row) => row.client_ip === '127.0.0.1').map((row) => row.line)).toEqual([9, 10, 11, 12, 13, 37]);
  });

  it('gates on the p95 of its six requests, by hand: 0.00013, 0.017076, 0.172807, 15.131869, 307.59234, 315.441207 ms', async () => {
    const r = await checkResults(['--assert', "p95(duration_ms) < 300 where kind = 'request'", '--assert', "error_rate < 0.25 where kind = 'request'", join(LOGGERS, 'gin-default.log')]);
    expect(r.code).toBe(1);
    // p95 of six: position 0.95 × 5 = 4.75, between the fifth and the sixth.
    expect(r.results.map((result) => [result.observed, result.samples])).toEqual([
      [expect.closeTo(307.59234 + 0.75 * (315.441207 - 307.59234), 9), 6],
      [0.5, 6],
    ]);
  });
});

describe("chi's middleware.Logger behind RequestID, and its Recoverer", () => {
  it('reads 39 lines: 7 records, 28 continuing them, 4 blank', async () => {
    const r = await read('chi-default.log', `${COLUMNS}, bytes, attrs->>'request_id' AS request_id`);
    expect(r).toMatchObject({ format: 'text', lines: 39, records: 7, continuation: 28, rejects: 4 });
    const chi = (line: number, method: string, route: string, status: string, ms: number, event: string, bytes: number) => ({
      ...request(line, `2026-11-25T03:18:${line < 5 ? 57 : 58}.000Z`, method, route, status, ms, event), bytes, request_id: `vm/lp2R6qceO2-00000${line === 39 ? 6 : line}`,
    });
    expect(r.rows).toEqual([
      chi(1, 'GET', '/api/orders', '200', 21.013572, 'GET /api/orders', 3),
      chi(2, 'GET', '/api/orders/{id}', '200', 0.005248, 'GET /api/orders/42', 2),
      chi(3, 'GET', '/missing', '404', 0.003616, 'GET /missing', 19),
      chi(4, 'POST', '/api/chat', '500', 306.969762, 'POST /api/chat', 23),
      chi(5, 'POST', '/api/chat', '500', 300.489737, 'POST /api/chat?model=gpt-4o&stream=false', 23),
      // PrintPrettyStack's ` panic: VALUE` and the stack under it: one error record, not the message of the request above.
      { line: 7, ts: null, level: 'error', kind: 'other', method: null, route: null, status: null, duration_ms: null, ok: false, event: 'panic', error: 'nil model client', bytes: null, request_id: null },
      chi(39, 'GET', '/api/report', '500', 0.16755, 'GET /api/report', 0),
    ]);
  });
});
