// Incremental ingest: a database file keeps a checkpoint per source, so running ingest again reads
// only what was appended, follows logrotate's renames, copies and compression, starts over after a
// truncation, and never counts a record twice, even when the process is killed midway.

import { describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, mkdirSync, renameSync, rmSync, truncateSync, writeFileSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { Database } from '../../src/db.js';
import { ingest as ingestApi } from '../../src/ingest/load.js';
import { BIN, runInProcess } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';
import { rowsOf as rows } from '../helpers/database.js';

const workdir = useWorkdirs('logmeter-checkpoint');

/** JSON lines with distinct, increasing sequence numbers so duplicates and gaps are visible. */
function lines(from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) out += JSON.stringify({ time: 1772445600000 + i * 1000, level: 30, msg: 'tick', seq: i }) + '\n';
  return out;
}

async function ingest(db: string, ...inputs: string[]): Promise<{ code: number; stderr: string }> {
  const result = await runInProcess(['ingest', ...inputs, '--db', db]);
  return { code: result.code, stderr: result.stderr };
}

/** Every sequence number from..to-1 is in the database exactly once. */
async function expectSequence(db: string, from: number, to: number): Promise<void> {
  const seqs = (await rows(db, "SELECT (attrs->>'seq')::INT AS seq FROM events ORDER BY seq")).map((r) => Number(r.seq));
  expect(seqs).toEqual(Array.from({ length: to - from }, (_, i) => from + i));
}

describe('ingesting into the same database again', () => {
  it('reads only the lines appended since the last run, continuing the line numbers', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 10));
    expect((await ingest(db, log)).code).toBe(0);
    appendFileSync(log, lines(10, 25));
    const second = await ingest(db, log);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('read 15 lines');
    expect(second.stderr).toContain(`${log}: continued at line 11`);
    await expectSequence(db, 0, 25);
    const numbers = (await rows(db, 'SELECT line FROM events ORDER BY line')).map((r) => Number(r.line));
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('succeeds with nothing new when nothing was appended', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 5));
    await ingest(db, log);
    const again = await ingest(db, log);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('read 0 lines');
    expect(again.stderr).not.toContain('continued at line');
    await expectSequence(db, 0, 5);
  });

  it('adds no checkpoint row for files with nothing appended, so a cron job over a directory does not grow `sources` every run', async () => {
    const d = workdir();
    const logs = join(d, 'logs');
    const db = join(d, 'store.duckdb');
    mkdirSync(logs);
    for (let f = 0; f < 20; f++) writeFileSync(join(logs, `f${f}.log`), lines(f * 10, f * 10 + 2));
    writeFileSync(join(logs, 'old.log.1.gz'), gzipSync(lines(1000, 1005)));
    expect((await ingest(db, logs)).code).toBe(0);
    const sourcesRows = async () => Number((await rows(db, 'SELECT count(*) AS n FROM sources'))[0]?.n);
    expect(await sourcesRows()).toBe(21);
    for (let run = 0; run < 3; run++) {
      const again = await ingest(db, logs);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('read 0 lines from 21 sources');
    }
    expect(await sourcesRows()).toBe(21);
    appendFileSync(join(logs, 'f3.log'), lines(32, 33));
    const grown = await ingest(db, logs);
    expect(grown.stderr).toContain(`${join(logs, 'f3.log')}: continued at line 3`);
    expect(await sourcesRows()).toBe(22);
    const seqs = (await rows(db, "SELECT (attrs->>'seq')::INT AS seq FROM events ORDER BY seq")).map((r) => Number(r.seq));
    expect(seqs).toEqual([...Array.from({ length: 20 }, (_, f) => [f * 10, f * 10 + 1, ...(f === 3 ? [32] : [])]).flat(), 1000, 1001, 1002, 1003, 1004]);
    // The report's sources table still adds up to each file's lines.
    expect(await rows(db, 'SELECT sum(lines) AS lines, sum(records) AS records FROM sources')).toEqual([{ lines: 46, records: 46 }]);
  });

  it('adds no row for a file still empty since the last run, and reads it from line 1 once it has lines', async () => {
    const d = workdir();
    const logs = join(d, 'logs');
    const db = join(d, 'store.duckdb');
    mkdirSync(logs);
    // A container that has not logged yet, beside one that has.
    writeFileSync(join(logs, 'idle.log'), '');
    writeFileSync(join(logs, 'busy.log'), lines(0, 2));
    expect((await ingest(db, logs)).code).toBe(0);
    const emptyRows = async () => Number((await rows(db, `SELECT count(*) AS n FROM sources WHERE source = '${join(logs, 'idle.log')}'`))[0]?.n);
    expect(await emptyRows()).toBe(1);
    for (let run = 0; run < 3; run++) expect((await ingest(db, logs)).code).toBe(0);
    expect(await emptyRows()).toBe(1);
    // Named alone, still empty: nothing new, not unusable input.
    expect((await ingest(db, join(logs, 'idle.log'))).code).toBe(0);
    appendFileSync(join(logs, 'idle.log'), lines(100, 102));
    const woke = await ingest(db, logs);
    expect(woke.stderr).toContain('read 2 lines from 2 sources');
    expect(await emptyRows()).toBe(2);
    expect(await rows(db, `SELECT line, (attrs->>'seq')::INT AS seq FROM events WHERE source = '${join(logs, 'idle.log')}' ORDER BY line`)).toEqual([
      { line: 1, seq: 100 },
      { line: 2, seq: 101 },
    ]);
  });

  it('reads an unfinished last line now, and reads it again whole once the file grows', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    const last = JSON.stringify({ time: 1772445600000, level: 30, msg: 'tick', seq: 3 });
    writeFileSync(log, lines(0, 3) + last.slice(0, 20));
    const first = await ingest(db, log);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`${log}: the last line has no newline yet; it was read, and the next run reads it again if the file grows`);
    await expectSequence(db, 0, 3);
    // Half a line is bad JSON for now.
    expect(await rows(db, 'SELECT line, reason FROM rejects')).toEqual([{ line: 4, reason: 'invalid_json' }]);
    appendFileSync(log, last.slice(20) + '\n' + lines(4, 6));
    const second = await ingest(db, log);
    expect(second.stderr).toContain(`${log}: continued at line 4`);
    await expectSequence(db, 0, 6);
    expect(await rows(db, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
    expect(await rows(db, 'SELECT sum(lines) AS lines, sum(records) AS records, sum(rejects) AS rejects FROM sources')).toEqual([
      { lines: 6, records: 6, rejects: 0 },
    ]);
  });

  it('keeps the last record of a finished file that has no final newline, and never counts it twice', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    // A JSON-lines file whose writer never wrote the last newline.
    writeFileSync(log, lines(0, 3).trimEnd());
    expect((await ingest(db, log)).code).toBe(0);
    expect((await ingest(db, log)).code).toBe(0);
    await expectSequence(db, 0, 3);
    // Appended to after all: the last line is read again once, with its newline now.
    appendFileSync(log, '\n' + lines(3, 5).trimEnd());
    expect((await ingest(db, log)).code).toBe(0);
    await expectSequence(db, 0, 5);
    // Rotated, then compressed: the last line moves with the file and is not read twice.
    appendFileSync(log, '\n');
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(5, 6));
    expect((await ingest(db, d)).code).toBe(0);
    writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(`${log}.1`)));
    rmSync(`${log}.1`);
    expect((await ingest(db, d)).code).toBe(0);
    await expectSequence(db, 0, 6);
    expect(await rows(db, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
    expect(await rows(db, 'SELECT sum(lines) AS lines, sum(records) AS records FROM sources')).toEqual([{ lines: 6, records: 6 }]);
  });

  it('keeps a JSON document written without a final newline (json.dump), as one ingest of the file does', async () => {
    const d = workdir();
    const doc = join(d, 'window.json');
    const db = join(d, 'store.duckdb');
    const body = { session_id: 's1', events: [{ timestamp: '2026-03-02T10:00:01Z', type: 'a' }, { timestamp: '2026-03-02T10:00:02Z', type: 'b' }] };
    writeFileSync(doc, JSON.stringify(body, null, 2));
    const first = await runInProcess(['ingest', doc, '--db', db, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ records: 2, rejects: 0 });
    expect((await ingest(db, doc)).code).toBe(0);
    expect(await rows(db, "SELECT attrs->>'type' AS type FROM events ORDER BY ts")).toEqual([{ type: 'a' }, { type: 'b' }]);
    expect(await rows(db, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
  });

  it('counts reject line numbers after the checkpoint', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 4));
    await ingest(db, log);
    appendFileSync(log, 'not json\n\n' + lines(4, 5));
    await ingest(db, log);
    expect(await rows(db, 'SELECT line, reason FROM rejects ORDER BY line')).toEqual([
      { line: 5, reason: 'invalid_json' },
      { line: 6, reason: 'empty' },
    ]);
  });
});

describe('rotation', () => {
  it('follows a renamed file (app.log -> app.log.1) and reads the new app.log from the start', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 10));
    await ingest(db, d);
    appendFileSync(log, lines(10, 12)); // written after the last run, before rotation
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(12, 20));
    const run = await ingest(db, d);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${log}.1: continued at line 11 (read before as ${log})`);
    expect(run.stderr).toContain(`${log}: a new file since the last run (rotated); read from the start`);
    await expectSequence(db, 0, 20);
  });

  describe('while a run reads the file (the scan, then DuckDB, read it by path)', () => {
    /** Ingests app.log into `db`, renaming it to app.log.1 and starting a new app.log mid-read. */
    async function ingestWhileRotating(d: string, db: string, skipMovedSources: boolean) {
      const log = join(d, 'app.log');
      writeFileSync(log, lines(0, 30_000)); // several 1 MB chunks: the rotation lands mid-read
      const handle = await Database.open({ file: db });
      let rotated = false;
      const onProgress = () => {
        if (rotated) return;
        rotated = true;
        renameSync(log, `${log}.1`);
        writeFileSync(log, lines(30_000, 30_005));
      };
      try {
        return await ingestApi(handle, { inputs: [log], stdin: Readable.from([]), onProgress, skipMovedSources }).then(
          (summary) => ({ summary, error: undefined }),
          (error: Error) => ({ summary: undefined, error }),
        );
      } finally {
        handle.close();
      }
    }

    it('stores none of it and says so, rather than a mix of two files', async () => {
      const d = workdir();
      const db = join(d, 'store.duckdb');
      const { error } = await ingestWhileRotating(d, db, false);
      expect(error?.message).toBe(`cannot read ${join(d, 'app.log')}: it was renamed or replaced while it was read (rotated?); none of it was stored, run again`);
      expect(await rows(db, 'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM sources) AS sources')).toEqual([{ events: 0, sources: 0 }]);
      expect((await ingest(db, d)).code).toBe(0);
      await expectSequence(db, 0, 30_005);
    });

    it('is left for the next poll when following (tail -F), which reads both files once', async () => {
      const d = workdir();
      const db = join(d, 'store.duckdb');
      const log = join(d, 'app.log');
      const { summary, error } = await ingestWhileRotating(d, db, true);
      expect(error).toBeUndefined();
      expect(summary?.sources).toEqual([]);
      expect(summary?.lines).toBe(0);
      const handle = await Database.open({ file: db });
      try {
        const next = await ingestApi(handle, { inputs: [`${log}.1`, log, join(d, 'gone.log')], stdin: Readable.from([]), skipMovedSources: true });
        expect(next.sources.map((s) => [s.source, s.lines, s.rejects])).toEqual([[`${log}.1`, 30_000, 0], [log, 5, 0]]);
      } finally {
        handle.close();
      }
      await expectSequence(db, 0, 30_005);
    });
  });

  it('succeeds when the file named was just emptied by logrotate (create or copytruncate), so `ingest && report` still reports', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 5));
    expect((await ingest(db, log)).code).toBe(0);
    // create: renamed away, a new empty app.log in its place.
    renameSync(log, `${log}.1`);
    writeFileSync(log, '');
    const created = await ingest(db, log);
    expect(created.stderr).toContain(`${log}: a new file since the last run (rotated); read from the start`);
    expect(created.code).toBe(0);
    // copytruncate: copied away, then emptied in place.
    appendFileSync(log, lines(5, 8));
    expect((await ingest(db, log)).code).toBe(0);
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    const truncated = await ingest(db, log);
    expect(truncated.stderr).toContain(`${log}: truncated or rewritten since the last run; read from the start`);
    expect(truncated.code).toBe(0);
    await expectSequence(db, 0, 8);
    // An empty file the database never read is still no input.
    expect((await ingest(join(d, 'other.duckdb'), log)).code).toBe(3);
  });

  it('follows a copy (copytruncate) and the truncated original', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 10));
    await ingest(db, d);
    appendFileSync(log, lines(10, 13));
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    appendFileSync(log, lines(13, 16));
    const run = await ingest(db, d);
    expect(run.stderr).toContain(`${log}.1: continued at line 11 (read before as ${log})`);
    expect(run.stderr).toContain(`${log}: truncated or rewritten since the last run; read from the start`);
    await expectSequence(db, 0, 16);
  });

  it('does not count a rotated file again once it is compressed (app.log.1 -> app.log.2.gz)', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 10));
    await ingest(db, d);
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(10, 15));
    await ingest(db, d);
    writeFileSync(`${log}.2.gz`, gzipSync(readFileSync(`${log}.1`)));
    rmSync(`${log}.1`);
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(15, 18));
    const run = await ingest(db, d);
    expect(run.code).toBe(0);
    await expectSequence(db, 0, 18);
  });

  it('reads the rest of a compressed file that grew after the last run', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 10));
    await ingest(db, log);
    appendFileSync(log, lines(10, 14));
    writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(log)));
    rmSync(log);
    const run = await ingest(db, `${log}.1.gz`);
    expect(run.stderr).toContain('read 4 lines');
    await expectSequence(db, 0, 14);
  });
});

describe('a UTF-16 file appended to', () => {
  /** UTF-16 big-endian bytes of a string (Node has no such encoding of its own). */
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

  for (const [name, encode] of [['little-endian', (t: string) => Buffer.from(t, 'utf16le')], ['big-endian', utf16be]] as const) {
    it(`transcodes the appended bytes too (${name})`, async () => {
      const d = workdir();
      const log = join(d, 'app.log');
      const db = join(d, 'store.duckdb');
      writeFileSync(log, encode('\ufeff' + lines(0, 2)));
      expect((await ingest(db, log)).code).toBe(0);
      appendFileSync(log, encode(lines(2, 5)));
      const second = await runInProcess(['ingest', log, '--db', db, '--json']);
      expect(second.code).toBe(0);
      // The bytes count the file's own (two a character here), so the checkpoint ends at its end.
      expect(JSON.parse(second.stdout)).toMatchObject({ lines: 3, records: 3, rejects: 0, bytes: encode(lines(2, 5)).length });
      await expectSequence(db, 0, 5);
      expect(await rows(db, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
      expect((await ingest(db, log)).stderr).toContain('read 0 lines');
    });
  }
});

describe('a damaged compressed file in a directory', () => {
  /** The first half of a .gz: what logrotate leaves while it is still compressing. */
  function cutGzip(content: string): Buffer {
    const whole = gzipSync(content);
    return whole.subarray(0, Math.floor(whole.length / 2));
  }

  it('is skipped with one warning, stores nothing of it, and the files after it are read', async () => {
    const d = workdir();
    const db = join(d, 'store.duckdb');
    const logs = join(d, 'logs');
    mkdirSync(logs);
    writeFileSync(join(logs, 'app.log'), lines(0, 1));
    // Sorted between app.log and app.log.2.gz, so a failure here would cut the run short.
    writeFileSync(join(logs, 'app.log.1.gz'), cutGzip(lines(100, 300)));
    writeFileSync(join(logs, 'app.log.2.gz'), gzipSync(lines(1, 11)));
    writeFileSync(join(logs, 'other.log.gz'), 'plain text under a .gz name\n');
    const first = await runInProcess(['ingest', logs, '--db', db, '-q']);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(
      `logmeter: skipped 2 files whose content cannot be read (none of it was stored; the next run tries again): ` +
        `${join(logs, 'app.log.1.gz')} (unexpected end of file), ${join(logs, 'other.log.gz')} (incorrect header check)\n`,
    );
    await expectSequence(db, 0, 11);
    expect(await rows(db, 'SELECT source, sum(lines) AS lines FROM sources GROUP BY source ORDER BY source')).toEqual([
      { source: join(logs, 'app.log'), lines: 1 },
      { source: join(logs, 'app.log.2.gz'), lines: 10 },
    ]);

    // logrotate finished compressing: the next run reads it whole, and nothing else again.
    writeFileSync(join(logs, 'app.log.1.gz'), gzipSync(lines(11, 211)));
    rmSync(join(logs, 'other.log.gz'));
    const second = await runInProcess(['ingest', logs, '--db', db, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ lines: 200, damaged: [] });
    await expectSequence(db, 0, 211);
  });

  it('named on the command line, is an error that names it (exit 2)', async () => {
    const d = workdir();
    const db = join(d, 'store.duckdb');
    const gz = join(d, 'app.log.1.gz');
    writeFileSync(gz, cutGzip(lines(0, 200)));
    const run = await runInProcess(['ingest', gz, '--db', db]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`logmeter: cannot read ${gz}: unexpected end of file\n`);
  });
});

describe('truncation', () => {
  it('re-reads a file from the start when it is shorter than its checkpoint', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 10));
    await ingest(db, log);
    truncateSync(log, 0);
    appendFileSync(log, lines(10, 13));
    const run = await ingest(db, log);
    expect(run.stderr).toContain(`${log}: truncated or rewritten since the last run; read from the start`);
    await expectSequence(db, 0, 13);
  });

  it('re-reads a file whose first bytes changed even when it grew past the checkpoint', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 3));
    await ingest(db, log);
    writeFileSync(log, lines(100, 120)); // rewritten in place, longer than before
    await ingest(db, log);
    const seqs = (await rows(db, "SELECT (attrs->>'seq')::INT AS seq FROM events ORDER BY seq")).map((r) => Number(r.seq));
    expect(seqs).toEqual([0, 1, 2, ...Array.from({ length: 20 }, (_, i) => 100 + i)]);
  });
});

describe('--full', () => {
  it('re-reads every input from the start, replacing its rows instead of adding to them', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 10) + 'junk\n');
    await ingest(db, log);
    appendFileSync(log, lines(10, 12));
    const run = await runInProcess(['ingest', log, '--db', db, '--full']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('read 13 lines');
    expect(run.stderr).toContain(`${log}: --full: read from the start, replacing its earlier rows`);
    await expectSequence(db, 0, 12);
    expect(await rows(db, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 1 }]);
  });

  it('counts each line once after a rotation with compression: the rows under the names the file had before are replaced too', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(log, lines(0, 3));
    await ingest(db, d);
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, lines(3, 5));
    writeFileSync(log, '');
    await ingest(db, d);
    writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(`${log}.1`)));
    rmSync(`${log}.1`);
    appendFileSync(log, lines(5, 7));
    await ingest(db, d);
    // Stored under three names: app.log (0-2, then 5-6), app.log.1 (3-4).
    await expectSequence(db, 0, 7);

    const run = await runInProcess(['ingest', d, '--db', db, '--full']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('read 7 lines');
    await expectSequence(db, 0, 7);
    expect(await rows(db, 'SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source')).toEqual([
      { source: log, n: 2 },
      { source: `${log}.1.gz`, n: 5 },
    ]);
    // The sources table adds up to the events, per name.
    expect(await rows(db, 'SELECT source, sum(lines) AS lines, sum(records) AS records FROM sources GROUP BY source ORDER BY source')).toEqual([
      { source: log, lines: 2, records: 2 },
      { source: `${log}.1.gz`, lines: 5, records: 5 },
    ]);
    // And the checkpoints still hold: the next run reads only what is new.
    appendFileSync(log, lines(7, 8));
    expect((await ingest(db, d)).stderr).toContain('read 1 line from');
    await expectSequence(db, 0, 8);
  });
});

describe('files that merely start alike', () => {
  it('keep checkpoints of their own while both are live', async () => {
    const d = workdir();
    const db = join(d, 'store.duckdb');
    const shared = lines(0, 3);
    writeFileSync(join(d, 'a.log'), shared + lines(10, 12));
    writeFileSync(join(d, 'b.log'), shared + lines(20, 22));
    await ingest(db, d);
    const counts = await rows(db, 'SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source');
    expect(counts.map((r) => Number(r.n))).toEqual([5, 5]);
  });
});

describe('a crash midway', () => {
  it('leaves nothing of the source it interrupted, and the next run reads it once', async () => {
    const d = workdir();
    const db = join(d, 'store.duckdb');
    const first = join(d, 'a.log');
    const second = join(d, 'b.log');
    writeFileSync(first, lines(0, 50));
    // Another shape: small files of one shape are stored in one transaction (test/ingest/many-files.test.ts).
    writeFileSync(second, lines(50, 100).replaceAll('"seq"', '"hostname":"h","seq"') + 'junk\n');
    const handle = await Database.open({ file: db });
    try {
      // The process dies just before the second source's commit.
      const run = handle.run.bind(handle);
      let commits = 0;
      handle.run = async (sql, params) => {
        if (sql === 'COMMIT' && ++commits === 2) throw new Error('killed');
        return run(sql, params);
      };
      await expect(ingestApi(handle, { inputs: [first, second], stdin: Readable.from([]) })).rejects.toThrow('killed');
    } finally {
      handle.close();
    }
    expect(await rows(db, 'SELECT source, count(*) AS n FROM events GROUP BY source')).toEqual([{ source: first, n: 50 }]);
    expect(await rows(db, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
    expect((await ingest(db, first, second)).code).toBe(0);
    await expectSequence(db, 0, 100);
    expect(await rows(db, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 1 }]);
  });

  it('never counts a record twice when the process is killed (SIGKILL) at any point', async () => {
    const d = workdir();
    const db = join(d, 'store.duckdb');
    const total = 80_000;
    const first = join(d, 'a.log');
    const second = join(d, 'b.log');
    writeFileSync(first, lines(0, total / 2));
    writeFileSync(second, lines(total / 2, total));
    let killed = 0;
    for (const delay of [400, 900]) {
      const exited = await runAndKill(['ingest', first, second, '--db', db, '-q'], delay);
      if (!exited) killed++;
    }
    expect(killed).toBeGreaterThan(0);
    const last = await ingest(db, first, second);
    expect(last.code).toBe(0);
    const [{ n, lines: distinct }] = (await rows(db, 'SELECT count(*) AS n, count(DISTINCT (source, line)) AS lines FROM events')) as [
      { n: number; lines: number },
    ];
    expect(n).toBe(total);
    expect(distinct).toBe(total);
    await expectSequence(db, 0, total);
  }, 30_000);
});

/** Runs the built CLI and SIGKILLs it after `ms`; resolves true when it exited on its own first. */
function runAndKill(args: string[], ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    let done = false;
    const timer = setTimeout(() => {
      if (!done) child.kill('SIGKILL');
    }, ms);
    child.on('exit', (code, signal) => {
      done = true;
      clearTimeout(timer);
      resolve(signal === null && code === 0);
    });
  });
}
