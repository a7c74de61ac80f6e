// The ingest pipeline, wired once, per source:
//   1. read     open the source as bytes (file, compressed file, stdin; compression.ts); UTF-16 is transcoded to UTF-8 (transcode.ts)
//   2. scan     count lines, reject unusable ones, sample, and pick the file DuckDB reads (line-scanner.ts)
//   3. detect   choose the format from the sample, unless --format forces one (formats/)
//   4. stage    lm_lines(line, text) for the projection (stage.ts): JSON lines as DuckDB reads them
//               (stage-lines.sql), or projected as they are read when the command names the columns it
//               reads (records-stream.sql); other formats are turned into numbered JSON records in Node
//               first by their RecordReader (formats/record-spool.ts, stage-records.sql)
//   5. map      match the key paths seen (the sample's, or every record's) to canonical slots (mapping.ts)
//   6. project  DuckDB parses the JSON and writes events and rejects (queries/ingest/*.sql)
// Every physical line ends as exactly one of: the first line of a record (several records may start on
// one line: OTLP requests, documents), a continuation of the record above it (a traceback, the rest of
// a document), or a reject with a reason. accountedLines() states it per source.

import { join } from 'node:path';
import { Readable } from 'node:stream';
import { listValue } from '../db.js';
import type { Database } from '../db.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import type { Kind, RejectReason } from '../schema.js';
import { ALIASES, type Slot } from './aliases.js';
import { detectFormat, detectionInput, detectTextFormat, formatByName, FORMATS } from './formats/index.js';
import type { DetectionInput, Format } from './formats/format.js';
import { scanSource, type ScanReject, type ScanResult } from './line-scanner.js';
import { CRI_LINE_JOIN, CRI_PARTIAL_LINE, hasLogPrefix, isPrefixedJson, joinLineParts, type LineJoin, mostLines, splitLogPrefix, unprefixLine } from './log-prefix.js';
import { behindLinePrefix, type LinePrefixSplitter } from './prefixed-text.js';
import { DOCKER_LINE_JOIN, isDockerJsonFile, isDockerWrapper, splitDockerWrapper, unwrapDockerLine } from './docker-json-file.js';
import { isJournaldExport, unwrapJournaldLine, withJournalFields } from './journald-json.js';
import { withShapes } from './shape-aliases.js';
import { buildMapping, collectKeyPaths, describeMapping, withoutCodeLocation, type FieldMapping, type KeyPath } from './mapping.js';
import { repeatedKeysOf } from './repeated-keys.js';
import { decideDateOrder, evidenceOfObjects, type DateOrder, type DateOrderEvidence } from './date-order.js';
import { CheckpointCache, ensureCheckpointColumns, lineStartBefore, namesReplacedByFull, openFrom, planRead, type CheckpointState, type ReadPlan, type Reopen } from './checkpoint.js';
import { projection, streamProjection, type EventNames } from './projection.js';
import { pairedRequests, pairsRequests } from './request-pairing.js';
import { keepProjected, viewKeptEvents, type KeptTable } from './in-place.js';
import { openRedirectedStdin, openSource, redirectedStdinFile, resolveSources, sourceMoved, UnreadableSource, type Source } from './sources.js';
import { decodeSource } from './transcode.js';
import { mergeStats, rowidFloors, sharesLines, statsOfLineRanges, statsSince, storedLineEnds, type LineRange, type RunStats } from './run-stats.js';
import { dropBatch, insertBatch, isSmallSource, mayHoldSplitLine, SourceBatches, stageBatch, type SourceBatch } from './batch.js';
import type { SpoolResult } from './formats/record-spool.js';
import { spoolRecords, type PartedSpoolResult } from './formats/spool-parts.js';
import { dropStaged, stageJsonLines, stageProjectedJsonLines, stageRecordSpool, type StagedLines, type Wrapping } from './stage.js';
import type { MessagePattern } from '../config/patterns.js';
import type { DurationUnit } from '../config/config.js';
import { readSqlFile } from '../sql-files.js';
import { loadMacros } from '../sql-macros.js';
import type { Diagnostics } from '../diagnostics.js';

export interface IngestOptions {
  readonly inputs: readonly string[];
  readonly stdin: Readable;
  /** Force one format for every source. */
  readonly format?: string;
  /** IANA zone for zone-less timestamps. */
  readonly timeZone?: string;
  /** The month/day order of numeric dates a source's own values cannot tell (--date-order, date_order:). */
  readonly dateOrder?: DateOrder;
  readonly maxLineBytes?: number;
  /** Extra aliases from the user's configuration, per slot. */
  readonly aliases?: Partial<Record<Slot, readonly string[]>>;
  /** Duration fields whose unit the configuration states: key path -> unit. */
  readonly units?: Readonly<Record<string, DurationUnit>>;
  /** Event names (lower case) the configuration gives a kind, or a file operation. */
  readonly kinds?: Readonly<Record<string, Kind>>;
  readonly ops?: Readonly<Record<string, string>>;
  /** Message patterns for free-text logs, applied to the records of the formats read in Node. */
  readonly patterns?: readonly MessagePattern[];
  readonly onProgress?: (progress: { source: string; bytes: number; size?: number }) => void;
  readonly log?: Diagnostics;
  /** Ignore checkpoints: re-read every source from the start, replacing its rows (--full). */
  readonly full?: boolean;
  /**
   * Fill only these events columns, leaving the others NULL (projection.ts); JSON lines are then
   * read in one pass (records-stream.sql). Only for a database that lives as long as the command
   * reading it: `check` (its rules' columns), `report` and `summary` (all but attrs) of piped logs.
   */
  readonly columns?: ReadonlySet<string>;
  /**
   * The database is in memory and only read after this ingest, by the command that made it: JSON
   * lines are read in one pass and left in place, under an `events` view (in-place.ts).
   */
  readonly inPlace?: boolean;
  /**
   * Follow's `tail -F` reading: a file renamed away or replaced while it is read (logrotate) is left
   * for the next poll, which finds it under its rotated name by its checkpoint, instead of being
   * read as a mix of two files or ending the run. A file already gone is skipped likewise.
   */
  readonly skipMovedSources?: boolean;
  /**
   * Leave a last line that has no newline yet for the next run (follow's polls), instead of reading
   * it now and re-opening it when the file grows (checkpoint.ts). Only with a database file.
   */
  readonly holdBackTail?: boolean;
  /**
   * Inputs read only where a checkpoint resumes them, and skipped otherwise: follow's older rotated
   * copies, which hold the unread end of a file only when it rotated twice between two polls.
   */
  readonly resumeOnly?: ReadonlySet<string>;
}

export interface SourceSummary {
  source: string;
  format: string;
  lines: number;
  records: number;
  rejects: number;
  /**
   * Lines that continue the record above them (tracebacks, the body of a document); for JSON lines,
   * the parts after the first of a line the container runtime split (stage-split-lines.sql).
   */
  continuation_lines: number;
  /**
   * Lines on which at least one record starts, for formats where one line can hold several records
   * (otlp, json-document); absent where it equals `records`. See accountedLines().
   */
  record_lines?: number;
  /** The text layout a text source was read with. */
  layout?: string;
  /** How its JSON objects sat in the lines, when not as they are (stage.ts Wrapping). */
  wrapping?: 'prefixed' | 'docker' | 'journald' | 'prefixed-text' | 'docker-text';
  /** Lines read without the terminal colour codes they held (terminal-codes.ts); absent when none. */
  terminal_code_lines?: number;
  bytes: number;
  mapping?: Record<string, string[]>;
  /** Top-level keys its sampled lines named twice, read at their last value (repeated-keys.ts); absent when none. */
  repeated_keys?: string[];
  /** How the source was read against its checkpoint (checkpoint.ts). */
  checkpoint: CheckpointState;
  /** The line number of the first line read in this run. */
  first_line: number;
  /** Bytes of an unfinished last line left for the next run (IngestOptions.holdBackTail). */
  held_back_bytes: number;
  /**
   * Bytes of a last line with no newline yet, read in this run; the next run reads it again, from
   * its start, if the file has grown by then (checkpoint.ts). Absent when there is none.
   */
  unterminated_bytes?: number;
  /** The name a resumed checkpoint was read under before (a rotated file). */
  previous_name?: string;
  /**
   * Lines read again, from first_line on: the previous run's last record, re-opened because the
   * source was appended to (a traceback cut by that run). Counted in `lines` and the other counts;
   * `lines - reread_lines` are new. The sources table counts them once (see recordSource).
   */
  reread_lines?: number;
  /** The month/day order its numeric dates (`03/01/2026`) were read in, where it has any (date-order.ts). */
  date_order?: DateOrder;
  /** Its dates could not tell their order: `date_order` is --date-order's, or the default, of which the user is told. */
  date_order_untold?: boolean;
}

export interface IngestSummary {
  lines: number;
  records: number;
  rejects: number;
  rejects_by_reason: Record<string, number>;
  /** Rejects that are bad input (every reason but `empty`). */
  bad_rejects: number;
  /** Records with no time (ts NULL): those with no time key, and `records_with_unreadable_ts`. */
  records_without_ts: number;
  /**
   * Of `records_without_ts`, those whose time key holds a value logmeter does not read as a time
   * (0 when `columns` leaves out attrs, where it is not looked for).
   */
  records_with_unreadable_ts: number;
  first_ts: string | null;
  last_ts: string | null;
  bytes: number;
  elapsed_ms: number;
  lines_per_second: number;
  formats: Record<string, number>;
  sources: SourceSummary[];
  /** Files and directories inside the inputs this user may not read, skipped (sources.ts). */
  unreadable: string[];
  /**
   * Files inside a directory input whose content could not be read (a corrupt or truncated .gz),
   * skipped with nothing stored: the next run tries them again (a .gz still being written is
   * whole by then).
   */
  damaged: DamagedSource[];
}

export interface DamagedSource {
  readonly source: string;
  readonly reason: string;
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
/** Bad-line numbers kept per source for document checks; a file with more is junk, not a document. */
const MAX_BAD_LINES = 1_000_000;
const REJECT_BATCH = 10_000;
/** The scanner's rejects of the sources read and not yet stored, under their names: several wait while their batch fills (batch.ts). */
const SCAN_REJECTS = 'lm_scan_rejects';

export async function ingest(db: Database, options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  if (options.format !== undefined && !formatByName(options.format)) {
    throw new UsageError(messages.unknownFormat(options.format, FORMATS.map((f) => f.name)));
  }
  const timeZone = options.timeZone ?? 'UTC';
  await validateTimeZone(db, timeZone);
  await loadMacros(db);
  await ensureCheckpointColumns(db);
  await db.addMissingEventColumns();
  options = { ...options, aliases: withUnits(options.aliases, options.units) };
  const unreadable: string[] = [];
  const sources = resolveSources(options.inputs, { skipMissing: options.skipMovedSources, unreadable });
  const checkpoints = new CheckpointCache();
  const planOptions = { full: options.full, persistent: db.file !== undefined, holdBackTail: options.holdBackTail, cache: checkpoints };
  const damaged: DamagedSource[] = [];
  // Runs one source's step; with skipMovedSources, a source that moved meanwhile yields undefined,
  // and so does a file of a directory whose content cannot be read (it is added to `damaged`).
  const unlessMoved = async <T>(source: Source, step: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await step();
    } catch (error) {
      if (error instanceof UnreadableSource && source.inDirectory) {
        damaged.push({ source: error.source, reason: error.reason });
        options.log?.debug({ source: source.name, reason: error.reason }, 'source skipped: its content cannot be read');
        return undefined;
      }
      if (options.skipMovedSources && (error instanceof SourceMoved || sourceMoved(source))) {
        options.log?.debug({ source: source.name }, 'source moved while it was read; left for the next poll');
        return undefined;
      }
      throw error;
    }
  };
  if (options.full) await forgetForFull(db, sources);
  // Which names hold rows on lines this run may read again (run-stats.ts); those sources count their own.
  const lineEnds = await storedLineEnds(db);
  const ownStats = new Map<number, RunStats>();
  // Sources that re-open the last record of the previous run (checkpoint.ts) are read first: a rotated
  // file's record is stored under the name its successor now has, and is told apart from the
  // successor's rows only by line number until the successor adds rows. The others are planned (again)
  // just before they are read, so a file rotated meanwhile is seen as it is.
  const early: (ReadPlan | undefined)[] = [];
  if (sources.length > 1) for (const source of sources) early.push(await unlessMoved(source, () => planRead(db, source, planOptions)));
  const order = [...sources.keys()].sort((a, b) => Number(!early[a]?.reopen) - Number(!early[b]?.reopen) || a - b);
  const summaries: (SourceSummary | undefined)[] = new Array<SourceSummary | undefined>(sources.length);
  const kept: KeptTable[] = [];
  await db.run(`CREATE OR REPLACE TEMP TABLE ${SCAN_REJECTS} AS FROM rejects LIMIT 0`);
  // Small sources wait in batches, stored together (batch.ts); one source is read alone.
  const batches = sources.length > 1 ? new SourceBatches<BatchedSource>(db.tempDir) : undefined;
  const mappings = new Map<string, FieldMapping>();
  const storeBatches = async (full: readonly SourceBatch<BatchedSource>[]) => {
    for (const batch of full) {
      try {
        const stored = await storeBatch(db, batch, { ...options, timeZone });
        batch.members.forEach((member, i) => (summaries[member.read.index] = stored[i]));
      } finally {
        checkpoints.invalidate();
      }
    }
  };
  for (const index of order) {
    const source = sources[index] as Source;
    // A file reached under two names (a link and its target) is read once: the second name claims
    // the checkpoint the first stores, so a batch holding the first is stored before the second is planned.
    if (batches?.holdsFile(source)) await storeBatches(batches.drain());
    let full: SourceBatch<BatchedSource> | undefined;
    const summary = await unlessMoved(source, async () => {
      const plan = early[index]?.reopen ? (early[index] as ReadPlan) : await planRead(db, source, planOptions);
      if (options.resumeOnly?.has(source.name) && plan.state !== 'resumed') return undefined;
      if (plan.unchanged) return unchangedSource(source, plan);
      const read = await readSource(db, source, index, plan, options, batches !== undefined);
      // A source whose lines older rows share counts its own statistics, alone (run-stats.ts).
      const member = batches && batchable(read) && !sharesLines(lineEnds, source.name, plan.firstLine) ? await batchMember(db, read, options, mappings) : undefined;
      // A source that pairs its requests' records is paired alone: a batch's rows are not told apart by source until stored.
      if (batches && member && !pairsRequests(member.mapping)) {
        const spool = member.spooled && { path: member.spooled.path, longestLine: member.spooled.longestLine };
        full = batches.add(batchKey(member), member, source, read.scan, plan.firstLine, spool);
        return undefined;
      }
      try {
        return await storeSource(db, read, { ...options, timeZone }, kept, { lineEnds, own: ownStats });
      } finally {
        // Its row (and a re-opened record's moved rows) change what the next source may claim.
        checkpoints.invalidate();
      }
    });
    if (summary) summaries[index] = summary;
    if (full) await storeBatches([full]);
  }
  if (batches) await storeBatches(batches.drain());
  await db.run(`DROP TABLE IF EXISTS ${SCAN_REJECTS}`);
  await viewKeptEvents(db, kept);
  // Which records hold a time key it cannot read is told from their attrs: only when attrs is filled.
  const withTimeKeys = options.columns === undefined || options.columns.has('attrs');
  const stats = await runStats(db, summaries, ownStats, withTimeKeys);
  const summary = summarise(summaries.filter((s) => s !== undefined), stats, performance.now() - started);
  return { ...summary, unreadable, damaged };
}

/** A source scanned and its format detected: where storing it, alone or in a batch (batch.ts), starts. */
interface ReadSource {
  readonly source: Source;
  readonly index: number;
  readonly plan: ReadPlan;
  readonly scan: ScanResult;
  /** The source's own bytes read, not the transcoded ones: checkpoints and the summary count these. */
  readonly bytes: number;
  readonly utf8: boolean;
  readonly detection: DetectionInput;
  readonly format: Format;
  readonly wrapping: Wrapping;
  /** Lines the scanner rejected as bad input: a document that spans one is corrupt. */
  readonly badLines: readonly number[];
}

/**
 * Scans one source (its rejects go to lm_scan_rejects, under its name) and detects its format. A
 * small file is copied to a line file even when clean (`spoolSmall`): a batch of small files is read
 * from one file made of theirs (batch.ts), and the copy is what was scanned, however the file changes.
 */
async function readSource(db: Database, source: Source, index: number, plan: ReadPlan, options: IngestOptions, spoolSmall: boolean): Promise<ReadSource> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const rejectWriter = new RejectWriter(db, source.name, SCAN_REJECTS);
  // stdin redirected from a file (`logmeter check < run.log`) is read as that file is: no copy for DuckDB.
  const redirected = source.path === undefined && plan.state === 'none' ? redirectedStdinFile(options.stdin) : undefined;
  const opened = redirected ? openRedirectedStdin(redirected) : plan.state === 'none' ? openSource(source, options.stdin) : openFrom(source, plan.startOffset);
  // Read from a checkpoint, a UTF-16 file's new bytes are transcoded too: its byte-order mark goes first.
  const bom = plan.startOffset > 0 ? plan.utf16Bom : undefined;
  const input = bom ? Readable.from(withPrefix(bom, opened)) : opened;
  const badLines: number[] = [];
  let decoded: Awaited<ReturnType<typeof decodeSource>> | undefined;
  const direct = source.path !== undefined && plan.startOffset === 0 && !source.compression && source.stat?.isFile() === true
    && !(spoolSmall && isSmallSource(source));
  const directPath = direct ? source.path : redirected && !redirected.compression ? redirected.path : undefined;
  let scan: ScanResult;
  try {
    scan = await decodeSource(input, { sniff: plan.startOffset === 0 || bom !== undefined })
      .then((d) => {
        decoded = d;
        const { stream, encoding } = d;
        return scanSource(stream, {
          maxLineBytes,
          spoolDir: db.tempDir,
          spoolName: `source-${index}.lines`,
          directPath: encoding === 'utf-8' ? directPath : undefined,
          firstLine: plan.firstLine,
          midFile: plan.startOffset > 0,
          // A held-back tail is measured in scanned (UTF-8) bytes: only exact for untranscoded sources.
          holdBackTail: plan.holdBackTail && encoding === 'utf-8',
          onReject: (r) => {
            if (r.reason !== 'empty' && badLines.length < MAX_BAD_LINES) badLines.push(r.line);
            rejectWriter.add(r);
          },
          onProgress: options.onProgress ? (bytes) => options.onProgress?.({ source: source.name, bytes, size: source.size ?? (redirected?.compression ? undefined : redirected?.size) }) : undefined,
        });
      })
      .catch((error: NodeJS.ErrnoException) => {
        throw new UnreadableSource(source.name, error.message);
      });
    await rejectWriter.flush();
  } catch (error) {
    // Nothing of a source that cannot be read is stored: not the rejects its scan found so far.
    await rejectWriter.flush().catch(() => {});
    await forgetScanRejects(db, [source.name]);
    throw error;
  }
  // Checkpoints and the summary count the source's own bytes, not the transcoded ones.
  const bytes = decoded && decoded.encoding !== 'utf-8' ? decoded.rawBytes() - (bom?.length ?? 0) : scan.bytes;
  const remembered = plan.format !== undefined ? formatByName(plan.format) : undefined;
  const { detection, format, wrapping } = detectSource(scan, options.patterns ?? [], options.format !== undefined ? formatByName(options.format) : remembered, maxLineBytes);
  return { source, index, plan, scan, bytes, utf8: decoded?.encoding === 'utf-8', detection, format, wrapping, badLines };
}

/**
 * The mapping of a JSON-lines source, from the key paths of its sample. `known` keeps the mappings
 * already built in this run, by format and key paths: matching thousands of small files of one
 * shape against the aliases cost ~1.5 ms a file.
 */
function jsonMapping(read: ReadSource, options: IngestOptions, known?: Map<string, FieldMapping>): FieldMapping {
  const keyPaths = collectKeyPaths(read.detection.objects);
  const repeatedKeys = repeatedKeysOf(read.detection.lines);
  const key = known && JSON.stringify([read.format.name, keyPaths.map((k) => [k.segments, [...k.types].sort()]), repeatedKeys]);
  let built = key !== undefined ? known?.get(key) : undefined;
  if (!built) {
    const shaped = withShapes(keyPaths, withBareDurations(options.aliases, read.format));
    built = { ...buildMapping(withoutCodeLocation(shaped.keyPaths), shaped.aliases), ...(repeatedKeys.length > 0 ? { repeatedKeys } : {}) };
    if (key !== undefined) known?.set(key, built);
  }
  // Per source: sources of the same keys may order their dates differently, and log a request as one record or as two.
  const dated = withDateOrder(built, evidenceOfObjects(read.detection.objects, timeKeySegments(built)), options);
  return pairedRequests(dated, read.detection.objects);
}

/** The key segments of a mapping's time keys (their JSON paths, `$."t"."$date"`, as toJsonPath writes them). */
function timeKeySegments(mapping: FieldMapping): string[][] {
  return (mapping.slots.ts ?? []).map((i) => [...(mapping.paths[i - 1] ?? '').matchAll(/\.("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1] as string) as string));
}

/**
 * The mapping with the month/day order its source's time values tell, else --date-order's, else the
 * default where they show numeric dates (date-order.ts); `dateOrderUntold` marks the last, which the
 * user is told of.
 */
function withDateOrder(mapping: FieldMapping, evidence: DateOrderEvidence, options: IngestOptions): FieldMapping & { dateOrderUntold?: true } {
  const decision = decideDateOrder(evidence, options.dateOrder);
  if (!decision.order) return mapping;
  return { ...mapping, dateOrder: decision.order, ...(decision.untold ? { dateOrderUntold: true as const } : {}) };
}

/** The mapping of a source read in Node, from every record's key paths; `known` as for jsonMapping. */
function recordsMapping(spooled: SpoolResult, options: IngestOptions, known?: Map<string, FieldMapping>): FieldMapping {
  const key = known && JSON.stringify(['records', spooled.keyPaths.map((k) => [k.segments, [...k.types].sort()])]);
  const mapping = key !== undefined ? known?.get(key) : undefined;
  if (mapping) return withDateOrder(mapping, spooled.dates, options);
  const shaped = withShapes(spooled.keyPaths, options.aliases);
  const built = buildMapping(withoutCodeLocation(shaped.keyPaths), shaped.aliases);
  if (key !== undefined) known?.set(key, built);
  return withDateOrder(built, spooled.dates, options);
}

/**
 * Whether a source may wait in a batch of small sources (batch.ts): a few bytes read into a line
 * file, with nothing of the previous run to re-open; JSON lines as they are, or behind a prefix or
 * wrapped by Docker when no line of it may be a part of a line the runtime split (their parts are
 * joined across lines); or a format read in Node one record at a time from lines (text, logfmt:
 * not OTLP or a document, whose records share lines).
 */
function batchable(read: ReadSource): boolean {
  const { plan, scan, format, wrapping, detection } = read;
  if (plan.reopen || !scan.spooled || !isSmallSource(read.source, read.bytes)) return false;
  if (format.family === 'records') return !format.manyPerLine && !detection.document;
  return wrapping === 'none' || !mayHoldSplitLine(scan.stagedPath, wrapping);
}

/** A source waiting in a batch: its mapping and, for a format read in Node, its records spooled. */
interface BatchedSource {
  readonly read: ReadSource;
  readonly mapping: FieldMapping;
  readonly spooled?: SpoolResult & { readonly path: string };
}

/** A batchable source as a batch member: JSON lines are mapped by their sample; records are spooled (their rejects to lm_scan_rejects) and mapped by their keys. */
async function batchMember(db: Database, read: ReadSource, options: IngestOptions, known: Map<string, FieldMapping>): Promise<BatchedSource> {
  if (read.format.family !== 'records') return { read, mapping: jsonMapping(read, options, known) };
  // A batch stages its members' spools as one file each: read in one piece.
  const spooled = await spoolSource(db, read, options, { inParts: false });
  return { read, mapping: recordsMapping(spooled, options, known), spooled };
}

/** What the sources of one batch share: one format, wrapping and mapping (and message-pattern kinds), so one projection reads them all as it would each. */
function batchKey({ read, mapping, spooled }: BatchedSource): string {
  return JSON.stringify([read.format.name, read.wrapping, mapping.paths, mapping.slots, mapping.repeatedKeys ?? [], mapping.dateOrder ?? '', [...(spooled?.patternKinds ?? [])].sort()]);
}

/** The event names the configuration gives a kind or op, and those a text source's message patterns gave a kind. */
function withPatternKinds(configured: EventNames, spooled: SpoolResult | undefined): EventNames {
  if (!spooled || spooled.patternKinds.size === 0) return configured;
  return { ...configured, kinds: new Map([...configured.kinds, ...spooled.patternKinds]) };
}

/**
 * Reads a source's records in Node (a format of the records family) into its numbered spool, with
 * source line numbers; its rejects go to lm_scan_rejects, under its name.
 */
async function spoolSource(db: Database, read: ReadSource, options: IngestOptions, how: { inParts: boolean }): Promise<PartedSpoolResult & { path: string }> {
  const { source, index, plan, scan, detection, format } = read;
  if (format.family !== 'records') throw new Error(`${format.name} is not read in Node`);
  const path = join(db.tempDir, `source-${index}.records`);
  const rejectWriter = new RejectWriter(db, source.name, SCAN_REJECTS);
  const lineOffset = plan.firstLine - 1;
  const spooled = await spoolRecords({
    format,
    stagedPath: scan.stagedPath,
    spoolPath: path,
    lineOffset,
    document: detection.document,
    patterns: options.patterns ?? [],
    maxBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    sample: scan.sample,
    badLines: read.badLines,
    resumed: lineOffset > 0,
    onReject: (r) => rejectWriter.add(r),
  }, how);
  await rejectWriter.flush();
  return { ...spooled, path };
}

/**
 * Stores a batch of small sources (batch.ts) in one transaction: every member's events,
 * rejects and checkpoint land together, or none do. Returns the members' summaries, in order; a
 * member that moved while it was read is left for the next poll with skipMovedSources (undefined),
 * and is an error otherwise, as a source read alone.
 */
async function storeBatch(db: Database, batch: SourceBatch<BatchedSource>, options: IngestOptions & { timeZone: string }): Promise<(SourceSummary | undefined)[]> {
  const first = batch.members[0] as BatchedSource;
  const { mapping } = first;
  const configuredNames: EventNames = { kinds: new Map(Object.entries(options.kinds ?? {})), ops: new Map(Object.entries(options.ops ?? {})) };
  // The members share their message patterns' kinds (batchKey).
  const eventNames = withPatternKinds(configuredNames, first.spooled);
  const projectionOptions = { ...(options.columns ? { columns: options.columns } : {}), eventNames, timeZone: options.timeZone };
  // As for one source (storeSource): only JSON lines as they are are projected as they are read.
  const stream = options.columns && !first.spooled && first.read.wrapping === 'none' ? streamProjection(mapping, projectionOptions) : undefined;
  const lineBytes = stagedLineBytes(batch, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const stored: (SourceSummary | undefined)[] = [];
  try {
    await stageBatch(db, batch, lineBytes, stream ? { stream } : first.spooled ? { records: true } : { lines: first.read.wrapping });
    await db.run('BEGIN TRANSACTION');
    try {
      // Read by path twice (the scan, then the checkpoint's identity): a file rotated in between is not the one read.
      const moved = batch.members.flatMap((m, i) => (sourceMoved(m.read.source) ? [i] : []));
      const firstMoved = batch.members[moved[0] ?? -1];
      if (firstMoved && !options.skipMovedSources) throw new UsageError(messages.cannotReadInput(firstMoved.read.source.name, messages.inputMoved()));
      const projected = stream ? { stream } : { staged: projection(mapping, { ...projectionOptions, intoTempTable: 'lm_batch_events' }), spooled: first.spooled !== undefined };
      const counts = await insertBatch(db, batch, projected, moved);
      const storedNames = batch.names.filter((_, i) => !moved.includes(i));
      await db.run(`INSERT INTO rejects SELECT * FROM ${SCAN_REJECTS} WHERE list_contains($names, source)`, { names: listValue(storedNames) });
      const rows: { counts: SourceCounts; plan: ReadPlan }[] = [];
      for (const [i, { read, spooled }] of batch.members.entries()) {
        if (moved.includes(i)) {
          stored.push(undefined);
          continue;
        }
        const { records } = counts[i] as { records: number; rejects: number };
        // A spooled member's rejects were found in Node; JSON lines' by DuckDB, in the batch.
        const rejects = read.scan.rejectCount + (spooled ? spooled.rejects : (counts[i] as { rejects: number }).rejects);
        // Where the next run re-opens the source, as for one source (storeSource).
        const end = readEndOf(read, spooled?.reopenLine, spooled !== undefined);
        const continuation = spooled?.continuationLines ?? 0;
        const { scan } = read;
        rows.push({ counts: { source: read.source.name, format: read.format.name, lines: scan.lines, records, rejects,
          continuation, bytes: read.bytes, heldBackBytes: scan.heldBackBytes, reopen: end.reopen }, plan: read.plan });
        stored.push(sourceSummary(read, { records, rejects, continuation, mapping, unterminated: end.tail !== undefined, spooled }));
      }
      if (rows.length > 0) await recordSources(db, rows);
      await db.run('COMMIT');
    } catch (error) {
      await rollback(db);
      throw error;
    }
  } finally {
    await dropBatch(db, batch);
    await forgetScanRejects(db, batch.names);
  }
  for (const summary of stored) {
    if (summary) options.log?.debug({ source: summary.source, format: summary.format, lines: summary.lines, records: summary.records, batched: batch.members.length }, 'source ingested');
  }
  return stored;
}

/**
 * Reads one source into events and rejects; a source read in place adds its table to `kept`, and one
 * whose lines older rows share adds its statistics to `stats.own` (run-stats.ts).
 */
async function storeSource(db: Database, read: ReadSource, options: IngestOptions & { timeZone: string }, kept: KeptTable[],
  stats: { lineEnds: ReadonlyMap<string, number>; own: Map<number, RunStats> }): Promise<SourceSummary> {
  const { source, index, plan, scan, format, wrapping } = read;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // Event names the configuration gives a kind or op; a text format's message patterns add kinds.
  const configuredNames: EventNames = { kinds: new Map(Object.entries(options.kinds ?? {})), ops: new Map(Object.entries(options.ops ?? {})) };
  let eventNames = configuredNames;
  // Staged outside the transaction: the SQL numbers lines by rowid, which is not 0-based in a transaction.
  let mapping: FieldMapping;
  let lineOffset = plan.firstLine - 1;
  let spooled: SpoolResult | undefined;
  // JSON lines staged, with the parts of split lines joined (stage.ts).
  let staged: StagedLines | undefined;
  // JSON lines projected as they are read (records-stream.sql), with the statement that inserts them.
  let stream: ReturnType<typeof streamProjection> | undefined;
  // Its records left where the stream reader wrote them (in-place.ts).
  let inPlace = false;
  if (format.family === 'records') {
    const spool = await spoolSource(db, read, options, { inParts: true });
    await stageRecordSpool(db, spool.path, spool.longestLine, spool.extraParts);
    spooled = spool;
    // The spool holds source line numbers already.
    lineOffset = 0;
    mapping = recordsMapping(spooled, options);
    eventNames = withPatternKinds(configuredNames, spooled);
  } else {
    mapping = jsonMapping(read, options);
    // Prefixed or wrapped lines are rewritten as they are staged; the one pass reads the line file as it is.
    stream = options.columns && wrapping === 'none' ? streamProjection(mapping, { columns: options.columns, eventNames, timeZone: options.timeZone }) : undefined;
    // The records stay where they were read, in a database in memory (in-place.ts). The report skips
    // attrs for that: with every line held in place, its ~36 statements over the view cost more than
    // the copy saves (docs/PERFORMANCE.md).
    inPlace = stream !== undefined && options.inPlace === true && db.file === undefined && plan.state !== 'full' && plan.firstLine === 1;
    const lineBytes = stagedLineBytes(scan, maxLineBytes);
    if (stream) {
      await stageProjectedJsonLines(db, scan.stagedPath, lineBytes, scan.lines, stream, { source: source.name });
      if (stream.pair) await db.run(stream.pair);
    } else staged = await stageJsonLines(db, scan.stagedPath, lineBytes, scan.lines, { wrapping, maxLineBytes });
  }
  // Split lines too long once joined are too_long rejects, stored with the scanner's (below).
  const splitRejects = staged?.tooLong.length ?? 0;
  if (staged && splitRejects > 0) {
    const writer = new RejectWriter(db, source.name, SCAN_REJECTS);
    for (const reject of staged.tooLong) writer.add({ ...reject, line: reject.line + lineOffset });
    await writer.flush();
  }
  const continuation = spooled?.continuationLines ?? staged?.continuationLines ?? 0;
  // Where this run's last record starts, for the next run to re-open. For JSON lines, a line the
  // runtime split whose last part is not written yet.
  const lastRecord = spooled ? spooled.reopenLine : staged?.openLine !== undefined ? staged.openLine + lineOffset : undefined;
  const end = readEndOf(read, lastRecord, spooled !== undefined);
  // One transaction per source: a crash midway leaves its rows and checkpoint as they were.
  let records: number;
  let sqlRejects: number;
  let committed = false;
  await db.run('BEGIN TRANSACTION');
  try {
    // Read by path twice (the scan, then DuckDB): a rotation in between would mix two files.
    if (sourceMoved(source)) {
      if (options.skipMovedSources) throw new SourceMoved(source.name);
      throw new UsageError(messages.cannotReadInput(source.name, messages.inputMoved()));
    }
    // A re-opened record stored under another name is this run's too, beyond its line range.
    const countsOwnRows = !inPlace && (sharesLines(stats.lineEnds, source.name, plan.firstLine) || (plan.reopen !== undefined && plan.reopen.source !== source.name));
    const floors = countsOwnRows ? await rowidFloors(db) : undefined;
    const removed = plan.reopen ? await removeReopened(db, plan.reopen) : undefined;
    if (stream && inPlace) {
      records = Number((await db.one('SELECT count(*) FILTER (WHERE is_record) AS n FROM lm_projected'))?.n ?? 0);
    } else if (stream) {
      records = await insertCount(db, stream.insert, { source: source.name, line_offset: lineOffset });
    } else {
      const project = projection(mapping, { ...(options.columns ? { columns: options.columns } : {}), eventNames, timeZone: options.timeZone });
      // Staged lines carry their line numbers, so the rows may land in any order: DuckDB then
      // writes them in parallel (at 1M lines 3.9 s against 4.5 s in order).
      await db.run('SET preserve_insertion_order = false');
      try {
        if (project.pairing) {
          // Into a table of the source's own, paired there, then moved into events (request-pairing.ts).
          await db.run(project.sql, { ...project.params, source: source.name, line_offset: lineOffset });
          if (project.pairing.pair) await db.run(project.pairing.pair);
          records = await insertCount(db, project.pairing.insert, {});
        } else {
          records = await insertCount(db, project.sql, { ...project.params, source: source.name, line_offset: lineOffset });
        }
      } finally {
        if (project.pairing) await db.run(project.pairing.drop);
        await db.run('RESET preserve_insertion_order');
      }
    }
    sqlRejects = spooled
      ? spooled.rejects
      : await insertCount(db, readSqlFile(stream ? 'ingest/rejects-stream.sql' : 'ingest/rejects-json.sql'), { source: source.name, line_offset: plan.firstLine - 1 });
    await db.run(`INSERT INTO rejects SELECT * FROM ${SCAN_REJECTS} WHERE source = $source`, { source: source.name });
    await recordSource(db, { source: source.name, format: format.name, lines: scan.lines, records, rejects: scan.rejectCount + sqlRejects + splitRejects,
      continuation, bytes: read.bytes, heldBackBytes: scan.heldBackBytes, reopen: end.reopen }, plan, removed);
    if (floors) {
      const withTimeKeys = options.columns === undefined || options.columns.has('attrs');
      stats.own.set(index, await statsSince(db, floors, withTimeKeys ? describeMapping(mapping).ts : undefined));
    }
    await db.run('COMMIT');
    committed = true;
  } catch (error) {
    await rollback(db);
    throw error;
  } finally {
    // Before the staged tables go: a source read in place keeps its table.
    if (stream && inPlace && committed) kept.push(await keepProjected(db, index, source.name, stream.held));
    if (stream) await db.run('DROP TABLE IF EXISTS lm_projected');
    else await dropStaged(db);
    await db.run('DROP TABLE IF EXISTS lm_raw');
    await forgetScanRejects(db, [source.name]);
  }
  const summary = sourceSummary(read, { records, rejects: scan.rejectCount + sqlRejects + splitRejects, continuation, mapping, unterminated: end.tail !== undefined, spooled });
  options.log?.debug({ source: source.name, format: format.name, lines: scan.lines, records, spooled: scan.spooled, mapping: summary.mapping }, 'source ingested');
  return summary;
}

/**
 * DuckDB's reader allocates for the longest line it may meet: sized by the lines the scanner saw,
 * not by a large --max-line-bytes (a 1 GB flag ran a 64-byte file out of memory). Never below the
 * default, for a file that grew since the scan.
 */
function stagedLineBytes(scan: Pick<ScanResult, 'longestLine'>, maxLineBytes: number): number {
  return Math.min(maxLineBytes, Math.max(scan.longestLine, DEFAULT_MAX_LINE_BYTES));
}

/**
 * Where the next run re-opens the source (checkpoint.ts: the start of this run's last record, or of
 * a last line without a newline read now), given the line this run's last record starts on. Only
 * where offsets are the file's own and the checkpoint is kept (a plain file, untranscoded, in a
 * database file). `recordsSpooled`: the source's records were read in Node (a format with
 * continuation lines), where lines that start no record continue the last one.
 */
function readEndOf(read: ReadSource, lastRecord: number | undefined, recordsSpooled: boolean):
  { tail?: { line: number; offset: number }; reopen?: { line: number; offset: number } } {
  const { source, plan, scan } = read;
  const nextLine = plan.firstLine + scan.lines;
  const keepsReopen = plan.keepsReopen && read.utf8 && source.path !== undefined && plan.headFingerprint !== null;
  const readEnd = plan.startOffset + read.bytes - scan.heldBackBytes;
  // A last line without a newline, read now: the next run reads it again if the file grew.
  const tail = keepsReopen && scan.unterminatedBytes > 0 ? { line: nextLine - 1, offset: readEnd - scan.unterminatedBytes } : undefined;
  const recordPoint = !keepsReopen
    ? undefined
    : lastRecord !== undefined
      ? tail
        ? { line: lastRecord, offset: lineStartBefore(source.path as string, tail.offset, tail.line - lastRecord, plan.startOffset) }
        : { line: lastRecord, offset: lineStartBefore(source.path as string, readEnd, nextLine - lastRecord, plan.startOffset) }
      : recordsSpooled || scan.lines === 0
        ? plan.lastRecord // no record started: the lines read (if any) continued the last one
        : undefined;
  const reopen = recordPoint && tail ? (recordPoint.line <= tail.line ? recordPoint : tail) : (recordPoint ?? tail);
  return { tail, reopen };
}

/** What the run did with one source, for the summary. */
function sourceSummary(read: ReadSource, stored: { records: number; rejects: number; continuation: number; mapping: FieldMapping;
  unterminated: boolean; spooled?: SpoolResult }): SourceSummary {
  const { source, plan, scan, format, wrapping } = read;
  const { spooled } = stored;
  const summary: SourceSummary = {
    source: source.name,
    format: format.name,
    lines: scan.lines,
    records: stored.records,
    rejects: stored.rejects,
    continuation_lines: stored.continuation,
    ...(spooled && format.family === 'records' && format.manyPerLine ? { record_lines: spooled.recordLines } : {}),
    ...(spooled?.layout ? { layout: spooled.layout } : {}),
    ...(wrapping !== 'none' ? { wrapping } : {}),
    ...(scan.terminalCodeLines > 0 ? { terminal_code_lines: scan.terminalCodeLines } : {}),
    bytes: read.bytes,
    mapping: describeMapping(stored.mapping),
    ...(stored.mapping.repeatedKeys?.length ? { repeated_keys: [...stored.mapping.repeatedKeys] } : {}),
    ...(stored.mapping.dateOrder ? { date_order: stored.mapping.dateOrder } : {}),
    ...('dateOrderUntold' in stored.mapping ? { date_order_untold: true } : {}),
    checkpoint: plan.state,
    first_line: plan.firstLine,
    held_back_bytes: scan.heldBackBytes,
    ...(stored.unterminated ? { unterminated_bytes: scan.unterminatedBytes } : {}),
    previous_name: plan.previousName,
    ...(plan.reopen ? { reread_lines: plan.reopen.lastLine - plan.reopen.firstLine + 1 } : {}),
  };
  return summary;
}

/** The scanner's rejects of these sources, no longer waiting: stored, or not to be. */
async function forgetScanRejects(db: Database, names: readonly string[]): Promise<void> {
  if (names.length === 1) await db.run(`DELETE FROM ${SCAN_REJECTS} WHERE source = $source`, { source: names[0] as string });
  else if (names.length > 1) await db.run(`DELETE FROM ${SCAN_REJECTS} WHERE list_contains($names, source)`, { names: listValue([...names]) });
}

/** A source with nothing new since its checkpoint (ReadPlan.unchanged): not read, and no sources row added. */
function unchangedSource(source: Source, plan: ReadPlan): SourceSummary {
  return {
    source: source.name,
    format: plan.format as string,
    lines: 0,
    records: 0,
    rejects: 0,
    continuation_lines: 0,
    bytes: 0,
    checkpoint: plan.state,
    first_line: plan.firstLine,
    held_back_bytes: 0,
  };
}

/**
 * The source's format, and the sample it was detected from: JSON lines behind a prefix
 * (log-prefix.ts: kubectl, docker, CRI, stern, journalctl) or wrapped by Docker's json-file driver
 * (docker-json-file.ts) or in journald's JSON export (journald-json.ts) are detected and mapped as the objects they hold, which the staged lines
 * are then rewritten to. `given` is a format forced by --format or remembered by the checkpoint.
 * Formats read in Node (text, logfmt, ...) read the lines as they are, or, when nine in ten carry a
 * prefix and a text format reads what follows it, without their prefixes (prefixed-text.ts).
 */
function detectSource(scan: ScanResult, patterns: readonly MessagePattern[], given: Format | undefined, maxLineBytes: number):
  { detection: DetectionInput; format: Format; wrapping: Wrapping } {
  const sample = withSplitLinesJoined(scan.sample, maxLineBytes);
  const wrapping: Wrapping = isPrefixedJson(sample) ? 'prefixed' : isDockerJsonFile(sample) ? 'docker' : isJournaldExport(sample) ? 'journald'
    : given === undefined || given.family === 'json-lines' ? splitLineWrapping(scan.sample) : 'none';
  if (wrapping !== 'none') {
    const unwrap = wrapping === 'prefixed' ? unprefixLine : wrapping === 'docker' ? unwrapDockerLine : unwrapJournaldLine;
    const head = withSplitLinesJoined(scan.head.split('\n'), maxLineBytes).map(unwrap).join('\n');
    const detection = detectionInput(sample.map(unwrap), head, patterns);
    const format = given ?? detectFormat(detection);
    if (format.family !== 'records') return { detection: wrapping === 'journald' ? withJournalFields(detection, sample) : detection, format, wrapping };
  }
  const detection = detectionInput(scan.sample, scan.head, patterns);
  const format = given ?? detectFormat(detection);
  if (format.family === 'records' && !detection.document && mostLines(scan.sample, hasLogPrefix)) {
    const chosen = textBehind(scan, patterns, given, (keepTime) => (line) => splitLogPrefix(line, keepTime), 'prefixed-text');
    if (chosen) return chosen;
  }
  // Docker json-file wrappers of text (a container printing text logs; those of objects are read above).
  if (!detection.document && (format.family === 'records' || given === undefined) && mostLines(scan.sample, isDockerWrapper)) {
    // The wrapper's time only for a text without one of its own: a Python log's traceback lines, which
    // have none, made the time-and-message layout fit more lines than the Python layout.
    const chosen = textBehind(scan, patterns, given, (keepTime) => (line) => splitDockerWrapper(line, keepTime), 'docker-text', true);
    if (chosen) return chosen;
  }
  return { detection, format, wrapping: 'none' };
}

/**
 * The text format that reads a source's lines best without their prefixes or wrappers (prefixed-text.ts),
 * trying the prefix's time kept in the text and not: whichever the text after it fits better, or
 * with `plainFirst` the text without the time whenever a text format reads it.
 */
function textBehind(scan: ScanResult, patterns: readonly MessagePattern[], given: Format | undefined,
  splitter: (keepTime: boolean) => LinePrefixSplitter, wrapping: 'prefixed-text' | 'docker-text', plainFirst = false):
  { detection: DetectionInput; format: Format; wrapping: Wrapping } | undefined {
  let chosen: { detection: DetectionInput; format: Format; wrapping: Wrapping } | undefined;
  let chosenScore = 0;
  for (const keepTime of [false, true]) {
    const split = splitter(keepTime);
    const strip = (line: string) => split(line)?.rest ?? line;
    const inner = detectionInput(scan.sample.map(strip), scan.head.split('\n').map(strip).join('\n'), patterns);
    const textFormat = detectTextFormat(inner, given);
    const score = textFormat?.family === 'records' ? textFormat.score(inner) : 0;
    if (textFormat?.family === 'records' && score > chosenScore) {
      chosen = { detection: inner, format: behindLinePrefix(textFormat, split), wrapping };
      chosenScore = score;
    }
    if (plainFirst && chosen) break;
  }
  return chosen;
}

/**
 * The wrapping of a sample that is nothing but the parts of a line the runtime split, with one that
 * more is to come: a run that is still open, or too long to read (withSplitLinesJoined leaves it
 * out), holds no object to tell the wrapping by. Such is what a run re-reads from the first part of
 * a split line the previous run ended in (checkpoint.ts): its parts must be joined as they are when
 * read whole, not each rejected.
 */
function splitLineWrapping(sample: readonly string[]): Wrapping {
  const only = (join: LineJoin) => sample.some((line) => join.partOf(line)?.open === true) && sample.every((line) => line.trim() === '' || join.partOf(line) !== undefined);
  return only(CRI_LINE_JOIN) ? 'prefixed' : only(DOCKER_LINE_JOIN) ? 'docker' : 'none';
}

/**
 * The sample with the parts of each line a container runtime split joined, as the staging joins
 * them (stage-split-lines.sql), so that a log of long records is detected and mapped by them. Only a
 * sample with a line that looks like a part (a CRI line tagged P, a json-file wrapper whose `log`
 * has no newline) is looked at further.
 */
function withSplitLinesJoined(sample: readonly string[], maxLineBytes: number): readonly string[] {
  if (!sample.some((line) => CRI_PARTIAL_LINE.test(line) || (line.startsWith('{"log":"') && !line.includes('\\n","stream":"')))) return sample;
  return joinLineParts(joinLineParts(sample, CRI_LINE_JOIN, maxLineBytes), DOCKER_LINE_JOIN, maxLineBytes);
}

/**
 * --full: deletes the rows, and the checkpoints, of every name the sources' contents are stored
 * under (checkpoint.ts namesReplacedByFull), before any source is read, so that a source read first
 * cannot lose its fresh rows to the names of one read after it. A run stopped midway leaves sources
 * with neither rows nor checkpoints, which the next run reads from the start.
 */
async function forgetForFull(db: Database, sources: readonly Source[]): Promise<void> {
  const names = await namesReplacedByFull(db, sources);
  if (names.length === 0) return;
  const params = { names: listValue(names) };
  await db.run('BEGIN TRANSACTION');
  try {
    for (const table of ['events', 'rejects', 'sources']) await db.run(`DELETE FROM ${table} WHERE list_contains($names, source)`, params);
    await db.run('COMMIT');
  } catch (error) {
    await rollback(db);
    throw error;
  }
}

/** Ends a failed transaction without hiding why it failed: a ROLLBACK that fails too says nothing new. */
async function rollback(db: Database): Promise<void> {
  try {
    await db.run('ROLLBACK');
  } catch {
    // No transaction left to roll back (DuckDB ended it with the error): the error that led here is the one to report.
  }
}

async function* withPrefix(prefix: Buffer, rest: Readable): AsyncGenerator<Buffer> {
  yield prefix;
  for await (const chunk of rest) yield chunk as Buffer;
}

async function insertCount(db: Database, sql: string, params: Parameters<Database['run']>[1]): Promise<number> {
  const rows = await db.all(sql, params);
  const first = rows[0];
  return first ? Number(Object.values(first)[0]) : 0;
}

/** The rows of a re-opened record, counted as the sources table counted them. */
interface Removed {
  readonly lines: number;
  readonly records: number;
  readonly rejects: number;
  readonly continuation: number;
  readonly bytes: number;
}

/** Deletes the rows of the record a run re-opens (checkpoint.ts), returning what they counted for. */
async function removeReopened(db: Database, reopen: Reopen): Promise<Removed> {
  const range = { source: reopen.source, first: reopen.firstLine, last: reopen.lastLine };
  const counts = await db.one(
    `SELECT (SELECT count(*) FROM events WHERE source = $source AND line BETWEEN $first AND $last) AS records,
            (SELECT count(DISTINCT line) FROM events WHERE source = $source AND line BETWEEN $first AND $last) AS record_lines,
            (SELECT count(*) FROM rejects WHERE source = $source AND line BETWEEN $first AND $last) AS rejects`,
    range,
  );
  await db.run('DELETE FROM events WHERE source = $source AND line BETWEEN $first AND $last', range);
  await db.run('DELETE FROM rejects WHERE source = $source AND line BETWEEN $first AND $last', range);
  const lines = reopen.lastLine - reopen.firstLine + 1;
  const rejects = Number(counts?.rejects ?? 0);
  return {
    lines,
    records: Number(counts?.records ?? 0),
    rejects,
    // Every line of the range was a record's first line, a reject, or a continuation line.
    continuation: lines - Number(counts?.record_lines ?? 0) - rejects,
    bytes: reopen.checkpointOffset - reopen.offset,
  };
}

/**
 * One row per source and run; its checkpoint columns say where the next run starts. A row counts
 * what its run added to the source's rows, so that summing a source's rows gives its events and
 * rejects: a run that re-opened the last record of the previous run counts its lines once. When
 * that record was stored under the name the file had before (a rotated file), a row for that name
 * takes its rows away (negative counts, no checkpoint).
 */
async function recordSource(
  db: Database,
  s: SourceCounts,
  plan: ReadPlan,
  removed?: Removed,
): Promise<void> {
  const row = sourceRow(s, plan);
  if (removed && plan.reopen) {
    const taken = {
      lines: -removed.lines,
      records: -removed.records,
      rejects: -removed.rejects,
      continuation: -removed.continuation,
      size: -removed.bytes,
    };
    if (plan.reopen.source === s.source) {
      // One row: the lines after the previous run's, and the counts net of the rows rebuilt.
      for (const k of Object.keys(taken) as (keyof typeof taken)[]) row[k] += taken[k];
      row.first_line = plan.reopen.lastLine + 1;
    } else {
      await insertSourceRow(db, { ...row, ...taken, source: plan.reopen.source, identity: null, offset: null, first_line: plan.reopen.firstLine,
        reopen_line: null, reopen_offset: null });
    }
  }
  await insertSourceRow(db, row);
}

/** What a run read of one source, for its sources row. */
interface SourceCounts {
  source: string;
  format: string;
  lines: number;
  records: number;
  rejects: number;
  continuation: number;
  bytes: number;
  heldBackBytes: number;
  reopen?: { line: number; offset: number };
}

/** A source's row, as insertSourceRow binds it. */
function sourceRow(s: SourceCounts, plan: ReadPlan) {
  return {
    source: s.source,
    format: s.format,
    lines: s.lines,
    records: s.records,
    rejects: s.rejects,
    continuation: s.continuation,
    identity: plan.identity as string | null,
    size: s.bytes,
    offset: plan.headFingerprint === null ? null : plan.startOffset + s.bytes - s.heldBackBytes,
    head: plan.headFingerprint,
    first_line: plan.firstLine,
    reopen_line: s.reopen?.line ?? null,
    reopen_offset: s.reopen?.offset ?? null,
  };
}

/**
 * The rows of the sources of a batch (batch.ts), none of which re-opened a record, in one statement:
 * an INSERT per source cost ~1 ms each.
 */
async function recordSources(db: Database, sources: readonly { counts: SourceCounts; plan: ReadPlan }[]): Promise<void> {
  const rows = sources.map(({ counts, plan }) => sourceRow(counts, plan));
  const shape = JSON.stringify([{ source: 'VARCHAR', format: 'VARCHAR', lines: 'BIGINT', records: 'BIGINT', rejects: 'BIGINT', continuation: 'BIGINT',
    identity: 'VARCHAR', size: 'BIGINT', offset: 'BIGINT', head: 'VARCHAR', first_line: 'BIGINT', reopen_line: 'BIGINT', reopen_offset: 'BIGINT' }]);
  await db.run(
    `INSERT INTO sources (source, format, lines, records, rejects, continuation_lines, identity, size, offset_bytes,
       head_fingerprint, first_line, reopen_line, reopen_offset, ingested_at)
     SELECT r.source, r.format, r.lines, r.records, r.rejects, r.continuation, r.identity, r.size, r."offset", r.head, r.first_line,
       r.reopen_line, r.reopen_offset, now()
     FROM (SELECT unnest(from_json($rows, $shape)) AS r)`,
    { rows: JSON.stringify(rows), shape },
  );
}

async function insertSourceRow(db: Database, row: Record<string, string | number | null>): Promise<void> {
  await db.run(
    `INSERT INTO sources (source, format, lines, records, rejects, continuation_lines, identity, size, offset_bytes,
       head_fingerprint, first_line, reopen_line, reopen_offset, ingested_at)
     VALUES ($source, $format, $lines, $records, $rejects, $continuation, $identity, $size, $offset, $head, $first_line,
       $reopen_line, $reopen_offset, now())`,
    row,
  );
}

function summarise(
  sources: SourceSummary[],
  stats: RunStats,
  elapsedMs: number,
): Omit<IngestSummary, 'unreadable' | 'damaged'> {
  const lines = sum(sources, (s) => s.lines);
  const rejects = sum(sources, (s) => s.rejects);
  const rejectsByReason = Object.fromEntries([...stats.rejectsByReason].sort(([ra, a], [rb, b]) => b - a || (ra < rb ? -1 : 1)));
  const formats: Record<string, number> = {};
  for (const s of sources) formats[s.format] = (formats[s.format] ?? 0) + 1;
  return {
    lines,
    records: sum(sources, (s) => s.records),
    rejects,
    rejects_by_reason: rejectsByReason,
    bad_rejects: rejects - (rejectsByReason.empty ?? 0),
    records_without_ts: stats.recordsWithoutTs,
    records_with_unreadable_ts: stats.recordsWithUnreadableTs,
    first_ts: stats.firstTs,
    last_ts: stats.lastTs,
    bytes: sum(sources, (s) => s.bytes),
    elapsed_ms: Math.round(elapsedMs),
    lines_per_second: elapsedMs > 0 ? Math.round((lines / elapsedMs) * 1000) : 0,
    formats,
    sources,
  };
}

/**
 * The run's statistics: the sources that counted their own rows (run-stats.ts) as they did, the
 * others by their line ranges.
 */
async function runStats(db: Database, summaries: readonly (SourceSummary | undefined)[], own: ReadonlyMap<number, RunStats>,
  withTimeKeys: boolean): Promise<RunStats> {
  const ranges: LineRange[] = [];
  summaries.forEach((s, index) => {
    if (s && !own.has(index)) ranges.push({ source: s.source, firstLine: s.first_line, lines: s.lines, timeKeys: s.mapping?.ts ?? [] });
  });
  let stats = await statsOfLineRanges(db, ranges, withTimeKeys);
  for (const counted of own.values()) stats = mergeStats(stats, counted);
  return stats;
}

/**
 * The conservation law for one source, as a number to compare with `lines`: every physical line is
 * the first line of one or more records, a continuation line, or a reject.
 */
export function accountedLines(s: Pick<SourceSummary, 'records' | 'record_lines' | 'continuation_lines' | 'rejects'>): number {
  return (s.record_lines ?? s.records) + s.continuation_lines + s.rejects;
}

/** Configured units are aliases of the matching duration slot. */
function withUnits(aliases: IngestOptions['aliases'], units: IngestOptions['units']): IngestOptions['aliases'] {
  if (!units || Object.keys(units).length === 0) return aliases;
  const slot = { ms: 'duration_ms', s: 'duration_s', us: 'duration_us', ns: 'duration_ns' } as const;
  const out: Partial<Record<Slot, string[]>> = {};
  for (const [k, v] of Object.entries(aliases ?? {})) out[k as Slot] = [...v];
  for (const [field, unit] of Object.entries(units)) (out[slot[unit]] ??= []).unshift(field);
  return out;
}

/**
 * For a logger whose bare duration numbers are not milliseconds (Format.bareDurationUnit): the
 * names duration_any takes (duration, latency, elapsed, ...) are read in that unit instead, after
 * the configuration's own aliases and units.
 */
function withBareDurations(aliases: IngestOptions['aliases'], format: Format): IngestOptions['aliases'] {
  const unit = format.family === 'json-lines' ? format.bareDurationUnit : undefined;
  if (unit === undefined) return aliases;
  const slot = unit === 's' ? 'duration_s' : 'duration_ns';
  return { ...aliases, [slot]: [...(aliases?.[slot] ?? []), ...ALIASES.duration_any.filter((a) => !a.deep).map((a) => a.path)] };
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((acc, item) => acc + f(item), 0);
}

export { loadMacros, resetMacroCache } from '../sql-macros.js';

async function validateTimeZone(db: Database, zone: string): Promise<void> {
  if (zone === 'UTC') return; // the default; listing every zone costs ~10 ms of a small run
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

/** A source's path was renamed away or replaced while it was read (skipMovedSources). */
class SourceMoved extends Error {
  constructor(source: string) {
    super(`${source} moved while it was read`);
  }
}
