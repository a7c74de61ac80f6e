// A directory of many small files of the shapes a node and its jobs leave: CRI log files and Docker
// json-file logs (/var/log/containers) wrapping pino's JSON lines, python logging text with
// tracebacks, logfmt. Small files of one shape are stored in batches (src/ingest/batch.ts); whatever
// the batching, the events (with attrs), rejects and checkpoints are exactly those each file stores
// when it is read alone, on the first run, after an append, and after a crash before the COMMIT.

import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { Database } from '../../src/db.js';
import { ingest as ingestApi } from '../../src/ingest/load.js';
import { runInProcess } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';

const workdir = useWorkdirs('logmeter-many-shapes');

const START = Date.UTC(2026, 10, 24, 10, 0, 0);
/** The runtime's time: RFC 3339 with nanoseconds. */
const runtimeTime = (ms: number) => new Date(ms).toISOString().replace('Z', '123456Z');

/** pino's lines for one container: LLM calls and steps, each naming its file and number. */
function pinoLines(file: string, from: number, count: number): string[] {
  const lines: string[] = [];
  let at = from;
  const log = pino({ base: { pid: 1, hostname: 'agent-7d9f4-x2k' }, timestamp: () => `,"time":${START + at * 1000}` },
    { write: (s: string) => lines.push(s.trimEnd()) });
  for (; at < from + count; at++) {
    if (at % 3 === 0) log.info({ file, at, model: 'gpt-4o', duration_ms: 100 + at }, 'llm call');
    else log.info({ file, at }, 'step');
  }
  return lines;
}

/** A container's lines as containerd writes them to /var/log/containers: time, stream, F (a full line). */
const cri = (lines: readonly string[], from: number) => lines.map((line, i) => `${runtimeTime(START + (from + i) * 1000)} ${i % 4 === 3 ? 'stderr' : 'stdout'} F ${line}`);

/** A container's lines as Docker's json-file driver writes them. */
const docker = (lines: readonly string[], from: number) =>
  lines.map((line, i) => JSON.stringify({ log: `${line}\n`, stream: i % 4 === 3 ? 'stderr' : 'stdout', time: runtimeTime(START + (from + i) * 1000) }));

/** Python logging's default text lines; `traceback` puts an exception's traceback after the second. */
function pythonLines(file: string, from: number, count: number, traceback = false): string[] {
  const lines: string[] = [];
  for (let at = from; at < from + count; at++) {
    const time = new Date(START + at * 1000).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    lines.push(`${time} ${traceback && at === from + 1 ? 'ERROR' : 'INFO'} worker: file=${file} at=${at}`);
    if (traceback && at === from + 1) lines.push('Traceback (most recent call last):', '  File "/app/worker.py", line 12, in run', '    step()', 'ValueError: bad input');
  }
  return lines;
}

const logfmtLines = (file: string, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `time=${new Date(START + (from + i) * 1000).toISOString()} level=info msg="step done" file=${file} at=${from + i} duration_ms=${20 + i}`);

const STACK = ['Error: connect ECONNREFUSED 10.0.0.7:5432', '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)'];

/** What is appended to a file on the second run: its own shape, numbered on. */
type Append = (from: number) => string;

/**
 * 48 files of the shapes of a node's logs, some with a container's stack trace printed as plain
 * lines, an empty line or a broken one; one CRI file with a line the runtime split (tagged P), one
 * Docker file whose line was split, one text file ending in a traceback, one file without a last
 * newline. Returns, per file, how to append to it.
 */
function writeFiles(dir: string): Map<string, Append> {
  const appends = new Map<string, Append>();
  for (let n = 0; n < 48; n++) {
    const count = 3 + (n % 6);
    const shape = n % 4;
    const name = ['cri', 'docker', 'python', 'logfmt'][shape] as string;
    const file = join(dir, `${name}-${n}_default_agent-${n}.log`);
    let lines: string[];
    let append: Append;
    if (shape === 0) {
      const logged = pinoLines(file, 1, count);
      // The container's stack, an empty line (`F ` and nothing), a line the runtime split past 16 KiB.
      if (n % 8 === 4) logged.splice(1, 0, ...STACK, '');
      lines = cri(logged, 1);
      if (n === 8) {
        const long = pinoLines(file, 100, 1)[0] as string;
        lines.push(`${runtimeTime(START + 100_000)} stdout P ${long.slice(0, 30)}`, `${runtimeTime(START + 100_000)} stdout F ${long.slice(30)}`);
      }
      append = (from) => cri(pinoLines(file, from, 3), from).join('\n');
    } else if (shape === 1) {
      const logged = pinoLines(file, 1, count);
      if (n % 8 === 5) logged.splice(1, 0, ...STACK);
      lines = docker(logged, 1);
      if (n === 9) lines.push(`{"log":"{\\"level\\":30,\\"msg\\":\\"split","stream":"stdout","time":"${runtimeTime(START)}"}`, docker(['","at":99}'], 99)[0] as string);
      if (n === 13) lines.splice(2, 0, '{"log":"{\\"level\\":30,\\"msg\\":\\"cut sh');
      append = (from) => docker(pinoLines(file, from, 3), from).join('\n');
    } else if (shape === 2) {
      lines = pythonLines(file, 1, count, n % 8 === 2);
      // Its last record a traceback: the next run re-opens it when the file grows.
      if (n === 10) lines.push(...pythonLines(file, 50, 1, false), 'Traceback (most recent call last):', '  File "/app/x.py", line 1, in <module>');
      append = (from) => (n === 10 ? ['    raise SystemExit(2)', 'SystemExit: 2', ...pythonLines(file, from, 2)] : pythonLines(file, from, 3, true)).join('\n');
    } else {
      lines = logfmtLines(file, 1, count);
      if (n === 11) lines.splice(1, 0, '');
      append = (from) => logfmtLines(file, from, 3).join('\n');
    }
    writeFileSync(file, lines.join('\n') + (n === 7 ? '' : '\n'));
    appends.set(file, (from) => (n === 7 ? '\n' : '') + append(from) + '\n');
  }
  return appends;
}

async function tables(db: string): Promise<Record<string, unknown[]>> {
  const handle = await Database.open({ file: db });
  try {
    return {
      events: await handle.all('SELECT * EXCLUDE (attrs), attrs::VARCHAR AS attrs FROM events ORDER BY source, line, ts'),
      rejects: await handle.all('SELECT * FROM rejects ORDER BY source, line'),
      sources: await handle.all(`SELECT * EXCLUDE (ingested_at) FROM sources ORDER BY source, first_line`),
    };
  } finally {
    handle.close();
  }
}

/** The directory stored in batches, and each file stored alone (one ingest each), hold the same rows. */
async function expectSameAsAlone(batched: string, alone: string, files: Iterable<string>): Promise<void> {
  for (const file of files) expect((await runInProcess(['ingest', file, '--db', alone, '-q'])).code, file).toBe(0);
  const got = await tables(batched);
  const expected = await tables(alone);
  expect(got.events).toEqual(expected.events);
  expect(got.rejects).toEqual(expected.rejects);
  expect(got.sources).toEqual(expected.sources);
}

describe('ingest of a directory of container and text logs', () => {
  it('stores the rows each file stores alone: prefix kept, split lines joined, tracebacks kept with their records', async () => {
    const d = workdir();
    const logs = join(d, 'logs');
    mkdirSync(logs);
    const appends = writeFiles(logs);
    const db = join(d, 'batched.duckdb');
    const alone = join(d, 'alone.duckdb');

    const first = await runInProcess(['ingest', logs, '--db', db, '-q']);
    expect(first.code, first.stderr).toBe(0);
    await expectSameAsAlone(db, alone, appends.keys());
    const got = await tables(db);
    // What the user looks for: the runtime's prefix in attrs, the split lines one record, tracebacks in the message.
    const events = got.events as Record<string, unknown>[];
    const criEvent = events.find((e) => String(e.source).includes('/cri-0_'));
    expect(JSON.parse(String(criEvent?.attrs)).log_prefix).toEqual({ time: runtimeTime(START + 1000), stream: 'stdout' });
    expect(events.some((e) => String(e.source).includes('/cri-8_') && e.line === 6 && JSON.parse(String(e.attrs)).at === 100)).toBe(true);
    expect(events.filter((e) => String(e.source).includes('/docker-') && JSON.parse(String(e.attrs)).log_prefix?.stream === 'stderr').length).toBeGreaterThan(0);
    expect(events.some((e) => String(e.source).includes('/python-2_') && String(JSON.parse(String(e.attrs)).exc_info).includes('ValueError: bad input'))).toBe(true);
    const sources = got.sources as Record<string, unknown>[];
    expect(sources.find((s) => String(s.source).includes('/python-2_'))?.continuation_lines).toBe(4);
    expect(sources.find((s) => String(s.source).includes('/cri-8_'))?.continuation_lines).toBe(1);

    // Appended to every third file: the next run reads what was appended, re-opening the traceback left open.
    let n = 0;
    for (const [file, append] of appends) if (n++ % 3 !== 2) appendFileSync(file, append(200));
    const second = await runInProcess(['ingest', logs, '--db', db, '-q']);
    expect(second.code, second.stderr).toBe(0);
    await expectSameAsAlone(db, alone, appends.keys());
    const reopened = (await tables(db)).events as Record<string, unknown>[];
    expect(reopened.some((e) => String(e.source).includes('/python-10_') && String(JSON.parse(String(e.attrs)).exc_info).endsWith('SystemExit: 2'))).toBe(true);
  }, 120_000);

  it('stores nothing of a batch a crash interrupts, and the next run stores what each file stores alone', async () => {
    const d = workdir();
    const logs = join(d, 'logs');
    mkdirSync(logs);
    const appends = writeFiles(logs);
    const db = join(d, 'store.duckdb');
    const handle = await Database.open({ file: db });
    try {
      const run = handle.run.bind(handle);
      let commits = 0;
      // A few files' own transactions pass; the crash comes at a later COMMIT, a batch's or a file's.
      handle.run = async (sql, params) => {
        if (sql === 'COMMIT' && ++commits > 3) throw new Error('killed');
        return run(sql, params);
      };
      await expect(ingestApi(handle, { inputs: [logs], stdin: Readable.from([]) })).rejects.toThrow('killed');
    } finally {
      handle.close();
    }
    const crashed = await tables(db);
    // Only whole transactions were stored: every file with rows has its checkpoint, and no file has more.
    const stored = new Set((crashed.sources as Record<string, unknown>[]).map((s) => String(s.source)));
    for (const row of [...crashed.events, ...crashed.rejects] as Record<string, unknown>[]) expect(stored.has(String(row.source))).toBe(true);
    expect(stored.size).toBeLessThan(appends.size);
    const rerun = await runInProcess(['ingest', logs, '--db', db, '-q']);
    expect(rerun.code, rerun.stderr).toBe(0);
    await expectSameAsAlone(db, join(d, 'alone.duckdb'), appends.keys());
  }, 120_000);
});
