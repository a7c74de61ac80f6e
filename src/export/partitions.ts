// The Parquet layout `logmeter export --parquet DIR` writes, and choosing the files a command
// needs. Pure: paths and times in, paths out.
//
//   DIR/day=YYYY-MM-DD/kind=KIND/part-<uuid>.parquet      (day is the UTC date; 'unknown' when no time)
//
// Pruning is conservative: a file is skipped only when its day cannot hold a row in the range,
// and a bound that cannot be read leaves the files in. The command still filters rows by time.

export const UNKNOWN_DAY = 'unknown';
const DAY_MS = 86_400_000;

export interface PartitionKey {
  readonly day?: string;
  readonly kind?: string;
}

/** The hive keys of a path (`.../day=2026-03-02/kind=llm_call/part-x.parquet`). */
export function partitionOf(file: string): PartitionKey {
  const key: { day?: string; kind?: string } = {};
  for (const segment of file.split(/[\\/]/)) {
    const eq = segment.indexOf('=');
    if (eq <= 0) continue;
    const name = segment.slice(0, eq);
    const value = decodeURIComponent(segment.slice(eq + 1));
    if (name === 'day') key.day = value;
    else if (name === 'kind') key.kind = value;
  }
  return key;
}

/** The time range as the user wrote it (--since, --until): ISO times, dates, or relative (24h, 7d). */
export interface RawTimeRange {
  readonly since?: string;
  readonly until?: string;
}

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

function relativeMs(text: string): number | undefined {
  const m = RELATIVE.exec(text.trim());
  return m ? Number(m[1]) * (UNIT_MS[m[2] as string] as number) : undefined;
}

/** Zone-less times may be read in any --tz: widen them by the largest UTC offset. */
const ZONE_SLACK_MS = 14 * 3_600_000;

function absoluteMs(text: string, side: -1 | 1): number | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(t);
  const ms = Date.parse(zoned ? t : /^\d{4}-\d{2}-\d{2}$/.test(t) ? t + 'T00:00:00Z' : t.replace(' ', 'T') + 'Z');
  if (Number.isNaN(ms)) return undefined;
  return zoned ? ms : ms + side * ZONE_SLACK_MS;
}

/**
 * The earliest instant and the latest instant any row in range can have, in ms, or undefined for
 * an open side. A relative `since` (24h) may be measured from now or from the newest record, so
 * it is measured from the earlier of now and the start of the newest day present (the newest
 * record is no earlier than that).
 */
export function rangeBounds(range: RawTimeRange, now: number, newestDayStart: number | undefined): { from?: number; to?: number } {
  const out: { from?: number; to?: number } = {};
  if (range.since !== undefined) {
    const rel = relativeMs(range.since);
    const reference = Math.min(now, newestDayStart ?? now);
    out.from = rel !== undefined ? reference - rel : absoluteMs(range.since, -1);
  }
  if (range.until !== undefined && relativeMs(range.until) === undefined) out.to = absoluteMs(range.until, 1);
  return out;
}

/** Whether a day partition (a UTC date: rows in [day, day + 24h)) may hold rows in [from, to]. */
export function keepsDay(day: string | undefined, bounds: { from?: number; to?: number }): boolean {
  if (bounds.from === undefined && bounds.to === undefined) return true;
  // Rows without a time never match a time filter.
  if (day === UNKNOWN_DAY) return false;
  const start = day === undefined ? NaN : Date.parse(day + 'T00:00:00Z');
  if (Number.isNaN(start)) return true;
  if (bounds.from !== undefined && start + DAY_MS <= bounds.from) return false;
  if (bounds.to !== undefined && start > bounds.to) return false;
  return true;
}

/** The files a command with this time range needs. */
export function pruneFiles(files: readonly string[], range: RawTimeRange, now: number): string[] {
  const days = files.map((f) => partitionOf(f).day).filter((d): d is string => d !== undefined && d !== UNKNOWN_DAY);
  let newest = -Infinity;
  for (const d of days) {
    const t = Date.parse(d + 'T00:00:00Z');
    if (t > newest) newest = t;
  }
  const bounds = rangeBounds(range, now, Number.isFinite(newest) ? newest : undefined);
  return files.filter((f) => keepsDay(partitionOf(f).day, bounds));
}
