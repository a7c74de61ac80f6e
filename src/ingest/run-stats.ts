// The statistics of one ingest run that its summary prints beyond the per-source counts: the time
// range, the records without a time (and of them, those whose time key holds an unreadable value),
// and the rejects by reason (`ingest --max-reject-ratio` weighs the bad ones).
//
// A run's rows are picked by (source, line range), one statement for the whole run. That breaks
// where the name already holds rows on the same lines: a file rotated or truncated and read again
// from line 1, or stdin piped into the same --db again. Such a source counts its rows inside its own
// transaction instead, by rowid: rows appended in a transaction have rowids above every committed
// one, before and after COMMIT, and no checkpoint moves rows while the transaction is open. That
// costs a scan of the table per source, so only those sources pay it.

import { listValue } from '../db.js';
import type { Database, Row } from '../db.js';
import { readSqlFile } from '../sql-files.js';

export interface RunStats {
  recordsWithoutTs: number;
  recordsWithUnreadableTs: number;
  firstTs: string | null;
  lastTs: string | null;
  rejectsByReason: Map<string, number>;
}

/** A source's rows, as the run-wide statement finds them. */
export interface LineRange {
  readonly source: string;
  readonly firstLine: number;
  readonly lines: number;
  /** Its time keys' JSON paths (the mapping's `ts`), to tell an unreadable time from none. */
  readonly timeKeys: readonly string[];
}

/** The largest rowids before a source's inserts, taken inside its transaction. */
export interface RowidFloors {
  readonly events: bigint;
  readonly rejects: bigint;
}

export const NO_STATS: RunStats = { recordsWithoutTs: 0, recordsWithUnreadableTs: 0, firstTs: null, lastTs: null, rejectsByReason: new Map() };

/**
 * The last line stored under each name before the run (from `sources`, whose rows say which lines
 * each run read; a re-opened record's negative correction rows add none).
 */
export async function storedLineEnds(db: Database): Promise<Map<string, number>> {
  const rows = await db.all(
    `SELECT source, max(coalesce(first_line, 1) + lines - 1) AS last_line FROM sources WHERE lines > 0 GROUP BY source`,
  );
  return new Map(rows.map((r) => [String(r.source), Number(r.last_line)]));
}

/** Whether a run reading `name` from `firstLine` on shares line numbers with rows stored before it. */
export function sharesLines(lineEnds: ReadonlyMap<string, number>, name: string, firstLine: number): boolean {
  return (lineEnds.get(name) ?? 0) >= firstLine;
}

export async function rowidFloors(db: Database): Promise<RowidFloors> {
  const row = await db.one(
    'SELECT (SELECT coalesce(max(rowid), -1) FROM events) AS events, (SELECT coalesce(max(rowid), -1) FROM rejects) AS rejects',
  );
  return { events: BigInt(row?.events as number | bigint), rejects: BigInt(row?.rejects as number | bigint) };
}

/** The statistics of the rows written since `floors`, in the transaction that is still open. */
export async function statsSince(db: Database, floors: RowidFloors, timeKeys: readonly string[] | undefined): Promise<RunStats> {
  const times = await db.one(
    'SELECT count(*) FILTER (WHERE ts IS NULL) AS no_ts, min(ts) AS first_ts, max(ts) AS last_ts FROM events WHERE rowid > $events_floor',
    { events_floor: floors.events },
  );
  const reasons = await db.all('SELECT reason, count(*) AS n FROM rejects WHERE rowid > $rejects_floor GROUP BY reason', {
    rejects_floor: floors.rejects,
  });
  const recordsWithoutTs = Number(times?.no_ts ?? 0);
  const unreadable =
    recordsWithoutTs === 0 || !timeKeys?.length
      ? undefined
      : await db.one(readSqlFile('ingest/unread-times-since.sql'), { events_floor: floors.events, key_paths: listValue([...timeKeys]) });
  return statsOf(times, reasons, unreadable);
}

/**
 * The statistics of the rows on each source's lines of this run, in one statement per table.
 * Without `withTimeKeys`, records without a time are not looked into (their attrs are not filled).
 */
export async function statsOfLineRanges(db: Database, ranges: readonly LineRange[], withTimeKeys: boolean): Promise<RunStats> {
  // No sources (follow left a moved file for the next poll): no rows, and no list DuckDB could type.
  if (ranges.length === 0) return NO_STATS;
  const within = (table: string) =>
    `${table} t JOIN (SELECT unnest($names) AS source, unnest($firsts) AS first_line, unnest($lasts) AS last_line) r
       ON t.source = r.source AND t.line BETWEEN r.first_line AND r.last_line`;
  const params = {
    names: listValue(ranges.map((r) => r.source)),
    firsts: listValue(ranges.map((r) => r.firstLine)),
    lasts: listValue(ranges.map((r) => r.firstLine + r.lines - 1)),
  };
  const times = await db.one(`SELECT count(*) FILTER (WHERE ts IS NULL) AS no_ts, min(ts) AS first_ts, max(ts) AS last_ts FROM ${within('events')}`, params);
  const reasons = await db.all(`SELECT reason, count(*) AS n FROM ${within('rejects')} GROUP BY reason`, params);
  const timeKeys = withTimeKeys ? ranges.flatMap((r) => r.timeKeys.map((path) => [r.source, path] as const)) : [];
  const recordsWithoutTs = Number(times?.no_ts ?? 0);
  // Only records without a time are looked into: none, or a source without time keys, needs no query
  // (nor a narrowed read, whose records carry no attrs to look into: `ingest` alone prints the count).
  const unreadable =
    recordsWithoutTs === 0 || timeKeys.length === 0
      ? undefined
      : await db.one(readSqlFile('ingest/unread-times-run.sql'), {
          ...params,
          key_sources: listValue(timeKeys.map(([source]) => source)),
          key_paths: listValue(timeKeys.map(([, path]) => path)),
        });
  return statsOf(times, reasons, unreadable);
}

/** The statistics from the rows of their three statements (the time range, the rejects by reason, the unread times). */
function statsOf(times: Row | undefined, reasons: readonly Row[], unreadable: Row | undefined): RunStats {
  return {
    recordsWithoutTs: Number(times?.no_ts ?? 0),
    recordsWithUnreadableTs: Number(unreadable?.records ?? 0),
    firstTs: (times?.first_ts as string | null) ?? null,
    lastTs: (times?.last_ts as string | null) ?? null,
    rejectsByReason: new Map(reasons.map((r) => [String(r.reason), Number(r.n)])),
  };
}

/** Both runs' statistics as one (times are ISO strings of one width, so they compare as text). */
export function mergeStats(a: RunStats, b: RunStats): RunStats {
  const rejectsByReason = new Map(a.rejectsByReason);
  for (const [reason, n] of b.rejectsByReason) rejectsByReason.set(reason, (rejectsByReason.get(reason) ?? 0) + n);
  return {
    recordsWithoutTs: a.recordsWithoutTs + b.recordsWithoutTs,
    recordsWithUnreadableTs: a.recordsWithUnreadableTs + b.recordsWithUnreadableTs,
    firstTs: earlier(a.firstTs, b.firstTs),
    lastTs: later(a.lastTs, b.lastTs),
    rejectsByReason,
  };
}

function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}
