// Other languages' standard text loggers and nginx's error log: Ruby's Logger (Rails'), PHP's
// Monolog (its default, Laravel's), .NET's console logger (simple formatter), Elixir's Logger and
// nginx, as real output (test/fixtures/loggers/{ruby,monolog,elixir,nginx}-*.log from
// test/fixtures/gen/more_loggers.sh; .NET, which cannot be installed here, in dotnet-*.log as
// dotnet/runtime's SimpleConsoleFormatter.cs writes it: more_loggers/dotnet_console.mjs), and as
// lines written the way their sources format them. Every value below is counted by hand from those files.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monologMessage } from '../../../src/ingest/formats/monolog-text.js';
import { nginxRequestParts } from '../../../src/ingest/formats/nginx-error.js';
import { runInProcess } from '../../helpers/cli.js';
import { accountedLogReader } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));

const read = accountedLogReader(LOGGERS, 'logmeter-language-loggers-');

const RUBY_LAYOUT = 'L, [TIME #PID] LEVEL -- PROGNAME: MESSAGE   (Ruby Logger, Rails)';
const MONOLOG_LAYOUT = '[TIME] CHANNEL.LEVEL: MESSAGE CONTEXT EXTRA   (PHP Monolog, Laravel, Symfony)';
const DOTNET_LAYOUT = '[TIMESTAMP ]level: CATEGORY[EVENT_ID][ MESSAGE], MESSAGE on lines indented by six   (.NET console logger)';
const ELIXIR_LAYOUT = '[DATE ]TIME [KEY=VALUE ...][level] MESSAGE   (Elixir Logger)';
const NGINX_LAYOUT = 'YYYY/MM/DD HH:MM:SS [level] PID#TID: [*CONN ]MESSAGE[, client: ..., request: "..."]   (nginx error log)';

const COLUMNS = 'line, ts, level, service, event, error, duration_ms, ok, model, tokens_in, tokens_out, route, method, status';

/** A row of COLUMNS: most records carry no LLM call, request or error. */
function row(line: number, ts: string | null, level: string, service: string | null, event: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  const ok = !['error', 'fatal'].includes(level);
  return { line, ts, level, service, event, error: null, duration_ms: null, ok, model: null, tokens_in: null, tokens_out: null, route: null, method: null, status: null, ...more };
}

/** What `logmeter formats --explain FILE` prints. */
async function explain(file: string): Promise<string> {
  const r = await runInProcess(['formats', '--explain', join(LOGGERS, file)]);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe("Ruby's Logger (Logger::Formatter's default, Rails' production log)", () => {
  it('reads its fifteen lines: eleven records, the backtrace and a multi-line message continuing theirs', async () => {
    const r = await read('ruby-logger.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: RUBY_LAYOUT, lines: 15, records: 11, continuation: 4, rejects: 0 });
    expect(r.rows).toEqual([
      // The time has no zone (Ruby writes local time; TZ=UTC here): read as UTC.
      row(1, '2026-03-02T10:00:00.500Z', 'info', null, 'Booting app'),
      // Rails' tagged request line: the tag is not the event, the request's method and route are read.
      row(2, '2026-03-02T10:00:00.750Z', 'info', null, 'Started GET "/api/orders" for 127.0.0.1 at 2026-03-02 10:00:00 +0000', { route: '/api/orders', method: 'GET' }),
      // The progname is the logger, so the service.
      row(3, '2026-03-02T10:00:01.000Z', 'info', 'llm', 'llm call completed', { duration_ms: 812, model: 'gpt-4o', tokens_in: 120, tokens_out: 48 }),
      // Its end: the status and duration, and the method and route of the start tagged with the same request id.
      row(4, '2026-03-02T10:00:01.250Z', 'info', null, 'Completed 200 OK in 2345ms (Views: 0.4ms | ActiveRecord: 12.1ms | Allocations: 1234)', { duration_ms: 2345, status: '200', route: '/api/orders', method: 'GET' }),
      row(5, '2026-03-02T10:00:01.500Z', 'warn', null, 'slow request', { duration_ms: 2345 }),
      row(6, '2026-03-02T10:00:01.750Z', 'error', 'app', 'llm call failed', { model: 'gpt-4o' }),
      // An exception logged alone: `message (Class)`, then its backtrace on lines 8 and 9.
      row(7, '2026-03-02T10:00:02.000Z', 'error', null, 'boom (RuntimeError)', { error: 'boom (RuntimeError)' }),
      row(10, '2026-03-02T10:00:02.250Z', 'info', null, 'multi-line message:\n  first detail\n  second detail'),
      row(13, '2026-03-02T10:00:02.500Z', 'debug', null, 'cache hit'),
      row(14, '2026-03-02T10:00:02.750Z', 'fatal', null, 'worker crashed'),
      // logger.unknown writes ANY, above FATAL: fatal.
      row(15, '2026-03-02T10:00:03.000Z', 'fatal', null, 'maintenance window starts'),
    ]);
  });

  it('keeps the pid, the Rails request id tag, the backtrace and the ANY severity in attrs', async () => {
    const r = await read(
      'ruby-logger.log',
      "line, attrs->>'process' AS process, attrs->>'request_id' AS request_id, attrs->>'exc_info' AS exc_info, attrs->>'severity' AS severity, attrs->>'provider' AS provider",
    );
    expect(r.rows.every((x) => x.process === '12345')).toBe(true);
    expect(r.rows.filter((x) => x.request_id !== null).map((x) => [x.line, x.request_id])).toEqual([
      [2, '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f'],
      [4, '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f'],
    ]);
    expect(r.rows[6]).toMatchObject({ line: 7, exc_info: "boom (RuntimeError)\n/srv/app/worker.rb:2:in `call_llm'\n/srv/app/worker.rb:4:in `<main>'" });
    expect(r.rows[5]).toMatchObject({ line: 6, provider: 'openai' });
    expect(r.rows[10]).toMatchObject({ line: 15, severity: 'ANY' });
  });

  it('reads the lines its source writes: several tags, a progname, Ruby 3.4 frames, a message of several lines then a frame-like line', async () => {
    const r = await read(
      [
        'I, [2026-03-02T10:00:00.000001 #7]  INFO -- : [api] [0a1b2c3d-0000-4000-8000-000000000001] Completed 500 Internal Server Error in 12.5ms (ActiveRecord: 1.0ms)',
        'W, [2026-03-02T10:00:01.000000 #7]  WARN -- Sidekiq: job slow class=HardJob elapsed=3.2s',
        'E, [2026-03-02T10:00:02.000000 #7] ERROR -- : undefined method (NoMethodError)',
        "/srv/app/app/models/order.rb:12:in 'Order#total'",
        "/srv/app/app/controllers/orders_controller.rb:5:in 'OrdersController#show'",
      ],
      "line, ts, level, service, event, error, duration_ms, status, ok, attrs->>'tags' AS tags, attrs->>'request_id' AS request_id",
    );
    expect(r).toMatchObject({ format: 'text', layout: RUBY_LAYOUT, records: 3, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.000Z', level: 'info', service: null, event: 'Completed 500 Internal Server Error in 12.5ms (ActiveRecord: 1.0ms)', error: null, duration_ms: 12.5, status: '500', ok: false, tags: 'api 0a1b2c3d-0000-4000-8000-000000000001', request_id: '0a1b2c3d-0000-4000-8000-000000000001' },
      { line: 2, ts: '2026-03-02T10:00:01.000Z', level: 'warn', service: 'Sidekiq', event: 'job slow', error: null, duration_ms: 3200, status: null, ok: true, tags: null, request_id: null },
      { line: 3, ts: '2026-03-02T10:00:02.000Z', level: 'error', service: null, event: 'undefined method (NoMethodError)', error: 'undefined method (NoMethodError)', duration_ms: null, status: null, ok: false, tags: null, request_id: null },
    ]);
  });

  it('is what `logmeter formats --explain` names', async () => {
    expect(await explain('ruby-logger.log')).toContain(RUBY_LAYOUT);
  });
});

describe("PHP Monolog's LineFormatter", () => {
  const MONOLOG_COLUMNS = `${COLUMNS}, attrs->>'message' AS message`;
  // Its default layout, a processor adding `uid` to the extra of a warning and above.
  const DEFAULT_EVENTS = [
    row(1, '2026-03-02T10:00:11.500Z', 'info', 'app', 'Application started', { message: 'Application started version=1.4.2' }),
    // The context's keys are fields: the LLM call's model, tokens and duration.
    row(2, '2026-03-02T10:00:12.500Z', 'info', 'app', 'llm call completed', { duration_ms: 812, model: 'gpt-4o', tokens_in: 120, tokens_out: 48, message: 'llm call completed' }),
    row(3, '2026-03-02T10:00:12.750Z', 'warn', 'app', 'slow request', { duration_ms: 2345, route: '/api/orders', method: 'GET', message: 'slow request' }),
    // NOTICE is info.
    row(4, '2026-03-02T10:00:13.000Z', 'info', 'app', 'cache warmed', { message: 'cache warmed keys=42' }),
    // The context's exception is the error.
    row(5, '2026-03-02T10:00:13.250Z', 'error', 'app', 'llm call failed', { error: '[object] (RuntimeException(code: 0): boom at /srv/app/worker.php:35)', message: 'llm call failed provider=openai' }),
    // Without allowInlineLineBreaks, Monolog writes a message's newlines as spaces.
    row(6, '2026-03-02T10:00:13.500Z', 'info', 'app', 'multi-line message: first detail second detail', { message: 'multi-line message: first detail second detail' }),
    // CRITICAL, ALERT and EMERGENCY are fatal.
    row(7, '2026-03-02T10:00:13.750Z', 'fatal', 'app', 'payment gateway down', { message: 'payment gateway down' }),
    row(8, '2026-03-02T10:00:14.000Z', 'fatal', 'app', 'disk almost full', { message: 'disk almost full' }),
    row(9, '2026-03-02T10:00:14.250Z', 'fatal', 'app', 'database unreachable', { message: 'database unreachable' }),
    row(10, '2026-03-02T10:00:14.500Z', 'debug', 'app', 'cache hit', { message: 'cache hit key=orders:42' }),
  ];

  it('its default: the channel is the service, the offset read, context and extra fields', async () => {
    const r = await read('monolog-default.log', MONOLOG_COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: MONOLOG_LAYOUT, lines: 10, records: 10, continuation: 0, rejects: 0 });
    expect(r.rows).toEqual(DEFAULT_EVENTS);
    const extra = await read('monolog-default.log', "line, attrs->>'uid' AS uid, attrs->>'provider' AS provider, attrs->>'gateway' AS gateway, attrs->>'free_mb' AS free_mb");
    expect(extra.rows.filter((x) => x.uid !== null).map((x) => x.line)).toEqual([3, 5, 7, 8, 9]);
    expect(extra.rows[4]).toMatchObject({ provider: 'openai' });
    expect(extra.rows[6]).toMatchObject({ gateway: 'stripe' });
    expect(extra.rows[7]).toMatchObject({ free_mb: '12' });
  });

  it("Laravel's: no offset, empty context and extra left out, a message's lines and the exception's stack trace continuing its record", async () => {
    const r = await read('monolog-laravel.log', MONOLOG_COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: MONOLOG_LAYOUT, lines: 16, records: 10, continuation: 6, rejects: 0 });
    const seconds = ['12', '12', '12', '13', '13', '13', '13', '14', '14', '14'];
    const lines = [1, 2, 3, 4, 5, 10, 13, 14, 15, 16];
    expect(r.rows).toEqual(
      DEFAULT_EVENTS.map((event, i) => ({
        ...event,
        line: lines[i],
        ts: `2026-03-02T10:00:${seconds[i]}.000Z`,
        service: 'local',
        ...(i === 5 ? { event: 'multi-line message:\nfirst detail\nsecond detail', message: 'multi-line message:\nfirst detail\nsecond detail' } : {}),
      })),
    );
    // The exception's string holds the stack trace, its newlines as written.
    const exception = await read('monolog-laravel.log', "line, attrs->>'exception' AS exception");
    expect(exception.rows[4]).toEqual({
      line: 5,
      exception: '[object] (RuntimeException(code: 0): boom at /srv/app/worker.php:35)\n[stacktrace]\n#0 /srv/app/worker.php(37): call_llm()\n#1 {main}\n',
    });
  });

  it("reads the lines its source writes: Symfony's with an offset, a context with nested JSON, an extra alone, Monolog 1's date", async () => {
    const r = await read(
      [
        '[2026-03-02T11:00:00.123456+01:00] request.CRITICAL: Uncaught PHP Exception RuntimeException: "boom" at /srv/app/src/Controller/ChatController.php line 12 {"exception":"[object] (RuntimeException(code: 0): boom at /srv/app/src/Controller/ChatController.php:12)"} []',
        '[2026-03-02T10:00:01.000000+00:00] llm.INFO: call done {"usage":{"prompt_tokens":5,"completion_tokens":7},"model":"gpt-4o-mini","tags":["a b",{"x":1}]} {"request_id":"r-1"}',
        '[2026-03-02 10:00:02] security.DEBUG: Checking for authenticator support. [] {"firewall_name":"main"}',
      ],
      "line, ts, level, service, event, error, ok, model, tokens_in, tokens_out, attrs->>'request_id' AS request_id, attrs->>'firewall_name' AS firewall",
    );
    expect(r).toMatchObject({ format: 'text', layout: MONOLOG_LAYOUT, records: 3, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.123Z', level: 'fatal', service: 'request', event: 'Uncaught PHP Exception RuntimeException: "boom" at /srv/app/src/Controller/ChatController.php line 12', error: '[object] (RuntimeException(code: 0): boom at /srv/app/src/Controller/ChatController.php:12)', ok: false, model: null, tokens_in: null, tokens_out: null, request_id: null, firewall: null },
      { line: 2, ts: '2026-03-02T10:00:01.000Z', level: 'info', service: 'llm', event: 'call done', error: null, ok: true, model: 'gpt-4o-mini', tokens_in: 5, tokens_out: 7, request_id: 'r-1', firewall: null },
      { line: 3, ts: '2026-03-02T10:00:02.000Z', level: 'debug', service: 'security', event: 'Checking for authenticator support.', error: null, ok: true, model: null, tokens_in: null, tokens_out: null, request_id: null, firewall: 'main' },
    ]);
  });

  it('takes the context and the extra off the message from the right, each `[]` or an object', () => {
    expect(monologMessage('hi [] []')).toEqual({ text: 'hi', values: [] });
    expect(monologMessage('hi {"a":1} []')).toEqual({ text: 'hi', values: [{ a: 1 }] });
    expect(monologMessage('hi {"a":1} {"b":2}')).toEqual({ text: 'hi', values: [{ b: 2 }, { a: 1 }] });
    expect(monologMessage('hi {"a":{"b":[1]}}  ')).toEqual({ text: 'hi', values: [{ a: { b: [1] } }] });
    // A message that only ends like JSON keeps its text.
    expect(monologMessage('set {x} to 1')).toEqual({ text: 'set {x} to 1', values: [] });
  });

  it('is what `logmeter formats --explain` names', async () => {
    expect(await explain('monolog-laravel.log')).toContain(MONOLOG_LAYOUT);
  });
});

describe(".NET's console logger (simple formatter)", () => {
  const DOTNET_EVENTS = [
    row(1, null, 'info', 'Microsoft.Hosting.Lifetime', 'Now listening on: http://localhost:5000'),
    row(3, null, 'info', 'Microsoft.Hosting.Lifetime', 'Application started. Press Ctrl+C to shut down.'),
    row(5, null, 'info', 'MyApp.LlmClient', 'llm call completed', { duration_ms: 812, model: 'gpt-4o', tokens_in: 120, tokens_out: 48 }),
    row(7, null, 'warn', 'MyApp.RequestTimer', 'slow request', { duration_ms: 2345 }),
    // fail: the exception's first line is the error; its frames continue the record.
    row(9, null, 'error', 'MyApp.LlmClient', 'llm call failed', { error: 'System.Net.Http.HttpRequestException: Response status code does not indicate success: 500 (Internal Server Error).', model: 'gpt-4o' }),
    row(15, null, 'info', 'MyApp.Worker', 'multi-line message:\n  first detail\n  second detail'),
    row(19, null, 'debug', 'MyApp.Cache', 'cache hit'),
    // crit is fatal, trce trace.
    row(21, null, 'fatal', 'MyApp.Worker', 'worker stopped'),
    row(23, null, 'trace', 'MyApp.Cache', 'cache lookup'),
  ];

  it('its default: the message on the lines after the header, indented by six; no time', async () => {
    const r = await read('dotnet-console.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: DOTNET_LAYOUT, lines: 24, records: 9, continuation: 15, rejects: 0 });
    expect(r.rows).toEqual(DOTNET_EVENTS);
    const attrs = await read('dotnet-console.log', "line, attrs->>'event_id' AS event_id, attrs->>'exc_info' AS exc_info");
    expect(attrs.rows.map((x) => x.event_id)).toEqual(['14', '0', '1001', '0', '1002', '0', '0', '0', '0']);
    expect(attrs.rows[4]?.exc_info).toBe(
      [
        'System.Net.Http.HttpRequestException: Response status code does not indicate success: 500 (Internal Server Error).',
        '   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()',
        '   at MyApp.LlmClient.CallAsync(String model) in /src/MyApp/LlmClient.cs:line 42',
        '   at MyApp.Worker.ExecuteAsync(CancellationToken stoppingToken) in /src/MyApp/Worker.cs:line 18',
      ].join('\n'),
    );
  });

  it('with TimestampFormat "yyyy-MM-dd HH:mm:ss.fff " and UseUtcTimestamp: the time', async () => {
    const r = await read('dotnet-console-timestamp.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: DOTNET_LAYOUT, lines: 24, records: 9, continuation: 15, rejects: 0 });
    const times = ['00.000', '00.250', '00.500', '00.750', '01.000', '01.250', '01.500', '01.750', '02.000'];
    expect(r.rows).toEqual(DOTNET_EVENTS.map((event, i) => ({ ...event, ts: `2026-03-02T10:00:${times[i]}Z` })));
  });

  it('with SingleLine: a record a line, the message after the header (an exception flattened onto it is not taken apart)', async () => {
    const r = await read('dotnet-console-single-line.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: DOTNET_LAYOUT, lines: 9, records: 9, continuation: 0, rejects: 0 });
    expect(r.rows).toEqual(
      DOTNET_EVENTS.map((event, i) => ({
        ...event,
        line: i + 1,
        ...(i === 4 ? { error: null } : {}),
        ...(i === 5 ? { event: 'multi-line message:   first detail   second detail' } : {}),
      })),
    );
  });

  it("reads the task's example: three records, the `fail:` after a multi-line one kept", async () => {
    const r = await read(
      [
        'info: Microsoft.Hosting.Lifetime[14]',
        '      Now listening on: http://localhost:5000',
        'warn: MyApp.LlmClient[0]',
        '      slow call took 2300 ms',
        'fail: MyApp.LlmClient[0]',
        '      llm call failed',
        '      System.Exception: boom',
        '         at MyApp.LlmClient.Call()',
      ],
      'line, level, service, event, error, ok',
    );
    expect(r).toMatchObject({ format: 'text', layout: DOTNET_LAYOUT, lines: 8, records: 3, continuation: 5, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, level: 'info', service: 'Microsoft.Hosting.Lifetime', event: 'Now listening on: http://localhost:5000', error: null, ok: true },
      { line: 3, level: 'warn', service: 'MyApp.LlmClient', event: 'slow call took 2300 ms', error: null, ok: true },
      { line: 5, level: 'error', service: 'MyApp.LlmClient', event: 'llm call failed', error: 'System.Exception: boom', ok: false },
    ]);
  });

  it('reads the lines its source writes: IncludeScopes, a bracketed time of day, an exception without a message', async () => {
    const r = await read(
      [
        '[10:00:00] info: Microsoft.AspNetCore.Hosting.Diagnostics[1]',
        '      => SpanId:0c1b, TraceId:4bf9, ParentId:0000 => ConnectionId:0HN1 => RequestPath:/api/orders RequestId:0HN1:00000001',
        '      Request starting HTTP/1.1 GET http://localhost:5000/api/orders - -',
        '[10:00:01] fail: Microsoft.AspNetCore.Server.Kestrel[13]',
        '      System.InvalidOperationException: nope',
        '         at MyApp.Program.<Main>b__0_0() in /src/Program.cs:line 9',
      ],
      "line, ts, level, service, event, error, attrs->>'clock' AS clock, attrs->>'scopes' AS scopes",
    );
    expect(r).toMatchObject({ format: 'text', layout: DOTNET_LAYOUT, lines: 6, records: 2, continuation: 4, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: null, level: 'info', service: 'Microsoft.AspNetCore.Hosting.Diagnostics', event: 'Request starting HTTP/1.1 GET http://localhost:5000/api/orders - -', error: null, clock: '10:00:00', scopes: 'SpanId:0c1b, TraceId:4bf9, ParentId:0000 => ConnectionId:0HN1 => RequestPath:/api/orders RequestId:0HN1:00000001' },
      { line: 4, ts: null, level: 'error', service: 'Microsoft.AspNetCore.Server.Kestrel', event: null, error: 'System.InvalidOperationException: nope', clock: '10:00:01', scopes: null },
    ]);
  });

  it('is what `logmeter formats --explain` names, not python-text (whose `%(levelname)s: %(message)s` fits `info: ...`)', async () => {
    const out = await explain('dotnet-console.log');
    expect(out).toContain(DOTNET_LAYOUT);
    expect(out).not.toContain('python-text');
  });
});

describe("Elixir's Logger (console backend)", () => {
  const ELIXIR_EVENTS = [
    row(2, null, 'info', null, 'Running MyAppWeb.Endpoint with cowboy 2.9.0 at 127.0.0.1:4000 (http)'),
    // Plug.Logger's two records of a request: its start, then its end with the start's method and route (same request_id).
    row(4, null, 'info', null, 'GET /api/orders', { route: '/api/orders', method: 'GET' }),
    // The model is metadata (`model=gpt-4o` before the level), the tokens and duration the message's pairs.
    row(6, null, 'info', null, 'llm call completed', { duration_ms: 812, model: 'gpt-4o', tokens_in: 120, tokens_out: 48 }),
    row(8, null, 'warn', null, 'slow request', { duration_ms: 2345 }),
    row(10, null, 'info', null, 'Sent 200 in 2345ms', { duration_ms: 2345, status: '200', route: '/api/orders', method: 'GET' }),
    // The exception from `** (RuntimeError) boom` on; the blank line after it is a reject.
    row(12, null, 'error', null, 'llm call failed', { error: '** (RuntimeError) boom' }),
    row(17, null, 'info', null, 'multi-line message:\n  first detail\n  second detail'),
    row(21, null, 'debug', null, 'cache hit'),
    // notice is info, critical fatal.
    row(23, null, 'info', null, 'config reloaded'),
    row(25, null, 'fatal', null, 'worker crashed'),
  ];

  it('its default: a time of day without a date (ts empty, the clock kept), metadata as fields, the blank lines `empty` rejects', async () => {
    const r = await read('elixir-logger.log', COLUMNS);
    // 25 lines: 10 records, 4 lines continuing them, 11 blank lines.
    expect(r).toMatchObject({ format: 'text', layout: ELIXIR_LAYOUT, lines: 25, records: 10, continuation: 4, rejects: 11 });
    expect(r.rows).toEqual(ELIXIR_EVENTS);
    const attrs = await read('elixir-logger.log', "line, attrs->>'clock' AS clock, attrs->>'request_id' AS request_id, attrs->>'exc_info' AS exc_info");
    expect(attrs.rows.map((x) => x.clock)).toEqual(['10:00:00.750', '10:00:01.000', '10:00:01.250', '10:00:01.500', '10:00:01.750', '10:00:02.000', '10:00:02.250', '10:00:02.500', '10:00:02.750', '10:00:03.000']);
    expect(attrs.rows.filter((x) => x.request_id === 'F1a2b3c4d5e6').map((x) => x.line)).toEqual([4, 6, 8, 10, 12]);
    expect(attrs.rows[5]?.exc_info).toBe('** (RuntimeError) boom\n    lib/my_app/llm_client.ex:12: MyApp.LlmClient.call/1');
  });

  it('with $date $time: the time', async () => {
    const r = await read('elixir-logger-date.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: ELIXIR_LAYOUT, lines: 25, records: 10, continuation: 4, rejects: 11 });
    const times = ['00.750', '01.000', '01.250', '01.500', '01.750', '02.000', '02.250', '02.500', '02.750', '03.000'];
    expect(r.rows).toEqual(ELIXIR_EVENTS.map((event, i) => ({ ...event, ts: `2026-03-02T10:00:${times[i]}Z` })));
  });

  it('is text\'s Elixir layout without metadata too, not python-text\'s `%(clock)s [%(levelname)-8s] %(message)s`', async () => {
    const r = await read(
      ['', '10:00:00.750 [info] Running MyAppWeb.Endpoint', '', '10:00:02.000 [error] llm call failed provider=openai', '** (RuntimeError) boom', '    lib/my_app/llm_client.ex:12: MyApp.LlmClient.call/1', ''],
      'line, ts, level, event, error, ok',
    );
    expect(r).toMatchObject({ format: 'text', layout: ELIXIR_LAYOUT, lines: 7, records: 2, continuation: 2, rejects: 3 });
    expect(r.rows).toEqual([
      { line: 2, ts: null, level: 'info', event: 'Running MyAppWeb.Endpoint', error: null, ok: true },
      { line: 4, ts: null, level: 'error', event: 'llm call failed', error: '** (RuntimeError) boom', ok: false },
    ]);
  });

  it('reads the lines its source writes: `[warn]` before Elixir 1.11, several metadata pairs, a pid', async () => {
    const r = await read(
      ['10:00:00.000 [warn] disk low free_mb=12', '10:00:01.000 request_id=Fx pid=<0.532.0> [error] llm call failed provider=openai'],
      "line, level, event, ok, attrs->>'pid' AS pid, attrs->>'provider' AS provider",
    );
    expect(r).toMatchObject({ format: 'text', layout: ELIXIR_LAYOUT, records: 2, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, level: 'warn', event: 'disk low', ok: true, pid: null, provider: null },
      { line: 2, level: 'error', event: 'llm call failed', ok: false, pid: '<0.532.0>', provider: 'openai' },
    ]);
  });
});

describe("nginx's error log", () => {
  it('reads its fourteen lines: pid, thread and connection out of the event, the request as fields', async () => {
    const r = await read('nginx-error.log', `${COLUMNS}, attrs->>'process' AS process, attrs->>'thread' AS thread, attrs->>'connection' AS connection`);
    expect(r).toMatchObject({ format: 'text', layout: NGINX_LAYOUT, lines: 14, records: 14, continuation: 0, rejects: 0 });
    const at = (s: number) => `2026-03-02T10:00:0${s}.000Z`;
    const n = (line: number, s: number, level: string, event: string, connection: string | null, more: Record<string, unknown> = {}) => ({ ...row(line, at(s), level, null, event, more), process: '1', thread: '1', connection });
    expect(r.rows).toEqual([
      // notice is info.
      n(1, 0, 'info', 'using the "epoll" event method', null),
      n(2, 0, 'info', 'nginx/1.22.1', null),
      n(3, 0, 'info', 'OS: Linux 6.18.44-fc-v657', null),
      n(4, 0, 'info', 'getrlimit(RLIMIT_NOFILE): 20000:20000', null),
      n(5, 1, 'error', 'connect() failed (111: Connection refused) while connecting to upstream', '1', { route: '/v1/chat', method: 'GET' }),
      n(6, 1, 'info', 'client 127.0.0.1 closed keepalive connection', '1'),
      n(7, 2, 'error', 'upstream timed out (110: Connection timed out) while reading response header from upstream', '3', { route: '/v1/slow', method: 'GET' }),
      n(8, 2, 'info', 'client 127.0.0.1 closed keepalive connection', '3'),
      n(9, 2, 'error', 'open() "/srv/nginx/html/missing.html" failed (2: No such file or directory)', '5', { route: '/missing.html', method: 'GET' }),
      n(10, 2, 'info', 'client 127.0.0.1 closed keepalive connection', '5'),
      n(11, 2, 'info', 'client 127.0.0.1 closed keepalive connection', '6'),
      n(12, 2, 'warn', 'limiting requests, excess: 0.998 by zone "one"', '7', { route: '/v1/limited.json', method: 'GET' }),
      n(13, 2, 'info', 'client 127.0.0.1 closed keepalive connection', '7'),
      // A request line that is no HTTP request: kept as written, no method or route.
      n(14, 2, 'info', 'client sent invalid method while reading client request line', '8'),
    ]);
  });

  it('keeps the request parts as written: client, server, request, upstream, host', async () => {
    const r = await read('nginx-error.log', "line, attrs->>'client' AS client, attrs->>'server' AS server, attrs->>'request' AS request, attrs->>'upstream' AS upstream, attrs->>'host' AS host");
    expect(r.rows[4]).toEqual({ line: 5, client: '127.0.0.1', server: 'api', request: 'GET /v1/chat HTTP/1.1', upstream: 'http://127.0.0.1:8299/v1/chat', host: 'api' });
    expect(r.rows[13]).toEqual({ line: 14, client: '127.0.0.1', server: 'api', request: 'GARBAGE', upstream: null, host: null });
  });

  it("reads the lines its source writes: the task's example, a startup failure, FastCGI's stderr with a referrer", async () => {
    const r = await read(
      [
        '2026/03/02 10:00:00 [error] 123#123: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: api, request: "GET /v1/chat HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/chat", host: "api"',
        '2026/03/02 10:00:01 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)',
        '2026/03/02 10:00:02 [error] 31#31: *5 FastCGI sent in stderr: "PHP message: boom, client: nobody" while reading response header from upstream, client: 10.0.0.2, server: api, request: "POST /v1/chat HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "api", referrer: "http://api/"',
      ],
      "line, ts, level, event, ok, route, method, attrs->>'process' AS process, attrs->>'connection' AS connection, attrs->>'client' AS client, attrs->>'referrer' AS referrer",
    );
    expect(r).toMatchObject({ format: 'text', layout: NGINX_LAYOUT, records: 3, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.000Z', level: 'error', event: 'connect() failed (111: Connection refused) while connecting to upstream', ok: false, route: '/v1/chat', method: 'GET', process: '123', connection: '1', client: '10.0.0.1', referrer: null },
      { line: 2, ts: '2026-03-02T10:00:01.000Z', level: 'fatal', event: 'bind() to 0.0.0.0:80 failed (98: Address already in use)', ok: false, route: null, method: null, process: '1', connection: null, client: null, referrer: null },
      // The first `, client: ` in the quoted stderr is not the request's: the tail from it does not read as one.
      { line: 3, ts: '2026-03-02T10:00:02.000Z', level: 'error', event: 'FastCGI sent in stderr: "PHP message: boom, client: nobody" while reading response header from upstream', ok: false, route: '/v1/chat', method: 'POST', process: '31', connection: '5', client: '10.0.0.2', referrer: 'http://api/' },
    ]);
  });

  it('takes the parts only when the whole tail reads as them', () => {
    expect(nginxRequestParts('x, client: 1.2.3.4, server: a')).toEqual({ text: 'x', parts: { client: '1.2.3.4', server: 'a' } });
    expect(nginxRequestParts('x, client: 1.2.3.4 and more')).toEqual({ text: 'x, client: 1.2.3.4 and more', parts: {} });
  });

  it('is what `logmeter formats --explain` names', async () => {
    expect(await explain('nginx-error.log')).toContain(NGINX_LAYOUT);
  });
});
