// A directory of many small log files (per pod, per job, per agent session): small JSON-lines files
// of one shape are read as one batch (src/ingest/batch.ts). Whatever the batching, every line of
// every file is one event or one reject under its own file and line number, the checkpoints are
// each file's own, and the rows are those each file gives when it is read alone.

import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { Database } from '../../src/db.js';
import { ingest as ingestApi } from '../../src/ingest/load.js';
import { runInProcess } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';
import { rowsOf as rows } from '../helpers/database.js';

const workdir = useWorkdirs('logmeter-many-files');

/**
 * pino lines of one file: each record names its file and its own line number, so a row stored
 * under the wrong source or line shows. `shape` 1 adds the model and duration an LLM call logs.
 */
function pinoLines(file: string, from: number, count: number, shape: 0 | 1): string[] {
  const lines: string[] = [];
  const log = pino({ base: { pid: 7, hostname: 'pod-a' }, timestamp: () => `,"time":${1772445600000 + from * 1000}` }, { write: (s: string) => lines.push(s.trimEnd()) });
  for (let i = 0; i < count; i++) {
    if (shape === 1) log.info({ file, at: from + i, model: 'gpt-4o', duration_ms: 100 + i }, 'llm call');
    else log.info({ file, at: from + i }, 'step');
  }
  return lines;
}

/** Python logging's default text lines, each naming its file and line number. */
function pythonLines(file: string, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `2026-03-02 10:00:${String(i % 60).padStart(2, '0')},000 INFO worker: file=${file} at=${from + i}`);
}

const BAD = '{"level":30,"time":177244560';

/**
 * 40 files: pino of two shapes, a few python-logging text files, a bad line and a blank line in
 * some, one without a last newline, one empty. Returns each file's lines as written.
 */
function writeFiles(dir: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (let n = 0; n < 40; n++) {
    const name = n % 9 === 4 ? `job-${n}.log` : `pod-${n}.jsonl`;
    const count = 3 + (n % 8);
    let lines = name.startsWith('job') ? pythonLines(name, 1, count) : pinoLines(name, 1, count, (n % 3 === 0 ? 1 : 0) as 0 | 1);
    if (n % 7 === 2) lines = [...lines.slice(0, 1), BAD, ...lines.slice(1)];
    if (n % 11 === 5) lines = [...lines.slice(0, 2), '', ...lines.slice(2)];
    if (n === 39) lines = [];
    files.set(join(dir, name), lines);
    writeFileSync(join(dir, name), lines.join('\n') + (lines.length === 0 || n === 17 ? '' : '\n'));
  }
  return files;
}

/** The files with lines: an empty file alone is 'no input' (exit 3). */
function nonEmpty(files: Map<string, string[]>): string[] {
  return [...files].filter(([, lines]) => lines.length > 0).map(([file]) => file);
}

/** Every line written is one event (naming its file and line) or one reject, and nothing else is stored. */
async function expectEveryLineOnce(db: string, files: Map<string, string[]>): Promise<void> {
  const events = await rows(db, `SELECT source, line, coalesce(attrs->>'file', regexp_extract(message, 'file=(\\S+)', 1)) AS file,
    coalesce(attrs->>'at', regexp_extract(message, 'at=(\\d+)', 1))::INT AS at FROM events`);
  const rejects = await rows(db, 'SELECT source, line, reason FROM rejects');
  const seen = new Map<string, string>();
  for (const e of events) {
    expect(e.file, `${String(e.source)}:${String(e.line)}`).toBe(basename(String(e.source)));
    seen.set(`${String(e.source)}:${String(e.line)}`, `event ${String(e.at)}`);
  }
  for (const r of rejects) {
    const key = `${String(r.source)}:${String(r.line)}`;
    expect(seen.has(key), key).toBe(false);
    seen.set(key, `reject ${String(r.reason)}`);
  }
  expect(events.length + rejects.length).toBe(seen.size);
  const expected = new Map<string, string>();
  for (const [file, lines] of files) {
    let at = 0;
    lines.forEach((text, i) => {
      const key = `${file}:${i + 1}`;
      if (text === '') expected.set(key, 'reject empty');
      else if (text === BAD) expected.set(key, 'reject invalid_json');
      else expected.set(key, `event ${++at}`);
    });
  }
  expect(Object.fromEntries([...seen].sort())).toEqual(Object.fromEntries([...expected].sort()));
}

describe('ingest of a directory of many small files', () => {
  it('stores every line of every file once, under its own file and line number, as each file read alone would', async () => {
    const d = workdir();
    const logs = join(d, 'logs');
    const db = join(d, 'batched.duckdb');
    mkdirSync(logs);
    const files = writeFiles(logs);

    const first = await runInProcess(['ingest', logs, '--db', db, '-q']);
    expect(first.code, first.stderr).toBe(0);
    await expectEveryLineOnce(db, files);
    // Each file's checkpoint is its own: the whole file read.
    const checkpoints = await rows(db, 'SELECT source, lines, offset_bytes FROM sources');
    expect(checkpoints).toHaveLength(files.size);
    for (const c of checkpoints) {
      const file = String(c.source);
      expect(Number(c.lines), file).toBe(files.get(file)?.length);
      if (Number(c.lines) > 0) expect(Number(c.offset_bytes), file).toBe(statSync(file).size);
    }

    // The same rows as the files read one at a time (no batch).
    const alone = join(d, 'alone.duckdb');
    for (const file of nonEmpty(files)) expect((await runInProcess(['ingest', file, '--db', alone, '-q'])).code).toBe(0);
    const table = (name: string, path: string) =>
      rows(path, name === 'events'
        ? 'SELECT * EXCLUDE (attrs), attrs::VARCHAR AS attrs FROM events ORDER BY source, line'
        : 'SELECT * FROM rejects ORDER BY source, line');
    expect(await table('events', db)).toEqual(await table('events', alone));
    expect(await table('rejects', db)).toEqual(await table('rejects', alone));

    // Appended to some files (a bad line among the new ones, and to the file whose last line had
    // no newline): the next run reads only what was appended, numbered on from each file's end.
    for (const [file, lines] of files) {
      const n = Number(/-(\d+)\./.exec(file)?.[1]);
      if (n % 4 !== 1 && n !== 17) continue;
      const next = lines.filter((l) => l !== '' && l !== BAD).length + 1;
      const more = file.endsWith('.log') ? pythonLines(basename(file), next, 3) : pinoLines(basename(file), next, 3, (n % 3 === 0 ? 1 : 0) as 0 | 1);
      if (n === 21) more.splice(1, 0, BAD);
      if (n === 17) {
        // Its unterminated last line is read again with the rest of its bytes: none here.
        appendFileSync(file, '\n');
      }
      appendFileSync(file, more.join('\n') + '\n');
      files.set(file, [...lines, ...more]);
    }
    const second = await runInProcess(['ingest', logs, '--db', db, '-q']);
    expect(second.code, second.stderr).toBe(0);
    await expectEveryLineOnce(db, files);
    // A row for each file appended to, and none for the others (the empty file has no checkpoint to keep).
    const read = await rows(db, 'SELECT source FROM sources WHERE lines > 0 GROUP BY source HAVING count(*) > 1 ORDER BY source');
    expect(read.map((r) => basename(String(r.source)))).toEqual(['job-13.log', 'pod-1.jsonl', 'pod-17.jsonl', 'pod-21.jsonl', 'pod-25.jsonl', 'pod-29.jsonl',
      'pod-33.jsonl', 'pod-37.jsonl', 'pod-5.jsonl', 'pod-9.jsonl']);

    // Nothing new: nothing read.
    const third = await runInProcess(['ingest', logs, '--db', db, '-q']);
    expect(third.code).toBe(0);
    await expectEveryLineOnce(db, files);
    const totals = await rows(db, 'SELECT source, sum(lines) AS lines, max(offset_bytes) AS offset FROM sources GROUP BY source');
    for (const t of totals) {
      const file = String(t.source);
      expect(Number(t.lines), file).toBe(files.get(file)?.length);
      if (Number(t.lines) > 0) expect(Number(t.offset), file).toBe(statSync(file).size);
    }
  }, 60_000);

  it('summarises and checks a directory in memory as the files stored one at a time', async () => {
    const d = workdir();
    const logs = join(d, 'logs');
    mkdirSync(logs);
    const files = writeFiles(logs);
    const alone = join(d, 'alone.duckdb');
    for (const file of nonEmpty(files)) expect((await runInProcess(['ingest', file, '--db', alone, '-q'])).code).toBe(0);
    const rule = "p95(duration_ms) < 50 where kind = 'llm_call'";
    const inMemory = await runInProcess(['check', '--assert', rule, logs]);
    const stored = await runInProcess(['check', '--assert', rule, '--db', alone]);
    expect(inMemory.code).toBe(1);
    expect(inMemory.stdout).toBe(stored.stdout);
    const llmCalls = [...files.values()].flat().filter((l) => l.includes('"llm call"')).length;
    expect(inMemory.stdout).toMatch(new RegExp(`\\s${llmCalls}\\s*\\n`));
  }, 60_000);

  it('stores nothing of a batch a crash interrupts, and the next run reads every file once', async () => {
    const d = workdir();
    const logs = join(d, 'logs');
    mkdirSync(logs);
    const files = new Map<string, string[]>();
    for (let n = 0; n < 12; n++) {
      const file = join(logs, `pod-${n}.jsonl`);
      const lines = pinoLines(`pod-${n}.jsonl`, 1, 5, 0);
      files.set(file, lines);
      writeFileSync(file, lines.join('\n') + '\n');
    }
    const db = join(d, 'store.duckdb');
    const handle = await Database.open({ file: db });
    try {
      const run = handle.run.bind(handle);
      handle.run = async (sql, params) => {
        if (sql === 'COMMIT') throw new Error('killed');
        return run(sql, params);
      };
      await expect(ingestApi(handle, { inputs: [logs], stdin: Readable.from([]) })).rejects.toThrow('killed');
    } finally {
      handle.close();
    }
    expect(await rows(db, 'SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM rejects) + (SELECT count(*) FROM sources) AS n')).toEqual([{ n: 0 }]);
    expect((await runInProcess(['ingest', logs, '--db', db, '-q'])).code).toBe(0);
    await expectEveryLineOnce(db, files);
  });
});
