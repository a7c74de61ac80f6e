// Incremental ingest of records that span lines: a record still being written when a run reads the
// file (a Python traceback cut mid-way) is re-opened by the next run and rebuilt whole, so the
// events equal those of one ingest of the final file, and the sources table counts every line once.

import { describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { Database } from '../../src/db.js';
import { accountedLines, ingest, type IngestSummary, type SourceSummary } from '../../src/ingest/load.js';
import { resetCheckpointColumnsCache } from '../../src/ingest/checkpoint.js';
import { runInProcess } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';

const workdir = useWorkdirs('logmeter-reopen');

/** Python logging text: records, tracebacks (some chained, with blank lines), multi-line messages. */
function pythonLog(records: number, seed = 1): string[] {
  const random = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < records; i++) {
    const time = `2026-03-02 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')}`;
    const r = random();
    if (r < 0.35) {
      out.push(`${time} - worker - ERROR - job failed job_id=${i} attempt=${1 + (i % 3)}`);
      out.push('Traceback (most recent call last):');
      for (let f = 0; f < 1 + Math.floor(random() * 4); f++) out.push(`  File "/app/jobs/step${f}.py", line ${10 + f * 7}, in run`, `    result = step${f}(payload)`);
      if (random() < 0.3) {
        out.push(`KeyError: 'k${i}'`, '', 'During handling of the above exception, another exception occurred:', '', 'Traceback (most recent call last):');
        out.push('  File "/app/jobs/retry.py", line 3, in retry');
      }
      out.push(`ValueError: bad payload ${i}`);
    } else if (r < 0.45) {
      out.push(`${time} - api - WARNING - slow request route=/api/items/${i} duration_ms=${100 + i}`, `  detail line one for ${i}`, `  detail line two for ${i}`);
    } else {
      out.push(`${time} - api - INFO - request done route=/api/items/${i} status=200 duration_ms=${i % 97}`);
    }
  }
  return out;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same log a day later, to tell a new file's records from a rotated one's. */
const nextDay = (lines: readonly string[]) => lines.map((l) => l.replace(/^2026-03-02/, '2026-03-03'));
const withoutSource = (rows: Record<string, unknown>[]) => rows.map(({ source: _s, ...rest }) => rest).sort((a, b) => Number(a.line) - Number(b.line));

const text = (lines: readonly string[]) => lines.map((l) => l + '\n').join('');

async function run(dbFile: string, inputs: string[], options: { full?: boolean } = {}): Promise<IngestSummary> {
  const db = await Database.open({ file: dbFile });
  try {
    return await ingest(db, { inputs, stdin: Readable.from([]), ...options });
  } finally {
    db.close();
  }
}

async function query(dbFile: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await Database.open({ file: dbFile });
  try {
    return await db.all(sql);
  } finally {
    db.close();
  }
}

const EVENTS = 'SELECT * EXCLUDE (attrs), attrs::VARCHAR AS attrs FROM events ORDER BY source, line, attrs';
const REJECTS = 'SELECT * FROM rejects ORDER BY source, line';

/** The events and rejects of one ingest of the given files as they are now, each under its own name. */
async function oneShot(...inputs: string[]): Promise<{ events: Record<string, unknown>[]; rejects: Record<string, unknown>[] }> {
  const dbFile = join(workdir(), 'db.duckdb');
  await run(dbFile, inputs);
  return { events: await query(dbFile, EVENTS), rejects: await query(dbFile, REJECTS) };
}

/** Per source name, the sources rows add up to the rows stored. */
async function expectBooksBalance(dbFile: string): Promise<void> {
  const rows = await query(
    dbFile,
    `SELECT s.source, s.records, s.rejects, coalesce(e.n, 0) AS events, coalesce(r.n, 0) AS stored_rejects
     FROM (SELECT source, sum(records) AS records, sum(rejects) AS rejects FROM sources GROUP BY source) s
     LEFT JOIN (SELECT source, count(*) AS n FROM events GROUP BY source) e USING (source)
     LEFT JOIN (SELECT source, count(*) AS n FROM rejects GROUP BY source) r USING (source)`,
  );
  for (const r of rows) {
    expect(r.records, String(r.source)).toBe(r.events);
    expect(r.rejects, String(r.source)).toBe(r.stored_rejects);
  }
}

function expectConserved(s: SourceSummary): void {
  expect(accountedLines(s)).toBe(s.lines);
}

/** A directory for one case, with the log's path in it and the database's. */
function logCase(name = 'app.log'): { d: string; log: string; dbFile: string } {
  const d = workdir();
  return { d, log: join(d, name), dbFile: join(d, 'store.duckdb') };
}

/**
 * Writes `lines` up to `after` lines past the first traceback's header (the cut record) and ingests
 * that (the file, or its directory), as a run that came while the traceback was being written.
 */
async function cutAtTraceback(c: { log: string; dbFile: string }, lines: string[], after: number,
  options: { blanks?: boolean; read?: 'file' | 'dir' } = {}): Promise<{ lines: string[]; header: number }> {
  const kept = options.blanks === false ? lines.filter((l) => l !== '') : lines;
  const { header } = tracebackRecord(kept);
  writeFileSync(c.log, text(kept.slice(0, header + after)));
  await run(c.dbFile, [options.read === 'dir' ? join(c.log, '..') : c.log]);
  return { lines: kept, header };
}

/** logrotate's copytruncate: the file is copied to <log>.1, then emptied in place. */
function copyTruncate(log: string): void {
  copyFileSync(log, `${log}.1`);
  truncateSync(log, 0);
}

/** The first record with a traceback, and the line (1-based) where its traceback ends. */
function tracebackRecord(lines: readonly string[]): { header: number; last: number } {
  const at = lines.indexOf('Traceback (most recent call last):');
  let last = at;
  while (last + 1 < lines.length && !/^2026-/.test(lines[last + 1] as string)) last++;
  return { header: at, last: last + 1 };
}

describe('a python-text record whose traceback is cut by a run', () => {
  it('is completed by the next run: its exc_info equals one ingest of the final file, with no rejects', async () => {
    const { log, dbFile } = logCase();
    const lines = pythonLog(40, 7).filter((l) => l !== '');
    const { header, last } = tracebackRecord(lines);
    const cut = header + 2; // the header line and two traceback lines
    expect(cut).toBeLessThan(last);
    writeFileSync(log, text(lines.slice(0, cut)));
    const first = (await run(dbFile, [log])).sources[0]!;
    appendFileSync(log, text(lines.slice(cut)));
    const second = (await run(dbFile, [log])).sources[0]!;

    const expected = await oneShot(log);
    expect(await query(dbFile, EVENTS)).toEqual(expected.events);
    expect(await query(dbFile, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
    const [exc] = await query(dbFile, `SELECT attrs->>'exc_info' AS exc, error, ok FROM events WHERE line = ${header}`);
    expect(String(exc?.exc)).toContain('ValueError: bad payload');
    expect(exc?.ok).toBe(false);

    // The second run read the cut record again from its first line, and says so.
    expect(first.lines).toBe(cut);
    expect(second).toMatchObject({ checkpoint: 'resumed', first_line: header, reread_lines: cut - header + 1, lines: lines.length - header + 1, rejects: 0 });
    expectConserved(first);
    expectConserved(second);
    // The sources table counts each line once: its rows add up to one ingest of the final file.
    const [sum] = await query(dbFile, 'SELECT sum(lines) AS lines, sum(records) AS records, sum(continuation_lines) AS continuation, sum(rejects) AS rejects FROM sources');
    const [events] = await query(dbFile, 'SELECT count(*) AS n FROM events');
    expect(sum).toEqual({ lines: lines.length, records: events!.n, continuation: lines.length - Number(events!.n), rejects: 0 });
    await expectBooksBalance(dbFile);
  });

  it('is completed when its traceback continues over three runs', async () => {
    const { log, dbFile } = logCase();
    const lines = [
      '2026-03-02 10:00:00,000 - api - INFO - started',
      '2026-03-02 10:00:01,000 - worker - ERROR - job failed job_id=1',
      'Traceback (most recent call last):',
      '  File "/app/a.py", line 1, in run',
      '    a()',
      '  File "/app/b.py", line 2, in a',
      '    b()',
      'ValueError: bad payload',
      '2026-03-02 10:00:02,000 - api - INFO - done',
    ];
    writeFileSync(log, text(lines.slice(0, 3)));
    const runs = [await run(dbFile, [log])];
    appendFileSync(log, text(lines.slice(3, 6)));
    runs.push(await run(dbFile, [log]));
    appendFileSync(log, text(lines.slice(6)));
    runs.push(await run(dbFile, [log]));

    expect(runs.map((r) => [r.sources[0]!.first_line, r.sources[0]!.lines, r.sources[0]!.reread_lines])).toEqual([
      [1, 3, undefined],
      [2, 5, 2],
      [2, 8, 5],
    ]);
    for (const r of runs) expectConserved(r.sources[0]!);
    expect(await query(dbFile, EVENTS)).toEqual((await oneShot(log)).events);
    const [exc] = await query(dbFile, "SELECT attrs->>'exc_info' AS exc FROM events WHERE line = 2");
    expect(exc?.exc).toBe(lines.slice(2, 8).join('\n'));
    expect(await query(dbFile, 'SELECT sum(lines) AS lines, sum(records) AS records FROM sources')).toEqual([{ lines: 9, records: 3 }]);
    await expectBooksBalance(dbFile);
  });

  it('reads nothing again when nothing was appended, and takes an unfinished line into the record until it is whole', async () => {
    const { log, dbFile } = logCase();
    const { lines, header } = await cutAtTraceback({ log, dbFile }, pythonLog(12, 3), 2);
    const before = await query(dbFile, EVENTS);

    const again = (await run(dbFile, [log])).sources[0]!;
    expect(again).toMatchObject({ checkpoint: 'resumed', lines: 0, records: 0, first_line: header + 3 });
    expect(again.reread_lines).toBeUndefined();
    expect(await query(dbFile, EVENTS)).toEqual(before);

    // Half a traceback line, no newline yet: the record is rebuilt with it, as one ingest of the
    // file as it is now would make it, and it is re-opened again when the line is whole.
    const rest = text(lines.slice(header + 2));
    appendFileSync(log, rest.slice(0, 10));
    const partial = (await run(dbFile, [log])).sources[0]!;
    expect(partial).toMatchObject({ lines: 4, reread_lines: 3, held_back_bytes: 0, unterminated_bytes: 10 });
    expect(await query(dbFile, EVENTS)).toEqual((await oneShot(log)).events);

    appendFileSync(log, rest.slice(10));
    const done = (await run(dbFile, [log])).sources[0]!;
    expect(done.reread_lines).toBe(4);
    expect(await query(dbFile, EVENTS)).toEqual((await oneShot(log)).events);
    await expectBooksBalance(dbFile);
  });

  it('is completed in the renamed file after a rotation, and the new file is read from its start', async () => {
    const { d, log, dbFile } = logCase();
    const { lines, header } = await cutAtTraceback({ log, dbFile }, pythonLog(30, 11), 2, { blanks: false, read: 'dir' });
    // The writer finishes the traceback, then logrotate renames the file and a new one starts.
    appendFileSync(log, text(lines.slice(header + 2)));
    renameSync(log, `${log}.1`);
    const fresh = nextDay(pythonLog(5, 99)).filter((l) => l !== '');
    writeFileSync(log, text(fresh));
    const second = await run(dbFile, [d]);
    const byName = Object.fromEntries(second.sources.map((s) => [s.source, s]));
    expect(byName[log]).toMatchObject({ checkpoint: 'rotated', first_line: 1, lines: fresh.length });
    expect(byName[`${log}.1`]).toMatchObject({ checkpoint: 'resumed', previous_name: log, first_line: header, reread_lines: 3 });

    // The rotated file's records, whichever name holds them, equal one ingest of that file.
    const rotated = (await oneShot(`${log}.1`)).events;
    const stored = await query(dbFile, EVENTS.replace('ORDER BY', "WHERE ts < '2026-03-03' ORDER BY"));
    expect(stored.filter((r) => r.source === log).map((r) => Number(r.line))).toEqual(rotated.filter((r) => Number(r.line) < header).map((r) => Number(r.line)));
    expect(withoutSource(stored)).toEqual(withoutSource(rotated));
    // The new app.log is all there, once.
    const newer = await query(dbFile, EVENTS.replace('ORDER BY', "WHERE ts >= '2026-03-03' ORDER BY"));
    expect(newer).toEqual((await oneShot(log)).events);
    expect(await query(dbFile, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
    await expectBooksBalance(dbFile);
  });

  it('moves to the renamed file when a run finds it renamed with nothing appended, and is completed there later', async () => {
    const { d, log, dbFile } = logCase();
    const { lines, header } = await cutAtTraceback({ log, dbFile }, pythonLog(30, 11), 2, { blanks: false, read: 'dir' });
    // logrotate renames the file before the writer finishes the traceback (delaycompress).
    renameSync(log, `${log}.1`);
    const fresh = nextDay(pythonLog(5, 99)).filter((l) => l !== '');
    writeFileSync(log, text(fresh));
    const renamed = await run(dbFile, [d]);
    expect(renamed.sources.find((s) => s.source === `${log}.1`)).toMatchObject({ previous_name: log, first_line: header, reread_lines: 3, lines: 3 });
    appendFileSync(`${log}.1`, text(lines.slice(header + 2)));
    const finished = await run(dbFile, [d]);
    expect(finished.records).toBeGreaterThan(0);
    expect(finished.sources.find((s) => s.source === `${log}.1`)).toMatchObject({ first_line: header, reread_lines: 3 });

    const rotated = (await oneShot(`${log}.1`)).events;
    const stored = await query(dbFile, EVENTS.replace('ORDER BY', "WHERE ts < '2026-03-03' ORDER BY"));
    expect(withoutSource(stored)).toEqual(withoutSource(rotated));
    expect(await query(dbFile, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
    await expectBooksBalance(dbFile);
  });

  it('is completed in the copy after copytruncate, leaving the truncated file\'s new records alone', async () => {
    const { d, log, dbFile } = logCase();
    const { lines, header } = await cutAtTraceback({ log, dbFile }, pythonLog(30, 5), 2, { blanks: false, read: 'dir' });
    appendFileSync(log, text(lines.slice(header + 2)));
    copyTruncate(log);
    // Fewer lines than the cut record's line number: no line of theirs is shared with it.
    const fresh = nextDay(pythonLog(2, 42)).slice(0, Math.max(1, header - 2));
    expect(fresh.length).toBeLessThan(header);
    appendFileSync(log, text(fresh));
    const second = await run(dbFile, [d]);
    expect(second.sources.map((s) => [s.source, s.checkpoint, s.reread_lines])).toEqual([
      [log, 'truncated', undefined],
      [`${log}.1`, 'resumed', 3],
    ]);
    expect(await query(dbFile, EVENTS.replace('ORDER BY', "WHERE ts >= '2026-03-03' ORDER BY"))).toEqual((await oneShot(log)).events);
    const copied = await query(dbFile, EVENTS.replace('ORDER BY', "WHERE ts < '2026-03-03' ORDER BY"));
    expect(withoutSource(copied)).toEqual(withoutSource((await oneShot(`${log}.1`)).events));
    await expectBooksBalance(dbFile);
  });

  it('is left as it was when the truncated file\'s new content already has rows on its lines', async () => {
    const { log, dbFile } = logCase();
    const { lines, header } = await cutAtTraceback({ log, dbFile }, pythonLog(30, 5), 2, { blanks: false, read: 'dir' });
    appendFileSync(log, text(lines.slice(header + 2)));
    copyTruncate(log);
    // The new content reaches past the cut record's lines, and is read (alone) before the copy is.
    const fresh = nextDay(pythonLog(60, 43));
    appendFileSync(log, text(fresh));
    expect((await run(dbFile, [log])).sources[0]).toMatchObject({ checkpoint: 'truncated', first_line: 1 });
    const before = await query(dbFile, EVENTS);
    const second = (await run(dbFile, [`${log}.1`])).sources[0]!;
    expect(second).toMatchObject({ checkpoint: 'resumed', first_line: header + 3, rejects: 0 });
    expect(second.reread_lines).toBeUndefined();
    // Nothing was deleted: the new content is all there, and the rows read before are as they were.
    expect(await query(dbFile, EVENTS.replace('ORDER BY', "WHERE ts >= '2026-03-03' ORDER BY"))).toEqual((await oneShot(log)).events);
    expect(await query(dbFile, EVENTS.replace('ORDER BY', `WHERE source = '${log}' ORDER BY`))).toEqual(before);
    await expectBooksBalance(dbFile);
  });

  it('is completed from a compressed rotated file, which is then never read again', async () => {
    const { log, dbFile } = logCase();
    const { lines, header } = await cutAtTraceback({ log, dbFile }, pythonLog(30, 13), 2, { blanks: false });
    appendFileSync(log, text(lines.slice(header + 2)));
    writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(log)));
    rmSync(log);
    const second = (await run(dbFile, [`${log}.1.gz`])).sources[0]!;
    expect(second).toMatchObject({ checkpoint: 'resumed', previous_name: log, first_line: header, reread_lines: 3 });
    const stored = (await query(dbFile, EVENTS)).map(({ source: _s, ...rest }) => rest);
    expect(stored).toEqual((await oneShot(`${log}.1.gz`)).events.map(({ source: _s, ...rest }) => rest));
    const third = (await run(dbFile, [`${log}.1.gz`])).sources[0]!;
    expect(third).toMatchObject({ checkpoint: 'resumed', lines: 0 });
    expect(third.reread_lines).toBeUndefined();
    await expectBooksBalance(dbFile);
  });

  it('is read whole by --full after runs that re-opened it', async () => {
    const { log, dbFile } = logCase();
    const { lines, header } = await cutAtTraceback({ log, dbFile }, pythonLog(20, 17), 1);
    appendFileSync(log, text(lines.slice(header + 1)));
    await run(dbFile, [log]);
    const full = (await run(dbFile, [log], { full: true })).sources[0]!;
    expect(full).toMatchObject({ checkpoint: 'full', first_line: 1, lines: lines.length });
    expect(full.reread_lines).toBeUndefined();
    expect(await query(dbFile, EVENTS)).toEqual((await oneShot(log)).events);
  });
});

describe('a pretty-printed JSON document cut by a run', () => {
  it('is parsed whole by the next run, like the documents after it', async () => {
    const { log, dbFile } = logCase('windows.json');
    const doc = (i: number) => JSON.stringify({ session_id: `s${i}`, timestamp: `2026-03-02T10:00:0${i}Z`, event: 'window', tokens_in: i }, null, 2).split('\n');
    const lines = [...doc(1), ...doc(2), ...doc(3)];
    writeFileSync(log, text(lines.slice(0, doc(1).length + 2)));
    await run(dbFile, [log]);
    appendFileSync(log, text(lines.slice(doc(1).length + 2)));
    const second = (await run(dbFile, [log])).sources[0]!;
    expect(second).toMatchObject({ format: 'json-document', first_line: doc(1).length + 1, rejects: 0 });
    expect(await query(dbFile, EVENTS)).toEqual((await oneShot(log)).events);
    expect(await query(dbFile, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
    await expectBooksBalance(dbFile);
  });
});

describe('a document that starts on the line where the one before it ends', () => {
  it('is read again from that line, with the end of the one before', async () => {
    const { log, dbFile } = logCase('docs.json');
    const lines = ['{', '  "timestamp": "2026-03-02T10:00:01Z", "event": "a"', '} {', '  "timestamp": "2026-03-02T10:00:02Z",', '  "event": "b"', '}'];
    writeFileSync(log, text(lines.slice(0, 4)));
    await run(dbFile, [log]);
    appendFileSync(log, text(lines.slice(4)));
    const second = (await run(dbFile, [log])).sources[0]!;
    expect(second).toMatchObject({ first_line: 1, reread_lines: 4, rejects: 0 });
    expect(await query(dbFile, EVENTS)).toEqual((await oneShot(log)).events);
    expect(await query(dbFile, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
    await expectBooksBalance(dbFile);
  });
});

describe('a record whose rows are no longer under the name it was read as', () => {
  it('is not read again, and not stored twice (follow shows its stdin spool as -)', async () => {
    const { log, dbFile } = logCase('stdin.log');
    const { lines, header } = await cutAtTraceback({ log, dbFile }, pythonLog(20, 29), 1, { blanks: false });
    const db = await Database.open({ file: dbFile });
    await db.run(`UPDATE events SET source = '-' WHERE source = '${log}'`);
    db.close();
    appendFileSync(log, text(lines.slice(header + 1)));
    const second = (await run(dbFile, [log])).sources[0]!;
    expect(second).toMatchObject({ first_line: header + 2, rejects: 0 });
    expect(second.reread_lines).toBeUndefined();
    expect(await query(dbFile, 'SELECT count(*) AS n FROM events WHERE line = ' + header)).toEqual([{ n: 1 }]);
  });
});

describe('the sources rollup over runs that re-opened records', () => {
  it('adds up to the lines and records of the file, each once', async () => {
    const { log, dbFile } = logCase();
    const lines = pythonLog(30, 31).filter((l) => l !== '');
    const { header, last } = tracebackRecord(lines);
    for (const [from, to] of [[0, header + 1], [header + 1, last - 1], [last - 1, lines.length]] as const) {
      appendFileSync(log, text(lines.slice(from, to)));
      expect((await runInProcess(['ingest', log, '--db', dbFile, '-q'])).code).toBe(0);
    }
    const result = await runInProcess(['query', 'rejects', '--db', dbFile, '--format', 'json']);
    expect(result.code).toBe(0);
    const records = (await oneShot(log)).events.length;
    expect(result.stdout).toContain(`"lines": ${lines.length}`);
    expect(result.stdout).toContain(`"records": ${records}`);
  });
});

describe('the run summary', () => {
  it('says which lines of the last record were read again', async () => {
    const { log, dbFile } = logCase();
    const lines = pythonLog(30, 31).filter((l) => l !== '');
    const { header, last } = tracebackRecord(lines);
    appendFileSync(log, text(lines.slice(0, header + 2)));
    expect((await runInProcess(['ingest', log, '--db', dbFile])).code).toBe(0);
    appendFileSync(log, text(lines.slice(header + 2, last + 1)));
    const second = await runInProcess(['ingest', log, '--db', dbFile]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(
      // header is the index of the Traceback line: its record starts on the line before, line `header`.
      `${log}: continued at line ${header}; its last record (lines ${header}-${header + 2}) was read again to take the lines that continue it`,
    );
  });
});

describe('JSON lines', () => {
  it('are resumed exactly as before: no record is re-opened', async () => {
    const { log, dbFile } = logCase('app.jsonl');
    const line = (i: number) => JSON.stringify({ time: 1772445600000 + i * 1000, level: 30, msg: 'tick', seq: i });
    writeFileSync(log, text(Array.from({ length: 10 }, (_, i) => line(i))));
    await run(dbFile, [log]);
    appendFileSync(log, text(Array.from({ length: 5 }, (_, i) => line(10 + i))));
    const second = (await run(dbFile, [log])).sources[0]!;
    expect(second).toMatchObject({ checkpoint: 'resumed', first_line: 11, lines: 5, records: 5 });
    expect(second.reread_lines).toBeUndefined();
    expect(await query(dbFile, 'SELECT count(*) AS n, count(reopen_line) AS reopen FROM sources')).toEqual([{ n: 2, reopen: 0 }]);
    expect(await query(dbFile, EVENTS)).toEqual((await oneShot(log)).events);
  });
});

describe('a database made before checkpoints kept their last record', () => {
  it('gains the columns, resumes as before once, then re-opens records', async () => {
    const { log, dbFile } = logCase();
    const { lines, header } = await cutAtTraceback({ log, dbFile }, pythonLog(40, 23), 1, { blanks: false });
    // The sources table as earlier versions made it.
    const old = await Database.open({ file: dbFile });
    await old.run('ALTER TABLE sources DROP COLUMN reopen_line');
    await old.run('ALTER TABLE sources DROP COLUMN reopen_offset');
    old.close();
    resetCheckpointColumnsCache();

    appendFileSync(log, text(lines.slice(header + 1, header + 3)));
    const second = (await run(dbFile, [log])).sources[0]!;
    expect(second).toMatchObject({ checkpoint: 'resumed', first_line: header + 2, lines: 2, continuation_lines: 2, rejects: 0 });
    expect(second.reread_lines).toBeUndefined();
    appendFileSync(log, text(lines.slice(header + 3)));
    const third = (await run(dbFile, [log])).sources[0]!;
    expect(third.checkpoint).toBe('resumed');
    expectConserved(third);
    expect(await query(dbFile, 'SELECT count(*) AS n FROM rejects')).toEqual([{ n: 0 }]);
    await expectBooksBalance(dbFile);
  });
});

describe('a python-text file appended in random pieces, with a run after each', () => {
  const cases = Array.from({ length: 12 }, (_, i) => i + 1);
  it.each(cases)('ends with the events and rejects of one ingest of the whole file (seed %i)', async (seed) => {
    const { log, dbFile } = logCase();
    const random = prng(seed * 7919);
    const lines = pythonLog(15 + Math.floor(random() * 30), seed);
    const content = text(lines);
    // K pieces, cut at line boundaries (odd seeds) or anywhere, even mid-line (even seeds); the
    // first piece holds a few whole lines, so the format is told from them.
    const k = 2 + Math.floor(random() * 5);
    const starts = lines.reduce<number[]>((acc, l) => [...acc, acc[acc.length - 1]! + Buffer.byteLength(l) + 1], [0]);
    const minimum = starts[3]!;
    const cuts = new Set<number>();
    while (cuts.size < k - 1) {
      const at = seed % 2 === 1 ? starts[3 + Math.floor(random() * (lines.length - 3))]! : minimum + Math.floor(random() * (content.length - minimum));
      if (at > 0 && at < content.length) cuts.add(at);
    }
    const bounds = [0, ...[...cuts].sort((a, b) => a - b), content.length];
    writeFileSync(log, '');
    let total = 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      appendFileSync(log, content.slice(bounds[i], bounds[i + 1]));
      const summary = (await run(dbFile, [log])).sources[0]!;
      expectConserved(summary);
      total += summary.lines - (summary.reread_lines ?? 0);
    }
    expect(total).toBe(lines.length);
    const expected = await oneShot(log);
    expect(await query(dbFile, EVENTS)).toEqual(expected.events);
    expect(await query(dbFile, REJECTS)).toEqual(expected.rejects);
    expect(await query(dbFile, 'SELECT sum(lines) AS lines FROM sources')).toEqual([{ lines: lines.length }]);
    await expectBooksBalance(dbFile);
  });
});
