// JSON lines behind the prefixes the tools that print them add (`kubectl logs --prefix --timestamps`,
// `docker compose logs [-t]`, `docker logs -t`, a node's CRI log files, journalctl): read as the application's own JSON, with the pod,
// container and time the prefix names filling host, service and ts only where the record has none.
// The lines are written by the real pino logger, then prefixed as those tools print them.

import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { Database } from '../../src/db.js';
import { accountedLines, ingest, type SourceSummary } from '../../src/ingest/load.js';
import { isPrefixedJson, unprefixLine } from '../../src/ingest/log-prefix.js';
import { unwrapDockerLine } from '../../src/ingest/docker-json-file.js';
import { runInProcess } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';

const workdir = useWorkdirs('logmeter-prefix');
const START = Date.UTC(2026, 2, 2, 10, 0, 0);

/** Lines pino writes for a small agent run: requests, LLM calls (one failing), a file write. */
function pinoLines(options: pino.LoggerOptions = {}): string[] {
  const lines: string[] = [];
  let ms = START;
  const log = pino({ base: { pid: 7, hostname: 'app-host' }, timestamp: () => `,"time":${ms}`, ...options }, { write: (s: string) => lines.push(s.trimEnd()) });
  for (let i = 0; i < 30; i++) {
    ms = START + i * 1000;
    log.info({ req: { method: 'GET', url: `/api/items/${i}` }, res: { statusCode: i % 10 === 9 ? 503 : 200 }, responseTime: 10 + i }, 'request completed');
    log.info({ event: 'llm_call', provider: 'openai', model: 'gpt-4o', latency_ms: 100 * (i + 1), usage: { prompt_tokens: 10, completion_tokens: 5 } }, 'llm call');
  }
  log.error({ event: 'llm_call', provider: 'openai', model: 'gpt-4o', latency_ms: 50, err: { type: 'RateLimitError', message: 'slow down' } }, 'llm call failed');
  log.info({ event: 'file_write', path: 'src/a.ts', bytes: 120 }, 'file written');
  return lines;
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace('Z', '123Z');
const PREFIXES: Record<string, (i: number) => string> = {
  'kubectl --prefix': () => '[pod/agent-7d9f4-x2k/agent] ',
  'kubectl --prefix --timestamps': (i) => `[pod/agent-7d9f4-x2k/agent] ${rfc3339(START + i)} `,
  'kubectl --timestamps, docker logs -t': (i) => `${rfc3339(START + i)} `,
  'docker compose logs': () => 'agent-1  | ',
  'docker compose logs -t': (i) => `agent-1  | ${rfc3339(START + i)} `,
  'CRI log file (/var/log/containers)': (i) => `${rfc3339(START + i)} ${i % 2 ? 'stderr' : 'stdout'} F `,
  stern: () => 'agent-7d9f4-x2k agent ',
  journalctl: () => 'Mar 02 10:00:00 worker-3 agent[4121]: ',
  'journalctl -o short-iso': () => '2026-03-02T10:00:00+0000 worker-3 node: ',
};

async function events(lines: readonly (string | Buffer)[], sql: string): Promise<{ rows: Record<string, unknown>[]; rejects: Record<string, unknown>[]; format: string; source: SourceSummary }> {
  const file = join(workdir(), 'app.log');
  // Buffers for lines cut inside a character, as a runtime cuts by bytes.
  writeFileSync(file, Buffer.concat(lines.flatMap((line) => [Buffer.from(line), Buffer.from('\n')])));
  const db = await Database.open();
  try {
    const summary = await ingest(db, { inputs: [file], stdin: Readable.from([]) });
    return {
      rows: await db.all(sql),
      rejects: await db.all('SELECT line, reason, sample FROM rejects ORDER BY line'),
      format: summary.sources[0]?.format ?? '',
      source: summary.sources[0] as SourceSummary,
    };
  } finally {
    db.close();
  }
}

const COLUMNS = `SELECT line, ts, level, event, kind, method, route, provider, model, tokens_in, tokens_out, duration_ms, ok, status, error, op, path, bytes
  FROM events ORDER BY line`;

describe('prefixed JSON lines', () => {
  const plain = pinoLines();

  for (const [tool, prefix] of Object.entries(PREFIXES)) {
    it(`(${tool}) give the events of the lines without the prefix`, async () => {
      const prefixed = plain.map((line, i) => prefix(i) + line);
      expect(isPrefixedJson(prefixed)).toBe(true);
      const expected = await events(plain, COLUMNS);
      const got = await events(prefixed, COLUMNS);
      expect(got.format).toBe('pino');
      expect(got.rows).toHaveLength(plain.length);
      expect(got.rows).toEqual(expected.rows);
      expect(got.rejects).toEqual([]);
    });
  }

  it('are explained as such by formats --explain', async () => {
    const file = join(workdir(), 'prefixed.log');
    writeFileSync(file, plain.map((line) => `agent-1  | ${line}`).join('\n') + '\n');
    const r = await runInProcess(['formats', '--explain', file]);
    expect(r.stdout).toContain('\n  prefix     before each JSON object (kubectl, docker, CRI, stern or journalctl): kept in attrs.log_prefix\n');
    expect(r.stdout).toMatch(/\n {2}service +\d+ +name, log_prefix\.container\n|\n {2}service +\d+ +log_prefix\.container\n/);
  });

  it('take host, service and time from the prefix only where the record has none', async () => {
    const kubectl = (line: string, i: number) => `[pod/agent-7d9f4-x2k/agent] ${rfc3339(START + 5000 + i)} ${line}`;
    // pino's own hostname, name and time win.
    const own = await events(pinoLines({ name: 'agent-runtime' }).map(kubectl), 'SELECT DISTINCT host, service FROM events');
    expect(own.rows).toEqual([{ host: 'app-host', service: 'agent-runtime' }]);
    const ownTime = await events(pinoLines().map(kubectl), 'SELECT min(ts) AS first FROM events');
    expect(ownTime.rows[0]?.first).toBe('2026-03-02T10:00:00.000Z');
    // Without them, the prefix's pod, container and time fill host, service and ts.
    const bare = pinoLines({ base: null, timestamp: false }).map(kubectl);
    const got = await events(bare, "SELECT line, host, service, strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') AS ts FROM events ORDER BY line");
    expect(got.rows).toHaveLength(bare.length);
    got.rows.forEach((row, i) => {
      expect(row).toEqual({ line: i + 1, host: 'agent-7d9f4-x2k', service: 'agent', ts: new Date(START + 5000 + i).toISOString().slice(0, 23) });
    });
  });

  it("take journalctl's host and unit as host and service where the record has none", async () => {
    const lines = pinoLines({ base: null }).map((line) => `Mar 02 10:00:00 worker-3 agent[4121]: ${line}`);
    const got = await events(lines, 'SELECT DISTINCT host, service FROM events');
    expect(got.rows).toEqual([{ host: 'worker-3', service: 'agent' }]);
  });

  it('keep the prefix under attrs.log_prefix, as the SQL and the sample rewrite them alike', async () => {
    const lines = plain.slice(0, 5).map((line, i) => PREFIXES['docker compose logs -t']!(i) + line);
    lines.push('web-2 | {}', `${rfc3339(START)} stderr F {"a":"b\\"c"}`, 'Mar  2 10:00:00 worker-3 agent[1]: {"x":1}', 'agent-7d9f4-x2k agent {"y":2}');
    const got = await events(lines, 'SELECT line, attrs FROM events ORDER BY line');
    expect(got.rows.map((r) => JSON.parse(String(r.attrs)))).toEqual(lines.map((line) => JSON.parse(unprefixLine(line))));
    expect(JSON.parse(String(got.rows[0]?.attrs)).log_prefix).toEqual({ container: 'agent-1', time: rfc3339(START) });
    expect(JSON.parse(String(got.rows[5]?.attrs))).toEqual({ log_prefix: { container: 'web-2' } });
  });

  it('(CRI) keep the stream, and read a line the runtime split (tagged P) as one, on its first part\'s line', async () => {
    const lines = plain.map((line, i) => `${rfc3339(START)} ${i === 0 ? 'stderr' : 'stdout'} F ${line}`);
    const split = plain[1] as string;
    lines.splice(1, 1, `${rfc3339(START)} stdout P ${split.slice(0, 40)}`, `${rfc3339(START)} stdout F ${split.slice(40)}`);
    const got = await events(lines, "SELECT line, attrs->>'$.log_prefix.stream' AS stream, event FROM events ORDER BY line LIMIT 3");
    expect(got.rows).toEqual([{ line: 1, stream: 'stderr', event: 'request completed' }, { line: 2, stream: 'stdout', event: 'llm_call' }, { line: 4, stream: 'stdout', event: 'request completed' }]);
    expect(got.rejects).toEqual([]);
    expect(got.source.continuation_lines).toBe(1);
  });

  it('reject a bad line as it was logged, with its line number', async () => {
    const lines = plain.map((line) => `agent-1  | ${line}`);
    lines.splice(3, 0, 'agent-1  | {"level":30,"time":1772445600000,"msg":"cut sho', 'agent-1  | npm WARN config production', 'agent-1  | ');
    const got = await events(lines, 'SELECT count(*) AS n FROM events');
    expect(got.rows).toEqual([{ n: plain.length }]);
    expect(got.rejects).toEqual([
      { line: 4, reason: 'invalid_json', sample: 'agent-1  | {"level":30,"time":1772445600000,"msg":"cut sho' },
      { line: 5, reason: 'invalid_json', sample: 'agent-1  | npm WARN config production' },
      { line: 6, reason: 'invalid_json', sample: 'agent-1  | ' },
    ]);
  });

  it('are read the same by check over a pipe, which reads only the columns its rules need', async () => {
    const rule = "p95(duration_ms) < 1000 where kind = 'llm_call' by model";
    const run = async (lines: readonly string[]) => JSON.parse((await runInProcess(['check', '--json', '--assert', rule, '--assert', 'error_rate < 0.5'], { stdin: lines.join('\n') + '\n' })).stdout);
    const expected = await run(plain);
    const got = await run(plain.map((line) => `[pod/agent-1/agent] ${line}`));
    expect(got.rules).toEqual(expected.rules);
    expect(got.rules[0].results[0].samples).toBe(31);
  });
});

describe("Docker's json-file lines", () => {
  const plain = pinoLines({ base: null });
  /** As the json-file driver writes a line the container printed. */
  const wrap = (line: string, i: number) => JSON.stringify({ log: `${line}\n`, stream: i % 2 ? 'stderr' : 'stdout', time: rfc3339(START + 7000 + i) });

  it('give the events of the JSON the container printed, with the stream and time in log_prefix', async () => {
    const wrapped = plain.map(wrap);
    const expected = await events(plain, COLUMNS);
    const got = await events(wrapped, COLUMNS);
    expect(got.format).toBe('pino');
    expect(got.rows).toEqual(expected.rows);
    expect(got.rejects).toEqual([]);
    const attrs = await events(wrapped.slice(0, 3), 'SELECT attrs FROM events ORDER BY line');
    expect(attrs.rows.map((r) => JSON.parse(String(r.attrs)))).toEqual(wrapped.slice(0, 3).map((line) => JSON.parse(unwrapDockerLine(line))));
    expect(JSON.parse(String(attrs.rows[1]?.attrs)).log_prefix).toEqual({ time: rfc3339(START + 7001), stream: 'stderr' });
  });

  it('take the time from the wrapper where the record has none, and keep a line that is not JSON as a record of its text', async () => {
    const timeless = pinoLines({ base: null, timestamp: false }).map(wrap);
    timeless.splice(2, 0, JSON.stringify({ log: 'npm WARN config production\n', stream: 'stderr', time: rfc3339(START) }));
    const got = await events(timeless, "SELECT line, strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') AS ts, event FROM events ORDER BY line LIMIT 3");
    expect(got.rows).toEqual([
      { line: 1, ts: new Date(START + 7000).toISOString().slice(0, 23), event: 'request completed' },
      { line: 2, ts: new Date(START + 7001).toISOString().slice(0, 23), event: 'llm_call' },
      { line: 3, ts: new Date(START).toISOString().slice(0, 23), event: 'npm WARN config production' },
    ]);
  });
});

describe('a line the container runtime split past 16 KiB', () => {
  // An LLM call whose prompt alone is 40 KB, among the ordinary records, written by pino.
  const PROMPT = Array.from({ length: 1500 }, (_, i) => `step ${i}: read the file and plan. `).join('').slice(0, 40_000);
  const plain = pinoLines({ base: null });
  let ms = START;
  const long: string[] = [];
  pino({ base: null, timestamp: () => `,"time":${ms}` }, { write: (s: string) => long.push(s.trimEnd()) })
    .info({ event: 'llm_call', provider: 'anthropic', model: 'claude-long', duration_ms: 8123, usage: { prompt_tokens: 9876, completion_tokens: 321 }, prompt: PROMPT }, 'llm call');
  ms = START;
  const record = long[0] as string;
  /** The record cut as the runtime cuts it: 16384 bytes a part. */
  const parts: string[] = [];
  for (let at = 0; at < record.length; at += 16384) parts.push(record.slice(at, at + 16384));
  const AT = 5;
  const LONG = `SELECT line, event, provider, model, tokens_in, tokens_out, duration_ms, length(attrs->>'prompt') AS prompt_chars,
    attrs->'log_prefix' AS log_prefix FROM events WHERE model = 'claude-long'`;
  const expectLong = (line: number, logPrefix: Record<string, string>) => ({
    line, event: 'llm_call', provider: 'anthropic', model: 'claude-long', tokens_in: 9876, tokens_out: 321, duration_ms: 8123, prompt_chars: 40_000,
    log_prefix: JSON.stringify(logPrefix),
  });

  it('is ASCII cut into three parts, as a 40 KB record is', () => {
    expect(record.length).toBeGreaterThan(40_000);
    expect(Buffer.byteLength(record)).toBe(record.length);
    expect(parts).toHaveLength(3);
  });

  it('(CRI, tagged P, P, F) is read as one record on its first part\'s line, with its prefix, the other parts continuing it', async () => {
    const cri = (i: number, stream: string, tag: string, text: string) => `${rfc3339(START + i)} ${stream} ${tag} ${text}`;
    const lines = plain.map((line, i) => cri(i, 'stdout', 'F', line));
    // A stderr line between two parts: the runtime writes each stream's parts in order, not the streams'.
    lines.splice(AT, 0, cri(100, 'stdout', 'P', parts[0]!), cri(101, 'stdout', 'P', parts[1]!), cri(102, 'stderr', 'F', 'npm WARN config production'), cri(103, 'stdout', 'F', parts[2]!));
    const got = await events(lines, LONG);
    expect(got.format).toBe('pino');
    expect(got.rows).toEqual([expectLong(AT + 1, { time: rfc3339(START + 100), stream: 'stdout' })]);
    expect(got.rejects.map((r) => [r.line, r.reason])).toEqual([[AT + 3, 'invalid_json']]);
    expect(got.source).toMatchObject({ lines: plain.length + 4, records: plain.length + 1, continuation_lines: 2, rejects: 1 });
    expect(accountedLines(got.source)).toBe(got.source.lines);
    // The records around it keep their lines.
    const around = await events(lines, `SELECT line FROM events WHERE line IN (${AT}, ${AT + 5}) ORDER BY line`);
    expect(around.rows).toEqual([{ line: AT }, { line: AT + 5 }]);
  });

  it('(Docker json-file, a log without its newline) is read as one record on its first part\'s line, with its stream and time', async () => {
    const wrap = (i: number, log: string) => JSON.stringify({ log, stream: 'stdout', time: rfc3339(START + i) });
    const lines = plain.map((line, i) => wrap(i, `${line}\n`));
    lines.splice(AT, 0, wrap(100, parts[0]!), wrap(101, parts[1]!), wrap(102, `${parts[2]}\n`));
    const got = await events(lines, LONG);
    expect(got.format).toBe('pino');
    expect(got.rows).toEqual([expectLong(AT + 1, { time: rfc3339(START + 100), stream: 'stdout' })]);
    expect(got.rejects).toEqual([]);
    expect(got.source).toMatchObject({ lines: plain.length + 3, records: plain.length + 1, continuation_lines: 2, rejects: 0 });
    expect(accountedLines(got.source)).toBe(got.source.lines);
  });

  it('(CRI) cut inside a character is still one record, the cut character read as U+FFFD as Docker writes it', async () => {
    // A prompt in Japanese: three bytes a character, so a cut every 16384 bytes falls inside one.
    const prompt = '日本語のプロンプトです。'.repeat(1200);
    let json = '';
    pino({ base: null, timestamp: () => `,"time":${START}` }, { write: (s: string) => (json = s.trimEnd()) })
      .info({ event: 'llm_call', provider: 'anthropic', model: 'claude-long', duration_ms: 8123, usage: { prompt_tokens: 9876, completion_tokens: 321 }, prompt }, 'llm call');
    const bytes = Buffer.from(json);
    const cut: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 16384) cut.push(bytes.subarray(at, at + 16384));
    // The cuts that fall inside a character: the byte after them continues one (10xxxxxx).
    const midCharacter = cut.slice(1).filter((part) => (part[0]! & 0xc0) === 0x80).length;
    expect(midCharacter).toBeGreaterThan(0);
    const cri = (i: number, tag: string, text: string | Buffer) => Buffer.concat([Buffer.from(`${rfc3339(START + i)} stdout ${tag} `), Buffer.from(text)]);
    const lines = plain.map((line, i) => cri(i, 'F', line));
    lines.splice(AT, 0, ...cut.map((part, k) => cri(100 + k, k === cut.length - 1 ? 'F' : 'P', part)));
    const got = await events(lines, `SELECT line, model, tokens_in, length(attrs->>'prompt') AS chars, attrs->>'prompt' AS prompt FROM events WHERE model = 'claude-long'`);
    expect(got.rejects).toEqual([]);
    expect(got.source).toMatchObject({ records: plain.length + 1, continuation_lines: cut.length - 1, rejects: 0 });
    const [row] = got.rows as { line: number; model: string; tokens_in: number; prompt: string }[];
    expect(row).toMatchObject({ line: AT + 1, model: 'claude-long', tokens_in: 9876 });
    // Each cut character is lost to U+FFFD; every other character is read as logged, in order.
    const kept = row!.prompt.split(/\uFFFD+/);
    expect(kept).toHaveLength(midCharacter + 1);
    expect(kept.join('').length).toBe(prompt.length - midCharacter);
    let from = 0;
    for (const piece of kept) {
      const at = prompt.indexOf(piece, from);
      expect(at).toBeGreaterThanOrEqual(from);
      from = at + piece.length;
    }
  });

  it('(CRI) ending the input in a part tagged P is read as far as it goes: one reject on its first line, the rest continuing it', async () => {
    const lines = [...plain.map((line, i) => `${rfc3339(START + i)} stdout F ${line}`), `${rfc3339(START + 100)} stdout P ${parts[0]}`, `${rfc3339(START + 101)} stdout P ${parts[1]}`];
    const got = await events(lines, 'SELECT count(*) AS n FROM events');
    expect(got.rows).toEqual([{ n: plain.length }]);
    expect(got.rejects).toEqual([{ line: plain.length + 1, reason: 'invalid_json', sample: lines[plain.length]!.slice(0, 256) }]);
    expect(got.source).toMatchObject({ lines: plain.length + 2, records: plain.length, continuation_lines: 1, rejects: 1 });
    expect(accountedLines(got.source)).toBe(got.source.lines);
  });

  it('(CRI) ending a file read incrementally in a part is read again whole once the rest is appended', async () => {
    const dir = workdir();
    const file = join(dir, 'agent.log');
    const dbFile = join(dir, 'metrics.duckdb');
    const lines = [...plain.slice(0, AT).map((line, i) => `${rfc3339(START + i)} stdout F ${line}`),
      `${rfc3339(START + 100)} stdout P ${parts[0]}`, `${rfc3339(START + 101)} stdout P ${parts[1]}`, `${rfc3339(START + 102)} stdout F ${parts[2]}`];
    writeFileSync(file, lines.slice(0, AT + 2).join('\n') + '\n');
    const first = JSON.parse((await runInProcess(['ingest', file, '--db', dbFile, '--json'])).stdout);
    expect(first.sources[0]).toMatchObject({ lines: AT + 2, records: AT, rejects: 1, continuation_lines: 1 });
    writeFileSync(file, lines.join('\n') + '\n');
    const second = JSON.parse((await runInProcess(['ingest', file, '--db', dbFile, '--json'])).stdout);
    expect(second.sources[0]).toMatchObject({ first_line: AT + 1, reread_lines: 2, lines: 3, records: 1, rejects: 0, continuation_lines: 2 });
    const db = await Database.open({ file: dbFile });
    try {
      expect(await db.all(LONG)).toEqual([expectLong(AT + 1, { time: rfc3339(START + 100), stream: 'stdout' })]);
      expect(await db.all('SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
      expect(await db.all('SELECT sum(lines) AS lines, sum(records) AS records, sum(continuation_lines) AS continuation, sum(rejects) AS rejects FROM sources'))
        .toEqual([{ lines: AT + 3, records: AT + 1, continuation: 2, rejects: 0 }]);
    } finally {
      db.close();
    }
  });
});

/** Node's output when a process dies of an uncaught error: on stderr, among the records. */
const NODE_CRASH = [
  '/app/index.js:4', 'function handler() { null.x; }', '                          ^', '',
  "TypeError: Cannot read properties of null (reading 'x')", '    at handler (/app/index.js:4:27)',
  '    at Timeout._onTimeout (/app/index.js:5:26)', '    at listOnTimeout (node:internal/timers:573:17)',
  '    at process.processTimers (node:internal/timers:514:7)', '', 'Node.js v20.19.0',
];

describe('a container log that ends in a crash', () => {
  // 62 records and an 11-line stack: the stack is 15% of the lines, more than one in ten.
  const plain = pinoLines({ base: null });
  const TOTALS = "SELECT count(*) FILTER (WHERE kind = 'llm_call') AS llm_calls, sum(tokens_in) AS tokens_in, count(*) FILTER (WHERE kind = 'request') AS requests FROM events";

  it("(Docker json-file) keeps every record's fields; the stack's lines are records of their text", async () => {
    const wrap = (line: string, i: number) => JSON.stringify({ log: `${line}\n`, stream: i < plain.length ? 'stdout' : 'stderr', time: rfc3339(START + i) });
    const lines = [...plain, ...NODE_CRASH].map(wrap);
    const got = await events(lines, TOTALS);
    expect(got.format).toBe('pino');
    // 31 LLM calls (one failed, without tokens), 30 x 10 prompt tokens, 30 requests: as without the wrapper.
    expect(got.rows).toEqual([{ llm_calls: 31, tokens_in: 300, requests: 30 }]);
    expect(got.rows).toEqual((await events(plain, TOTALS)).rows);
    const stack = await events(lines, `SELECT line, event FROM events WHERE line > ${plain.length} ORDER BY line`);
    expect(stack.rows.map((r) => r.event ?? '')).toEqual(NODE_CRASH);
  });

  it("(CRI log file) keeps every record's fields; the stack's lines are rejects with their text", async () => {
    const lines = [...plain, ...NODE_CRASH].map((line, i) => `${rfc3339(START + i)} ${i < plain.length ? 'stdout' : 'stderr'} F ${line}`);
    const got = await events(lines, TOTALS);
    expect(got.format).toBe('pino');
    expect(got.rows).toEqual([{ llm_calls: 31, tokens_in: 300, requests: 30 }]);
    expect(got.rejects.map((r) => [r.line, r.reason])).toEqual(NODE_CRASH.map((_, i) => [plain.length + 1 + i, 'invalid_json']));
    expect(got.rejects[4]?.sample).toBe(`${rfc3339(START + plain.length + 4)} stderr F TypeError: Cannot read properties of null (reading 'x')`);
  });
});

describe('text behind a prefix', () => {
  const python = [
    '2026-03-01 12:00:00,123 - app - INFO - request done',
    '2026-03-01 12:00:01,123 - app - ERROR - handler failed',
    'Traceback (most recent call last):',
    '  File "app.py", line 3, in h',
    '    1/0',
    'ZeroDivisionError: division by zero',
    '2026-03-01 12:00:02,123 - app - CRITICAL - shutting down',
  ];
  const COLUMNS_TEXT = "SELECT line, strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') AS ts, level, event, ok, error, attrs->>'log_prefix' AS log_prefix FROM events ORDER BY line";
  const expected = (prefix: Record<string, string>) => [
    { line: 1, ts: '2026-03-01T12:00:00.123', level: 'info', event: 'request done', ok: true, error: null, log_prefix: JSON.stringify(prefix) },
    { line: 2, ts: '2026-03-01T12:00:01.123', level: 'error', event: 'handler failed', ok: false, error: 'ZeroDivisionError: division by zero', log_prefix: JSON.stringify(prefix) },
    { line: 7, ts: '2026-03-01T12:00:02.123', level: 'fatal', event: 'shutting down', ok: false, error: null, log_prefix: JSON.stringify(prefix) },
  ];

  it('(kubectl logs --timestamps) is read as without it: 3 records, the traceback continuing the second, the time the record\'s own', async () => {
    const got = await events(python.map((line) => `2026-03-01T13:00:00.123456789Z ${line}`), COLUMNS_TEXT);
    expect(got.format).toBe('python-text');
    expect(got.rows).toEqual(expected({ time: '2026-03-01T13:00:00.123456789Z' }));
    expect(got.rejects).toEqual([]);
  });

  it("(docker compose logs) leaves the process's own ISO time to its layout", async () => {
    const iso = python.map((line) => line.replace(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d+)/, '$1T$2.$3+0000'));
    const got = await events(iso.map((line) => `api-1  | ${line}`), COLUMNS_TEXT);
    expect(got.format).toBe('python-text');
    expect(got.rows).toEqual(expected({ container: 'api-1' }));
  });

  it('(CRI) takes the time from the prefix when the text has none', async () => {
    const got = await events(['2026-03-01T12:00:00.5Z stdout F INFO:     127.0.0.1:5000 - "GET /items/5 HTTP/1.1" 200 OK'], "SELECT ts, level, kind, status FROM events");
    expect(got.rows).toEqual([{ ts: '2026-03-01T12:00:00.500Z', level: 'info', kind: 'request', status: '200' }]);
  });

  it("(Docker json-file) is read as the text in each wrapper's log, the stream and time in log_prefix", async () => {
    const wrapped = python.map((line, i) => JSON.stringify({ log: `${line}\n`, stream: 'stderr', time: `2026-03-01T13:00:0${i}.123456789Z` }));
    const got = await events(wrapped, COLUMNS_TEXT);
    expect(got.format).toBe('python-text');
    expect(got.source.wrapping).toBe('docker-text');
    // The rows of the same lines read plain, each with its own first line's wrapper.
    const plainRows = (await events(python, COLUMNS_TEXT)).rows;
    expect(got.rows).toEqual(plainRows.map((row) => ({ ...row, log_prefix: JSON.stringify({ time: `2026-03-01T13:00:0${Number(row.line) - 1}.123456789Z`, stream: 'stderr' }) })));
    expect(got.rejects).toEqual([]);
    expect(got.source).toMatchObject({ lines: 7, records: 3, continuation_lines: 4, rejects: 0 });
  });

  it("(Docker json-file) of an nginx container reads its access lines; a text with no time of its own takes the wrapper's", async () => {
    const access = [
      '172.17.0.1 - - [01/Mar/2026:12:00:00 +0000] "GET /health HTTP/1.1" 200 2 "-" "curl/8.5.0"',
      '172.17.0.1 - - [01/Mar/2026:12:00:01 +0000] "POST /api/run HTTP/1.1" 502 157 "-" "curl/8.5.0"',
    ];
    const wrap = (line: string, i: number) => JSON.stringify({ log: `${line}\n`, stream: 'stdout', time: `2026-03-01T12:00:0${i}.5Z` });
    const nginx = await events(access.map(wrap), 'SELECT line, ts, kind, method, route, status, ok FROM events ORDER BY line');
    expect(nginx.rows).toEqual([
      { line: 1, ts: '2026-03-01T12:00:00.000Z', kind: 'request', method: 'GET', route: '/health', status: '200', ok: true },
      { line: 2, ts: '2026-03-01T12:00:01.000Z', kind: 'request', method: 'POST', route: '/api/run', status: '502', ok: false },
    ]);
    // Plain words: the wrapper's time is the record's, the message is log without its newline.
    const words = await events(['server listening on :8080', 'shutting down'].map(wrap), 'SELECT line, ts, event FROM events ORDER BY line');
    expect(words.rows).toEqual([
      { line: 1, ts: '2026-03-01T12:00:00.500Z', event: 'server listening on :8080' },
      { line: 2, ts: '2026-03-01T12:00:01.500Z', event: 'shutting down' },
    ]);
    expect(words.source.wrapping).toBe('docker-text');
  });

  it('is left as it is when the text after the prefix fits no layout (the time is then the text\'s own)', async () => {
    const got = await events(['2026-03-01T12:00:00Z server started', '2026-03-01T12:00:01Z request done'], "SELECT line, ts, event, attrs->>'log_prefix' AS log_prefix FROM events ORDER BY line");
    expect(got.format).toBe('text');
    expect(got.rows).toEqual([
      { line: 1, ts: '2026-03-01T12:00:00.000Z', event: 'server started', log_prefix: null },
      { line: 2, ts: '2026-03-01T12:00:01.000Z', event: 'request done', log_prefix: null },
    ]);
  });
});

describe('detecting a prefix', () => {
  it('needs nine in ten lines to be a known prefix, and some of them a JSON object', () => {
    const json = '{"level":30,"msg":"x"}';
    const prefixed = Array.from({ length: 10 }, () => `[pod/a/b] ${json}`);
    expect(isPrefixedJson(prefixed)).toBe(true);
    expect(isPrefixedJson([...prefixed.slice(0, 9), 'npm WARN something'])).toBe(true);
    expect(isPrefixedJson([...prefixed.slice(0, 8), 'npm WARN', 'npm WARN'])).toBe(false);
    expect(isPrefixedJson(Array.from({ length: 10 }, () => json))).toBe(false);
    // The prefix is the envelope: a stack the process printed among its records carries it too.
    expect(isPrefixedJson([...prefixed.slice(0, 5), ...Array.from({ length: 5 }, () => '[pod/a/b]     at handler (/app/index.js:4:27)')])).toBe(true);
    expect(isPrefixedJson(Array.from({ length: 10 }, () => '[pod/a/b] plain text'))).toBe(false);
    // A text log with a JSON tail is not a container prefix: its time is followed by more than the object.
    expect(isPrefixedJson(Array.from({ length: 10 }, () => `2026-03-02T10:00:00Z INFO started ${json}`))).toBe(false);
    expect(isPrefixedJson(Array.from({ length: 10 }, () => `app | ${json}`))).toBe(true);
    expect(isPrefixedJson([])).toBe(false);
  });

  it('rewrites only a known prefix followed by an object that ends the line', () => {
    expect(unprefixLine('[pod/a-1/app] {"x":1}')).toBe('{"log_prefix":{"pod":"a-1","container":"app"},"x":1}');
    expect(unprefixLine('2026-03-02T10:00:00.5+01:00 {"x":1}')).toBe('{"log_prefix":{"time":"2026-03-02T10:00:00.5+01:00"},"x":1}');
    expect(unprefixLine('2026-03-02T10:00:00Z stdout F {"x":1}')).toBe('{"log_prefix":{"time":"2026-03-02T10:00:00Z","stream":"stdout"},"x":1}');
    expect(unprefixLine('Mar  2 10:00:00 worker-3 agent[4121]: {"x":1}')).toBe('{"log_prefix":{"host":"worker-3","unit":"agent"},"x":1}');
    expect(unprefixLine('2026-03-02T10:00:00+0000 worker-3 agent: {}')).toBe('{"log_prefix":{"host":"worker-3","unit":"agent","time":"2026-03-02T10:00:00+0000"}}');
    expect(unprefixLine('agent-7d9f4-x2k agent {"x":1}')).toBe('{"log_prefix":{"pod":"agent-7d9f4-x2k","container":"agent"},"x":1}');
    // Two words are not a pod and a container unless the first looks like a pod name.
    expect(unprefixLine('request completed {"x":1}')).toBe('request completed {"x":1}');
    // A text log's level and logger are not a host and a unit.
    expect(unprefixLine('2026-03-02T10:00:00Z INFO app: {"x":1}')).toBe('2026-03-02T10:00:00Z INFO app: {"x":1}');
    expect(unprefixLine('2026-03-02T10:00:00Z stdout P {"x":1}')).toBe('2026-03-02T10:00:00Z stdout P {"x":1}');
    expect(unprefixLine('{"x":1}')).toBe('{"x":1}');
    expect(unprefixLine('[pod/a-1/app] {"x":1')).toBe('[pod/a-1/app] {"x":1');
    expect(unprefixLine('[INFO] {"x":1}')).toBe('[INFO] {"x":1}');
  });
});
