// The ingest pipeline, wired once, per source:
//   1. read     open the source as bytes (file, gzip, stdin)
//   2. scan     count lines, reject unusable ones, sample, and pick the file DuckDB reads (line-scanner.ts)
//   3. detect   choose the format from the sample, unless --format forces one (formats/)
//   4. map      match the sampled key paths to canonical slots (mapping.ts)
//   5. stage    DuckDB reads the lines as text (queries/ingest/stage-lines.sql)
//   6. project  DuckDB parses the JSON and writes events and rejects (queries/ingest/*.sql)
// Every physical line ends as exactly one of: part of a record, or a reject with a reason.

import type { Readable } from 'node:stream';
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import type { RejectReason } from '../schema.js';
import type { Slot } from './aliases.js';
import { detectFormat, detectionInput, formatByName, FORMATS } from './formats/index.js';
import type { Format } from './formats/format.js';
import { scanSource, type ScanReject } from './line-scanner.js';
import { buildMapping, collectKeyPaths, describeMapping, type FieldMapping } from './mapping.js';
import { openFrom, planRead, type CheckpointState, type ReadPlan } from './checkpoint.js';
import { projectionSql } from './projection.js';
import { openSource, resolveSources, type Source } from './sources.js';
import { readSqlFile } from '../sql-files.js';
import type { Diagnostics } from '../diagnostics.js';

export interface IngestOptions {
  readonly inputs: readonly string[];
  readonly stdin: Readable;
  /** Force one format for every source. */
  readonly format?: string;
  /** IANA zone for zone-less timestamps. */
  readonly timeZone?: string;
  readonly maxLineBytes?: number;
  /** Extra aliases from the user's configuration, per slot. */
  readonly aliases?: Partial<Record<Slot, readonly string[]>>;
  readonly onProgress?: (progress: { source: string; bytes: number; size?: number }) => void;
  readonly log?: Diagnostics;
  /** Ignore checkpoints: re-read every source from the start, replacing its rows (--full). */
  readonly full?: boolean;
}

export interface SourceSummary {
  source: string;
  format: string;
  lines: number;
  records: number;
  rejects: number;
  /** Lines that continue the record above them (tracebacks); 0 for JSON lines. */
  continuation_lines: number;
  bytes: number;
  mapping?: Record<string, string[]>;
  /** How the source was read against its checkpoint (checkpoint.ts). */
  checkpoint: CheckpointState;
  /** The line number of the first line read in this run. */
  first_line: number;
  /** Bytes of an unfinished last line left for the next run. */
  held_back_bytes: number;
  /** The name a resumed checkpoint was read under before (a rotated file). */
  previous_name?: string;
}

export interface IngestSummary {
  lines: number;
  records: number;
  rejects: number;
  rejects_by_reason: Record<string, number>;
  /** Rejects that are bad input (every reason but `empty`). */
  bad_rejects: number;
  records_without_ts: number;
  first_ts: string | null;
  last_ts: string | null;
  bytes: number;
  elapsed_ms: number;
  lines_per_second: number;
  formats: Record<string, number>;
  sources: SourceSummary[];
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
const REJECT_BATCH = 10_000;

export async function ingest(db: Database, options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  if (options.format !== undefined && !formatByName(options.format)) {
    throw new UsageError(messages.unknownFormat(options.format, FORMATS.map((f) => f.name)));
  }
  const timeZone = options.timeZone ?? 'UTC';
  await validateTimeZone(db, timeZone);
  await loadMacros(db);
  const sources = resolveSources(options.inputs);
  const summaries: SourceSummary[] = [];
  for (const [index, source] of sources.entries()) {
    summaries.push(await ingestSource(db, source, index, { ...options, timeZone }));
  }
  return summarise(db, summaries, performance.now() - started);
}

async function ingestSource(db: Database, source: Source, index: number, options: IngestOptions & { timeZone: string }): Promise<SourceSummary> {
  const plan = await planRead(db, source, { full: options.full, persistent: db.file !== undefined });
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // Scanner rejects wait in a temp table: the source's rows land in one transaction below.
  await db.run('CREATE OR REPLACE TEMP TABLE lm_scan_rejects AS FROM rejects LIMIT 0');
  const rejectWriter = new RejectWriter(db, source.name, 'lm_scan_rejects');
  const input = plan.state === 'none' ? openSource(source, options.stdin) : openFrom(source, plan.startOffset);
  const scan = await scanSource(input, {
    maxLineBytes,
    spoolDir: db.tempDir,
    spoolName: `source-${index}.lines`,
    directPath: plan.startOffset === 0 && source.path !== undefined && !source.gzip && source.stat?.isFile() ? source.path : undefined,
    firstLine: plan.firstLine,
    midFile: plan.startOffset > 0,
    holdBackTail: plan.holdBackTail,
    onReject: (r) => rejectWriter.add(r),
    onProgress: options.onProgress ? (bytes) => options.onProgress?.({ source: source.name, bytes, size: source.size }) : undefined,
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(messages.cannotReadInput(source.name, error.message));
  });
  await rejectWriter.flush();

  const detection = detectionInput(scan.sample, scan.head);
  const remembered = plan.format !== undefined ? formatByName(plan.format) : undefined;
  const format: Format = options.format ? (formatByName(options.format) as Format) : (remembered ?? detectFormat(detection));
  const mapping = buildMapping(collectKeyPaths(detection.objects), options.aliases);

  // Staged outside the transaction: the SQL numbers lines by rowid, which is not 0-based in a transaction.
  await db.run(readSqlFile('ingest/stage-lines.sql'), {
    path: scan.stagedPath,
    max_line_size: maxLineBytes + 1024,
    buffer_size: Math.max(2 * (maxLineBytes + 1024), 32 * 1024 * 1024),
  });
  // One transaction per source: a crash midway leaves its rows and checkpoint as they were.
  let records: number;
  let sqlRejects: number;
  await db.run('BEGIN TRANSACTION');
  try {
    if (plan.state === 'full') {
      await db.run('DELETE FROM events WHERE source = $source', { source: source.name });
      await db.run('DELETE FROM rejects WHERE source = $source', { source: source.name });
    }
    records = await insertCount(db, projectionSql(mapping), {
      paths: listValue([...mapping.paths]),
      source: source.name,
      tz: options.timeZone,
      line_offset: plan.firstLine - 1,
    });
    sqlRejects = await insertCount(db, readSqlFile('ingest/rejects-json.sql'), { source: source.name, line_offset: plan.firstLine - 1 });
    await db.run('INSERT INTO rejects FROM lm_scan_rejects');
    await recordSource(db, { source: source.name, format: format.name, lines: scan.lines, records, rejects: scan.rejectCount + sqlRejects,
      bytes: scan.bytes, heldBackBytes: scan.heldBackBytes }, plan);
    await db.run('COMMIT');
  } catch (error) {
    await db.run('ROLLBACK');
    throw error;
  } finally {
    await db.run('DROP TABLE IF EXISTS lm_raw');
    await db.run('DROP TABLE IF EXISTS lm_scan_rejects');
  }

  const summary: SourceSummary = {
    source: source.name,
    format: format.name,
    lines: scan.lines,
    records,
    rejects: scan.rejectCount + sqlRejects,
    continuation_lines: 0,
    bytes: scan.bytes,
    mapping: describeMapping(mapping),
    checkpoint: plan.state,
    first_line: plan.firstLine,
    held_back_bytes: scan.heldBackBytes,
    previous_name: plan.previousName,
  };
  options.log?.debug({ source: source.name, format: format.name, lines: scan.lines, records, spooled: scan.spooled, mapping: summary.mapping }, 'source ingested');
  return summary;
}

async function insertCount(db: Database, sql: string, params: Parameters<Database['run']>[1]): Promise<number> {
  const rows = await db.all(sql, params);
  const first = rows[0];
  return first ? Number(Object.values(first)[0]) : 0;
}

/** One row per source and run; its checkpoint columns say where the next run starts. */
async function recordSource(
  db: Database,
  s: { source: string; format: string; lines: number; records: number; rejects: number; bytes: number; heldBackBytes: number },
  plan: ReadPlan,
): Promise<void> {
  await db.run(
    `INSERT INTO sources (source, format, lines, records, rejects, continuation_lines, identity, size, offset_bytes,
       head_fingerprint, first_line, ingested_at)
     VALUES ($source, $format, $lines, $records, $rejects, $continuation, $identity, $size, $offset, $head, $first_line, now())`,
    {
      source: s.source,
      format: s.format,
      lines: s.lines,
      records: s.records,
      rejects: s.rejects,
      continuation: 0,
      identity: plan.identity,
      size: s.bytes,
      offset: plan.headFingerprint === null ? null : plan.startOffset + s.bytes - s.heldBackBytes,
      head: plan.headFingerprint,
      first_line: plan.firstLine,
    },
  );
}

async function summarise(db: Database, sources: SourceSummary[], elapsedMs: number): Promise<IngestSummary> {
  // This run's rows: each source's line range. (A source re-read from line 1 after truncation shares
  // its range with the rows of its earlier content, which these statistics then include.)
  const within = (table: string) =>
    `${table} t JOIN (SELECT unnest($names) AS source, unnest($firsts) AS first_line, unnest($lasts) AS last_line) r
       ON t.source = r.source AND t.line BETWEEN r.first_line AND r.last_line`;
  const params = {
    names: listValue(sources.map((s) => s.source)),
    firsts: listValue(sources.map((s) => s.first_line)),
    lasts: listValue(sources.map((s) => s.first_line + s.lines - 1)),
  };
  const stats = await db.one(
    `SELECT count(*) FILTER (WHERE ts IS NULL) AS no_ts, min(ts) AS first_ts, max(ts) AS last_ts FROM ${within('events')}`,
    params,
  );
  const reasons = await db.all(`SELECT reason, count(*) AS n FROM ${within('rejects')} GROUP BY reason ORDER BY n DESC, reason`, params);
  const rejectsByReason: Record<string, number> = {};
  for (const r of reasons) rejectsByReason[String(r.reason)] = Number(r.n);
  const lines = sum(sources, (s) => s.lines);
  const rejects = sum(sources, (s) => s.rejects);
  const formats: Record<string, number> = {};
  for (const s of sources) formats[s.format] = (formats[s.format] ?? 0) + 1;
  return {
    lines,
    records: sum(sources, (s) => s.records),
    rejects,
    rejects_by_reason: rejectsByReason,
    bad_rejects: rejects - (rejectsByReason.empty ?? 0),
    records_without_ts: Number(stats?.no_ts ?? 0),
    first_ts: (stats?.first_ts as string | null) ?? null,
    last_ts: (stats?.last_ts as string | null) ?? null,
    bytes: sum(sources, (s) => s.bytes),
    elapsed_ms: Math.round(elapsedMs),
    lines_per_second: elapsedMs > 0 ? Math.round((lines / elapsedMs) * 1000) : 0,
    formats,
    sources,
  };
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((acc, item) => acc + f(item), 0);
}

let macrosLoadedFor = new WeakSet<Database>();
export async function loadMacros(db: Database): Promise<void> {
  if (macrosLoadedFor.has(db)) return;
  await db.run(readSqlFile('ingest/macros.sql'));
  macrosLoadedFor.add(db);
}
/** For tests that reopen databases. */
export function resetMacroCache(): void {
  macrosLoadedFor = new WeakSet<Database>();
}

async function validateTimeZone(db: Database, zone: string): Promise<void> {
  const row = await db.one('SELECT count(*) AS n FROM pg_timezone_names() WHERE name = $zone', { zone });
  if (Number(row?.n ?? 0) === 0) throw new UsageError(messages.unknownTimeZone(zone));
}

/** Batches the scanner's rejects into DuckDB through the appender. */
class RejectWriter {
  private pending: ScanReject[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly source: string,
    private readonly table = 'rejects',
  ) {}

  add(reject: ScanReject): void {
    this.pending.push(reject);
    if (this.pending.length >= REJECT_BATCH) {
      const batch = this.pending;
      this.pending = [];
      this.flushing = this.flushing.then(() => this.write(batch));
    }
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    await this.flushing;
    await this.write(batch);
  }

  private async write(batch: readonly ScanReject[]): Promise<void> {
    if (batch.length === 0) return;
    const appender = await this.db.appender(this.table);
    for (const r of batch) {
      appender.appendVarchar(this.source);
      appender.appendBigInt(BigInt(r.line));
      appender.appendVarchar(r.reason satisfies RejectReason);
      appender.appendBigInt(BigInt(r.bytes));
      appender.appendVarchar(r.sample);
      appender.endRow();
    }
    appender.closeSync();
  }
}

export type { FieldMapping };
