// The common rollup parameters, raw (as a user or a caller writes them) and resolved (checked and
// ready to bind). Pure: times are read against an injected clock; --where and --by are compiled
// by src/query-language into SQL fragments whose values are bound parameters.

import { compileByList, compileFilterAst, filterReadsColumn, ParamSink, parseFilter, type Params } from '../query-language/index.js';
import { KINDS } from '../schema.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';

/** Parameters as given: strings as on the command line, or already-parsed values. */
export interface RawRollupParams {
  /** ISO time (zone-less is UTC), a relative one such as `24h` or `7d` (before now), `now`, `today`. */
  readonly since?: string | Date;
  /** As since; the range is [since, until). */
  readonly until?: string | Date;
  /**
   * The reference time for "current" and "active"; default: until, else the last record's time.
   * Without until, the range ends at it, and a record logged at it is in the range.
   */
  readonly now?: string | Date;
  /** `1m`, `5m`, `1h`, `1d`, any `N(s|m|h|d|w)`, or `minute`, `hour`, `day`, `week`, `month`. */
  readonly bucket?: string;
  /** `--by`: canonical columns, `attrs.x.y`, `day`, `hour`, `weekday`; `none` for no grouping. */
  readonly by?: string | readonly string[];
  /** Kinds, comma-separated or as a list; `all` lifts a rollup's default kind. */
  readonly kind?: string | readonly string[];
  /** `--where` in the filter language, e.g. `model = 'gpt-4o' and ok`. */
  readonly where?: string;
  /** How many rows the "top" sections list; default 10. */
  readonly top?: number;
}

export interface Bucket {
  /** As the user wrote it, e.g. `5m`. */
  readonly text: string;
  /** The DuckDB interval text it binds as, e.g. `5 minutes`, `1 month`. */
  readonly interval: string;
  /** Its length in seconds (a month counts 30 days), for choosing and capping bucket counts. */
  readonly seconds: number;
  /** True for calendar months, whose length varies. */
  readonly months?: boolean;
}

export interface DimensionSql {
  readonly label: string;
  readonly sql: string;
  /** The events column it reads, when it is one. */
  readonly column?: string;
}

/**
 * A --since, --until or --now read to the microsecond, as events keep their times: a Date stops at
 * the millisecond, and a bound cut to it put a record logged 0.1 ms before it inside the range.
 */
export interface TimePoint {
  /** The time to the millisecond. */
  readonly date: Date;
  /** The microseconds past `date` (0-999). */
  readonly micros: number;
  /** ISO text in UTC with every digit kept (`...10:00:00.123500Z`; `...10:00:00.000Z` without microseconds): what is bound. */
  readonly iso: string;
}

export interface ResolvedParams {
  readonly since: TimePoint | null;
  /** --until, else one microsecond past --now when that is given (the range ends at it, inclusive), else null. */
  readonly until: TimePoint | null;
  readonly now: TimePoint | null;
  readonly bucket: Bucket | null;
  /** null: --by not given (the rollup's default applies); []: explicitly none. */
  readonly by: readonly DimensionSql[] | null;
  readonly byParams: Params;
  readonly kinds: readonly string[] | 'all' | null;
  /** readsCost: the filter reads cost_usd, which the rollup then reads as priced_events has it. */
  readonly where: { readonly text: string; readonly sql: string; readonly params: Params; readonly readsCost: boolean } | null;
  readonly top: number;
}

export const DEFAULT_TOP = 10;

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const UNIT_NAMES: Readonly<Record<string, string>> = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days' };
const NAMED_BUCKETS: Readonly<Record<string, Bucket>> = {
  minute: { text: 'minute', interval: '1 minute', seconds: 60 },
  hour: { text: 'hour', interval: '1 hour', seconds: 3600 },
  day: { text: 'day', interval: '1 day', seconds: 86_400 },
  today: { text: 'day', interval: '1 day', seconds: 86_400 },
  week: { text: 'week', interval: '7 days', seconds: 604_800 },
  month: { text: 'month', interval: '1 month', seconds: 2_592_000, months: true },
};

export function parseBucket(text: string): Bucket {
  // Units are case-insensitive, but Grafana and pandas read `1M` as a month: refuse to guess.
  if (/^\d+\s*M$/.test(text.trim())) throw new UsageError(messages.bucketUnitAmbiguous(text));
  const trimmed = text.trim().toLowerCase();
  const named = NAMED_BUCKETS[trimmed];
  if (named) return named;
  const m = /^(\d+)\s*(s|m|h|d|w|mo)$/.exec(trimmed);
  const n = m ? Number(m[1]) : 0;
  if (!m || n <= 0 || n > 100_000) throw new UsageError(messages.badBucket(text));
  const unit = m[2] as string;
  if (unit === 'mo') return { text: trimmed, interval: `${n} months`, seconds: n * 2_592_000, months: true };
  if (unit === 'w') return { text: trimmed, interval: `${n * 7} days`, seconds: n * UNIT_SECONDS.w! };
  return { text: trimmed, interval: `${n} ${UNIT_NAMES[unit]}`, seconds: n * UNIT_SECONDS[unit]! };
}

/** Buckets an automatic choice picks from, finest first. */
export const AUTO_BUCKETS: readonly Bucket[] = ['1m', '5m', '1h', '1d', 'week', 'month'].map(parseBucket);

/**
 * The finest bucket that splits `seconds` into at most `maxBuckets` buckets. Past a month a bucket,
 * a run of months (2, 3, 6, 12, then whole years): one record stamped 9999-01-01 by a clock gone
 * wrong spans 95,000 months, which as monthly buckets made a 30 MB report.
 */
export function chooseBucket(seconds: number, maxBuckets = 150): Bucket {
  const fixed = AUTO_BUCKETS.find((b) => seconds / b.seconds < maxBuckets);
  if (fixed) return fixed;
  const months = Math.ceil(seconds / NAMED_BUCKETS.month!.seconds / maxBuckets);
  const nice = [1, 2, 3, 6, 12].find((n) => n >= months) ?? 12 * Math.ceil(months / 12);
  return nice === 1 ? NAMED_BUCKETS.month! : parseBucket(`${nice}mo`);
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RELATIVE = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i;

/** `--since`/`--until`: ISO (zone-less is UTC), relative to `clock` (`24h` = 24 hours ago), `now`, `today`, `yesterday`. */
export function parseTime(flag: string, value: string | Date, clock: () => Date): Date {
  return parseTimePoint(flag, value, clock).date;
}

/** As parseTime, keeping the microseconds an ISO time gives (further digits are cut, as the events' are). */
export function parseTimePoint(flag: string, value: string | Date, clock: () => Date): TimePoint {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new UsageError(messages.badTime(flag, String(value)));
    return timePoint(value);
  }
  const text = value.trim();
  const lower = text.toLowerCase();
  if (lower === 'now') return timePoint(clock());
  if (lower === 'today' || lower === 'yesterday') {
    const now = clock();
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    return timePoint(new Date(lower === 'today' ? midnight : midnight - 86_400_000));
  }
  const rel = RELATIVE.exec(text);
  if (rel) return timePoint(new Date(clock().getTime() - Number(rel[1]) * (UNIT_SECONDS[(rel[2] as string).toLowerCase()] as number) * 1000));
  const m = ISO_TIME.exec(text);
  if (m) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
    const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${offset}`;
    const date = new Date(iso);
    // frac is '.' and 1-9 digits: the 4th to 6th are the microseconds past the millisecond
    if (!Number.isNaN(date.getTime()) && validCalendar(Number(y), Number(mo), Number(d))) return timePoint(date, Number(frac.slice(4, 7).padEnd(3, '0')));
  }
  throw new UsageError(messages.badTime(flag, text));
}

export function timePoint(date: Date, micros = 0): TimePoint {
  const ms = date.toISOString();
  return { date, micros, iso: micros === 0 ? ms : `${ms.slice(0, -1)}${String(micros).padStart(3, '0')}Z` };
}

/** Negative when a is before b, 0 when they are the same microsecond. */
export function compareTimePoints(a: TimePoint, b: TimePoint): number {
  return a.date.getTime() - b.date.getTime() || a.micros - b.micros;
}

/** One microsecond later: the exclusive end of a range that takes in `t` itself. */
function nextMicrosecond(t: TimePoint): TimePoint {
  return t.micros === 999 ? timePoint(new Date(t.date.getTime() + 1)) : timePoint(t.date, t.micros + 1);
}

function validCalendar(y: number, m: number, d: number): boolean {
  // Not Date.UTC(y, ...): it reads a year below 100 as 1900 + y, so 0001-01-01 failed the test.
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function parseKinds(value: string | readonly string[] | undefined): readonly string[] | 'all' | null {
  if (value === undefined) return null;
  const list = (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(',')).map((k) => k.trim()).filter((k) => k !== '');
  if (list.length === 0) return null;
  if (list.length === 1 && list[0]!.toLowerCase() === 'all') return 'all';
  for (const kind of list) {
    if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(messages.unknownKind(kind, KINDS));
  }
  return [...new Set(list)];
}

/** `--by model,attrs.region` (or a list) to SQL per dimension; `none` (or '') is no grouping. */
export function compileBy(value: string | readonly string[]): { dims: DimensionSql[]; params: Params } {
  const text = (typeof value === 'string' ? value : value.join(',')).trim();
  if (text === '' || text.toLowerCase() === 'none') return { dims: [], params: {} };
  const { columns, params } = compileByList(text, { paramPrefix: 'b_' });
  // A date dimension reads as YYYY-MM-DD rather than as a midnight timestamp.
  const dims = columns.map((c) => ({ ...c, sql: c.label === 'day' ? `strftime(${c.sql}, '%Y-%m-%d')` : c.sql }));
  return { dims, params };
}

export function resolveParams(given: RawRollupParams, clock: () => Date = () => new Date()): ResolvedParams {
  // Callers from JavaScript may pass null for "not given".
  const raw = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null && v !== undefined)) as RawRollupParams;
  const now = raw.now === undefined || raw.now === '' ? null : parseTimePoint('--now', raw.now, clock);
  // `--since 24h` is 24 hours before --now when one is given: the last day of an archived log.
  const timesClock = now ? () => now.date : clock;
  const since = raw.since === undefined || raw.since === '' ? null : parseTimePoint('--since', raw.since, timesClock);
  const givenUntil = raw.until === undefined || raw.until === '' ? null : parseTimePoint('--until', raw.until, timesClock);
  // "As of --now": without --until the range ends at --now and takes it in, as "current", the
  // budget and the today/week/month periods do: a record logged at --now counts in all of them.
  const until = givenUntil ?? (now ? nextMicrosecond(now) : null);
  if (since && until && compareTimePoints(since, until) >= 0) {
    throw new UsageError(givenUntil ? messages.sinceNotBeforeUntil(since.iso, until.iso) : messages.sinceAfterNow(since.iso, (now as TimePoint).iso));
  }
  const bucket = raw.bucket === undefined || raw.bucket === '' ? null : parseBucket(raw.bucket);
  const by = raw.by === undefined ? null : compileBy(raw.by);
  const where = raw.where === undefined || raw.where.trim() === '' ? null : compileWhere(raw.where);
  const top = raw.top ?? DEFAULT_TOP;
  if (!Number.isInteger(top) || top <= 0) throw new UsageError(messages.badPositiveInteger('--top', String(top)));
  return { since, until, now, bucket, by: by?.dims ?? null, byParams: by?.params ?? {}, kinds: parseKinds(raw.kind), where, top };
}

/** `--where`, compiled with its values bound as $w_0, $w_1, ... */
function compileWhere(text: string): NonNullable<ResolvedParams['where']> {
  const ast = parseFilter(text);
  const sink = new ParamSink('w_');
  return { text, sql: compileFilterAst(ast, sink), params: sink.params, readsCost: filterReadsColumn(ast, 'cost_usd') };
}
