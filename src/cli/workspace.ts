// The shared "inputs or --db" path every command uses: open a database (a file, or memory), and
// ingest the given inputs (or stdin) into it first when there are any.

import type { DateOrder } from '../ingest/date-order.js';
import { Database } from '../db.js';
import { InputError, UsageError } from '../errors.js';
import { ingest, type IngestSummary } from '../ingest/load.js';
import type { CheckpointState } from '../ingest/checkpoint.js';
import { messages } from '../messages.js';
import { warn, type IO } from './io.js';
import { createProgress } from './progress.js';
import { configIngestOptions, loadConfig } from '../config/load.js';
import type { RawTimeRange } from '../export/partitions.js';

export interface InputOptions {
  readonly inputs: readonly string[];
  readonly db?: string;
  readonly format?: string;
  readonly tz?: string;
  /** The month/day order of numeric dates a source's own cannot tell (--date-order). */
  readonly dateOrder?: DateOrder;
  /** A logmeter.yml to use instead of the one in the current directory. */
  readonly config?: string;
  readonly maxLineBytes?: number;
  readonly maxRejectRatio?: number;
  readonly quiet?: boolean;
  /** Ignore checkpoints and re-read the inputs from the start. */
  readonly full?: boolean;
  /** Read events from these Parquet files (a glob or a directory) instead of inputs or --db. */
  readonly fromParquet?: string;
  /** The command's --since/--until as written, so --from-parquet reads only the days they need. */
  readonly timeRange?: RawTimeRange;
  /**
   * The events columns the command reads, when it knows them (check, report, summary). Inputs read into a
   * database in memory fill only these; a database file always gets every column.
   */
  readonly columns?: ReadonlySet<string>;
}

export interface Workspace {
  readonly db: Database;
  /** Present when inputs (or stdin) were read in this run. */
  readonly ingest?: IngestSummary;
  /** False when events come from Parquet, which holds no rejects: a reject ratio cannot be measured. */
  readonly holdsRejects: boolean;
  close(): void;
}

/** The options that say how log lines are read: they have nothing to act on in events already read. */
const INPUT_ONLY_FLAGS: readonly [string, (options: InputOptions) => boolean][] = [
  ['--format', (o) => o.format !== undefined],
  ['--tz', (o) => o.tz !== undefined],
  ['--date-order', (o) => o.dateOrder !== undefined],
  ['--max-line-bytes', (o) => o.maxLineBytes !== undefined],
  ['--full', (o) => o.full === true],
];

/**
 * Input-only flags given with a database or Parquet are refused (exit 2) rather than silently
 * ignored: `--tz` with --db would otherwise look applied and change nothing.
 */
function refuseInputOnlyFlags(options: InputOptions, source: string): void {
  const given = INPUT_ONLY_FLAGS.filter(([, isGiven]) => isGiven(options)).map(([flag]) => flag);
  if (given.length > 0) throw new UsageError(messages.inputOnlyFlags(given, source));
}

/**
 * The database file a command uses: --db, else $LOGMETER_DB. An empty LOGMETER_DB is unset (a CI
 * step that clears it means "no database"), so the command reads its inputs or stdin in memory.
 */
export function databaseFile(options: { readonly db?: string }, env: IO['env']): string | undefined {
  // An empty --db is a mistake (an unset variable in a cron line), not "no database": nothing would be stored.
  if (options.db === '') throw new UsageError(messages.emptyDbName());
  return options.db ?? (env.LOGMETER_DB || undefined);
}

/**
 * The database a reading command (query, summary, report, metrics, check, export) reads: none when
 * INPUTs are given, which are read in memory even with $LOGMETER_DB set (the inputs named on the
 * command line win over the environment's default); --db with INPUTs is a usage error, since
 * reading them into the file would change a database these commands only read.
 */
export function readDatabaseFile(options: { readonly db?: string; readonly inputs: readonly string[] }, env: IO['env']): string | undefined {
  if (options.inputs.length === 0) return databaseFile(options, env);
  if (options.db !== undefined) throw new UsageError(messages.inputsAndDb());
  return undefined;
}

/**
 * `always` reads stdin even when a database is given (the ingest command); other commands read
 * stdin only when there are neither inputs nor a database.
 */
export async function openWorkspace(options: InputOptions, io: IO, mode: { always?: boolean } = {}): Promise<Workspace> {
  if (options.fromParquet !== undefined) return openParquetWorkspace(options, options.fromParquet);
  const file = mode.always === true ? databaseFile(options, io.env) : readDatabaseFile(options, io.env);
  const shouldIngest = options.inputs.length > 0 || mode.always === true || file === undefined;
  if (shouldIngest && options.inputs.length === 0 && io.stdin.isTTY) {
    throw new UsageError(messages.dbOrInputsNeeded());
  }
  if (!shouldIngest) refuseInputOnlyFlags(options, options.db !== undefined ? `the --db database ${file}` : `the $LOGMETER_DB database ${file}`);
  // Only read: a user who may only read the file can, and a mistyped name is not created.
  const db = await Database.open({ file: file || undefined, readOnly: !shouldIngest });
  try {
    if (!shouldIngest) {
      // The database keeps its rejects: the ratio is the same one its ingests measured.
      if (options.maxRejectRatio !== undefined) await checkDatabaseRejectRatio(db, options.maxRejectRatio);
      return { db, holdsRejects: true, close: () => db.close() };
    }
    // A database file outlives the command, so whoever reads it next gets every column.
    const narrowed = file ? { ...options, columns: undefined } : options;
    // A database in memory is read by this command only: JSON lines stay where they were read.
    const summary = await ingestInto(db, narrowed, io, { inPlace: file === undefined });
    checkUsable(summary, options.maxRejectRatio);
    return { db, ingest: summary, holdsRejects: true, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** An in-memory database whose events table is a view over the Parquet files the time range needs. */
async function openParquetWorkspace(options: InputOptions, pattern: string): Promise<Workspace> {
  if (options.inputs.length > 0 || options.db !== undefined) throw new UsageError(messages.fromParquetWithInputs());
  refuseInputOnlyFlags(options, '--from-parquet');
  if (options.maxRejectRatio !== undefined) throw new UsageError(messages.rejectRatioWithoutRejects());
  const { useParquetEvents } = await import('../export/parquet-reader.js');
  const db = await Database.open();
  try {
    await useParquetEvents(db, pattern, options.timeRange);
    return { db, holdsRejects: false, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Reads the inputs (or stdin) into an open database, with a progress line on a terminal. */
export async function ingestInto(db: Database, options: InputOptions, io: IO, mode: { inPlace?: boolean } = {}): Promise<IngestSummary> {
  const config = loadConfig({ cwd: io.cwd, file: options.config });
  const progress = createProgress(io, !options.quiet);
  // The first number formatted loads ICU's number data (~10 ms); do it while DuckDB reads the
  // input, when Node mostly waits, rather than in front of the output at the end.
  setImmediate(warmNumberFormat);
  let summary: IngestSummary;
  try {
    summary = await ingest(db, {
      ...configIngestOptions(config, options.tz, options.dateOrder),
      inputs: options.inputs,
      stdin: io.stdin,
      format: options.format,
      maxLineBytes: options.maxLineBytes,
      full: options.full,
      ...(options.columns ? { columns: options.columns } : {}),
      ...(mode.inPlace ? { inPlace: true } : {}),
      onProgress: progress.update,
      log: io.log,
    });
  } finally {
    progress.done();
  }
  // Data left out is said even with --quiet: it is not progress.
  if (summary.unreadable.length > 0) await warn(io.stderr, messages.skippedUnreadable(summary.unreadable));
  if (summary.damaged.length > 0) await warn(io.stderr, messages.skippedDamaged(summary.damaged));
  for (const source of summary.sources) if (source.date_order_untold) await warn(io.stderr, messages.dateOrderUntold(source.source));
  return summary;
}

function warmNumberFormat(): void {
  (0.5).toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** --max-reject-ratio over a database: its bad lines (empty ones are not bad input) against its records. */
async function checkDatabaseRejectRatio(db: Database, maxRejectRatio: number): Promise<void> {
  const row = await db.one(
    "SELECT (SELECT count(*) FROM rejects WHERE reason <> 'empty') AS bad, (SELECT count(*) FROM events) AS records",
  );
  const bad = Number(row?.bad ?? 0);
  const records = Number(row?.records ?? 0);
  if (bad === 0) return;
  const ratio = bad / (records + bad);
  if (ratio > maxRejectRatio) throw new InputError(messages.rejectRatioExceeded(ratio, maxRejectRatio));
}

/** The checkpoint states of a source whose name the database has read before (checkpoint.ts). */
const READ_BEFORE: ReadonlySet<CheckpointState> = new Set(['resumed', 'rotated', 'truncated']);

/** Exit 3 when nothing could be read, or when bad lines exceed --max-reject-ratio. */
export function checkUsable(summary: IngestSummary, maxRejectRatio: number | undefined): void {
  // Nothing appended since the last run is not unusable input: the database already holds the rest.
  // Nor is a file that logrotate just emptied (create, copytruncate) and nothing wrote to yet: a cron
  // `ingest app.log --db F && report` must not fail until the application logs again.
  const nothingNew = summary.lines === 0 && summary.sources.some((s) => READ_BEFORE.has(s.checkpoint));
  if (summary.records === 0 && !nothingNew) throw new InputError(messages.noRecords(summary.lines, summary.rejects_by_reason));
  if (maxRejectRatio !== undefined) {
    const ratio = summary.bad_rejects / (summary.records + summary.bad_rejects);
    if (ratio > maxRejectRatio) throw new InputError(messages.rejectRatioExceeded(ratio, maxRejectRatio));
  }
}
