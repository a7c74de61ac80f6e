// Logs with terminal colour codes (ANSI escape sequences) read exactly as the same logs without
// them: level, message, fields, time, prefix, tracebacks; and every line still one record,
// continuation line or reject. The Python consoles' logs are real output (test/fixtures/coloured/,
// written by gen/coloured_consoles.py through structlog, colorlog, uvicorn and rich, each beside the
// same records logged with colours off); winston and pino write theirs here; where no logger on this
// machine writes the bytes (docker compose's coloured prefix, a CRI file), they are written as those
// tools write them.

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import pino from 'pino';
import winston from 'winston';
import { withoutTerminalCodes } from '../../src/ingest/terminal-codes.js';
import { runBinary } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';

const workdir = useWorkdirs('logmeter-colours');
const COLOURED = fileURLToPath(new URL('../fixtures/coloured/', import.meta.url));
const ESC = '\x1b';

interface Read {
  readonly events: Record<string, unknown>[];
  readonly rejects: Record<string, unknown>[];
  readonly source: Record<string, number | string>;
}

/** What logmeter makes of a log (written under one name, so that the two reads compare): the real CLI. */
function read(content: string | Buffer, name = 'app.log'): Read {
  const dir = workdir();
  const file = join(dir, name);
  writeFileSync(file, content);
  const db = join(dir, 'x.duckdb');
  const ingest = runBinary(['ingest', '--db', db, file, '-q', '--json']);
  expect(ingest.stderr).toBe('');
  const source = (JSON.parse(ingest.stdout) as { sources: Record<string, number | string>[] }).sources[0] as Record<string, number | string>;
  const query = (sql: string) => {
    const r = runBinary(['query', '--db', db, '--sql', sql, '-F', 'json']);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as Record<string, unknown>[];
  };
  return {
    events: query('SELECT * EXCLUDE (source) FROM events ORDER BY line, ts'),
    rejects: query('SELECT line, reason, sample FROM rejects ORDER BY line'),
    source,
  };
}

function expectSameReading(coloured: Read, plain: Read): void {
  expect(coloured.events).toEqual(plain.events);
  expect(coloured.rejects).toEqual(plain.rejects);
  for (const count of ['format', 'lines', 'records', 'continuation_lines', 'rejects', 'layout', 'wrapping'] as const) {
    expect(coloured.source[count], count).toEqual(plain.source[count]);
  }
  const s = coloured.source;
  expect(Number(s.lines)).toBe(Number(s.records) + Number(s.continuation_lines) + Number(s.rejects));
}

const uncolour = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('the Python consoles, coloured, read as the same records uncoloured', () => {
  const names = readdirSync(COLOURED).filter((f) => f.endsWith('.log') && !f.endsWith('.plain.log')).map((f) => f.replace(/\.log$/, ''));

  it('has the five consoles', () => {
    expect(names.sort()).toEqual(['colorlog', 'rich', 'rich-default', 'structlog-console', 'uvicorn-console']);
  });

  for (const name of names) {
    it(name, () => {
      const coloured = read(readFileText(join(COLOURED, `${name}.log`)));
      const plain = read(readFileText(join(COLOURED, `${name}.plain.log`)));
      expect(readFileText(join(COLOURED, `${name}.log`))).toContain(`${ESC}[`);
      expect(plain.events.length).toBeGreaterThan(1);
      expectSameReading(coloured, plain);
      expect(coloured.source.terminal_code_lines).toBeGreaterThan(0);
      expect(plain.source.terminal_code_lines).toBeUndefined();
      // Nothing of the colour codes is left anywhere in a record.
      expect(JSON.stringify(coloured.events)).not.toMatch(/\\u001b|\[\d+(;\d+)*m/);
    });
  }

  it("reads rich's RichHandler() as apps configure it: its month/day/year time, a time left blank as the line above's, the path column, an indented traceback", () => {
    const rich = read(readFileText(join(COLOURED, 'rich-default.plain.log')));
    expect(rich.events.map((e) => [e.line, e.ts, e.level, e.event, e.ok, e.error])).toEqual([
      [1, '2026-11-24T10:00:00.000Z', 'info', 'agent started', true, null],
      [2, '2026-11-24T10:00:00.000Z', 'warn', 'llm call slow', true, null],
      [3, '2026-11-24T10:00:00.000Z', 'error', 'tool call failed', false, "KeyError: 'provider'"],
      [7, '2026-11-24T10:00:01.000Z', 'info', 'workflow finished', true, null],
    ]);
    expect(rich.events.map((e) => [e.session_id, e.duration_ms, e.workflow])).toEqual([['s1', null, null], [null, 5300, null], [null, null, null], [null, null, 'bugfix']]);
    const attrs = rich.events.map((e) => JSON.parse(String(e.attrs)) as Record<string, unknown>);
    expect(attrs.map((a) => a.caller)).toEqual(['app.py:42', 'app.py:42', 'app.py:42', 'app.py:42']);
    // The traceback as Python wrote it, less rich's indent and padding.
    expect(attrs[2]?.exc_info).toBe(`Traceback (most recent call last):\n  File "/srv/agent/tools.py", line 3, in call_tool\nKeyError: 'provider'`);
    expect(rich.source).toMatchObject({ format: 'python-text', lines: 9, records: 4, continuation_lines: 5, rejects: 0 });
    // The long message rich wrapped over three rows (at the space before note=, then through the
    // 90 x's at the column's edge) is the message as logged, and its last pair a field.
    expect(rich.events[3]?.message).toBe(`workflow finished workflow=bugfix status=ok note=${'x'.repeat(90)}`);
    expect(attrs[3]?.note).toBe('x'.repeat(90));
  });

  it('reads what each console said: levels, fields, the access lines and a traceback', () => {
    const structlog = read(readFileText(join(COLOURED, 'structlog-console.log'))).events;
    expect(structlog.map((e) => [e.level, e.event, e.status, e.duration_ms])).toEqual([
      ['info', 'request done', '200', 12],
      ['warn', 'retrying', null, null],
      ['error', 'llm call failed', '500', 1680],
      ['debug', 'cache hit', null, null],
    ]);
    const uvicorn = read(readFileText(join(COLOURED, 'uvicorn-console.log'))).events;
    expect(uvicorn.filter((e) => e.kind === 'request').map((e) => [e.method, e.route, e.status])).toEqual([
      ['GET', '/health', '200'], ['POST', '/v1/chat', '201'], ['GET', '/v1/items/{id}', '404'], ['POST', '/v1/chat', '500'],
    ]);
    const colorlog = read(readFileText(join(COLOURED, 'colorlog.log')));
    expect(colorlog.events.map((e) => e.level)).toEqual(['info', 'error', 'warn', 'fatal']);
    expect(colorlog.source.continuation_lines).toBe(3);
    expect(colorlog.events[1]?.error).toBe("KeyError: 'provider'");
  });
});

describe('the lines of the task that brought this in', () => {
  it('Python logging with a coloured level: the level and message as without colours', () => {
    const { events } = read('2026-11-24 10:00:00,123 \x1b[1;31mERROR\x1b[0m app: failed to call provider\n2026-11-24 10:00:01,123 \x1b[32mINFO\x1b[0m app: ok\n');
    expect(events.map((e) => [e.line, e.level, e.event, e.ok, e.ts])).toEqual([
      [1, 'error', 'failed to call provider', false, '2026-11-24T10:00:00.123Z'],
      [2, 'info', 'ok', true, '2026-11-24T10:00:01.123Z'],
    ]);
  });

  it('docker compose logs, its container name coloured, before JSON lines', () => {
    const json = '{"level":"info","msg":"hi","duration_ms":5}';
    const coloured = read(`\x1b[36mweb-1  |\x1b[0m ${json}\n\x1b[33mworker-1  |\x1b[0m ${json}\n`);
    expectSameReading(coloured, read(`web-1  | ${json}\nworker-1  | ${json}\n`));
    expect(coloured.events.map((e) => [e.service, e.level, e.event, e.duration_ms])).toEqual([['web-1', 'info', 'hi', 5], ['worker-1', 'info', 'hi', 5]]);
  });
});

describe('terminal prefixes and coloured text behind them', () => {
  const pythonLines = (c: (level: string) => string) => [
    `2026-11-24 10:00:00,123 - app - ${c('INFO')} - started`,
    `2026-11-24 10:00:01,123 - app - ${c('ERROR')} - boom`,
    'Traceback (most recent call last):',
    '  File "/srv/app.py", line 3, in <module>',
    'ValueError: bad',
  ];
  const colour = (level: string) => `\x1b[${level === 'ERROR' ? '31' : '32'}m${level}\x1b[0m`;
  const prefixes: Record<string, (i: number) => string> = {
    'kubectl logs --timestamps': (i) => `2026-11-24T10:00:0${i}.123456789Z `,
    'a CRI log file': (i) => `2026-11-24T10:00:0${i}.123456789Z stdout F `,
    'docker compose logs (its prefix coloured too)': () => '\x1b[36mapi-1  |\x1b[0m ',
  };
  for (const [tool, prefix] of Object.entries(prefixes)) {
    it(tool, () => {
      const coloured = read(pythonLines(colour).map((l, i) => prefix(i) + l).join('\n') + '\n');
      const plain = read(pythonLines((l) => l).map((l, i) => uncolour(prefix(i)) + l).join('\n') + '\n');
      expectSameReading(coloured, plain);
      expect(coloured.source.wrapping).toBe('prefixed-text');
      expect(coloured.events.map((e) => e.level)).toEqual(['info', 'error']);
      expect(coloured.source.continuation_lines).toBe(3);
    });
  }

  it("Docker's json-file driver, the application's colour codes escaped in `log`", () => {
    const wrap = (text: string, i: number) => JSON.stringify({ log: text + '\n', stream: 'stdout', time: `2026-11-24T10:00:0${i}.123456789Z` });
    const lines = ['\x1b[32mINFO\x1b[0m:     127.0.0.1:1 - "GET /health HTTP/1.1" \x1b[32m200 OK\x1b[0m', '\x1b[31mERROR\x1b[0m:    Exception in ASGI application'];
    const coloured = read(lines.map(wrap).join('\n') + '\n');
    // A json-file log of text lines is read by the text format that fits the text in each `log`.
    expect(coloured.events.map((e) => [e.level, e.message ?? e.event])).toEqual([
      ['info', '127.0.0.1:1 - "GET /health HTTP/1.1" 200 OK'],
      ['error', 'Exception in ASGI application'],
    ]);
    expectSameReading(coloured, read(lines.map(uncolour).map(wrap).join('\n') + '\n'));
  });
});

describe('JSON lines whose strings hold colour codes', () => {
  it("winston's colorize() before json(): the level and message without colours", () => {
    const write = (format: winston.Logform.Format) => {
      const out: string[] = [];
      const stream = new Writable({ write: (chunk: Buffer, _e, done) => { out.push(chunk.toString()); done(); } });
      const log = winston.createLogger({ format, transports: [new winston.transports.Stream({ stream })] });
      log.info('request done', { duration_ms: 12, route: '/v1/items', timestamp: '2026-11-24T10:00:00.000Z' });
      log.error('llm call failed', { model: 'gpt-4o', status: 500, timestamp: '2026-11-24T10:00:01.000Z' });
      return out.join('');
    };
    const colourised = write(winston.format.combine(winston.format.colorize({ all: true }), winston.format.json()));
    expect(colourised).toContain('\\u001b[31merror\\u001b[39m');
    const coloured = read(colourised);
    expectSameReading(coloured, read(write(winston.format.json())));
    expect(coloured.events.map((e) => [e.level, e.event, e.ok])).toEqual([['info', 'request done', true], ['error', 'llm call failed', false]]);
    // attrs holds the record as logged, less its colour codes.
    expect(coloured.events[1]?.attrs).toEqual(expect.stringContaining('"message":"llm call failed"'));
  });

  it("winston's colorize() with simple(): a text line like the uncoloured one", () => {
    const write = (format: winston.Logform.Format) => {
      const out: string[] = [];
      const stream = new Writable({ write: (chunk: Buffer, _e, done) => { out.push(chunk.toString()); done(); } });
      const log = winston.createLogger({ format, transports: [new winston.transports.Stream({ stream })] });
      log.warn('slow response', { duration_ms: 5200 });
      log.error('llm call failed', { model: 'gpt-4o', status: 500 });
      return out.join('');
    };
    const coloured = read(write(winston.format.combine(winston.format.colorize(), winston.format.simple())));
    expectSameReading(coloured, read(write(winston.format.simple())));
    expect(coloured.events.map((e) => e.level)).toEqual(['warn', 'error']);
  });

  it('pino with a message a colour library painted (escaped by pino)', () => {
    const lines: string[] = [];
    const log = pino({ base: null, timestamp: () => ',"time":1795514400000' }, { write: (s: string) => lines.push(s) });
    log.info({ duration_ms: 7 }, '\x1b[32m✔\x1b[39m build \x1b[1mok\x1b[22m');
    expect(lines.join('')).toContain('\\u001b[32m');
    const { events, source } = read(lines.join(''));
    expect(events.map((e) => [e.level, e.event, e.duration_ms])).toEqual([['info', '✔ build ok', 7]]);
    expect(source.terminal_code_lines).toBe(1);
  });

  it('raw ESC bytes inside JSON strings (invalid JSON as logged) make a record, not a reject', () => {
    const { events, rejects, source } = read('{"level":"\x1b[31merror\x1b[0m","msg":"\x1b[1mupstream failed\x1b[0m","status":502}\n');
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.level, e.event, e.status, e.ok])).toEqual([['error', 'upstream failed', '502', false]]);
    expect(source.records).toBe(1);
  });

  it("`jq -C .` (coloured, pretty-printed JSON documents) reads as `jq .`", () => {
    // The bytes jq 1.6 writes for `jq -C .` of {"level":"error","msg":"b","duration_ms":4}.
    const coloured = '\u001b[1;39m{\n  \u001b[0m\u001b[34;1m"level"\u001b[0m\u001b[1;39m: \u001b[0m\u001b[0;32m"error"\u001b[0m\u001b[1;39m,\n  \u001b[0m' +
      '\u001b[34;1m"msg"\u001b[0m\u001b[1;39m: \u001b[0m\u001b[0;32m"b"\u001b[0m\u001b[1;39m,\n  \u001b[0m\u001b[34;1m"duration_ms"\u001b[0m\u001b[1;39m: \u001b[0m' +
      '\u001b[0;39m4\u001b[0m\u001b[1;39m\n\u001b[1;39m}\u001b[0m\n';
    const read2 = read(coloured.repeat(2));
    expectSameReading(read2, read(uncolour(coloured).repeat(2)));
    expect(read2.events.map((e) => [e.line, e.level, e.event, e.duration_ms])).toEqual([[1, 'error', 'b', 4], [6, 'error', 'b', 4]]);
  });

  it('an escaped backslash before `u001b` is text, not a colour code', () => {
    const { events, source } = read('{"level":"info","msg":"path C:\\\\u001b[32m"}\n');
    expect(events[0]?.event).toBe('path C:\\u001b[32m');
    expect(source.terminal_code_lines).toBeUndefined();
  });
});

describe('every line is still accounted for', () => {
  it('a line of nothing but control sequences is an empty line; the others keep their numbers', () => {
    const log = ['\x1b[2J\x1b[H', '2026-11-24 10:00:00,123 \x1b[32mINFO\x1b[0m app: one', '\x1b[0m', '2026-11-24 10:00:01,123 \x1b[32mINFO\x1b[0m app: two', ''].join('\n');
    const { events, rejects, source } = read(log);
    expect(events.map((e) => [e.line, e.event])).toEqual([[2, 'one'], [4, 'two']]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([[1, 'empty'], [3, 'empty']]);
    expect(source).toMatchObject({ lines: 4, records: 2, rejects: 2, continuation_lines: 0 });
  });

  it('check reads coloured JSON lines in its one pass as a clean log', () => {
    const line = (level: string, n: number) => `{"level":"\x1b[31m${level}\x1b[0m","msg":"call ${n}","duration_ms":${n}}`;
    const dir = workdir();
    writeFileSync(join(dir, 'run.log'), [line('info', 10), line('error', 20), line('info', 30)].join('\n') + '\n');
    const r = runBinary(['check', join(dir, 'run.log'), '--assert', 'count == 3', '--assert', "count == 1 where level = 'error'", '--assert', 'max(duration_ms) == 30', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('formats --explain', () => {
  it('says how many lines had their colour codes removed, and nothing for a log without any', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'coloured.log'), '2026-11-24 10:00:00,123 \x1b[32mINFO\x1b[0m app: one\n2026-11-24 10:00:01,123 INFO app: two\n');
    writeFileSync(join(dir, 'plain.log'), '2026-11-24 10:00:00,123 INFO app: one\n');
    const coloured = runBinary(['formats', '--explain', join(dir, 'coloured.log')]);
    expect(coloured.stdout).toContain('colours    terminal colour codes (escape sequences) removed from 1 line before reading');
    expect(runBinary(['formats', '--explain', join(dir, 'plain.log')]).stdout).not.toMatch(/^ +colours /m);
    const json = JSON.parse(runBinary(['formats', '--explain', join(dir, 'coloured.log'), '--json']).stdout) as { terminal_code_lines?: number }[];
    expect(json[0]?.terminal_code_lines).toBe(1);
  });
});

describe('withoutTerminalCodes', () => {
  it.each([
    ['SGR colours, 256 and true colour', '\x1b[1;31mERROR\x1b[0m \x1b[38;5;208ma\x1b[48;2;10;20;30mb\x1b[m', 'ERROR ab'],
    ['erase line, cursor moves, private modes', '\x1b[2K\x1b[1Gprogress\x1b[K \x1b[?25ldone\x1b[?2004h', 'progress done'],
    ["rich's hyperlinks (OSC 8, ended by ESC \\ or BEL)", '\x1b]8;id=1;file:///a.py\x1b\\a.py\x1b]8;;\x1b\\:\x1b]0;title\x07x', 'a.py:x'],
    ['a character-set switch and a lone ESC', '\x1b(Bok\x1b', 'ok'],
    ['JSON escapes, lower and upper case', '{"msg":"\\u001b[32mok\\u001B[0m"}', '{"msg":"ok"}'],
    ['an escaped backslash before u001b', '{"msg":"\\\\u001b[32m"}', '{"msg":"\\\\u001b[32m"}'],
    ['an escaped backslash, then an escaped ESC', '{"msg":"C:\\\\\\u001b[32mok"}', '{"msg":"C:\\\\ok"}'],
    ['a colour code cut at the end of a JSON string', '{"msg":"ok\\u001b"}', '{"msg":"ok"}'],
  ])('%s', (_what, text, plain) => {
    expect(withoutTerminalCodes(text)).toBe(plain);
  });
});

function readFileText(path: string): string {
  return readFileSync(path, 'utf8');
}
