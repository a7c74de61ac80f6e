// The common and combined access-log formats: real nginx 1.22 output of the same six requests in
// its built-in `combined` format, the official Docker image's `main`, the `upstream_time` format of
// nginx's blog and the common log format (test/fixtures/loggers/nginx-access-*.log, from
// test/fixtures/gen/nginx_access.sh), and lines written as Apache and gunicorn write them. Every
// value below is counted by hand from those lines.

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { accountedLogReader } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));

const read = accountedLogReader(LOGGERS, 'logmeter-nginx-access-');

const LAYOUT = '%(remoteAddr)s %(ident)s %(remoteUser)s [%(clftime)s] %(message)s';
const COLUMNS = 'line, ts, event, method, route, status, duration_ms, ok, kind, bytes';
const ATTRS =
  "line, attrs->>'protocol' AS protocol, attrs->>'body_bytes_sent' AS size, attrs->>'http_referer' AS referer, attrs->>'http_user_agent' AS agent, attrs->>'http_x_forwarded_for' AS xff, attrs->>'request_time' AS request_time, attrs->>'upstream_response_time' AS upstream_time";

const TS = '2026-03-02T10:00:01.000Z';
// The six requests of nginx_access.sh, the same in every format but for the times of upstream_time.
const REQUESTS = [
  { line: 1, ts: TS, event: 'GET /api/orders/42?expand=items HTTP/1.1', method: 'GET', route: '/api/orders/{id}', status: '200', ok: true, kind: 'request', bytes: null },
  // The LLM call nginx proxied to an upstream that took 0.3 s.
  { line: 2, ts: TS, event: 'POST /v1/chat/completions HTTP/1.1', method: 'POST', route: '/v1/chat/completions', status: '200', ok: true, kind: 'request', bytes: null },
  { line: 3, ts: TS, event: 'GET /api/orders/43 HTTP/1.1', method: 'GET', route: '/api/orders/{id}', status: '404', ok: true, kind: 'request', bytes: null },
  // The upstream refused the connection: 502, a failure.
  { line: 4, ts: TS, event: 'POST /down/v1/embeddings HTTP/1.1', method: 'POST', route: '/down/v1/embeddings', status: '502', ok: false, kind: 'request', bytes: null },
  { line: 5, ts: TS, event: 'HEAD /api/orders/42 HTTP/1.1', method: 'HEAD', route: '/api/orders/{id}', status: '200', ok: true, kind: 'request', bytes: null },
  // Not HTTP: nginx answers 400 and logs the bytes it got as the request. No method, so no request.
  { line: 6, ts: TS, event: 'GARBAGE', method: null, route: null, status: '400', ok: true, kind: 'other', bytes: null },
];
const SIZES = ['10', '70', '153', '157', '0', '157'];
const AGENTS = ['curl/7.88.1', 'python-httpx/0.27.0', 'curl/7.88.1', 'python-httpx/0.27.0', 'Mozilla/5.0 "quoted" agent', null];

describe("nginx's access log", () => {
  it('combined (nginx\'s built-in format): the request line is the event; method, route, status; no duration logged', async () => {
    const r = await read('nginx-access-combined.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: LAYOUT, lines: 6, records: 6, continuation: 0, rejects: 0 });
    expect(r.rows).toEqual(REQUESTS.map((q) => ({ ...q, duration_ms: null })));
  });

  it('combined: protocol, body size, referrer and user agent in attrs by nginx\'s variable names; \\x22 is a quote, `-` no value', async () => {
    const r = await read('nginx-access-combined.log', ATTRS);
    expect(r.rows).toEqual(
      REQUESTS.map((q, i) => ({
        line: q.line,
        protocol: q.method ? 'HTTP/1.1' : null,
        size: SIZES[i],
        referer: i === 0 ? 'https://app.example.com/orders' : null,
        agent: AGENTS[i],
        xff: null,
        request_time: null,
        upstream_time: null,
      })),
    );
  });

  it("the Docker image's `main`: the X-Forwarded-For header too", async () => {
    const r = await read('nginx-access-main.log', `${COLUMNS}, attrs->>'http_x_forwarded_for' AS xff, attrs->>'http_user_agent' AS agent`);
    expect(r).toMatchObject({ layout: LAYOUT, records: 6, rejects: 0 });
    expect(r.rows).toEqual(REQUESTS.map((q, i) => ({ ...q, duration_ms: null, xff: i === 0 ? '203.0.113.7' : null, agent: AGENTS[i] })));
  });

  it('upstream_time (nginx\'s blog): rt is the request time in seconds, so the duration; urt the upstream\'s', async () => {
    const r = await read('nginx-access-upstream-time.log', `${COLUMNS}, attrs->>'request_time' AS rt, attrs->>'upstream_response_time' AS urt, attrs->>'upstream_connect_time' AS uct, json_exists(attrs, '$.rt') AS short_name_left`);
    expect(r).toMatchObject({ layout: LAYOUT, records: 6, rejects: 0 });
    // rt=0.000 ... rt=0.301 (the proxied call) ... rt=0.002 (the 400); urt only where nginx asked an upstream.
    const times = [
      { duration_ms: 0, rt: '0', urt: null, uct: null },
      { duration_ms: 301, rt: '0.301', urt: '0.301', uct: '0' },
      { duration_ms: 0, rt: '0', urt: null, uct: null },
      { duration_ms: 0, rt: '0', urt: '0', uct: null },
      { duration_ms: 0, rt: '0', urt: null, uct: null },
      { duration_ms: 2, rt: '0.002', urt: null, uct: null },
    ];
    expect(r.rows).toEqual(REQUESTS.map((q, i) => ({ ...q, ...times[i], short_name_left: false })));
  });

  it('common (no referrer or agent): the same requests', async () => {
    const r = await read('nginx-access-common.log', `${COLUMNS}, attrs->>'body_bytes_sent' AS size, attrs->>'http_user_agent' AS agent`);
    expect(r).toMatchObject({ layout: LAYOUT, records: 6, rejects: 0 });
    expect(r.rows).toEqual(REQUESTS.map((q, i) => ({ ...q, duration_ms: null, size: SIZES[i], agent: null })));
  });

  it('the request count, the failures and the slowest request, as a user would ask for them', async () => {
    const r = await read('nginx-access-upstream-time.log', COLUMNS);
    const requests = r.rows.filter((row) => row.kind === 'request');
    expect(requests).toHaveLength(5);
    expect(r.rows.filter((row) => row.ok === false).map((row) => row.status)).toEqual(['502']);
    expect(Math.max(...r.rows.map((row) => Number(row.duration_ms)))).toBe(301);
  });
});

describe('common/combined lines as Apache and gunicorn write them', () => {
  it('Apache escapes a quote as \\", a user agent may hold `a=b` (not a pair), a `-` size is none', async () => {
    const r = await read(
      [
        '10.0.0.5 - alice [02/Mar/2026:11:00:00 +0100] "GET /index.html HTTP/1.1" 200 2326 "http://example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav) \\"x\\" id=7"',
        '10.0.0.5 - - [02/Mar/2026:11:00:01 +0100] "POST /api/v1/chat HTTP/2.0" 503 - "-" "-"',
        // A TLS handshake sent to a plain HTTP port: nginx writes its bytes escaped, and they stay so.
        '10.0.0.6 - - [02/Mar/2026:11:00:02 +0100] "\\x16\\x03\\x01\\x00\\xCA" 400 157 "-" "-"',
      ],
      `${COLUMNS}, attrs->>'http_user_agent' AS agent, attrs->>'body_bytes_sent' AS size, attrs->>'remote_user' AS remote_user, json_exists(attrs, '$.id') AS pair_from_agent`,
    );
    expect(r).toMatchObject({ layout: LAYOUT, lines: 3, records: 3, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.000Z', event: 'GET /index.html HTTP/1.1', method: 'GET', route: '/index.html', status: '200', duration_ms: null, ok: true, kind: 'request', bytes: null, agent: 'Mozilla/4.08 [en] (Win98; I ;Nav) "x" id=7', size: '2326', remote_user: 'alice', pair_from_agent: false },
      { line: 2, ts: '2026-03-02T10:00:01.000Z', event: 'POST /api/v1/chat HTTP/2.0', method: 'POST', route: '/api/v1/chat', status: '503', duration_ms: null, ok: false, kind: 'request', bytes: null, agent: null, size: null, remote_user: '-', pair_from_agent: false },
      { line: 3, ts: '2026-03-02T10:00:02.000Z', event: '\\x16\\x03\\x01\\x00\\xCA', method: null, route: null, status: '400', duration_ms: null, ok: true, kind: 'other', bytes: null, agent: null, size: '157', remote_user: '-', pair_from_agent: false },
    ]);
  });

  it('a custom format that moves the fields is read as any message: the request line still gives the request', async () => {
    const r = await read(['10.0.0.5 - - [02/Mar/2026:11:00:00 +0000] api.local "GET /health HTTP/1.1" 204 0 0.004'], `${COLUMNS}, attrs->>'status_code' AS status_code`);
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T11:00:00.000Z', event: 'api.local "GET /health HTTP/1.1" 204 0 0.004', method: 'GET', route: '/health', status: '204', duration_ms: null, ok: true, kind: 'request', bytes: null, status_code: '204' },
    ]);
  });

  it("Traefik's access log (its default, written as its documentation lays it out): the count, router, server and duration after the combined fields", async () => {
    const r = await read(
      [
        '10.0.0.1 - - [25/Nov/2026:10:00:00 +0000] "GET /api/orders HTTP/1.1" 200 12 "-" "curl/7.88.1" 1 "api@docker" "http://10.0.0.2:80" 3ms',
        '10.0.0.1 - - [25/Nov/2026:10:00:01 +0000] "POST /api/chat HTTP/1.1" 502 0 "-" "curl/7.88.1" 2 "api@docker" "http://10.0.0.2:80" 1500ms',
        // No router matched: Traefik answers 404 itself, router and server `-`.
        '10.0.0.1 - - [25/Nov/2026:10:00:02 +0000] "GET /nope HTTP/1.1" 404 19 "-" "curl/7.88.1" 3 "-" "-" 0ms',
      ],
      `${COLUMNS}, attrs->>'request_count' AS count, attrs->>'router_name' AS router, attrs->>'service_url' AS server`,
    );
    expect(r).toMatchObject({ layout: LAYOUT, lines: 3, records: 3, rejects: 0 });
    const request = (line: number, event: string, method: string, route: string, status: string, duration_ms: number, count: string, router: string | null, server: string | null) => ({
      line, ts: `2026-11-25T10:00:0${line - 1}.000Z`, event, method, route, status, duration_ms, ok: !status.startsWith('5'), kind: 'request', bytes: null, count, router, server,
    });
    expect(r.rows).toEqual([
      request(1, 'GET /api/orders HTTP/1.1', 'GET', '/api/orders', '200', 3, '1', 'api@docker', 'http://10.0.0.2:80'),
      request(2, 'POST /api/chat HTTP/1.1', 'POST', '/api/chat', '502', 1500, '2', 'api@docker', 'http://10.0.0.2:80'),
      request(3, 'GET /nope HTTP/1.1', 'GET', '/nope', '404', 0, '3', null, null),
    ]);
  });
});
