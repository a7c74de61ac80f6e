// Rust services' text logs: tracing-subscriber's `fmt` layer (Full, its default, and Compact, with
// the thread, target, file and time options) and env_logger's default format, as real output of
// both (test/fixtures/loggers/rust-*.log, test/fixtures/gen/rust_loggers.sh) and as lines written
// the way their sources format them. Every value below is counted by hand from those files.

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readSpanContext } from '../../../src/ingest/formats/tracing-spans.js';
import { accountedLogReader } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));

const read = accountedLogReader(LOGGERS, 'logmeter-rust-loggers-');

const TRACING_LAYOUT = 'TIME LEVEL [THREAD] [SPAN{FIELDS}:...] TARGET: MESSAGE   (tracing-subscriber)';
const ENV_LOGGER_LAYOUT = '[TIME LEVEL TARGET] MESSAGE   (env_logger)';

const COLUMNS = "line, ts, level, service, event, route, method, status, duration_ms, ok, error, attrs->>'spans' AS spans, attrs->>'id' AS id";

// The eight events of rust_loggers/src/main.rs, 0.25 s apart from 10:00:00 UTC, as Full reads them.
const TRACING_EVENTS = [
  { line: 1, ts: '2026-03-02T10:00:00.000Z', level: 'info', service: 'my_crate::server', event: 'started', route: null, method: null, status: null, duration_ms: null, ok: true, error: null, spans: null, id: null },
  // request{method=GET uri=/users/42}:handler{id=7}: the route and method are the request span's; elapsed=1.2s is 1200 ms.
  { line: 2, ts: '2026-03-02T10:00:00.250Z', level: 'warn', service: 'my_crate::http', event: 'slow request', route: '/users/{id}', method: 'GET', status: null, duration_ms: 1200, ok: true, error: null, spans: 'request:handler', id: '7' },
  { line: 3, ts: '2026-03-02T10:00:00.500Z', level: 'info', service: 'my_crate::http', event: 'request done', route: '/users/{id}', method: 'GET', status: '200', duration_ms: null, ok: true, error: null, spans: 'request:handler', id: '7' },
  { line: 4, ts: '2026-03-02T10:00:00.750Z', level: 'info', service: 'my_crate::http', event: 'matched', route: null, method: null, status: null, duration_ms: null, ok: true, error: null, spans: 'route', id: null },
  { line: 5, ts: '2026-03-02T10:00:01.000Z', level: 'info', service: 'my_crate::http', event: 'order placed', route: null, method: null, status: null, duration_ms: null, ok: true, error: null, spans: 'handle_order', id: null },
  // An event with fields and no message: the pairs are all there is.
  { line: 6, ts: '2026-03-02T10:00:01.250Z', level: 'debug', service: 'my_crate::db', event: 'cache_hits=3', route: null, method: null, status: null, duration_ms: null, ok: true, error: null, spans: null, id: null },
  // A message of three lines, its field after the last: lines 8 and 9 continue it.
  { line: 7, ts: '2026-03-02T10:00:01.500Z', level: 'error', service: 'my_crate::db', event: 'query failed:\nSELECT id\nFROM users', route: null, method: null, status: null, duration_ms: null, ok: false, error: 'connection refused', spans: null, id: null },
  // From the thread worker-1, in the crate's root module: the target has no `::`.
  { line: 10, ts: '2026-03-02T10:00:01.750Z', level: 'info', service: 'my_crate', event: 'batch finished', route: null, method: null, status: null, duration_ms: null, ok: true, error: null, spans: null, id: null },
];

describe("tracing-subscriber's fmt layer", () => {
  it('Full, its default: the target is the logger, the span fields are the record\'s, the span names kept', async () => {
    const r = await read('rust-tracing-full.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: TRACING_LAYOUT, lines: 10, records: 8, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual(TRACING_EVENTS);
  });

  it('Full: the event keeps the pairs as logged, a quoted value unquoted, a span field holding braces whole', async () => {
    const r = await read('rust-tracing-full.log', "line, message, attrs->>'user' AS user, attrs->>'uri' AS uri, attrs->>'path' AS path, attrs->>'order_id' AS order_id, attrs->>'items' AS items, attrs->>'cache_hits' AS cache_hits");
    expect(r.rows.slice(1, 6)).toEqual([
      { line: 2, message: 'slow request elapsed=1.2s', user: null, uri: '/users/42', path: null, order_id: null, items: null, cache_hits: null },
      { line: 3, message: 'request done status=200 user="ann lee"', user: 'ann lee', uri: '/users/42', path: null, order_id: null, items: null, cache_hits: null },
      { line: 4, message: null, user: null, uri: null, path: '/users/{id}', order_id: null, items: null, cache_hits: null },
      { line: 5, message: 'order placed items=2', user: null, uri: null, path: null, order_id: '9', items: '2', cache_hits: null },
      { line: 6, message: null, user: null, uri: null, path: null, order_id: null, items: null, cache_hits: '3' },
    ]);
    // The message as logged, its three lines and the pair on the last.
    const error = await read('rust-tracing-full.log', 'line, message');
    expect(error.rows[6]).toEqual({ line: 7, message: 'query failed:\nSELECT id\nFROM users error="connection refused"' });
  });

  it('Full in colours (its default, to a file too) reads as without them', async () => {
    const r = await read('rust-tracing-full-ansi.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: TRACING_LAYOUT, lines: 10, records: 8, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual(TRACING_EVENTS);
  });

  it('Compact: span names before the target, span fields after the event\'s, read alike', async () => {
    const r = await read('rust-tracing-compact.log', `${COLUMNS}, attrs->>'order_id' AS order_id, attrs->>'path' AS path`);
    expect(r).toMatchObject({ format: 'text', layout: TRACING_LAYOUT, lines: 10, records: 8, continuation: 2, rejects: 0 });
    expect(r.rows.map(({ order_id: _o, path: _p, ...row }) => row)).toEqual(TRACING_EVENTS);
    // `route: my_crate::http: matched path="/users/{id}"`, `handle_order: ...: order placed items=2 order_id=9`.
    expect(r.rows[3]).toMatchObject({ line: 4, path: '/users/{id}', order_id: null });
    expect(r.rows[4]).toMatchObject({ line: 5, path: null, order_id: '9' });
  });

  it('with_thread_names and with_thread_ids: the thread is kept, out of the event, and is no session', async () => {
    const r = await read('rust-tracing-threads.log', `${COLUMNS}, attrs->>'thread_name' AS thread_name, attrs->>'thread_id' AS thread_id, session_id`);
    expect(r).toMatchObject({ format: 'text', layout: TRACING_LAYOUT, lines: 10, records: 8, continuation: 2, rejects: 0 });
    expect(r.rows.map(({ thread_name: _n, thread_id: _i, session_id: _s, ...row }) => row)).toEqual(TRACING_EVENTS);
    expect(r.rows.map((row) => [row.line, row.thread_name, row.thread_id, row.session_id])).toEqual([
      [1, 'main', 'ThreadId(01)', null],
      [2, 'main', 'ThreadId(01)', null],
      [3, 'main', 'ThreadId(01)', null],
      [4, 'main', 'ThreadId(01)', null],
      [5, 'main', 'ThreadId(01)', null],
      [6, 'main', 'ThreadId(01)', null],
      [7, 'main', 'ThreadId(01)', null],
      [10, 'worker-1', 'ThreadId(02)', null],
    ]);
  });

  it('with_file and with_line_number: the caller', async () => {
    const r = await read('rust-tracing-file-line.log', `${COLUMNS}, attrs->>'caller' AS caller`);
    expect(r).toMatchObject({ format: 'text', layout: TRACING_LAYOUT, lines: 10, records: 8, continuation: 2, rejects: 0 });
    expect(r.rows.map(({ caller: _c, ...row }) => row)).toEqual(TRACING_EVENTS);
    expect(r.rows.map((row) => row.caller)).toEqual(['src/main.rs:11', 'src/main.rs:29', 'src/main.rs:30', 'src/main.rs:35', 'src/main.rs:22', 'src/main.rs:44', 'src/main.rs:45', 'src/main.rs:61']);
  });

  it('with_target(false): the lines with spans still read theirs; the others are `TIME LEVEL message`', async () => {
    const r = await read('rust-tracing-no-target.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', lines: 10, records: 8, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual(
      TRACING_EVENTS.map((row) => ({
        ...row,
        service: null,
        // Read as `TIME LEVEL message`, the message's pairs are those of its first line only.
        ...(row.line === 7 ? { event: 'query failed:', error: null } : {}),
      })),
    );
  });

  it("reads the lines its source writes: the brief's request, a local time, tracing-actix-web's span, Debug values", async () => {
    const r = await read([
      '2026-03-02T10:00:00.123456Z  INFO my_crate::server: started port=8080',
      '2026-03-02T10:00:02.000000Z  WARN request{method=GET uri=/x}:handler{id=7}: my_crate::http: slow request elapsed=1.2s',
      '2026-03-02T11:00:03.000000+01:00 ERROR HTTP request{http.method=POST http.route=/orders otel.kind="server"}: tracing_actix_web::root_span_builder: failed status=500',
      '2026-03-02T10:00:04.000000Z DEBUG job{user=User { id: 1, name: "a}b" } attempt=2}: my_crate::jobs: retrying',
    ], "line, ts, level, service, event, route, method, status, duration_ms, attrs->>'spans' AS spans, attrs->>'id' AS id, attrs->>'attempt' AS attempt");
    expect(r).toMatchObject({ format: 'text', layout: TRACING_LAYOUT, records: 4, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.123Z', level: 'info', service: 'my_crate::server', event: 'started', route: null, method: null, status: null, duration_ms: null, spans: null, id: null, attempt: null },
      { line: 2, ts: '2026-03-02T10:00:02.000Z', level: 'warn', service: 'my_crate::http', event: 'slow request', route: '/x', method: 'GET', status: null, duration_ms: 1200, spans: 'request:handler', id: '7', attempt: null },
      { line: 3, ts: '2026-03-02T10:00:03.000Z', level: 'error', service: 'tracing_actix_web::root_span_builder', event: 'failed', route: '/orders', method: 'POST', status: '500', duration_ms: null, spans: 'HTTP request', id: null, attempt: null },
      // A Debug struct in a span field keeps its braces (and the quoted `}` in it) inside the span.
      { line: 4, ts: '2026-03-02T10:00:04.000Z', level: 'debug', service: 'my_crate::jobs', event: 'retrying', route: null, method: null, status: null, duration_ms: null, spans: 'job', id: null, attempt: '2' },
    ]);
  });

  it('takes `word: ` after a target for the message, and a fieldless span before a module path for a span', async () => {
    const r = await read([
      '2026-03-02T10:00:00.000000Z ERROR my_crate: error: disk full',
      '2026-03-02T10:00:01.000000Z  INFO handle: my_crate::http: done',
      '2026-03-02T10:00:02.000000Z  INFO conn{peer=10.0.0.1:5432}: my_crate: connected',
      '2026-03-02T10:00:03.000000Z  WARN conn{peer=10.0.0.1:5432}: pool exhausted',
    ], "line, service, event, attrs->>'spans' AS spans, attrs->>'peer' AS peer");
    expect(r.rows).toEqual([
      { line: 1, service: 'my_crate', event: 'error: disk full', spans: null, peer: null },
      { line: 2, service: 'my_crate::http', event: 'done', spans: 'handle', peer: null },
      { line: 3, service: 'my_crate', event: 'connected', spans: 'conn', peer: '10.0.0.1:5432' },
      // with_target(false): the spans alone before the message.
      { line: 4, service: null, event: 'pool exhausted', spans: 'conn', peer: '10.0.0.1:5432' },
    ]);
  });
});

describe("env_logger's default format", () => {
  const ENV_EVENTS = [
    { line: 1, ts: '2026-03-02T10:00:00.000Z', level: 'info', service: 'my_crate::server', event: 'started', message: 'started port=8080', route: null, method: null, duration_ms: null, ok: true },
    { line: 2, ts: '2026-03-02T10:00:00.000Z', level: 'warn', service: 'my_crate::http', event: 'slow request', message: 'slow request method=GET uri=/users/42 elapsed=1.2s', route: '/users/{id}', method: 'GET', duration_ms: 1200, ok: true },
    { line: 3, ts: '2026-03-02T10:00:00.000Z', level: 'debug', service: 'my_crate::db', event: 'cache hits: 3', message: null, route: null, method: null, duration_ms: null, ok: true },
    // Its lines after the first indented by four spaces, which are env_logger's, not the message's.
    { line: 4, ts: '2026-03-02T10:00:00.000Z', level: 'error', service: 'my_crate::db', event: 'query failed:\nSELECT id\nFROM users', message: null, route: null, method: null, duration_ms: null, ok: false },
    // A target set by hand (`target: "audit"`).
    { line: 7, ts: '2026-03-02T10:00:01.000Z', level: 'info', service: 'audit', event: 'user login', message: 'user login user=ann', route: null, method: null, duration_ms: null, ok: true },
  ];
  const ENV_COLUMNS = 'line, ts, level, service, event, message, route, method, duration_ms, ok';

  it('as env_logger::init() writes it: time in seconds, level, target, message; a message of three lines one record', async () => {
    const r = await read('rust-env-logger.log', ENV_COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: ENV_LOGGER_LAYOUT, lines: 7, records: 5, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual(ENV_EVENTS);
  });

  it('in colours, as without them', async () => {
    const r = await read('rust-env-logger-ansi.log', ENV_COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: ENV_LOGGER_LAYOUT, lines: 7, records: 5, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual(ENV_EVENTS);
  });

  it('format_timestamp(None): no time; format_timestamp_millis(): the milliseconds', async () => {
    const none = await read('rust-env-logger-no-time.log', ENV_COLUMNS);
    expect(none).toMatchObject({ format: 'text', layout: ENV_LOGGER_LAYOUT, lines: 7, records: 5, continuation: 2, rejects: 0 });
    expect(none.rows).toEqual(ENV_EVENTS.map((row) => ({ ...row, ts: null })));
    const millis = await read('rust-env-logger-millis.log', ENV_COLUMNS);
    expect(millis).toMatchObject({ format: 'text', layout: ENV_LOGGER_LAYOUT, lines: 7, records: 5, continuation: 2, rejects: 0 });
    const times = ['2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.250Z', '2026-03-02T10:00:00.500Z', '2026-03-02T10:00:00.750Z', '2026-03-02T10:00:01.000Z'];
    expect(millis.rows).toEqual(ENV_EVENTS.map((row, i) => ({ ...row, ts: times[i] })));
  });

  it("reads the pairs env_logger 0.11's kv feature writes after a message of several lines", async () => {
    const r = await read([
      '[2026-03-02T10:00:00Z ERROR my_crate::db] query failed:',
      '    SELECT id',
      '    FROM users error=timeout elapsed=3s',
    ], "line, event, error, duration_ms, attrs->>'message' AS message");
    expect(r.rows).toEqual([{ line: 1, event: 'query failed:\nSELECT id\nFROM users', error: 'timeout', duration_ms: 3000, message: 'query failed:\nSELECT id\nFROM users error=timeout elapsed=3s' }]);
  });
});

describe('which format reads Rust and Python lines', () => {
  it('a Python log whose lines also fit tracing\'s layout stays python-text', async () => {
    const r = await read([
      '2026-03-02 10:00:00,123 INFO app.api: request done status=200',
      '2026-03-02 10:00:01,123 WARNING app.api: slow',
    ], 'line, service, event');
    expect(r.format).toBe('python-text');
    expect(r.rows).toEqual([
      { line: 1, service: 'app.api', event: 'request done' },
      { line: 2, service: 'app.api', event: 'slow' },
    ]);
  });

  it("a Python log's `TIME LEVEL name: message` after an RFC 3339 time stays python-text", async () => {
    const r = await read([
      '2026-03-02T10:00:00Z ERROR app: payment failed',
      '2026-03-02T10:00:01Z ERROR app: payment failed again',
      '2026-03-02T10:00:02Z INFO app: retried',
    ], 'line, level, service, event');
    expect(r).toMatchObject({ format: 'python-text', layout: '%(asctime)s %(levelname)s %(name)s: %(message)s', records: 3, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, level: 'error', service: 'app', event: 'payment failed' },
      { line: 2, level: 'error', service: 'app', event: 'payment failed again' },
      { line: 3, level: 'info', service: 'app', event: 'retried' },
    ]);
  });

  it('a line before any record is a no_match reject', async () => {
    const r = await read(['thread panicked before logging', '2026-03-02T10:00:00.000000Z  INFO my_crate::server: started'], 'line, service');
    expect(r).toMatchObject({ format: 'text', lines: 2, records: 1, continuation: 0, rejects: 1 });
  });
});

describe('span context', () => {
  it('names each span and reads its fields, outermost first', () => {
    expect(readSpanContext('request{method=GET uri=/x}:handler{id=7}:')).toEqual({
      names: ['request', 'handler'],
      fields: [{ key: 'method', value: 'GET' }, { key: 'uri', value: '/x' }, { key: 'id', value: '7' }],
    });
    expect(readSpanContext('request:handler:')).toEqual({ names: ['request', 'handler'], fields: [] });
  });

  it('keeps braces in a quoted value or a Debug value inside the span', () => {
    expect(readSpanContext('route{path="/users/{id}"}:db:')).toEqual({ names: ['route', 'db'], fields: [{ key: 'path', value: '/users/{id}' }] });
    expect(readSpanContext('job{user=User { id: 1 } attempt=2}:').fields).toEqual([{ key: 'user', value: 'User' }, { key: 'attempt', value: '2' }]);
    expect(readSpanContext('HTTP request{http.method=GET}:').names).toEqual(['HTTP request']);
  });
});
