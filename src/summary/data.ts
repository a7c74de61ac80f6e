// The numbers the terminal dashboard shows, from the rollups (src/rollups: the same numbers as
// `logmeter query`), read in one place. The renderer (render.ts) takes this shape and nothing
// else, so it stays pure and testable.

import type { Database } from '../db.js';
import { runRollup, type RollupConfig, type RollupParams } from '../rollups/index.js';

export type Health = 'healthy' | 'degraded' | 'unhealthy' | 'no data';

export interface DashboardData {
  /** The dashboard's "now": wall-clock time when following, the newest record otherwise. */
  readonly now: string | null;
  /** Start of the window shown, or null for the whole log. */
  readonly since: string | null;
  readonly firstTs: string | null;
  readonly lastTs: string | null;
  readonly health: Health;
  readonly records: number;
  /**
   * Records with no time: `counted` are among `records` (the whole log is shown); `leftOut` are
   * not: a window (or a clock) gives a range, and a range leaves them out.
   */
  readonly withoutTs: { readonly counted: number; readonly leftOut: number };
  readonly errors: number;
  readonly errorRate: number | null;
  readonly activeSessions: number;
  readonly llmCalls: number;
  readonly rate: {
    readonly basis: 'request' | 'llm_call';
    readonly bucketSeconds: number;
    /**
     * Per bucket, as a rate per minute. A bucket the range cuts (its first and last) is prorated
     * to the part inside the range, and left out when less than half of it is inside.
     */
    readonly perMinute: readonly number[];
    /** The 60 seconds up to now. */
    readonly current: number;
    /** The busiest minute: the busiest calendar minute, or the last 60 seconds when busier. */
    readonly peak: number;
    /** Over the range's actual length, not the calendar minutes it touches. */
    readonly avg: number;
  };
  readonly latency: readonly { model: string; calls: number; p50: number | null; p95: number | null; p99: number | null }[];
  /** The request records (kind request) in range: how many, how many failed, their latency percentiles. */
  readonly requests?: { readonly count: number; readonly failed: number; readonly p50: number | null; readonly p95: number | null; readonly p99: number | null };
  /** Rows left out of latency, workflows and fileOps (ROWS of each are shown). */
  readonly hidden: { readonly models: number; readonly workflows: number; readonly fileOps: number };
  readonly today: {
    readonly day: string | null;
    readonly tokensIn: number;
    readonly tokensOut: number;
    /** The parts of tokensIn read from and written to a prompt cache (priced apart). */
    readonly cacheReadTokens: number;
    readonly cacheWriteTokens: number;
    /**
     * Logged costs, and computed ones from model prices where the log states none; null when
     * there are calls and none has a known cost (unknown, never a silent $0).
     */
    readonly costUsd: number | null;
    readonly unpricedCalls: number;
  };
  readonly workflows: readonly { workflow: string; runs: number; success: number; failed: number; p95Ms: number | null }[];
  readonly fileOps: readonly { op: string; count: number; errors: number; bytes: number }[];
  readonly rejects: readonly { reason: string; count: number }[];
}

export interface GatherOptions {
  /** Wall-clock now (follow mode); default: the newest record's time. */
  readonly now?: Date;
  /** Show only the last this-many milliseconds before now. */
  readonly windowMs?: number;
  /** Most sparkline columns. */
  readonly columns?: number;
  /** Rejected lines to show instead of the rejects table's (follow mode counts them per window). */
  readonly rejects?: readonly { reason: string; count: number }[];
  /** logmeter.yml's rollup settings (health thresholds, prices, session idle time). */
  readonly config?: RollupConfig;
}

const NICE_BUCKETS_S = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800];
export const ROWS = 6;
const DAY_MS = 86_400_000;
const WEEK_S = 604_800;

export function chooseBucketSeconds(rangeMs: number, columns: number): number {
  for (const b of NICE_BUCKETS_S) if (rangeMs / (b * 1000) <= columns) return b;
  // Past a week a bucket, whole weeks: one record stamped 9999-01-01 (a clock gone wrong) spans
  // 400,000 weeks, which no fixed largest bucket keeps to a sparkline's columns.
  return WEEK_S * Math.ceil(rangeMs / (WEEK_S * 1000 * columns));
}

/** A bucket of whole seconds as --bucket text, in its largest exact unit: parseBucket takes N up to 100,000. */
export function bucketText(seconds: number): string {
  for (const [unit, size] of [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60]] as const) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export async function gatherDashboard(db: Database, options: GatherOptions = {}): Promise<DashboardData> {
  const columns = options.columns ?? 60;
  // The range: [now - window, now] when a window or a clock is given, else the whole log.
  const stats = await db.one('SELECT max(ts) AS ts, count(*) FILTER (WHERE ts IS NULL) AS without_ts FROM events');
  const newest = iso(stats?.ts);
  const nowIso = options.now ? options.now.toISOString() : newest;
  const nowMs = nowIso ? Date.parse(nowIso) : Date.now();
  const since = options.windowMs !== undefined ? new Date(nowMs - options.windowMs).toISOString() : null;
  // `until` is exclusive: one millisecond past now keeps a record logged at now.
  const range: RollupParams = {
    ...(options.config ? { config: options.config } : {}),
    ...(since ? { since } : {}),
    ...(options.now || since ? { until: new Date(nowMs + 1).toISOString(), now: new Date(nowMs).toISOString() } : {}),
  };

  const o = (await runRollup(db, 'overview', range)).rows[0] ?? {};
  const records = num(o.records);
  const basis = o.rate_basis === 'llm_call' ? 'llm_call' : 'request';
  const rangeStart = since ?? iso(o.first_ts);

  let perMinute: number[] = [];
  let bucketSeconds = 60;
  let rangeCount = 0;
  // The time the newest record stands for when no clock ends the range (below).
  let tailMs = 0;
  if (rangeStart !== null && records > 0) {
    bucketSeconds = chooseBucketSeconds(nowMs - Date.parse(rangeStart), columns);
    const rates = await runRollup(db, 'rates', { ...range, since: rangeStart, until: new Date(nowMs + 1).toISOString(), kind: basis, bucket: bucketText(bucketSeconds), by: 'none' });
    const counted = rates.rows.filter((r) => r.bucket_start !== null && r.bucket_start !== undefined);
    rangeCount = counted.reduce((n, r) => n + num(r.count), 0);
    // Without a clock the range ends at the newest record, which stands for the time up to the
    // next one, the mean gap between records. Counted over the range alone, the last bucket of a
    // steady rate held one record more than its part inside (a record every 5 min, 23:30 to 23:55
    // in a 30-min bucket: 6 records over 25 min, drawn as 0.24 a minute beside 0.2).
    const gaps = since ? rangeCount : rangeCount - 1;
    tailMs = options.now || gaps <= 0 ? 0 : (nowMs - Date.parse(rangeStart)) / gaps;
    perMinute = wholeBucketRates(
      counted.map((r) => ({ startMs: Date.parse(String(r.bucket_start)), count: num(r.count) })),
      bucketSeconds,
      Date.parse(rangeStart),
      nowMs,
      tailMs,
    );
  }
  // The rate over the range's actual length: a 1-minute window that is not aligned to the minute
  // touches two calendar minutes, and the overview's avg divides by both. The newest record stands
  // for the time after it, as in the buckets: two records a minute apart are 1 a minute, not 2 (an
  // average above the peak).
  const rangeMinutes = rangeStart !== null ? Math.max(1, (nowMs + tailMs - Date.parse(rangeStart)) / 60_000) : 1;
  const current = num(o.requests_per_min_current);

  // The whole UTC day, whatever the window: the panel says TODAY (a follow feed keeps the day's usage records).
  const dayStart = nowIso ? Math.floor(nowMs / DAY_MS) * DAY_MS : undefined;
  const today =
    dayStart !== undefined
      ? (await runRollup(db, 'overview', { ...(options.config ? { config: options.config } : {}), since: new Date(dayStart).toISOString(), until: new Date(nowMs + 1).toISOString(), now: new Date(nowMs).toISOString() })).rows[0] ?? {}
      : {};

  const allLatency = (await runRollup(db, 'latency', { ...range, by: 'model' })).rows
    .map((r) => ({ model: r.model === null || r.model === undefined ? 'unknown' : String(r.model), calls: num(r.count), p50: numOrNull(r.p50), p95: numOrNull(r.p95), p99: numOrNull(r.p99) }))
    .sort((a, b) => b.calls - a.calls || a.model.localeCompare(b.model));
  const requestCounts = (await runRollup(db, 'errors', { ...range, by: 'none', kind: 'request' })).rows[0];
  const requestLatency = num(requestCounts?.count) > 0 ? (await runRollup(db, 'latency', { ...range, by: 'none', kind: 'request' })).rows[0] : undefined;
  const allWorkflows = (await runRollup(db, 'workflows', { ...range, by: 'workflow' })).rows
    .map((r) => ({ workflow: r.workflow === null || r.workflow === undefined ? 'unknown' : String(r.workflow), runs: num(r.runs), success: num(r.success), failed: num(r.failed), p95Ms: numOrNull(r.p95) }))
    .sort((a, b) => b.runs - a.runs || a.workflow.localeCompare(b.workflow));
  const allFileOps = (await runRollup(db, 'file_ops', { ...range, by: 'op' })).rows
    .map((r) => ({ op: r.op === null || r.op === undefined ? 'unknown' : String(r.op), count: num(r.count), errors: num(r.errors), bytes: num(r.bytes) }))
    .sort((a, b) => b.count - a.count || a.op.localeCompare(b.op));
  let rejects = options.rejects;
  if (!rejects) {
    const byReason = new Map<string, number>();
    for (const r of (await runRollup(db, 'rejects')).rows) byReason.set(String(r.reason), (byReason.get(String(r.reason)) ?? 0) + num(r.count));
    rejects = [...byReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => Number(a.reason === 'empty') - Number(b.reason === 'empty') || b.count - a.count);
  }

  return {
    now: nowIso,
    since,
    firstTs: iso(o.first_ts),
    lastTs: iso(o.last_ts),
    health: records === 0 ? 'no data' : ((o.health as Health | undefined) ?? 'no data'),
    records,
    withoutTs: { counted: num(o.records_without_ts), leftOut: num(stats?.without_ts) - num(o.records_without_ts) },
    errors: num(o.errors),
    errorRate: numOrNull(o.error_rate),
    activeSessions: num(o.active_sessions),
    llmCalls: num(o.llm_calls),
    rate: {
      basis,
      bucketSeconds,
      perMinute,
      current,
      peak: Math.max(num(o.requests_per_min_peak), current),
      avg: rangeStart !== null && records > 0 ? rangeCount / rangeMinutes : num(o.requests_per_min_avg),
    },
    latency: allLatency.slice(0, ROWS),
    requests: {
      count: num(requestCounts?.count),
      failed: num(requestCounts?.errors),
      p50: numOrNull(requestLatency?.p50),
      p95: numOrNull(requestLatency?.p95),
      p99: numOrNull(requestLatency?.p99),
    },
    hidden: {
      models: Math.max(0, allLatency.length - ROWS),
      workflows: Math.max(0, allWorkflows.length - ROWS),
      fileOps: Math.max(0, allFileOps.length - ROWS),
    },
    today: {
      day: nowIso ? nowIso.slice(0, 10) : null,
      tokensIn: num(today.tokens_in),
      tokensOut: num(today.tokens_out),
      cacheReadTokens: num(today.cache_read_tokens),
      cacheWriteTokens: num(today.cache_write_tokens),
      costUsd: today.cost_usd === null && num(today.unpriced_calls) > 0 ? null : num(today.cost_usd),
      unpricedCalls: num(today.unpriced_calls),
    },
    workflows: allWorkflows.slice(0, ROWS),
    fileOps: allFileOps.slice(0, ROWS),
    rejects,
  };
}

/**
 * Buckets of `bucketSeconds` as rates per minute over [fromMs, untilMs]. The range cuts its first
 * and last bucket: each is prorated to the part inside the range, so a steady rate draws a flat
 * line, and left out when less than half of it is inside (a few seconds would make a spike).
 * `tailMs`: when the range ends at a record, the time that record stands for after it (about the
 * gap to the next one); the last bucket's rate is over its part inside the range plus that much.
 */
export function wholeBucketRates(buckets: readonly { startMs: number; count: number }[], bucketSeconds: number, fromMs: number, untilMs: number, tailMs = 0): number[] {
  const widthMs = bucketSeconds * 1000;
  const out: number[] = [];
  for (const b of buckets) {
    const startMs = Math.max(b.startMs, fromMs);
    const endMs = b.startMs + widthMs;
    if (Math.min(endMs, untilMs) - startMs < widthMs / 2) continue;
    out.push((b.count * 60_000) / (Math.min(endMs, untilMs + tailMs) - startMs));
  }
  // A range shorter than half a bucket: its buckets as they are, rather than no line at all.
  return out.length > 0 || buckets.length === 0 ? out : buckets.map((b) => (b.count * 60) / bucketSeconds);
}
