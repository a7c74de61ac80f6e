// Python text logs beyond the cookbook layouts of the fixtures: structlog's ConsoleRenderer, values
// written with repr() inside a message, and levels without a name (`Level 25`).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFiles } from './helpers.js';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-python-text-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ingests the lines as one file; returns its format and the asked columns of its events. */
async function read(lines: readonly string[], columns: string): Promise<{ format: string | undefined; rows: Record<string, unknown>[] }> {
  const path = join(dir, `p${counter++}.log`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const run = await ingestFiles([path]);
  try {
    return { format: run.summary.sources[0]?.format, rows: await run.rows(`SELECT ${columns} FROM events ORDER BY line`) };
  } finally {
    run.close();
  }
}

describe('a python-text message', () => {
  it('keeps a level word as written in attrs (WARN stays WARN; only console abbreviations such as ERRO are spelled out)', async () => {
    const { rows } = await read(['2014-10-08 16:56:38,344:WARN:foo bar baz'], "level, attrs->>'level' AS logged");
    expect(rows).toEqual([{ level: 'warn', logged: 'WARN' }]);
  });

  it('reads pairs a message separates with commas without the commas (`model=gpt-4o, tokens_in=12,`)', async () => {
    const { rows } = await read(
      [
        '2026-03-02 10:00:01,750 INFO app.llm: llm call completed model=gpt-4o, provider=openai, tokens_in=12, tokens_out=5; duration_ms=300,',
        '2026-03-02 10:00:02,750 INFO airflow.task: Marking task as SUCCESS. dag_id=etl, task_id=load',
      ],
      "kind, model, provider, tokens_in, tokens_out, duration_ms, attrs->>'dag_id' AS dag, attrs->>'task_id' AS task",
    );
    expect(rows).toEqual([
      { kind: 'llm_call', model: 'gpt-4o', provider: 'openai', tokens_in: 12, tokens_out: 5, duration_ms: 300, dag: null, task: null },
      { kind: 'other', model: null, provider: null, tokens_in: null, tokens_out: null, duration_ms: null, dag: 'etl', task: 'load' },
    ]);
  });

  it("reads a value in 'single quotes' (`error={e!r}`) whole, as it reads one in double quotes", async () => {
    const { rows } = await read(
      [
        "2026-03-02 10:00:00,001 - agent - ERROR - LLM call failed model=gpt-4o duration_ms=120 error='Rate limit exceeded for gpt-4o'",
        '2026-03-02 10:00:01,001 - agent - ERROR - LLM call failed model=gpt-4o duration_ms=130 error="Rate limit exceeded for gpt-4o"',
      ],
      'event, error, ok, duration_ms',
    );
    expect(rows).toEqual([
      { event: 'LLM call failed', error: 'Rate limit exceeded for gpt-4o', ok: false, duration_ms: 120 },
      { event: 'LLM call failed', error: 'Rate limit exceeded for gpt-4o', ok: false, duration_ms: 130 },
    ]);
  });

  it('reads the pairs of a repr()ed object or dict as its fields, so usage.completion_tokens is tokens_out', async () => {
    // Python 3 logging, '%(asctime)s %(levelname)-8s %(name)s: %(message)s', logging f"usage={u!r}" of pydantic 2.13 models
    // shaped as the OpenAI SDK's CompletionUsage, a dict, and an exception.
    const { rows } = await read(
      [
        '2026-03-02 10:00:02,379 INFO     agent.llm: openai response model=gpt-4o usage=CompletionUsage(completion_tokens=67, prompt_tokens=1124, total_tokens=1191, completion_tokens_details=None) latency=3.456s',
        '2026-03-02 10:00:03,379 INFO     agent.llm: openai response model=gpt-4o usage=CompletionUsage(completion_tokens=12, prompt_tokens=80, total_tokens=92, completion_tokens_details=CompletionTokensDetails(reasoning_tokens=4, audio_tokens=None)) latency=1.5s',
        "2026-03-02 10:00:04,379 INFO     agent.llm: anthropic response model=claude-3-5-sonnet-20241022 usage={'input_tokens': 25, 'output_tokens': 300} latency=2.1s",
        "2026-03-02 10:00:05,379 ERROR    agent.llm: call failed model=gpt-4o error=RateLimitError('Rate limit exceeded', 429) latency=0.2s",
      ],
      `event, kind, tokens_in, tokens_out, duration_ms, ok, error, attrs->>'$.usage.completion_tokens_details.reasoning_tokens' AS reasoning`,
    );
    expect(rows).toEqual([
      { event: 'openai response', kind: 'llm_call', tokens_in: 1124, tokens_out: 67, duration_ms: 3456, ok: true, error: null, reasoning: null },
      { event: 'openai response', kind: 'llm_call', tokens_in: 80, tokens_out: 12, duration_ms: 1500, ok: true, error: null, reasoning: '4' },
      { event: 'anthropic response', kind: 'llm_call', tokens_in: 25, tokens_out: 300, duration_ms: 2100, ok: true, error: null, reasoning: null },
      { event: 'call failed', kind: 'llm_call', tokens_in: null, tokens_out: null, duration_ms: 200, ok: false, error: "RateLimitError('Rate limit exceeded', 429)", reasoning: null },
    ]);
  });
});

describe("structlog's ConsoleRenderer", () => {
  it('gives the bracketed, padded level as the level, and the event without it', async () => {
    // structlog 26.1, ConsoleRenderer(colors=False) after add_log_level and TimeStamper(fmt="%Y-%m-%d %H:%M:%S").
    const { format, rows } = await read(
      [
        "2026-03-02 10:00:02 [error    ] llm_call_failed                error='Rate limit exceeded' latency_ms=411.8 model=gpt-4o",
        '2026-03-02 10:00:08 [info     ] llm_call                       completion_tokens=9 model=gpt-4o note=\'it\\\'s "fine"\' prompt_tokens=2744 q="it\'s"',
        '2026-03-02 10:00:09 [warning  ] retry                          attempt=2',
        '2026-03-02 10:00:10 [critical ] disk full',
      ],
      `ts::VARCHAR AS ts, level, event, error, model, tokens_in, tokens_out, duration_ms, attrs->>'note' AS note`,
    );
    expect(format).toBe('python-text');
    expect(rows).toEqual([
      { ts: '2026-03-02 10:00:02+00', level: 'error', event: 'llm_call_failed', error: 'Rate limit exceeded', model: 'gpt-4o', tokens_in: null, tokens_out: null, duration_ms: 411.8, note: null },
      { ts: '2026-03-02 10:00:08+00', level: 'info', event: 'llm_call', error: null, model: 'gpt-4o', tokens_in: 2744, tokens_out: 9, duration_ms: null, note: 'it\'s "fine"' },
      { ts: '2026-03-02 10:00:09+00', level: 'warn', event: 'retry', error: null, model: null, tokens_in: null, tokens_out: null, duration_ms: null, note: null },
      { ts: '2026-03-02 10:00:10+00', level: 'fatal', event: 'disk full', error: null, model: null, tokens_in: null, tokens_out: null, duration_ms: null, note: null },
    ]);
  });
});

describe('a level Python never named', () => {
  it('starts its own record, its level that of the named level at or below its number', async () => {
    // Python 3 logging.basicConfig(): logging.log(25, ...), log(5, ...) and log(45, ...) without addLevelName.
    const { rows } = await read(
      [
        'INFO:root:first',
        'Level 25:root:custom numeric level tokens_in=5',
        'Level 5:root:trace-ish',
        'Level 45:root:between',
        'WARNING:root:third',
        '2026-03-02 10:00:00,608 - agent - Level 25 - x',
      ],
      `line, level, event, attrs->>'message' AS message, attrs->>'levelno' AS levelno`,
    );
    expect(rows).toEqual([
      { line: 1, level: 'info', event: 'first', message: 'first', levelno: null },
      { line: 2, level: 'info', event: 'custom numeric level', message: 'custom numeric level tokens_in=5', levelno: '25' },
      { line: 3, level: 'trace', event: 'trace-ish', message: 'trace-ish', levelno: '5' },
      { line: 4, level: 'error', event: 'between', message: 'between', levelno: '45' },
      { line: 5, level: 'warn', event: 'third', message: 'third', levelno: null },
      { line: 6, level: 'info', event: 'x', message: 'x', levelno: '25' },
    ]);
  });
});

describe("loguru's default text sink", () => {
  it('reads the level, the logger and its code location apart from the message (lines as loguru 0.7.3 wrote them)', async () => {
    const { format, rows } = await read(
      [
        '2026-11-24 08:29:45.469 | INFO     | __main__:<module>:6 - llm call model=gpt-4o duration_ms=120 tokens_in=50',
        '2026-11-24 08:29:45.469 | SUCCESS  | __main__:<module>:7 - workflow finished status=ok',
        '2026-11-24 08:29:45.469 | WARNING  | agent.llm:call:8 - slow',
        '2026-11-24 08:29:45.469 | ERROR    | __main__:<module>:12 - boom',
        'Traceback (most recent call last):',
        '',
        '> File "<string>", line 10, in <module>',
        '',
        'ZeroDivisionError: division by zero',
      ],
      'ts, level, event, kind, model, duration_ms, ok, error',
    );
    expect(format).toBe('python-text');
    expect(rows).toEqual([
      { ts: '2026-11-24T08:29:45.469Z', level: 'info', event: 'llm call', kind: 'llm_call', model: 'gpt-4o', duration_ms: 120, ok: true, error: null },
      { ts: '2026-11-24T08:29:45.469Z', level: 'info', event: 'workflow finished', kind: 'workflow', model: null, duration_ms: null, ok: true, error: null },
      { ts: '2026-11-24T08:29:45.469Z', level: 'warn', event: 'slow', kind: 'other', model: null, duration_ms: null, ok: true, error: null },
      { ts: '2026-11-24T08:29:45.469Z', level: 'error', event: 'boom', kind: 'other', model: null, duration_ms: null, ok: false, error: 'ZeroDivisionError: division by zero' },
    ]);
  });
});

describe('a zone abbreviation after the time', () => {
  // `%(asctime)s %(Z)s` in a format string, or logging.Formatter.converter = time.localtime with
  // datefmt '%Y-%m-%d %H:%M:%S %Z': the zone of the host, as Python knows it.
  it('is read at its offset when it has one meaning, and gives no time when ambiguous or unknown, never UTC', async () => {
    const { format, rows } = await read(
      [
        '2026-03-01 10:00:00,123 NZDT INFO app: known, +13:00',
        '2026-03-01 10:00:01,123 CST INFO app: US Central, China or Cuba',
        '2026-03-01 10:00:02,123 PKT INFO app: Pakistan, +05:00',
        '2026-03-01 10:00:03,123 ACWST INFO app: five capitals',
        '2026-03-01 10:00:04,123 INFO app: no zone, the level right after the time',
        '2026-03-01 10:00:05,123 ICT INFO app: Indochina, which the tz database now writes +07',
        '2026-03-01 10:00:06,123 GST INFO app: Gulf or South Georgia',
      ],
      `line, ts, level, attrs->>'logger' AS logger, event`,
    );
    expect(format).toBe('python-text');
    expect(rows).toEqual([
      { line: 1, ts: '2026-02-28T21:00:00.123Z', level: 'info', logger: 'app', event: 'known, +13:00' },
      { line: 2, ts: null, level: 'info', logger: 'app', event: 'US Central, China or Cuba' },
      { line: 3, ts: '2026-03-01T05:00:02.123Z', level: 'info', logger: 'app', event: 'Pakistan, +05:00' },
      { line: 4, ts: null, level: 'info', logger: 'app', event: 'five capitals' },
      { line: 5, ts: '2026-03-01T10:00:04.123Z', level: 'info', logger: 'app', event: 'no zone, the level right after the time' },
      { line: 6, ts: null, level: 'info', logger: 'app', event: 'Indochina, which the tz database now writes +07' },
      { line: 7, ts: null, level: 'info', logger: 'app', event: 'Gulf or South Georgia' },
    ]);
  });

  it('gives no time when unknown, in each layout with a column after the time, whose columns then read as without a zone', async () => {
    const layouts = [
      ['2026-03-01 10:00:00,123 ICT - app - INFO - hello', '2026-03-01 10:00:00,123 - app - INFO - hello'],
      ['2026-03-01 10:00:00,123 ICT | INFO | app | hello', '2026-03-01 10:00:00,123 | INFO | app | hello'],
      ['[2026-03-01 10:00:00,123 ICT] INFO in app: hello', '[2026-03-01 10:00:00,123] INFO in app: hello'],
      ['[2026-03-01 10:00:00,123 ICT: INFO/MainProcess] hello', '[2026-03-01 10:00:00,123: INFO/MainProcess] hello'],
      ['2026-03-01 10:00:00,123 ICT:INFO:app:hello', '2026-03-01 10:00:00,123:INFO:app:hello'],
      ['2026-03-01 10:00:00,123 ICT app INFO hello', '2026-03-01 10:00:00,123 app INFO hello'],
      ['INFO 2026-03-01 10:00:00,123 ICT app 12 34 hello', 'INFO 2026-03-01 10:00:00,123 app 12 34 hello'],
    ];
    for (const lines of layouts) {
      const { format, rows } = await read(lines, 'ts, level, event');
      expect({ format, rows }, lines[0]).toEqual({
        format: 'python-text',
        rows: [
          { ts: null, level: 'info', event: 'hello' },
          { ts: '2026-03-01T10:00:00.123Z', level: 'info', event: 'hello' },
        ],
      });
    }
  });

  it('is a word it does not list only where a level must follow the time: a logger in capitals before the level keeps the time', async () => {
    // Each line is a file of its own, so that no other line decides the layout.
    const cases: [string, Record<string, unknown>][] = [
      ['2026-03-01 10:00:00,123 API INFO hi', { ts: '2026-03-01T10:00:00.123Z', level: 'info', logger: 'API', event: 'hi' }],
      ['2026-03-01 10:00:00,123 ICT INFO app: hi', { ts: null, level: 'info', logger: 'app', event: 'hi' }],
      ['2026-03-01 10:00:00,123 PKT INFO app: hi', { ts: '2026-03-01T05:00:00.123Z', level: 'info', logger: 'app', event: 'hi' }],
      // A listed abbreviation is the zone even where the word could be a logger.
      ['2026-03-01 10:00:00,123 CET INFO hi', { ts: '2026-03-01T09:00:00.123Z', level: 'info', logger: null, event: 'hi' }],
      // A level word is never the logger before a level: this message opens with one.
      ['2026-03-01 10:00:00,123 INFO error budget exceeded', { ts: '2026-03-01T10:00:00.123Z', level: 'info', logger: null, event: 'error budget exceeded' }],
    ];
    for (const [line, expected] of cases) {
      const { format, rows } = await read([line], `ts, level, attrs->>'logger' AS logger, event`);
      expect({ format, rows }, line).toEqual({ format: 'python-text', rows: [expected] });
    }
  });
});
