// Record shapes that real loggers write and that an earlier mapping misread, each against the value
// a user would expect (found by reading logs of python-json-logger, structlog, loguru, winston, zap,
// Rust tracing, log4j2, LiteLLM, Gemini, journald, Heroku and OpenTelemetry).

import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli.js';

/** Ingests the lines (objects as JSON, strings as they are) as one source and returns the columns. */
async function rows(lines: (object | string)[], columns: string): Promise<Record<string, unknown>[]> {
  const stdin = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const r = await runInProcess(['query', '-', '-q', '-F', 'json', '--sql', `SELECT ${columns} FROM events ORDER BY line`], { stdin });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('numbers that are not finite', () => {
  it("Python's NaN and Infinity (json.dumps writes them bare) are no value, so they reach no sum, mean or percentile", async () => {
    const call = (latency: string, cost: string, tokens: string) =>
      `{"message":"llm call","model":"gpt-4o","duration_ms":${latency},"cost_usd":${cost},"tokens_in":${tokens}}`;
    expect(await rows([call('120', '0.5', '10'), call('NaN', 'Infinity', 'NaN'), call('-Infinity', 'NaN', '5'), call('80', '0.25', '7')], 'duration_ms, cost_usd, tokens_in')).toEqual([
      { duration_ms: 120, cost_usd: 0.5, tokens_in: 10 },
      { duration_ms: null, cost_usd: null, tokens_in: null },
      { duration_ms: null, cost_usd: null, tokens_in: 5 },
      { duration_ms: 80, cost_usd: 0.25, tokens_in: 7 },
    ]);
    // p95 of {120, 80}, linear between the two: 80 + 0.95 * 40.
    const r = await runInProcess(['check', '-', '-q', '--json', '--assert', "p95(duration_ms) < 1000 where kind = 'llm_call'"], {
      stdin: [call('120', '0', '1'), call('NaN', '0', '1'), call('80', '0', '1')].join('\n') + '\n',
    });
    expect(JSON.parse(r.stdout).rules[0].results[0]).toMatchObject({ status: 'pass', observed: 118 });
  });

  it('an epoch too large for any clock is no time, and the other records are kept (it stopped the whole ingest)', async () => {
    expect(await rows([{ time: 1772445600000, msg: 'a' }, '{"time":1e22,"msg":"b"}', { time: '99999999999999999999999', msg: 'c' }], 'ts, event')).toEqual([
      { ts: '2026-03-02T10:00:00.000Z', event: 'a' },
      { ts: null, event: 'b' },
      { ts: null, event: 'c' },
    ]);
  });

  it("Go's zero time (a time.Time never set) is no time, not the year 1; the year 1 written otherwise is kept", async () => {
    expect(await rows([{ time: '0001-01-01T00:00:00Z', msg: 'a' }, { time: '0001-01-01T00:00:01Z', msg: 'b' }], 'ts, event')).toEqual([
      { ts: null, event: 'a' },
      { ts: '0001-01-01T00:00:01.000Z', event: 'b' },
    ]);
  });
});

describe('text that JSON.parse reads and DuckDB does not', () => {
  it('an escaped lone surrogate (winston cutting a string inside an emoji, Python json.dumps of a surrogateescape file name) is U+FFFD, and the record is kept', async () => {
    const lines = [
      String.raw`{"message":"llm call","model":"gpt-4o","prompt":"Summarise \ud83d","tokens_in":10}`,
      String.raw`{"message":"file written","op":"write","path":"/data/r\udce9sum\udce9.txt"}`,
      // An escaped pair is an emoji, and an escaped backslash before `ud83d` is text: both as they are.
      String.raw`{"message":"ok \ud83d\ude00","path":"C:\\ud83d"}`,
    ];
    expect(await rows(lines, "event, path, attrs->>'prompt' AS prompt")).toEqual([
      { event: 'llm call', path: null, prompt: 'Summarise \ufffd' },
      { event: 'file written', path: '/data/r\ufffdsum\ufffd.txt', prompt: null },
      { event: 'ok \u{1f600}', path: 'C:\\ud83d', prompt: null },
    ]);
  });
});

describe('levels', () => {
  it("Python's levelno is on Python's scale (ERROR 40), not pino's (40 is warn)", async () => {
    const line = (levelno: number) => ({ asctime: '2026-03-02 10:00:00,000', levelno, message: 'm' });
    expect((await rows([line(10), line(20), line(30), line(40), line(50)], 'level')).map((r) => r.level)).toEqual(['debug', 'info', 'warn', 'error', 'fatal']);
  });

  it("loguru's SUCCESS (level number 25) is info, and zap's dpanic is error", async () => {
    const loguru = { text: 'x\n', record: { level: { name: 'SUCCESS', no: 25 }, message: 'done', time: { timestamp: 1772445600.0 }, extra: {} } };
    expect(await rows([loguru], 'level')).toEqual([{ level: 'info' }]);
    expect(await rows([{ level: 'dpanic', ts: 1772445600.0, caller: 'a.go:1', msg: 'impossible state' }], 'level')).toEqual([{ level: 'error' }]);
  });
});

describe('levels of .NET and Graylog loggers', () => {
  it("Serilog's compact JSON leaves @l out for Information, and its Verbose is below Debug (winston's verbose stays debug)", async () => {
    const clef = (o: object) => ({ '@t': '2026-03-01T12:00:00Z', '@mt': 'Started {App}', App: 'demo', ...o });
    expect((await rows([clef({}), clef({ '@l': 'Verbose' }), clef({ '@l': 'Debug' }), clef({ '@l': 'Error' }), { '@t': '2026-03-01T12:00:00Z', '@m': 'rendered' }], 'level')).map((r) => r.level)).toEqual([
      'info',
      'trace',
      'debug',
      'error',
      'info',
    ]);
    expect(await rows([{ level: 'verbose', message: 'x' }, { message: 'no level' }], 'level')).toEqual([{ level: 'debug' }, { level: null }]);
  });

  it('a CLEF error is read as such even when the sample (4,000 lines spread over the source) saw no @l', async () => {
    const info = { '@t': '2026-03-01T12:00:00Z', '@mt': 'Request {Id} handled', Id: 1 };
    const lines: object[] = Array.from({ length: 4001 }, () => info);
    // Line 2 falls out of the sample once a 4,001st line halves it (line-scanner.ts).
    lines[1] = { '@t': '2026-03-01T12:00:01Z', '@mt': 'Order {Id} failed', '@l': 'Error', '@x': 'System.InvalidOperationException: boom\r\n   at App.Run()', Id: 2 };
    const got = await rows(lines, 'line, level, ok, error');
    expect(got.slice(0, 3)).toEqual([
      { line: 1, level: 'info', ok: true, error: null },
      // (The first line keeps the CR of its CRLF: lm_error_text splits on LF.)
      { line: 2, level: 'error', ok: false, error: expect.stringMatching(/^System\.InvalidOperationException: boom\r?$/) },
      { line: 3, level: 'info', ok: true, error: null },
    ]);
  });

  it("GELF's numeric level is syslog's (3 err, 6 info), so its errors are failures; pino's numbers stay pino's", async () => {
    const gelf = (level: number, short_message: string) => ({ version: '1.1', host: 'web-1', short_message, timestamp: 1772366401.5, level });
    expect(await rows([gelf(0, 'a'), gelf(2, 'b'), gelf(3, 'Database down'), gelf(4, 'c'), gelf(5, 'd'), gelf(6, 'User logged in'), gelf(7, 'e')], 'level, ok')).toEqual([
      { level: 'fatal', ok: false },
      { level: 'fatal', ok: false },
      { level: 'error', ok: false },
      { level: 'warn', ok: true },
      { level: 'info', ok: true },
      { level: 'info', ok: true },
      { level: 'debug', ok: true },
    ]);
    // short_message without GELF's version is not GELF: its level 3 stays on pino's scale.
    expect(await rows([{ short_message: 'x', level: 3 }, { level: 50, msg: 'y' }], 'level')).toEqual([{ level: 'trace' }, { level: 'error' }]);
  });

  it("journald's JSON export (journalctl -o json): PRIORITY is syslog's (as text), the unit the service, _HOSTNAME the host", async () => {
    // Every value a string, as journalctl writes them; the field set of a service's stdout entry.
    const entry = (i: number, priority: string, message: string, unit?: string) => ({
      __CURSOR: `s=5f1c;i=${i};b=9a;m=${i};t=64;x=${i}`, __REALTIME_TIMESTAMP: String(1772445600123456 + i * 1_000_000), __MONOTONIC_TIMESTAMP: String(8_000_000 + i),
      _BOOT_ID: '9a0c', _TRANSPORT: 'stdout', PRIORITY: priority, SYSLOG_FACILITY: '3', SYSLOG_IDENTIFIER: 'node', _PID: '812', _UID: '998', _GID: '998',
      _COMM: 'node', _EXE: '/usr/bin/node', _CMDLINE: 'node server.js', ...(unit ? { _SYSTEMD_UNIT: unit } : {}), _HOSTNAME: 'agent-host', MESSAGE: message,
    });
    const got = await rows([entry(0, '6', 'listening on :8080', 'agent.service'), entry(1, '3', 'upstream connection refused', 'agent.service'), entry(2, '4', 'slow response', 'agent.service'),
      entry(3, '2', 'out of memory', 'agent.service'), entry(4, '7', 'cache miss'), entry(5, '5', 'config reloaded')], 'ts, level, ok, event, service, host');
    expect(got).toEqual([
      { ts: '2026-03-02T10:00:00.123Z', level: 'info', ok: true, event: 'listening on :8080', service: 'agent.service', host: 'agent-host' },
      { ts: '2026-03-02T10:00:01.123Z', level: 'error', ok: false, event: 'upstream connection refused', service: 'agent.service', host: 'agent-host' },
      { ts: '2026-03-02T10:00:02.123Z', level: 'warn', ok: true, event: 'slow response', service: 'agent.service', host: 'agent-host' },
      { ts: '2026-03-02T10:00:03.123Z', level: 'fatal', ok: false, event: 'out of memory', service: 'agent.service', host: 'agent-host' },
      // A program run outside a unit (a cron job, a login shell) is named by its syslog identifier.
      { ts: '2026-03-02T10:00:04.123Z', level: 'debug', ok: true, event: 'cache miss', service: 'node', host: 'agent-host' },
      { ts: '2026-03-02T10:00:05.123Z', level: 'info', ok: true, event: 'config reloaded', service: 'node', host: 'agent-host' },
    ]);
    // A CI gate on the error rate counts the err and crit entries: 2 of 3.
    const stdin = [entry(0, '6', 'a', 'x.service'), entry(1, '3', 'b', 'x.service'), entry(2, '2', 'c', 'x.service')].map((e) => JSON.stringify(e)).join('\n') + '\n';
    const check = await runInProcess(['check', '-', '-q', '--json', '--assert', 'error_rate < 0.5'], { stdin });
    expect(check.code).toBe(1);
    const result = JSON.parse(check.stdout).rules[0].results[0];
    expect(result.status).toBe('fail');
    expect(result.observed).toBeCloseTo(2 / 3, 12);
  });
});

describe('failure signals', () => {
  it('a record at level error or fatal is a failure', async () => {
    expect((await rows([{ level: 'error', msg: 'cache unreachable' }, { level: 60, msg: 'down' }, { level: 'warn', msg: 'slow' }], 'ok')).map((r) => r.ok)).toEqual([false, false, true]);
  });

  it("winston's logged Error (format.errors({stack: true})) is an error named by its stack's first line; a stack that is a name is not", async () => {
    const stack = 'Error: db connection lost\n    at main (/app/x.js:3:9)\n    at process (node:internal/x:1:1)';
    expect(
      await rows([{ level: 'info', message: 'db connection lost', stack }, { level: 'info', message: 'deployed', stack: 'production' }], 'ok, error'),
    ).toEqual([
      { ok: false, error: 'Error: db connection lost' },
      { ok: true, error: null },
    ]);
  });

  it("structlog's dict_tracebacks (a list of stacks, the raised one first) is `type: value`", async () => {
    const exception = [
      { exc_type: 'ValueError', exc_value: 'bad value', exc_notes: [], syntax_error: null, is_cause: false, frames: [{ filename: '/app/x.py', lineno: 3, name: 'f' }] },
      { exc_type: 'KeyError', exc_value: "'k'", is_cause: true, frames: [] },
    ];
    expect(await rows([{ event: 'search_done', level: 'info', timestamp: '2026-03-01T12:00:00Z', exception }], 'ok, error')).toEqual([{ ok: false, error: 'ValueError: bad value' }]);
  });

  it("a traceback's error is its last line, so one exception raised from two places groups as one", async () => {
    const traceback = (line: number) => `Traceback (most recent call last):\n  File "/app/agent.py", line ${line}, in run\n    data["choices"]\nKeyError: 'choices'\n`;
    expect(await rows([{ levelname: 'ERROR', message: 'llm parse failed', exc_info: traceback(10) }, { levelname: 'ERROR', message: 'llm parse failed', exc_info: traceback(99) }], 'error')).toEqual([
      { error: "KeyError: 'choices'" },
      { error: "KeyError: 'choices'" },
    ]);
  });

  it('a negated mention of errors is no failure; "timed out" is one', async () => {
    const got = await rows(
      [
        { level: 'info', msg: 'batch completed without errors' },
        { level: 'info', msg: 'no failures detected' },
        { level: 'info', msg: 'sync done, errors=0' },
        { level: 'info', msg: 'error-free run' },
        { level: 'info', msg: 'Venice API request timed out' },
        { level: 'info', msg: 'retry failed, no errors left to retry' },
      ],
      'ok',
    );
    expect(got.map((r) => r.ok)).toEqual([true, true, true, true, false, false]);
  });
});

describe('kinds', () => {
  it('a file mentioned in prose is no file operation; a file event with an operation or a path is', async () => {
    const got = await rows(
      [{ msg: 'Found 3 package file(s)' }, { msg: 'Found npm package files' }, { msg: 'file written', path: '/tmp/a' }, { msg: 'config file loaded', op: 'read' }, { msg: 'file_deleted' }],
      'kind, op',
    );
    expect(got).toEqual([
      { kind: 'other', op: null },
      { kind: 'other', op: null },
      { kind: 'file_op', op: 'write' },
      { kind: 'file_op', op: 'read' },
      { kind: 'file_op', op: 'delete' },
    ]);
  });

  it('a start record whose status says the call is still going is no llm_call; a failed call logged at error level is one, usage or not', async () => {
    const got = await rows(
      [
        { msg: 'provider request', model: 'gpt-4o', status: 'pending' },
        { msg: 'provider request', model: 'gpt-4o', status: 'in-progress' },
        { msg: 'provider response', model: 'gpt-4o', status: 'completed', latency_ms: 900 },
        { msg: 'provider request', model: 'gpt-4o', level: 'error', err: { message: 'ECONNRESET' } },
        { msg: 'provider request', model: 'gpt-4o', err: { message: 'ECONNRESET' } },
      ],
      'kind, ok',
    );
    expect(got).toEqual([
      { kind: 'other', ok: true },
      { kind: 'other', ok: true },
      { kind: 'llm_call', ok: true },
      { kind: 'llm_call', ok: false },
      // An error field without an error level does not make the call (see project-json.sql).
      { kind: 'other', ok: false },
    ]);
  });

  it('a key that is a string in some records and an object in others fills the column from both', async () => {
    expect(await rows([{ msg: 'llm call', model: 'gpt-4o', tokens_in: 5 }, { msg: 'llm call', model: { name: 'claude-3-haiku' }, tokens_in: 5 }], 'kind, model')).toEqual([
      { kind: 'llm_call', model: 'gpt-4o' },
      { kind: 'llm_call', model: 'claude-3-haiku' },
    ]);
  });
});

describe('fields that are not what their name says', () => {
  it("Python logging's filename (the module that logged, beside lineno) is no file path, and action=login no file operation", async () => {
    const got = await rows(
      [
        { asctime: '2026-03-01 12:00:00,000', levelname: 'INFO', filename: 'views.py', lineno: 7, message: 'user logged in', action: 'login' },
        { asctime: '2026-03-01 12:00:01,000', levelname: 'INFO', filename: 'cache.py', lineno: 9, message: 'cache lookup', operation: 'get' },
      ],
      'kind, path',
    );
    expect(got).toEqual([
      { kind: 'other', path: null },
      { kind: 'other', path: null },
    ]);
    // Without a code location beside it, a filename is the file worked on.
    expect(await rows([{ msg: 'upload', filename: 'report.pdf', op: 'write' }], 'kind, path')).toEqual([{ kind: 'file_op', path: 'report.pdf' }]);
  });

  it("an OS thread id (log4j2's threadId: 1, Rust tracing's ThreadId(3)) is no session; a conversation thread is", async () => {
    expect(await rows([{ msg: 'a', threadId: 1 }, { msg: 'b', threadId: 'ThreadId(3)' }, { msg: 'c', thread_id: 'thread_abc123' }], 'session_id')).toEqual([
      { session_id: null },
      { session_id: null },
      { session_id: 'thread_abc123' },
    ]);
  });

  it("LiteLLM's response_time is seconds (pino-http's responseTime stays milliseconds)", async () => {
    expect(await rows([{ model: 'gpt-4o', custom_llm_provider: 'openai', response_time: 0.25, prompt_tokens: 3 }], 'duration_ms')).toEqual([{ duration_ms: 250 }]);
    expect(await rows([{ msg: 'request completed', req: { method: 'GET', url: '/a' }, responseTime: 25 }], 'duration_ms')).toEqual([{ duration_ms: 25 }]);
  });

  it("Gemini's usage_metadata token counts, camelCase or snake_case", async () => {
    expect(
      await rows([{ msg: 'llm call', model: 'gemini-1.5-pro', usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 120 }, latency_ms: 500 }], 'kind, tokens_in, tokens_out'),
    ).toEqual([{ kind: 'llm_call', tokens_in: 100, tokens_out: 20 }]);
    expect(await rows([{ msg: 'llm call', model: 'gemini-1.5-pro', usage_metadata: { prompt_token_count: 7, candidates_token_count: 2 } }], 'tokens_in, tokens_out')).toEqual([
      { tokens_in: 7, tokens_out: 2 },
    ]);
  });

  it("an OTLP body that is a map holding the message gives the event", async () => {
    const record = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
          scopeLogs: [
            {
              scope: { name: 's' },
              logRecords: [
                {
                  timeUnixNano: '1772366402000000000',
                  severityNumber: 9,
                  body: { kvlistValue: { values: [{ key: 'message', value: { stringValue: 'structured body' } }, { key: 'count', value: { intValue: 3 } }] } },
                },
              ],
            },
          ],
        },
      ],
    };
    expect(await rows([record], 'level, event, service')).toEqual([{ level: 'info', event: 'structured body', service: 'api' }]);
  });

  it("journald's JSON export time, and logstash's @fields", async () => {
    expect(await rows([{ __REALTIME_TIMESTAMP: '1772445600123456', MESSAGE: 'started', _HOSTNAME: 'h' }], 'ts, event')).toEqual([{ ts: '2026-03-02T10:00:00.123Z', event: 'started' }]);
    expect(await rows([{ '@timestamp': '2026-03-02T10:00:00Z', '@fields': { lvl: 'warn', msg: 'slow' } }], 'level, event')).toEqual([{ level: 'warn', event: 'slow' }]);
  });

  it("Heroku's router: at= is the level, service=18ms the time it took, not a service", async () => {
    const line = 'at=info method=GET path="/api/users/42" host=myapp.herokuapp.com request_id=8601b555 fwd="204.204.204.204" dyno=web.1 connect=1ms service=18ms status=200 bytes=975 protocol=https';
    expect(await rows([line], 'level, kind, service, duration_ms, bytes')).toEqual([{ level: 'info', kind: 'request', service: null, duration_ms: 18, bytes: 975 }]);
  });
});

describe('times and durations as people write them', () => {
  it('a syslog time without a year is this year, or last year when that would be ahead', async () => {
    const got = await rows([{ timestamp: 'Jan  1 00:00:01', msg: 'a' }, { timestamp: 'Dec 31 23:59:59', msg: 'b' }], 'ts');
    const now = new Date();
    const year = now.getUTCFullYear();
    const jan = `${year}-01-01T00:00:01.000Z`;
    // Dec 31 of this year is ahead unless today is within two days of it.
    const dec = now < new Date(Date.UTC(year, 11, 30)) ? `${year - 1}-12-31T23:59:59.000Z` : `${year}-12-31T23:59:59.000Z`;
    expect(got.map((r) => r.ts)).toEqual([jan, dec]);
  });

  it("Django runserver's time (%d/%b/%Y %H:%M:%S) in a JSON value reads as in a text log, in --tz's zone", async () => {
    expect(await rows([{ asctime: '24/Nov/2026 10:00:00', msg: 'a' }, { asctime: '03/Mar/2026 23:59:59', msg: 'b' }], 'ts')).toEqual([
      { ts: '2026-11-24T10:00:00.000Z' },
      { ts: '2026-03-03T23:59:59.000Z' },
    ]);
    const r = await runInProcess(['query', '-', '-q', '-F', 'json', '--tz', 'Europe/Berlin', '--sql', 'SELECT ts FROM events'], { stdin: '{"asctime":"24/Nov/2026 10:00:00","msg":"a"}\n' });
    expect(JSON.parse(r.stdout)).toEqual([{ ts: '2026-11-24T09:00:00.000Z' }]);
  });

  it('an RFC 3339 time with a lower-case z is UTC, as with Z', async () => {
    const got = await rows([{ time: '2026-03-01T12:00:00z', msg: 'a' }, { time: '2026-03-01T12:00:00.5z', msg: 'b' }, { time: '2026-03-01T12:00:00Z', msg: 'c' }], 'ts');
    expect(got.map((r) => r.ts)).toEqual(['2026-03-01T12:00:00.000Z', '2026-03-01T12:00:00.500Z', '2026-03-01T12:00:00.000Z']);
  });

  it("Python's str(timedelta), clock times, ISO 8601 and spelled-out units", async () => {
    const spellings = ['0:00:01.500000', '1 day, 2:03:04', '00:01:02.5', 'PT1.5S', 'PT2M3S', 'P1DT2H', '1.5 s', '2 min', '3 seconds', '1,234ms', '1h 2m', 'abc', 'PT'];
    const got = await rows(spellings.map((elapsed) => ({ msg: 'x', elapsed })), 'duration_ms');
    expect(got.map((r) => r.duration_ms)).toEqual([1500, 93784000, 62500, 1500, 123000, 93600000, 1500, 120000, 3000, 1234, 3720000, null, null]);
  });
});

describe("servers' and proxies' request logs", () => {
  it("Caddy's access log (zap without a caller): duration is seconds, so a 2.5 s request fails a 1 s gate", async () => {
    const caddy = (duration: number, status: number, uri: string) => ({
      level: 'info', ts: 1772366400.1234567, logger: 'http.log.access.log0', msg: 'handled request',
      request: { method: 'GET', host: 'localhost', uri, headers: {} }, duration, size: 0, status,
    });
    const lines = [caddy(0.000812345, 200, '/api/users/42?x=1'), caddy(2.5, 502, '/api/orders')];
    expect(await rows(lines, 'ts, kind, route, status, duration_ms')).toEqual([
      { ts: '2026-03-01T12:00:00.123Z', kind: 'request', route: '/api/users/{id}', status: '200', duration_ms: 0.812345 },
      { ts: '2026-03-01T12:00:00.123Z', kind: 'request', route: '/api/orders', status: '502', duration_ms: 2500 },
    ]);
    // p95 of {0.812345, 2500}, linear between the two: 0.812345 + 0.95 * 2499.187655 = 2375.04061725.
    const stdin = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    const r = await runInProcess(['check', '-', '-q', '--json', '--assert', "p95(duration_ms) < 1000 where kind = 'request'"], { stdin });
    const result = JSON.parse(r.stdout).rules[0].results[0];
    expect(result.status).toBe('fail');
    expect(result.observed).toBeCloseTo(2375.0406, 3);
    // A `ts` in epoch milliseconds is not zap's: a bare duration there stays milliseconds.
    expect(await rows([{ ts: 1772366400123, level: 'info', msg: 'done', duration: 5 }], 'duration_ms')).toEqual([{ duration_ms: 5 }]);
  });

  it("logstash-logback-encoder's access event: elapsed_time is milliseconds and requested_uri the route (elapsed_time elsewhere stays seconds)", async () => {
    const access = { '@timestamp': '2026-03-01T12:00:00.123+01:00', '@version': '1', method: 'GET', protocol: 'HTTP/1.1', status_code: 200, requested_url: 'GET /api/users/42 HTTP/1.1', requested_uri: '/api/users/42', elapsed_time: 37 };
    expect(await rows([access], 'ts, kind, method, route, status, duration_ms')).toEqual([
      { ts: '2026-03-01T11:00:00.123Z', kind: 'request', method: 'GET', route: '/api/users/{id}', status: '200', duration_ms: 37 },
    ]);
    expect(await rows([{ msg: 'batch done', elapsed_time: 1.5 }], 'duration_ms')).toEqual([{ duration_ms: 1500 }]);
    // The configuration's unit for the field wins over the logger's.
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-shapes-'));
    try {
      writeFileSync(join(dir, 'logmeter.yml'), 'version: 1\nunits:\n  elapsed_time: s\n');
      const r = await runInProcess(['query', '-', '-q', '-F', 'json', '--config', join(dir, 'logmeter.yml'), '--sql', 'SELECT duration_ms FROM events'], { stdin: JSON.stringify(access) + '\n' });
      expect(JSON.parse(r.stdout)).toEqual([{ duration_ms: 37000 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Rust tracing's JSON: the event's fields (under fields) and tower-http's request span are read", async () => {
    const lines = [
      { timestamp: '2026-03-01T12:00:00.1Z', level: 'INFO', fields: { message: 'request done', method: 'GET', path: '/api/users/42', status: 200, duration: '12.5ms' }, target: 'app::http' },
      { timestamp: '2026-03-01T12:00:01.1Z', level: 'INFO', fields: { message: 'request done', method: 'POST', path: '/api/orders', status: 500, duration: '1.2s' }, target: 'app::http' },
      { timestamp: '2026-03-01T12:00:02.1Z', level: 'INFO', fields: { message: 'finished processing request', latency: '12 ms', status: 200 }, target: 'tower_http::trace::on_response', span: { method: 'GET', uri: '/api/x/7', version: 'HTTP/1.1', name: 'request' } },
    ];
    expect(await rows(lines, 'kind, method, route, status, duration_ms, ok')).toEqual([
      { kind: 'request', method: 'GET', route: '/api/users/{id}', status: '200', duration_ms: 12.5, ok: true },
      { kind: 'request', method: 'POST', route: '/api/orders', status: '500', duration_ms: 1200, ok: false },
      { kind: 'request', method: 'GET', route: '/api/x/{id}', status: '200', duration_ms: 12, ok: true },
    ]);
  });

  it("Envoy's and Istio's response_code is the status, so a 503 is a failure", async () => {
    const envoy = (response_code: number) => ({ start_time: '2026-03-01T12:00:01.123Z', method: 'POST', path: '/api/orders', protocol: 'HTTP/2', response_code, duration: 1500 });
    expect(await rows([envoy(503), envoy(201)], 'kind, status, duration_ms, ok')).toEqual([
      { kind: 'request', status: '503', duration_ms: 1500, ok: false },
      { kind: 'request', status: '201', duration_ms: 1500, ok: true },
    ]);
  });

  it("ECS's event.duration is nanoseconds; an event.duration outside an ECS log is not read", async () => {
    const ecs = { '@timestamp': '2026-03-01T12:00:01.123Z', 'log.level': 'error', message: 'handled request', 'ecs.version': '8.10.0', http: { request: { method: 'POST' }, response: { status_code: 502 } }, url: { path: '/api/orders' }, event: { duration: 1500000000, outcome: 'failure' } };
    expect(await rows([ecs], 'kind, method, route, status, duration_ms, ok')).toEqual([{ kind: 'request', method: 'POST', route: '/api/orders', status: '502', duration_ms: 1500, ok: false }]);
    expect(await rows([{ msg: 'x', event: { name: 'sync', duration: 120 } }], 'duration_ms')).toEqual([{ duration_ms: null }]);
  });

  it("nginx's JSON log_format: $request gives the method and route, $time_iso8601 and $msec the time ($msec only in an nginx log)", async () => {
    const nginx1 = { time_local: '01/Mar/2026:12:00:01 +0000', remote_addr: '1.2.3.4', request: 'POST /api/orders?id=3 HTTP/1.1', status: '502', body_bytes_sent: '150', request_time: '2.500' };
    const nginx2 = { time_iso8601: '2026-03-01T12:00:01+00:00', request_method: 'POST', request_uri: '/api/orders', status: 504, request_time: 60.001 };
    const nginx3 = { msec: '1772366401.250', request: 'GET /api/users/42 HTTP/2.0', status: 200, body_bytes_sent: 10, request_time: 0.004 };
    const columns = 'ts, kind, method, route, status, duration_ms';
    expect(await rows([nginx1], columns)).toEqual([{ ts: '2026-03-01T12:00:01.000Z', kind: 'request', method: 'POST', route: '/api/orders', status: '502', duration_ms: 2500 }]);
    expect(await rows([nginx2], columns)).toEqual([{ ts: '2026-03-01T12:00:01.000Z', kind: 'request', method: 'POST', route: '/api/orders', status: '504', duration_ms: 60001 }]);
    expect(await rows([nginx3], columns)).toEqual([{ ts: '2026-03-01T12:00:01.250Z', kind: 'request', method: 'GET', route: '/api/users/{id}', status: '200', duration_ms: 4 }]);
    // A request that is not a request line, and a msec that is a duration, are neither.
    expect(await rows([{ msg: 'sent', request: 'fetch the report' }, { msg: 'done', msec: 12 }], 'ts, method, route')).toEqual([
      { ts: null, method: null, route: null },
      { ts: null, method: null, route: null },
    ]);
  });

  it("GCP Cloud Logging's httpRequest, and a LogEntry export's payload and {seconds, nanos} time", async () => {
    const gcp = { severity: 'WARNING', message: 'request', httpRequest: { requestMethod: 'POST', requestUrl: 'https://example.com/api/orders?x=1', status: 503, latency: '2.500s' }, timestamp: '2026-03-01T12:00:01Z' };
    expect(await rows([gcp], 'level, kind, method, route, status, duration_ms, ok')).toEqual([
      { level: 'warn', kind: 'request', method: 'POST', route: '/api/orders', status: '503', duration_ms: 2500, ok: false },
    ]);
    const entry = (o: object) => ({ insertId: 'a', resource: { type: 'k8s_container' }, severity: 'INFO', logName: 'projects/p/logs/stdout', ...o });
    expect(
      await rows([entry({ jsonPayload: { message: 'llm call' }, timestamp: '2026-03-01T12:00:00.123Z' }), entry({ textPayload: 'plain line', timestamp: { seconds: 1772366401, nanos: 500000000 } })], 'ts, event'),
    ).toEqual([
      { ts: '2026-03-01T12:00:00.123Z', event: 'llm call' },
      { ts: '2026-03-01T12:00:01.500Z', event: 'plain line' },
    ]);
  });
});
