// The canonical columns, rule by rule, against hand-written expectations: key spellings, time
// forms, levels, durations, failure signals, route templating and the kind precedence.

import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';

async function rows(lines: object[], columns: string, args: string[] = []): Promise<Record<string, unknown>[]> {
  const stdin = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const r = await runInProcess(['query', '-', '-q', '-F', 'json', ...args, '--sql', `SELECT ${columns} FROM events ORDER BY line`], { stdin });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('key spellings', () => {
  it('snake_case, camelCase, dotted, nested and namespaced keys reach the same column', async () => {
    const got = await rows(
      [
        { msg: 'a', model: 'm', latency_ms: 1, prompt_tokens: 10 },
        { msg: 'b', model: 'm', latencyMs: 2, promptTokens: 20 },
        { msg: 'c', model: 'm', 'latency.ms': 3, usage: { prompt_tokens: 30 } },
        { msg: 'd', 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 40, duration_ms: 4 },
        { msg: 'e', metadata: { provider: 'openai', model: 'm' }, agent: { workflow: { duration_ms: 5 } }, usage: { input_tokens: 50 } },
        { msg: 'file written', app: { file: { bytes: 60, path: '/x' } } },
      ],
      'duration_ms, tokens_in, model, provider, bytes',
    );
    expect(got).toEqual([
      { duration_ms: 1, tokens_in: 10, model: 'm', provider: null, bytes: null },
      { duration_ms: 2, tokens_in: 20, model: 'm', provider: null, bytes: null },
      { duration_ms: 3, tokens_in: 30, model: 'm', provider: null, bytes: null },
      { duration_ms: 4, tokens_in: 40, model: 'm', provider: null, bytes: null },
      { duration_ms: 5, tokens_in: 50, model: 'm', provider: 'openai', bytes: null },
      { duration_ms: null, tokens_in: null, model: null, provider: null, bytes: 60 },
    ]);
  });
});

describe('other loggers', () => {
  // One source each: a column's paths are chosen per source, from its own keys.
  it("Rust tracing's fields.message, and Serilog's compact JSON (@t, @l, @mt, @x)", async () => {
    expect(
      await rows(
        [{ timestamp: '2026-03-02T10:00:00.5Z', level: 'WARN', fields: { message: 'llm call', latency_ms: 12 }, target: 'agent::llm' }],
        "ts, level, event, duration_ms",
      ),
    ).toEqual([{ ts: '2026-03-02T10:00:00.500Z', level: 'warn', event: 'llm call', duration_ms: 12 }]);
    expect(
      await rows(
        [{ '@t': '2026-03-02T10:00:00.1234567Z', '@mt': 'LLM call to {Model}', '@l': 'Error', '@x': 'System.TimeoutException: slow', Model: 'gpt-4o' }],
        'ts, level, event, error, ok, model',
      ),
    ).toEqual([{ ts: '2026-03-02T10:00:00.123Z', level: 'error', event: 'LLM call to {Model}', error: 'System.TimeoutException: slow', ok: false, model: 'gpt-4o' }]);
  });

  it("Go's zap and slog: a bare duration number in seconds (zap) or nanoseconds (slog), as their encoders write it", async () => {
    const zap = (o: object) => ({ level: 'info', ts: 1772445600.123, caller: 'agent/llm.go:42', msg: 'llm call', ...o });
    expect(await rows([zap({ latency: 0.12 }), zap({ latency: '1.5s' }), zap({ elapsed: 2 }), zap({ latency_ms: 7 })], 'ts, level, duration_ms')).toEqual([
      { ts: '2026-03-02T10:00:00.123Z', level: 'info', duration_ms: 120 },
      { ts: '2026-03-02T10:00:00.123Z', level: 'info', duration_ms: 1500 },
      { ts: '2026-03-02T10:00:00.123Z', level: 'info', duration_ms: 2000 },
      { ts: '2026-03-02T10:00:00.123Z', level: 'info', duration_ms: 7 },
    ]);
    const slog = (o: object) => ({ time: '2026-03-02T11:00:00.5+01:00', level: 'WARN', msg: 'llm call', ...o });
    expect(await rows([slog({ duration: 120_000_000 }), slog({ elapsed: '250ms' }), slog({ latency_ms: 9 })], 'ts, level, duration_ms')).toEqual([
      { ts: '2026-03-02T10:00:00.500Z', level: 'warn', duration_ms: 120 },
      { ts: '2026-03-02T10:00:00.500Z', level: 'warn', duration_ms: 250 },
      { ts: '2026-03-02T10:00:00.500Z', level: 'warn', duration_ms: 9 },
    ]);
    // Elsewhere a bare number in such a field is milliseconds.
    expect(await rows([{ time: '2026-03-02T10:00:00Z', level: 'info', msg: 'x', latency: 120 }], 'duration_ms')).toEqual([{ duration_ms: 120 }]);
  });

  it("loguru's record: its extra fields as top-level keys, and not its source file as a file path", async () => {
    const record = (message: string, extra: object) => ({
      text: `2026-03-02 10:00:00.000 | INFO     | app:run:7 - ${message}\n`,
      record: { exception: null, extra, file: { name: 'app.py', path: '/srv/app.py' }, level: { name: 'INFO', no: 20 }, message, time: { repr: '2026-03-02 10:00:00+00:00', timestamp: 1772445600.25 } },
    });
    expect(await rows([record('server started', { port: 8080 }), record('file_write', { path: 'out/a.md', bytes: 12 })], 'ts, level, event, kind, path, bytes')).toEqual([
      { ts: '2026-03-02T10:00:00.250Z', level: 'info', event: 'server started', kind: 'other', path: null, bytes: null },
      { ts: '2026-03-02T10:00:00.250Z', level: 'info', event: 'file_write', kind: 'file_op', path: 'out/a.md', bytes: 12 },
    ]);
  });
});

describe('time', () => {
  it('reads epoch s, ms, us and ns (numbers or strings), ISO 8601, asctime and {epochSecond, nanoOfSecond}', async () => {
    const expected = '2026-03-02T10:00:00.123Z';
    const got = await rows(
      [
        { ts: 1772445600.123 },
        { time: 1772445600123 },
        { time: '1772445600123' },
        { ts: 1772445600123000 },
        { timestamp: '1772445600123000000' },
        { timestamp: '2026-03-02T10:00:00.123Z' },
        { timestamp: '2026-03-02T11:00:00.123+01:00' },
        { asctime: '2026-03-02 10:00:00,123' },
        { instant: { epochSecond: 1772445600, nanoOfSecond: 123000000 } },
        { msg: 'no time at all' },
      ],
      'ts',
    );
    expect(got.map((r) => r.ts)).toEqual([...Array(9).fill(expected), null]);
  });

  it('reads a zone-less time in the hour daylight saving repeats at the later offset, and one in the spring gap at the earlier (docs/INGEST.md)', async () => {
    // Europe/Berlin: 2026-10-25 02:00-02:59 happens at +02:00, then at +01:00; 2026-03-29 02:00-02:59 never happens
    const stdin = ['2026-10-25 01:59:59', '2026-10-25 02:30:00', '2026-10-25 03:00:00', '2026-03-29 02:30:00'].map((asctime) => JSON.stringify({ asctime, message: 'm' })).join('\n') + '\n';
    const r = await runInProcess(['query', '-', '-q', '--tz', 'Europe/Berlin', '-F', 'json', '--sql', 'SELECT ts FROM events ORDER BY line'], { stdin });
    expect(JSON.parse(r.stdout).map((row: { ts: string }) => row.ts)).toEqual([
      '2026-10-24T23:59:59.000Z',
      // the second pass (+01:00), for both passes; Python's zoneinfo (fold=0) says 00:30Z
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
      // the offset before the change (+01:00), as zoneinfo reads it
      '2026-03-29T01:30:00.000Z',
    ]);
  });

  // winston's format.timestamp(), python-json-logger and structlog write `timestamp` or `created`;
  // a record's own `time`, `date` or `created` is often something else.
  it('falls through to the next time key when one is no time, a number before 2001 or a date alone', async () => {
    const winston = await rows(
      [
        { level: 'info', message: 'db query finished', time: 12, timestamp: '2026-03-01T10:00:00.000Z' },
        { level: 'info', message: 'db query finished', time: '15ms', timestamp: '2026-03-01T10:00:01.000Z' },
        { level: 'info', message: 'server started', timestamp: '2026-03-01T10:00:02.000Z' },
        // Epoch 1e9 s (2001-09-09T01:46:40Z) in ms is late enough to be a time.
        { level: 'info', message: 'old but a time', time: 1000000000000, timestamp: '2026-03-01T10:00:03.000Z' },
        // Alone, a small number is still read as the epoch it says: no other key tells better.
        { level: 'info', message: 'only a small time', time: 12 },
      ],
      'ts',
    );
    expect(winston.map((r) => r.ts)).toEqual([
      '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:01.000Z', '2026-03-01T10:00:02.000Z', '2001-09-09T01:46:40.000Z', '1970-01-01T00:00:12.000Z',
    ]);
    // python-json-logger's `created` (epoch seconds) beside a business `date`, which comes first in priority.
    const python = await rows([{ created: 1772359200.123, levelname: 'INFO', name: 'billing', message: 'invoice sent', date: '2025-12-31' }], 'ts');
    expect(python).toEqual([{ ts: '2026-03-01T10:00:00.123Z' }]);
  });

  it("reads RFC 2822 with an offset, Go's time.Time String(), .NET's /Date()/, Java's ZonedDateTime, date(1) and a lower-case t", async () => {
    const got = await rows(
      [
        { time: 'Sun, 01 Mar 2026 10:00:00 +0000' },
        { time: 'Sun, 01 Mar 2026 11:00:00 +0100' },
        { time: 'Sun, 01 Mar 2026 10:00:00 GMT' },
        { time: '2026-03-01 10:00:00.123456789 +0000 UTC m=+0.012345678' },
        { time: '2026-03-01 11:00:00.5 +0100 CET' },
        { time: '/Date(1772359200123)/' },
        { time: '/Date(1772359200123+0100)/' },
        { time: '2026-03-01T11:00:00+01:00[Europe/Paris]' },
        // ZonedDateTime.toString() leaves out zero seconds.
        { time: '2026-03-01T10:00Z[UTC]' },
        { time: 'Sun Mar  1 10:00:00 UTC 2026' },
        { time: 'Sun Mar  1 02:00:00 PST 2026' },
        { time: 'Sun Mar  1 03:00:00 -0700 2026' },
        { time: '2026-03-01t10:00:00Z' },
        // Month or day first? A 12-hour clock is the US order (Python's logging HOWTO): 1 March (test/ingest/date-order.test.ts).
        { time: '03/01/2026 10:00:00 AM' },
      ],
      'ts',
    );
    expect(got.map((r) => r.ts)).toEqual([
      '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.123Z', '2026-03-01T10:00:00.500Z',
      '2026-03-01T10:00:00.123Z', '2026-03-01T10:00:00.123Z', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z',
      '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z',
    ]);
  });

  it('reads a zone abbreviation with one meaning at its offset, and gives no time for an ambiguous one', async () => {
    const got = await rows(
      [
        { time: '2026-03-01 11:00:00 CET' }, { time: '2026-03-01 05:00:00 EST' }, { time: '2026-03-01 19:00:00 JST' }, { time: '2026-03-01 10:00:00UTC' },
        { time: '2026-03-01 10:00:00 CST' }, { time: '2026-03-01 10:00:00 IST' }, { time: '2026-03-01 10:00:00 XYZ' },
      ],
      'ts',
    );
    expect(got.map((r) => r.ts)).toEqual([...Array(4).fill('2026-03-01T10:00:00.000Z'), null, null, null]);
  });

  it("reads log4j2's timeMillis, MongoDB's t.$date and eventTime", async () => {
    // One source each: a source's time keys are chosen from its own records.
    expect(await rows([{ timeMillis: 1772359200123, level: 'INFO', loggerName: 'app', message: 'started' }], 'ts')).toEqual([{ ts: '2026-03-01T10:00:00.123Z' }]);
    expect(await rows([{ t: { $date: '2026-03-01T10:00:00.123+00:00' }, s: 'I', c: 'NETWORK', id: 22943, ctx: 'listener', msg: 'Connection accepted' }], 'ts')).toEqual([
      { ts: '2026-03-01T10:00:00.123Z' },
    ]);
    expect(await rows([{ eventTime: '2026-03-01T10:00:00Z', reason: 'Pulled' }, { event_time: '2026-03-01T10:00:01Z', reason: 'Started' }], 'ts')).toEqual([
      { ts: '2026-03-01T10:00:00.000Z' },
      { ts: '2026-03-01T10:00:01.000Z' },
    ]);
  });

  it('takes a date alone, like any zone-less time, in the --tz zone', async () => {
    const got = await rows([{ time: '2026-03-01', msg: 'date only' }, { time: '2026-03-01T00:00:00', msg: 'midnight, zone-less' }], 'ts', ['--tz', 'Asia/Kolkata']);
    expect(got).toEqual([{ ts: '2026-02-28T18:30:00.000Z' }, { ts: '2026-02-28T18:30:00.000Z' }]);
  });
});

describe('level', () => {
  it('maps pino numbers, Python, winston and syslog names to the six levels', async () => {
    const got = await rows(
      [{ level: 10 }, { level: 20 }, { level: 30 }, { level: 40 }, { level: 50 }, { level: 60 }, { levelname: 'WARNING' }, { levelname: 'CRITICAL' }, { level: 'silly' }, { level: 'verbose' }, { level: 'notice' }, { level: 'emerg' }, { severity_number: 17 }],
      'level',
    );
    expect(got.map((r) => r.level)).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'warn', 'fatal', 'trace', 'debug', 'info', 'fatal', 'error']);
  });
});

describe('duration_ms', () => {
  it('takes ms fields as they are, seconds fields x1000, unit strings, and start/end pairs', async () => {
    const got = await rows(
      [
        { latency_ms: 1680 },
        { duration_seconds: 1.5 },
        { elapsed: '1680ms' },
        { duration: '1.2s' },
        { took: '1m30s' },
        { start_time: '2026-03-02T10:00:00Z', end_time: '2026-03-02T10:00:02.5Z' },
      ],
      'duration_ms',
    );
    expect(got.map((r) => r.duration_ms)).toEqual([1680, 1500, 1680, 1200, 90000, 2500]);
  });
});

describe('ok and the failure signals', () => {
  it('is false for a false flag, a failure status, an error field, an error event, HTTP 5xx, and 4xx on an llm call', async () => {
    const got = await rows(
      [
        { msg: 'done', success: false },
        { msg: 'done', status: 'failed' },
        { msg: 'done', error: 'boom' },
        { msg: 'file_write_error', path: '/x' },
        { msg: 'served', method: 'GET', url: '/a', statusCode: 503 },
        { msg: 'served', method: 'GET', url: '/a', statusCode: 404 },
        { msg: 'chat', model: 'gpt-4o', status: 429 },
        { msg: 'done', error: null, success: true, status: 'completed' },
        { msg: 'done', error: '' },
      ],
      'ok',
    );
    expect(got.map((r) => r.ok)).toEqual([false, false, false, false, false, true, false, true, true]);
  });
});

describe('route', () => {
  it('templates numbers, UUIDs and prefixed ids so routes group, and keeps the raw path in attrs', async () => {
    const got = await rows(
      [
        { method: 'GET', url: '/api/workflows/wf_2d8bf96c/steps/7?x=1', statusCode: 200 },
        { method: 'DELETE', url: 'https://api.example.com/v1/sessions/550e8400-e29b-41d4-a716-446655440000', statusCode: 204 },
      ],
      "kind, method, route, json_extract_string(attrs, '$.url') AS raw",
    );
    expect(got).toEqual([
      { kind: 'request', method: 'GET', route: '/api/workflows/{id}/steps/{id}', raw: '/api/workflows/wf_2d8bf96c/steps/7?x=1' },
      { kind: 'request', method: 'DELETE', route: '/v1/sessions/{id}', raw: 'https://api.example.com/v1/sessions/550e8400-e29b-41d4-a716-446655440000' },
    ]);
  });
});

describe('kind precedence', () => {
  it('names first, then model with usage, then served requests, then metric samples', async () => {
    const got = await rows(
      [
        { msg: 'session ended', session_id: 's1', model: 'gpt-4o', usage: { prompt_tokens: 900 } },
        { msg: 'workflow completed', workflow_id: 'wf_1', duration_ms: 10, model: 'gpt-4o' },
        { msg: 'provider request', model: 'gpt-4o', latency_ms: 800, method: 'POST', url: '/v1/chat/completions', statusCode: 200 },
        { msg: 'request completed', req: { method: 'GET', url: '/health' }, res: { statusCode: 200 }, responseTime: 3 },
        { metric_type: 'response_time', value: 250, metadata: { model: 'gpt-4o' } },
        { msg: 'system sample', cpu_usage: 12.5 },
        { msg: 'hello' },
      ],
      'kind, metric, value, duration_ms',
    );
    expect(got).toEqual([
      { kind: 'session', metric: null, value: null, duration_ms: null },
      { kind: 'workflow', metric: null, value: null, duration_ms: 10 },
      { kind: 'llm_call', metric: null, value: null, duration_ms: 800 },
      { kind: 'request', metric: null, value: null, duration_ms: 3 },
      { kind: expect.stringMatching(/^(metric|llm_call)$/), metric: 'response_time', value: 250, duration_ms: 250 },
      { kind: 'metric', metric: null, value: null, duration_ms: null },
      { kind: 'other', metric: null, value: null, duration_ms: null },
    ]);
  });
});
