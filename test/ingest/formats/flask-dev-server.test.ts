// `flask run`'s output as a whole (real output of Flask and Werkzeug 2.2, test/fixtures/loggers/
// flask-dev-server.log from test/fixtures/gen/flask_dev_server.py): its banner, Werkzeug's request
// lines (the common log format with a time of its own, `[25/Nov/2026 03:24:05]`) and Flask's error
// record with its traceback. Every value is read by hand from the file.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountedLogReader, checkResults } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));
const read = accountedLogReader(LOGGERS, 'logmeter-flask-');

describe("Flask's development server (`flask run`)", () => {
  it('reads every line: the banner, five requests and the error with its traceback, no rejects', async () => {
    const r = await read('flask-dev-server.log', 'line, ts, level, kind, method, route, status, ok, error, event');
    // 27 lines: 5 banner lines, 5 requests, the error record and the 16 lines of its traceback.
    expect(r).toMatchObject({ format: 'text', lines: 27, records: 11, continuation: 16, rejects: 0 });
    const banner = (line: number, level: string, event: string) => ({ line, ts: null, level, kind: 'other', method: null, route: null, status: null, ok: true, error: null, event });
    const request = (line: number, method: string, route: string, status: string, event: string) => ({
      line, ts: '2026-11-25T03:24:05.000Z', level: null, kind: 'request', method, route, status, ok: status !== '500', error: null, event,
    });
    expect(r.rows).toEqual([
      banner(1, 'info', "Serving Flask app 'app'"),
      banner(2, 'info', 'Debug mode: off'),
      banner(3, 'warn', 'WARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.'),
      banner(4, 'info', 'Running on http://127.0.0.1:59813'),
      banner(5, 'info', 'Press CTRL+C to quit'),
      request(6, 'GET', '/api/orders', '200', 'GET /api/orders HTTP/1.1'),
      request(7, 'GET', '/api/orders/{id}', '200', 'GET /api/orders/7 HTTP/1.1'),
      request(8, 'GET', '/api/orders/{id}', '404', 'GET /api/orders/404 HTTP/1.1'),
      request(9, 'GET', '/missing', '404', 'GET /missing HTTP/1.1'),
      // Flask's default handler: `[%(asctime)s] %(levelname)s in %(module)s: %(message)s`; the traceback
      // ends where Werkzeug's next request line starts, so its last line is the error.
      { line: 10, ts: '2026-11-25T03:24:05.485Z', level: 'error', kind: 'other', method: null, route: null, status: null, ok: false, error: 'RuntimeError: upstream model timeout', event: 'Exception on /api/chat [POST]' },
      request(27, 'POST', '/api/chat', '500', 'POST /api/chat HTTP/1.1'),
    ]);
  });

  it('gives the request counts a user checks: 5 requests, 1 of them a 5xx', async () => {
    const r = await checkResults(['--assert', "count < 5 where kind = 'request'", '--assert', "error_rate < 0.1 where kind = 'request'", join(LOGGERS, 'flask-dev-server.log')]);
    expect(r.code).toBe(1);
    expect(r.results.map((result) => [result.observed, result.samples])).toEqual([
      [5, 5],
      [0.2, 5],
    ]);
  });

  it('leaves a line that merely opens with ` * ` to the record above it', async () => {
    const r = await read(['[2026-11-25 03:24:05,485] INFO in app: choices:', ' * first', ' * second'], 'line, event');
    expect(r).toMatchObject({ records: 1, continuation: 2, rejects: 0 });
  });
});
