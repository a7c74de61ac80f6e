// Many small sources read as one (load.ts): a directory of per-pod, per-job or per-day files of a
// few lines each. Alone, each source paid ~60 ms of fixed cost, most of it DuckDB planning the
// projection of its few lines, so a first ingest of 10,000 files took 11 minutes. Small sources of
// the same format, wrapping and mapping (the same projection) instead wait in a batch, staged and
// projected once, in one transaction with every member's rejects and checkpoint row. For JSON lines
// (as they are, behind a prefix, or wrapped by Docker: each line is rewritten alone), the batch file
// holds the members' scanned lines; for the formats read in Node (text, logfmt), it holds their
// record spools (record-spool.ts), renumbered into the batch's lines.
//
// lm_batch says whose lines are whose: member i's lines are the batch file's lines first_line ..
// last_line (numbered from 1), and its source line numbers are those plus line_offset (a member
// read from a checkpoint starts past line 1). The rows are projected with the batch file's line
// numbers, then given their source and line through lm_batch (batch-events.sql, batch-rejects.sql).
// Every line of every member is thus one event or one reject, with its own source and line number,
// as it would have been read alone. A member's records (spooled) fall on the batch lines of the
// source lines they start on; the lines between them are continuation lines, counted in Node.

import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { listValue, type Database } from '../db.js';
import { readSqlFile } from '../sql-files.js';
import type { ScanResult } from './line-scanner.js';
import type { Source } from './sources.js';
import { stageJsonLines, stageProjectedJsonLines, stageRecordSpool, dropStaged, type Wrapping } from './stage.js';
import { CRI_PARTIAL_LINE } from './log-prefix.js';
import type { Projection, StreamProjection } from './projection.js';

/**
 * A source this small (its bytes read in this run) may join a batch; it is copied to a line file
 * when it is scanned, however clean, since its lines are read from the batch's file.
 */
export const SMALL_SOURCE_BYTES = 1024 * 1024;
/** A batch is stored when it holds this many bytes or sources: memory, and work lost to a Ctrl-C, stay small. */
const BATCH_BYTES = 32 * 1024 * 1024;
const BATCH_SOURCES = 2000;

export function isSmallSource(source: Pick<Source, 'size'>, bytes = source.size): boolean {
  return bytes !== undefined && bytes <= SMALL_SOURCE_BYTES;
}

/** The device and inode of a file source: one file can be reached under two names (a link and its target). */
export function fileIdentity(source: Source): string | undefined {
  return source.path !== undefined && source.stat?.isFile() ? `${source.stat.dev}:${source.stat.ino}` : undefined;
}

/** Small sources of one format and mapping, waiting to be stored together. */
export class SourceBatch<T> {
  readonly members: T[] = [];
  /** Each member's first line in the batch file, minus one; and how many lines it has there. */
  readonly starts: number[] = [];
  readonly counts: number[] = [];
  /** Each member's source line number of its first line, minus one. */
  readonly lineOffsets: number[] = [];
  readonly names: string[] = [];
  readonly identities = new Set<string>();
  lines = 0;
  bytes = 0;
  longestLine = 0;

  constructor(readonly path: string) {}

  /**
   * Appends a member's scanned lines (exactly the lines the scanner counted) to the batch file, or,
   * given its record spool, its records renumbered into the batch's lines.
   */
  add(member: T, source: Source, scan: Pick<ScanResult, 'stagedPath' | 'lines' | 'longestLine'>, firstLine: number, spool?: MemberSpool): void {
    // Source line n is batch line n + shift.
    const shift = this.lines - (firstLine - 1);
    const lines = spool ? renumberedSpool(spool.path, shift) : firstLines(scan.stagedPath, scan.lines);
    appendFileSync(this.path, lines);
    // The batch file holds the lines now: the member's own copies are not read again.
    rmSync(scan.stagedPath, { force: true });
    if (spool) rmSync(spool.path, { force: true });
    this.members.push(member);
    this.starts.push(this.lines);
    this.counts.push(scan.lines);
    this.lineOffsets.push(firstLine - 1);
    this.names.push(source.name);
    const identity = fileIdentity(source);
    if (identity !== undefined) this.identities.add(identity);
    this.lines += scan.lines;
    this.bytes += lines.length;
    // A renumbered spool line may be a few digits longer than the member's own.
    this.longestLine = Math.max(this.longestLine, spool ? spool.longestLine + 20 : scan.longestLine);
  }

  get full(): boolean {
    return this.bytes >= BATCH_BYTES || this.members.length >= BATCH_SOURCES;
  }
}

/** The batches waiting, one per format and mapping. */
export class SourceBatches<T> {
  private readonly pending = new Map<string, SourceBatch<T>>();
  private made = 0;

  constructor(private readonly dir: string) {}

  /** Adds a member to the batch of its key; returns that batch when it is full, to be stored now. */
  add(key: string, member: T, source: Source, scan: Pick<ScanResult, 'stagedPath' | 'lines' | 'longestLine'>, firstLine: number,
    spool?: MemberSpool): SourceBatch<T> | undefined {
    let batch = this.pending.get(key);
    if (!batch) this.pending.set(key, (batch = new SourceBatch<T>(join(this.dir, `batch-${this.made++}.lines`))));
    batch.add(member, source, scan, firstLine, spool);
    if (!batch.full) return undefined;
    this.pending.delete(key);
    return batch;
  }

  /** Whether a waiting batch holds this file (under another name). */
  holdsFile(source: Source): boolean {
    const identity = fileIdentity(source);
    return identity !== undefined && [...this.pending.values()].some((b) => b.identities.has(identity));
  }

  /** Every waiting batch, which no longer waits. */
  drain(): SourceBatch<T>[] {
    const all = [...this.pending.values()];
    this.pending.clear();
    return all;
  }
}

/** A member's record spool (record-spool.ts: `<source line> 0x01 <record>` a line) and its longest line. */
export interface MemberSpool {
  readonly path: string;
  readonly longestLine: number;
}

/** A record spool with `shift` added to each line number. */
function renumberedSpool(path: string, shift: number): Buffer {
  const text = readFileSync(path, 'utf8');
  if (shift === 0) return Buffer.from(text, 'utf8');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const separator = line.indexOf('\u0001');
    out.push(`${Number(line.slice(0, separator)) + shift}${line.slice(separator)}\n`);
  }
  return Buffer.from(out.join(''), 'utf8');
}

/**
 * Whether a line file of JSON lines behind a prefix or wrapped by Docker may hold a part of a line
 * the runtime split (a CRI line tagged P; a json-file wrapper whose `log` has no newline at its
 * end): its parts are joined across lines (stage-split-lines.sql), so such a file is read alone.
 * Errs towards yes: any wrapper it cannot read as one whose `log` ends in a newline.
 */
export function mayHoldSplitLine(path: string, wrapping: Wrapping): boolean {
  const text = readFileSync(path, 'utf8');
  if (wrapping === 'prefixed') return text.split('\n').some((line) => CRI_PARTIAL_LINE.test(line));
  if (wrapping !== 'docker') return false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('{"log":"')) continue;
    try {
      const log: unknown = (JSON.parse(line) as Record<string, unknown>).log;
      if (log !== null && !(typeof log === 'string' && log.endsWith('\n'))) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** The first `count` lines of a line file, each ending in a newline. */
function firstLines(path: string, count: number): Buffer {
  const bytes = readFileSync(path);
  let end = 0;
  for (let n = 0; n < count; n++) {
    if (end >= bytes.length) throw new Error(`${path} holds fewer than the ${count} lines scanned`);
    const newline = bytes.indexOf(0x0a, end);
    end = newline < 0 ? bytes.length : newline + 1;
  }
  const lines = bytes.subarray(0, end);
  return lines.length > 0 && lines[lines.length - 1] !== 0x0a ? Buffer.concat([lines, Buffer.from('\n')]) : lines;
}

/** How a batch file is staged: JSON lines with their wrapping, or projected as they are read; or record spools. */
export type BatchStaging = { readonly lines: Wrapping } | { readonly stream: StreamProjection } | { readonly records: true };

/**
 * Stages a batch, outside the transaction (staged lines are numbered by rowid): lm_batch, and the
 * batch file's lines as one source's would be (stage.ts): JSON lines read as they are or rewritten
 * from their wrapping, or, with a stream projection, projected as they are read; or the records of
 * the members' spools.
 */
export async function stageBatch(db: Database, batch: SourceBatch<unknown>, lineBytes: number, staging: BatchStaging): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE lm_batch AS
     SELECT unnest($members)::INTEGER AS member, unnest($sources)::VARCHAR AS source, unnest($firsts)::BIGINT AS first_line,
       unnest($lasts)::BIGINT AS last_line, unnest($offsets)::BIGINT AS line_offset`,
    {
      members: listValue(batch.members.map((_, i) => i)),
      sources: listValue(batch.names),
      firsts: listValue(batch.starts.map((start) => start + 1)),
      lasts: listValue(batch.starts.map((start, i) => start + (batch.counts[i] as number))),
      // Source line = batch line + line_offset.
      offsets: listValue(batch.starts.map((start, i) => (batch.lineOffsets[i] as number) - start)),
    },
  );
  if ('stream' in staging) await stageProjectedJsonLines(db, batch.path, lineBytes, batch.lines, staging.stream, { source: '' });
  else if ('records' in staging) await stageRecordSpool(db, batch.path, batch.longestLine);
  else {
    // No member holds a split line (below), so no line is joined to be held to the limit.
    const staged = await stageJsonLines(db, batch.path, lineBytes, batch.lines, { wrapping: staging.lines, maxLineBytes: lineBytes });
    // Members that may hold a split line are read alone (mayHoldSplitLine): none is joined here.
    if (staged.continuationLines > 0 || staged.openLine !== undefined || staged.tooLong.length > 0) throw new Error('a batch of small sources holds a line the runtime split');
  }
}

/** What one member of a batch added. */
export interface MemberCounts {
  readonly records: number;
  /** The lines DuckDB found to be no JSON object (the scanner's rejects not included). */
  readonly rejects: number;
}

/**
 * Within the transaction: the staged batch's records go to events and its other lines to rejects,
 * each under its member's source and line number (a spooled member's rejects were found in Node:
 * `spooled`). Members left out (moved while they were read) add nothing. Returns the counts per
 * member, in order.
 */
export async function insertBatch(db: Database, batch: SourceBatch<unknown>, projected: { staged: Projection; spooled?: boolean } | { stream: StreamProjection },
  leftOut: readonly number[]): Promise<MemberCounts[]> {
  if (leftOut.length > 0) await db.run('DELETE FROM lm_batch WHERE list_contains($members, member)', { members: listValue([...leftOut]) });
  let rows: string;
  let lines: string;
  if ('staged' in projected) {
    // Projected with the batch file's line numbers into lm_batch_events (projection.ts intoTempTable).
    await db.run('SET preserve_insertion_order = false');
    try {
      await db.run(projected.staged.sql, { ...projected.staged.params, source: '', line_offset: 0 });
    } finally {
      await db.run('RESET preserve_insertion_order');
    }
    rows = 'SELECT * FROM lm_batch_events';
    lines = 'SELECT rowid + 1 AS line, text FROM lm_raw';
  } else {
    // lm_projected, read outside the transaction, numbers the batch file's lines by rowid.
    rows = 'SELECT * EXCLUDE (is_record, unread), NULL::VARCHAR AS source, rowid + 1 AS line FROM lm_projected WHERE is_record';
    lines = 'SELECT rowid + 1 AS line, unread AS text FROM lm_projected';
  }
  const records = await countsByMember(db, readSqlFile('ingest/batch-events.sql').replaceAll('{{rows}}', rows), 'lm_batch_rows');
  await db.run('INSERT INTO events BY NAME SELECT * EXCLUDE (member) FROM lm_batch_rows');
  const spooled = 'spooled' in projected && projected.spooled === true;
  const rejects = spooled ? new Map<number, number>() : await countsByMember(db, readSqlFile('ingest/batch-rejects.sql').replaceAll('{{lines}}', lines), 'lm_batch_rejects');
  if (!spooled) await db.run('INSERT INTO rejects BY NAME SELECT * EXCLUDE (member) FROM lm_batch_rejects');
  return batch.members.map((_, i) => ({ records: records.get(i) ?? 0, rejects: rejects.get(i) ?? 0 }));
}

/** Runs the statement that makes `table` (with a member column) and counts its rows per member. */
async function countsByMember(db: Database, sql: string, table: 'lm_batch_rows' | 'lm_batch_rejects'): Promise<Map<number, number>> {
  await db.run(sql);
  const counts = new Map<number, number>();
  for (const row of await db.all(`SELECT member, count(*) AS n FROM ${table} GROUP BY member`)) counts.set(Number(row.member), Number(row.n));
  return counts;
}

/** Drops what a batch staged, and its file. */
export async function dropBatch(db: Database, batch: SourceBatch<unknown>): Promise<void> {
  await dropStaged(db);
  for (const table of ['lm_batch_rows', 'lm_batch_rejects', 'lm_batch_events', 'lm_projected', 'lm_raw', 'lm_batch']) await db.run(`DROP TABLE IF EXISTS ${table}`);
  rmSync(batch.path, { force: true });
}
