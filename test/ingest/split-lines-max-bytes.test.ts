// A line the container runtime split into parts (CRI's P ... F, Docker json-file wrappers whose `log`
// has no newline) is held to --max-line-bytes once joined, as any physical line is: a run of parts
// that joins into a longer line is one too_long reject on its first part's line, its other parts
// continuation lines, and the records around it are read as they would be without it. Run through
// the CLI, in memory and incrementally into a database file; and the sample detection reads.

import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { Database } from '../../src/db.js';
import { CRI_LINE_JOIN, joinLineParts } from '../../src/ingest/log-prefix.js';
import { DOCKER_LINE_JOIN } from '../../src/ingest/docker-json-file.js';
import { runInProcess } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';

const workdir = useWorkdirs('logmeter-split-max');
const START = Date.UTC(2026, 2, 2, 10, 0, 0);
const MAX = 1000;
/** The bytes of each part: small, so that a run of them passes MAX while each line stays under it. */
const PART = 300;

/** A CRI log time, nanoseconds as containerd writes them. */
const time = (i: number) => new Date(START + i).toISOString().replace('Z', '123456Z');

/** What pino writes for one record. */
function pinoLine(fields: Record<string, unknown>, message: string, at: number): string {
  let line = '';
  pino({ base: null, timestamp: () => `,"time":${START + at}` }, { write: (s: string) => (line = s.trimEnd()) }).info(fields, message);
  return line;
}

/** Ordinary records: requests. */
const records = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => pinoLine({ req: { method: 'GET', url: `/api/items/${from + k}` }, res: { statusCode: 200 }, responseTime: 10 + k }, 'request completed', from + k));

/** An LLM call logged with its prompt of `chars` characters. */
const longRecord = (chars: number) =>
  pinoLine({ event: 'llm_call', provider: 'anthropic', model: 'claude-long', duration_ms: 812, prompt: 'p'.repeat(chars) }, 'llm call', 50);

/** How a runtime writes its lines: whole, or a record cut into parts of PART bytes. */
interface Runtime {
  readonly name: string;
  readonly whole: (text: string, at: number) => string;
  /** The record cut into parts, the last one `full` (F, a log with its newline) unless the input ends before it. */
  readonly parts: (text: string, at: number, full?: boolean) => string[];
  /** The bytes of the line the parts join into, as read. */
  readonly joinedBytes: (text: string, at: number) => number;
}

const cut = (text: string) => Array.from({ length: Math.ceil(text.length / PART) }, (_, k) => text.slice(k * PART, (k + 1) * PART));

const CRI: Runtime = {
  name: 'CRI',
  whole: (text, at) => `${time(at)} stdout F ${text}`,
  parts: (text, at, full = true) => cut(text).map((part, k, all) => `${time(at + k)} stdout ${full && k === all.length - 1 ? 'F' : 'P'} ${part}`),
  // The first part's time and stream, a tag, the record.
  joinedBytes: (text, at) => Buffer.byteLength(`${time(at)} stdout F ${text}`),
};

const wrap = (log: string, at: number) => JSON.stringify({ log, stream: 'stdout', time: time(at) });
const DOCKER: Runtime = {
  name: 'Docker json-file',
  whole: (text, at) => wrap(`${text}\n`, at),
  parts: (text, at, full = true) => cut(text).map((part, k, all) => wrap(full && k === all.length - 1 ? `${part}\n` : part, at + k)),
  // The wrapper of the whole record, with the first part's time.
  joinedBytes: (text, at) => Buffer.byteLength(wrap(`${text}\n`, at)),
};

/** The prompt length that makes the record's joined line exactly `bytes` long. */
function promptFor(runtime: Runtime, bytes: number): number {
  return bytes - runtime.joinedBytes(longRecord(0), 100);
}

const EVENTS = `SELECT line, ts, level, event, message, kind, method, route, status, duration_ms, model, attrs FROM events ORDER BY line`;

/** What `ingest --json` says: the run's counts, and each source's. */
type IngestJson = { sources: Record<string, unknown>[] } & Record<string, unknown>;

async function ingestJson(file: string, extra: readonly string[] = []): Promise<IngestJson> {
  const got = await runInProcess(['ingest', file, '--max-line-bytes', String(MAX), '--json', '-q', ...extra]);
  expect(got.stderr).toBe('');
  expect(got.code).toBe(0);
  return JSON.parse(got.stdout);
}

async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const got = await runInProcess(['query', file, '--max-line-bytes', String(MAX), '-q', '-F', 'json', '--sql', sql]);
  expect(got.code).toBe(0);
  return JSON.parse(got.stdout);
}

async function rows(dbFile: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await Database.open({ file: dbFile });
  try {
    return await db.all(sql);
  } finally {
    db.close();
  }
}

const write = (file: string, lines: readonly string[]) => writeFileSync(file, lines.join('\n') + '\n');

for (const runtime of [CRI, DOCKER]) {
  describe(`a line ${runtime.name} split, joined past --max-line-bytes`, () => {
    const before = records(0, 5).map((r, i) => runtime.whole(r, i));
    const after = records(5, 4).map((r, i) => runtime.whole(r, 5 + i));

    it('is one too_long reject on its first part\'s line, with the joined line\'s bytes; its other parts continue it, and the records around it are read as without it', async () => {
      const dir = workdir();
      const record = longRecord(2500);
      const parts = runtime.parts(record, 100);
      expect(parts.length).toBeGreaterThan(5);
      expect(Math.max(...parts.map((p) => Buffer.byteLength(p)))).toBeLessThan(MAX);
      const file = join(dir, 'app.log');
      write(file, [...before, ...parts, ...after]);
      const plainFile = join(dir, 'plain.log');
      write(plainFile, [...before, ...after]);

      const summary = await ingestJson(file);
      expect(summary).toMatchObject({ lines: 5 + parts.length + 4, records: 9, rejects: 1, rejects_by_reason: { too_long: 1 } });
      expect(summary.sources[0]).toMatchObject({ format: 'pino', lines: 5 + parts.length + 4, records: 9, rejects: 1, continuation_lines: parts.length - 1 });
      expect(await query(file, 'SELECT line, reason, bytes, sample FROM rejects')).toEqual([
        { line: 6, reason: 'too_long', bytes: runtime.joinedBytes(record, 100), sample: (parts[0] as string).slice(0, 256) },
      ]);
      // The other records, on their own lines, as the file without the split line gives them.
      const got = await query(file, EVENTS);
      const expected = await query(plainFile, EVENTS);
      expect(got.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, ...[6, 7, 8, 9].map((n) => n + parts.length)]);
      expect(got.map(({ line: _, ...rest }) => rest)).toEqual(expected.map(({ line: _, ...rest }) => rest));
    });

    it('exactly --max-line-bytes long once joined is read as its record; one byte longer is rejected', async () => {
      const dir = workdir();
      for (const [bytes, records, rejects] of [[MAX, 10, 0], [MAX + 1, 9, 1]] as const) {
        const record = longRecord(promptFor(runtime, bytes));
        expect(runtime.joinedBytes(record, 100)).toBe(bytes);
        const parts = runtime.parts(record, 100);
        const file = join(dir, `app-${bytes}.log`);
        write(file, [...before, ...parts, ...after]);
        const summary = await ingestJson(file);
        expect(summary.sources[0]).toMatchObject({ lines: 9 + parts.length, records, rejects, continuation_lines: parts.length - 1 });
        const long = await query(file, "SELECT line, model FROM events WHERE model = 'claude-long'");
        expect(long).toEqual(rejects === 0 ? [{ line: 6, model: 'claude-long' }] : []);
        if (rejects) expect(await query(file, 'SELECT line, reason, bytes FROM rejects')).toEqual([{ line: 6, reason: 'too_long', bytes }]);
      }
    });

    it('that the input ends in, still open, is a too_long reject too, not one of what it holds so far', async () => {
      const dir = workdir();
      const record = longRecord(2500);
      const parts = runtime.parts(record, 100, false).slice(0, 5);
      const file = join(dir, 'app.log');
      write(file, [...before, ...parts]);
      const summary = await ingestJson(file);
      expect(summary.sources[0]).toMatchObject({ lines: 10, records: 5, rejects: 1, continuation_lines: 4 });
      const joined = runtime === CRI ? Buffer.byteLength(`${time(100)} stdout P ${record.slice(0, 5 * PART)}`) : Buffer.byteLength(wrap(record.slice(0, 5 * PART), 100));
      expect(joined).toBeGreaterThan(MAX);
      expect(await query(file, 'SELECT line, reason, bytes FROM rejects')).toEqual([{ line: 6, reason: 'too_long', bytes: joined }]);
    });

    it('read incrementally while it grows is rejected as it stands, then read again from its first part: the database ends as one ingest of the final file', async () => {
      const dir = workdir();
      const record = longRecord(2500);
      const parts = runtime.parts(record, 100);
      const lines = [...before, ...parts, ...after];
      const file = join(dir, 'app.log');
      const dbFile = join(dir, 'runs.duckdb');
      const ingestDb = async (db: string): Promise<IngestJson> => JSON.parse((await runInProcess(['ingest', file, '--db', db, '--max-line-bytes', String(MAX), '--json', '-q'])).stdout);
      // Under the limit and still open, the line is read as it always was: cut JSON (CRI), a record of the text (Docker);
      // with one part, then, read again from it, with two (the sample then holds nothing but the open run).
      const cutJson = runtime === CRI;
      write(file, lines.slice(0, 6));
      expect((await ingestDb(dbFile)).sources[0]).toMatchObject({ lines: 6, records: cutJson ? 5 : 6, rejects: cutJson ? 1 : 0, continuation_lines: 0 });
      write(file, lines.slice(0, 7));
      expect((await ingestDb(dbFile)).sources[0]).toMatchObject({ first_line: 6, reread_lines: 1, lines: 2, records: cutJson ? 0 : 1, rejects: cutJson ? 1 : 0, continuation_lines: 1 });
      expect(await rows(dbFile, 'SELECT line, reason FROM rejects')).toEqual(cutJson ? [{ line: 6, reason: 'invalid_json' }] : []);
      // Five parts, still open, past the limit: too_long as it stands.
      write(file, lines.slice(0, 10));
      expect((await ingestDb(dbFile)).sources[0]).toMatchObject({ first_line: 6, reread_lines: 2, lines: 5, records: 0, rejects: 1, continuation_lines: 4 });
      expect(await rows(dbFile, "SELECT count(*) AS n FROM events WHERE line = 6")).toEqual([{ n: 0 }]);
      expect(await rows(dbFile, 'SELECT line, reason FROM rejects')).toEqual([{ line: 6, reason: 'too_long' }]);
      // The rest: the whole line is rejected once, with its final bytes; the records after it are read.
      write(file, lines);
      expect((await ingestDb(dbFile)).sources[0]).toMatchObject({ first_line: 6, reread_lines: 5, lines: parts.length + 4, records: 4, rejects: 1, continuation_lines: parts.length - 1 });
      const onceFile = join(dir, 'once.duckdb');
      expect((await ingestDb(onceFile)).sources[0]).toMatchObject({ lines: lines.length, records: 9, rejects: 1, continuation_lines: parts.length - 1 });
      for (const sql of [EVENTS, 'SELECT * FROM rejects ORDER BY line',
        'SELECT sum(lines) AS lines, sum(records) AS records, sum(continuation_lines) AS continuation, sum(rejects) AS rejects FROM sources']) {
        expect(await rows(dbFile, sql)).toEqual(await rows(onceFile, sql));
      }
      expect(await rows(dbFile, 'SELECT line, reason, bytes FROM rejects')).toEqual([{ line: 6, reason: 'too_long', bytes: runtime.joinedBytes(record, 100) }]);
    });
  });
}

describe('the sample detection reads (joinLineParts)', () => {
  const record = longRecord(2500);

  it('measures a joined line as the staging does: the bytes of the line it makes', () => {
    for (const [join, runtime] of [[CRI_LINE_JOIN, CRI], [DOCKER_LINE_JOIN, DOCKER]] as const) {
      const parts = runtime.parts(record, 100);
      const [joined] = joinLineParts(parts, join, Number.MAX_SAFE_INTEGER);
      expect(Buffer.byteLength(joined as string)).toBe(runtime.joinedBytes(record, 100));
      // Escapes and characters of several bytes count as the joined line holds them.
      const odd = pinoLine({ prompt: 'say "日本語"\n\tnow. '.repeat(40) }, 'odd', 7);
      const [oddJoined] = joinLineParts(runtime.parts(odd, 7), join, Number.MAX_SAFE_INTEGER);
      expect(Buffer.byteLength(oddJoined as string)).toBe(runtime.joinedBytes(odd, 7));
    }
  });

  it('leaves out a line joined past the limit, as the staging rejects it, and keeps one at the limit', () => {
    for (const [join, runtime] of [[CRI_LINE_JOIN, CRI], [DOCKER_LINE_JOIN, DOCKER]] as const) {
      const around = [runtime.whole('{"a":1}', 1), runtime.whole('{"b":2}', 2)];
      const bytes = runtime.joinedBytes(record, 100);
      const lines = [around[0] as string, ...runtime.parts(record, 100), around[1] as string];
      expect(joinLineParts(lines, join, bytes - 1)).toEqual(around);
      expect(joinLineParts(lines, join, bytes)).toEqual([around[0], runtime.whole(record, 100), around[1]]);
      // Still open where the sample ends: left out too.
      expect(joinLineParts(lines.slice(0, 8), join, MAX)).toEqual([around[0]]);
    }
  });

  it('lets detection read a log whose sample is mostly a run of parts far past the limit', async () => {
    const dir = workdir();
    const file = join(dir, 'app.log');
    const huge = longRecord(300 * 2000);
    write(file, [...records(0, 3).map((r, i) => CRI.whole(r, i)), ...CRI.parts(huge, 100), ...records(3, 3).map((r, i) => CRI.whole(r, 3 + i))]);
    const summary = await ingestJson(file);
    expect(summary.sources[0]).toMatchObject({ format: 'pino', wrapping: 'prefixed', records: 6, rejects: 1, continuation_lines: CRI.parts(huge, 100).length - 1 });
  });
});
