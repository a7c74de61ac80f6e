// The numbers the terminal dashboard shows, read from a database in one place. The renderer
// (render.ts) takes this shape and nothing else, so it stays pure and testable.

import type { Database } from '../db.js';
import { readSqlFile } from '../sql-files.js';

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
  readonly errors: number;
  readonly errorRate: number | null;
  readonly llmP95Ms: number | null;
  readonly rate: {
    readonly basis: 'request' | 'llm_call';
    readonly bucketSeconds: number;
    /** Per bucket, as a rate per minute. */
    readonly perMinute: readonly number[];
    readonly current: number;
    readonly peak: number;
    readonly avg: number;
  };
  readonly latency: readonly { model: string; calls: number; errors: number; p50: number | null; p95: number | null; p99: number | null }[];
  readonly today: { readonly day: string | null; readonly tokensIn: number; readonly tokensOut: number; readonly costUsd: number; readonly costRecords: number };
  readonly sessions: { readonly total: number; readonly active: number };
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
}

/** Health thresholds, as the overview rollup's defaults: error rate and LLM p95 latency. */
export const HEALTH = { errorRateDegraded: 0.05, errorRateUnhealthy: 0.1, p95DegradedMs: 1000, p95UnhealthyMs: 5000 } as const;

const NICE_BUCKETS_S = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800];
const ROWS = 6;

export function chooseBucketSeconds(rangeMs: number, columns: number): number {
  for (const b of NICE_BUCKETS_S) if (rangeMs / (b * 1000) <= columns) return b;
  return NICE_BUCKETS_S[NICE_BUCKETS_S.length - 1] as number;
}

export function healthOf(records: number, errorRate: number | null, p95: number | null): Health {
  if (records === 0) return 'no data';
  const rate = errorRate ?? 0;
  if (rate > HEALTH.errorRateUnhealthy || (p95 ?? 0) > HEALTH.p95UnhealthyMs) return 'unhealthy';
  if (rate > HEALTH.errorRateDegraded || (p95 ?? 0) > HEALTH.p95DegradedMs) return 'degraded';
  return 'healthy';
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export async function gatherDashboard(db: Database, options: GatherOptions = {}): Promise<DashboardData> {
  const columns = options.columns ?? 60;
  const newest = iso((await db.one(readSqlFile('summary/now.sql')))?.now);
  const nowIso = options.now ? options.now.toISOString() : newest;
  const nowMs = nowIso ? Date.parse(nowIso) : Date.now();
  const sinceMs = options.windowMs !== undefined ? nowMs - options.windowMs : undefined;
  const since = sinceMs !== undefined ? new Date(sinceMs).toISOString() : null;
  const now = new Date(nowMs).toISOString();
  const params = { since, now };

  const h = (await db.one(readSqlFile('summary/headline.sql'), params)) ?? {};
  const records = num(h.records);
  const errorRate = numOrNull(h.error_rate);
  const llmP95Ms = numOrNull(h.llm_p95_ms);

  const rangeStart = since ?? iso(h.first_ts);
  let rate: DashboardData['rate'] = { basis: 'request', bucketSeconds: 60, perMinute: [], current: 0, peak: 0, avg: 0 };
  if (rangeStart !== null && records > 0) {
    const bucketSeconds = chooseBucketSeconds(nowMs - Date.parse(rangeStart), columns);
    const rows = await db.all(readSqlFile('summary/rate.sql'), { since: rangeStart, now, bucket_seconds: bucketSeconds });
    const perMinute = rows.map((r) => (num(r.n) * 60) / bucketSeconds);
    rate = {
      basis: rows[0]?.basis === 'llm_call' ? 'llm_call' : 'request',
      bucketSeconds,
      perMinute,
      current: perMinute[perMinute.length - 1] ?? 0,
      peak: Math.max(0, ...perMinute),
      avg: perMinute.length ? perMinute.reduce((a, b) => a + b, 0) / perMinute.length : 0,
    };
  }
  const listParams = { ...params, limit: ROWS };
  const latency = (await db.all(readSqlFile('summary/latency.sql'), listParams)).map((r) => ({
    model: String(r.model),
    calls: num(r.calls),
    errors: num(r.errors),
    p50: numOrNull(r.p50),
    p95: numOrNull(r.p95),
    p99: numOrNull(r.p99),
  }));
  const workflows = (await db.all(readSqlFile('summary/workflows.sql'), listParams)).map((r) => ({
    workflow: String(r.workflow),
    runs: num(r.runs),
    success: num(r.success),
    failed: num(r.failed),
    p95Ms: numOrNull(r.p95_ms),
  }));
  const fileOps = (await db.all(readSqlFile('summary/file-ops.sql'), listParams)).map((r) => ({
    op: String(r.op),
    count: num(r.count),
    errors: num(r.errors),
    bytes: num(r.bytes),
  }));
  const rejects = options.rejects ?? (await db.all(readSqlFile('summary/rejects.sql'))).map((r) => ({ reason: String(r.reason), count: num(r.count) }));

  return {
    now: nowIso,
    since,
    firstTs: iso(h.first_ts),
    lastTs: iso(h.last_ts),
    health: healthOf(records, errorRate, llmP95Ms),
    records,
    errors: num(h.errors),
    errorRate,
    llmP95Ms,
    rate,
    latency,
    today: {
      day: nowIso ? nowIso.slice(0, 10) : null,
      tokensIn: num(h.tokens_in_today),
      tokensOut: num(h.tokens_out_today),
      costUsd: num(h.cost_usd_today),
      costRecords: num(h.cost_records_today),
    },
    sessions: { total: num(h.sessions), active: num(h.active_sessions) },
    workflows,
    fileOps,
    rejects,
  };
}
