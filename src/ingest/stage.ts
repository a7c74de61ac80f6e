// Stage step of the pipeline (load.ts, step 5): put one source's lines in front of the projection as
// lm_lines(line, text). JSON lines are read by DuckDB as they are (stage-lines.sql, then a view that
// numbers them); the other formats go through their RecordReader in Node first and DuckDB reads the
// numbered record spool (formats/record-spool.ts, stage-records.sql). A projection that needs neither
// attrs nor the line text reads JSON lines itself instead, into lm_projected (records-stream.sql).

import type { Database, DuckDBValue } from '../db.js';
import type { StreamProjection } from './projection.js';
import { readSqlFile } from '../sql-files.js';
import { stagedLineSql } from './log-prefix.js';
import { dockerStagedLineSql } from './docker-json-file.js';
import { journaldStagedLineSql } from './journald-json.js';
import type { MessagePattern } from '../config/patterns.js';
import type { RecordFormat } from './formats/format.js';
import type { SpoolResult } from './formats/record-spool.js';
import { spoolRecords, type ExtraPart } from './formats/spool-parts.js';
import { safeSample, type ScanReject, type ScanResult } from './line-scanner.js';

/** DuckDB reads lines of up to this many bytes beyond the longest it was told about. */
const LINE_SLACK = 1024;

/**
 * How a source's JSON objects sit in its lines: as they are, behind a prefix, or wrapped by Docker;
 * or, for a text source, behind a prefix (prefixed-text.ts: read in Node, never staged here).
 */
export type Wrapping = 'none' | 'prefixed' | 'docker' | 'journald' | 'prefixed-text' | 'docker-text';

/** What staging JSON lines found beyond the lines themselves. */
export interface StagedLines {
  /** Lines joined into the line above them in their stream: the parts after the first of a split line. */
  readonly continuationLines: number;
  /** The staged line number (from 1) of the first part of a split line the input ends before its last part. */
  readonly openLine?: number;
  /**
   * Split lines whose parts join into a line longer than --max-line-bytes: not read, each a too_long
   * reject on its first part's staged line (from 1), with the joined line's bytes and a sample of its first part.
   */
  readonly tooLong: readonly ScanReject[];
}

/**
 * Stages JSON lines as lm_raw: `lineBytes` sizes DuckDB's reader (the longest line it may meet), and
 * `maxLineBytes` (--max-line-bytes) is the longest a line joined from a split line's parts may be.
 */
export async function stageJsonLines(db: Database, stagedPath: string, lineBytes: number, lines: number,
  { wrapping, maxLineBytes }: { wrapping: Wrapping; maxLineBytes: number }): Promise<StagedLines> {
  // Prefixed (log-prefix.ts) or wrapped (docker-json-file.ts, journald-json.ts) lines are staged as the objects they hold.
  const staged = wrapping === 'docker' ? dockerStagedLineSql() : wrapping === 'journald' ? journaldStagedLineSql() : stagedLineSql(wrapping === 'prefixed');
  const read = { path: stagedPath, max_line_size: lineBytes + LINE_SLACK, buffer_size: bufferSize(lineBytes) };
  await db.run(stageLinesSql(staged.prefixParts, staged.lineText, staged.partial), read);
  await db.run(readSqlFile('ingest/stage-lines-trim.sql'), { lines });
  let found: StagedLines = { continuationLines: 0, tooLong: [] };
  // A line the runtime split (past 16 KiB) is rare: only a source that has one pays for joining its
  // parts, reading its lines again as they were logged.
  if (staged.partial !== undefined && staged.part !== undefined && staged.partHead !== undefined && staged.partBody !== undefined
    && staged.partBytes !== undefined && staged.joinedBytes !== undefined && staged.joined !== undefined && (await db.one('SELECT 1 AS found FROM lm_raw WHERE partial LIMIT 1')) !== undefined) {
    await db.run('DROP TABLE lm_raw');
    await db.run(stageLinesSql('NULL', 'text'), read);
    await db.run(readSqlFile('ingest/stage-lines-trim.sql'), { lines });
    await db.run('ALTER TABLE lm_raw RENAME TO lm_split');
    try {
      await db.run(fill(readSqlFile('ingest/stage-split-lines.sql'), {
        part: staged.part,
        part_head: staged.partHead,
        part_body: staged.partBody,
        part_bytes: staged.partBytes,
        joined_bytes: staged.joinedBytes,
        joined: staged.joined,
        prefix_parts: staged.prefixParts,
        line_text: staged.lineText,
      }), { max_line_bytes: maxLineBytes });
    } finally {
      await db.run('DROP TABLE IF EXISTS lm_split');
    }
    const counts = await db.one('SELECT count(*) FILTER (WHERE continues) AS continuation, min(rowid) FILTER (WHERE open_run) AS open FROM lm_raw');
    // One row per split line too long to join: few, each over --max-line-bytes of input.
    const tooLong = await db.all('SELECT rowid + 1 AS line, too_long.bytes AS bytes, too_long.sample AS sample FROM lm_raw WHERE too_long IS NOT NULL ORDER BY rowid');
    found = {
      continuationLines: Number(counts?.continuation ?? 0),
      ...(counts?.open !== null && counts?.open !== undefined ? { openLine: Number(counts.open) + 1 } : {}),
      tooLong: tooLong.map((r) => ({
        line: Number(r.line),
        reason: 'too_long',
        bytes: Number(r.bytes),
        // As the line scanner samples a line too long: its first 256 bytes, control characters escaped.
        sample: safeSample(Buffer.from(String(r.sample ?? ''), 'utf8').subarray(0, 256)),
      })),
    };
  }
  await db.run(readSqlFile('ingest/lines-view.sql'));
  return found;
}

function stageLinesSql(prefixParts: string, lineText: string, partial?: string): string {
  return fill(readSqlFile('ingest/stage-lines.sql'), {
    prefix_parts: prefixParts,
    line_text: lineText,
    partial_column: partial === undefined ? '' : `, ${partial} AS partial`,
  });
}

/** The SQL with each `{{name}}` replaced by its text. */
function fill(sql: string, placeholders: Readonly<Record<string, string>>): string {
  // Functions, not strings: replaceAll would read a `$'` in them as "the text after the match".
  return Object.entries(placeholders).reduce((text, [name, value]) => text.replaceAll(`{{${name}}}`, () => value), sql);
}

/**
 * Reads, parses and projects JSON lines in one pass into lm_projected, one row per line (the stream
 * projection, records-stream.sql): for a projection that reads neither attrs nor the line text.
 */
export async function stageProjectedJsonLines(db: Database, stagedPath: string, maxLineBytes: number, lines: number,
  stream: StreamProjection, params: Record<string, DuckDBValue>): Promise<void> {
  await db.run(stream.sql, {
    ...stream.params,
    ...params,
    path: stagedPath,
    max_line_size: maxLineBytes + LINE_SLACK,
    buffer_size: bufferSize(maxLineBytes),
  });
  await db.run(readSqlFile('ingest/project-stream-trim.sql'), { lines });
}

export interface StageRecordsOptions {
  readonly format: RecordFormat;
  readonly scan: ScanResult;
  readonly spoolPath: string;
  /** The source line number of the staged file's first line, minus one. */
  readonly lineOffset: number;
  readonly document: boolean;
  readonly patterns: readonly MessagePattern[];
  readonly maxLineBytes: number;
  readonly badLines: readonly number[];
  readonly resumed: boolean;
  readonly onReject: (reject: ScanReject) => void;
}

export async function stageRecords(db: Database, options: StageRecordsOptions): Promise<SpoolResult> {
  const result = await spoolRecords({
    format: options.format,
    stagedPath: options.scan.stagedPath,
    spoolPath: options.spoolPath,
    lineOffset: options.lineOffset,
    document: options.document,
    patterns: options.patterns,
    maxBytes: options.maxLineBytes,
    sample: options.scan.sample,
    badLines: options.badLines,
    resumed: options.resumed,
    onReject: options.onReject,
  });
  await stageRecordSpool(db, options.spoolPath, result.longestLine, result.extraParts);
  return result;
}

/** Stages a record spool (record-spool.ts; one source's, or a batch's, batch.ts) as lm_lines(line, text). */
export async function stageRecordSpool(db: Database, spoolPath: string, longestLine: number, extraParts: readonly ExtraPart[] = []): Promise<void> {
  const sizes = { max_line_size: longestLine + LINE_SLACK, buffer_size: bufferSize(longestLine) };
  await db.run(readSqlFile('ingest/stage-records.sql'), { path: spoolPath, ...sizes });
  // A spool read in parts (spool-parts.ts): each later part numbers its lines from its own first.
  for (const part of extraParts) {
    await db.run(readSqlFile('ingest/stage-records-part.sql'), { path: part.path, line_offset: part.lineOffset, ...sizes });
  }
}

/** Drops whichever lm_lines a stage step made (a view for JSON lines, a table otherwise). */
export async function dropStaged(db: Database): Promise<void> {
  const rows = await db.all("SELECT table_type FROM information_schema.tables WHERE table_name = 'lm_lines' AND table_schema = 'main' AND table_catalog = 'temp'");
  const type = rows[0]?.table_type;
  if (type === 'VIEW') await db.run('DROP VIEW IF EXISTS lm_lines');
  else if (type !== undefined) await db.run('DROP TABLE IF EXISTS lm_lines');
}

function bufferSize(lineBytes: number): number {
  return Math.max(2 * (lineBytes + LINE_SLACK), 32 * 1024 * 1024);
}
