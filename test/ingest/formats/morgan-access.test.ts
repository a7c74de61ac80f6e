// morgan's access lines (the Express request logger) in its three formats without a time: real
// output of morgan 1.12 (test/fixtures/loggers/morgan-*.log, from test/fixtures/gen/morgan.mjs: the
// same five requests through tiny, short and dev), and lines written as morgan/index.js formats
// them. Every value below is read by hand off those lines.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountedLogReader, checkResults } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));

const read = accountedLogReader(LOGGERS, 'logmeter-morgan-');

const COLUMNS = "line, ts, event, method, route, status, duration_ms, ok, kind, attrs->>'content_length' AS length";

// The five requests of morgan.mjs: an order, an LLM call of 0.3 s, a missing page, a 502, a redirect.
const REQUESTS = [
  { line: 1, ts: null, event: 'GET /api/orders/42?expand=items', method: 'GET', route: '/api/orders/{id}', status: '200', duration_ms: 0.185, ok: true, kind: 'request', length: '9' },
  { line: 2, ts: null, event: 'POST /v1/chat/completions', method: 'POST', route: '/v1/chat/completions', status: '200', duration_ms: 300.273, ok: true, kind: 'request', length: '30' },
  { line: 3, ts: null, event: 'GET /api/orders/43', method: 'GET', route: '/api/orders/{id}', status: '404', duration_ms: 0.024, ok: true, kind: 'request', length: '9' },
  { line: 4, ts: null, event: 'POST /v1/embeddings', method: 'POST', route: '/v1/embeddings', status: '502', duration_ms: 0.022, ok: false, kind: 'request', length: '11' },
  // A redirect with an empty body: morgan writes its length as `-`.
  { line: 5, ts: null, event: 'GET /old', method: 'GET', route: '/old', status: '301', duration_ms: 0.029, ok: true, kind: 'request', length: null },
];

describe("morgan's access lines", () => {
  it('tiny: method, route, status, length and response time; no time, so ts is empty', async () => {
    const r = await read('morgan-tiny.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: 'METHOD URL STATUS LENGTH - TIME ms   (morgan tiny)', lines: 5, records: 5, continuation: 0, rejects: 0 });
    expect(r.rows).toEqual(REQUESTS);
  });

  it('short: the remote address and the protocol too; the event names the protocol as the line does', async () => {
    const r = await read('morgan-short.log', `${COLUMNS}, attrs->>'remote_addr' AS remote, attrs->>'protocol' AS protocol`);
    expect(r).toMatchObject({ layout: 'REMOTE USER METHOD URL HTTP/VERSION STATUS LENGTH - TIME ms   (morgan short)', records: 5, rejects: 0 });
    expect(r.rows).toEqual(REQUESTS.map((q) => ({ ...q, event: `${q.event} HTTP/1.1`, remote: '127.0.0.1', protocol: 'HTTP/1.1' })));
  });

  it("dev: the colour codes around the status are not part of it; the time before the length", async () => {
    const r = await read('morgan-dev.log', COLUMNS);
    expect(r).toMatchObject({ layout: 'METHOD URL STATUS TIME ms - LENGTH   (morgan dev)', records: 5, rejects: 0 });
    expect(r.rows).toEqual(REQUESTS);
  });

  it('a response never sent (status, length and time `-`), and the app\'s own lines among the requests', async () => {
    const r = await read(
      [
        'GET /stream 200 - - 12.500 ms',
        'GET /hung - - - - ms',
        'Error: upstream timeout',
        '    at Timeout._onTimeout (/srv/app/llm.js:42:11)',
        'POST /v1/chat/completions 504 54 - 30001.002 ms',
      ],
      `${COLUMNS}, message`,
    );
    // The stack the app printed continues the record before it.
    expect(r).toMatchObject({ lines: 5, records: 3, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: null, event: 'GET /stream', method: 'GET', route: '/stream', status: '200', duration_ms: 12.5, ok: true, kind: 'request', length: null, message: null },
      // No status and no time: nothing says a request was served, so it is not counted as one.
      { line: 2, ts: null, event: 'GET /hung', method: 'GET', route: '/hung', status: null, duration_ms: null, ok: true, kind: 'other', length: null, message: 'Error: upstream timeout\n    at Timeout._onTimeout (/srv/app/llm.js:42:11)' },
      { line: 5, ts: null, event: 'POST /v1/chat/completions', method: 'POST', route: '/v1/chat/completions', status: '504', duration_ms: 30001.002, ok: false, kind: 'request', length: '54', message: null },
    ]);
  });

  it('check gates on their p95 and error rate, by hand: p95 of 0.022, 0.024, 0.029, 0.185, 300.273 is 0.185 + 0.8 × 300.088', async () => {
    const r = await checkResults(['--assert', "p95(duration_ms) < 100 where kind = 'request'", '--assert', 'error_rate < 0.1', join(LOGGERS, 'morgan-tiny.log')]);
    expect(r.code).toBe(1);
    expect(r.results.map((result) => [result.observed, result.samples])).toEqual([
      [expect.closeTo(0.185 + 0.8 * (300.273 - 0.185), 9), 5],
      [0.2, 5],
    ]);
  });
});
