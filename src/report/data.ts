// The report's one door to the numbers: every chart, tile and table asks for a rollup here, and
// each distinct request (rollup + parameters) runs once. The report's own parameters (--since,
// --until, the configuration, the bucket every time chart shares) are added to each request.

import type { Database } from '../db.js';
import { chooseBucket, parseBucket, parseTime, rollupSpec, runRollup, type RollupParams, type RollupResult, type RollupTable } from '../rollups/index.js';
import type { Binding, Row } from './charts.js';

export interface ReportParams {
  readonly since?: string;
  readonly until?: string;
  readonly config?: RollupParams['config'];
  readonly clock?: () => Date;
}

const DAY_MS = 86_400_000;

/** Buckets for charts over time, finer steps than the rollups' own choice so lines keep their shape. */
const CHART_BUCKETS = ['1m', '5m', '15m', '30m', '1h', '3h', '6h', '12h', '1d', 'week', 'month'];
const MAX_CHART_BUCKETS = 120;

/** The finest bucket that splits a range of `ms` into at most 120 buckets; past months, runs of months. */
export function chartBucket(ms: number): string {
  return CHART_BUCKETS.find((b) => ms / 1000 / parseBucket(b).seconds <= MAX_CHART_BUCKETS) ?? chooseBucket(ms / 1000, MAX_CHART_BUCKETS).text;
}

/** True for a time read against the clock (`24h`, `now`, `today`), false for an absolute one or none. */
function dependsOnClock(flag: string, time: string | undefined): boolean {
  if (time === undefined) return false;
  return parseTime(flag, time, () => new Date(0)).getTime() !== parseTime(flag, time, () => new Date(1e12)).getTime();
}

export class ReportData {
  /** Each part (section) of each distinct request, by JSON [rollup, parameters, part]. */
  private readonly parts = new Map<string, Promise<RollupResult>>();
  /** Seconds the range is known not to exceed (from the overview), so rollups need not measure it. */
  private rangeSecondsAtMost: number | undefined;
  /** The bucket every time chart shares: --bucket, or one chosen for the range (chartBucket). */
  private bucket: string | undefined;
  private overviewRow: Row | undefined;
  private resolvedRange: { since: string | null; until: string | null } = { since: null, until: null };
  private period: 'hour' | 'day' = 'day';

  constructor(
    private readonly db: Database,
    private readonly params: ReportParams,
    bucket?: string,
  ) {
    this.bucket = bucket;
  }

  /** Runs the rollups the rest depends on: overview (headline numbers) and the shared bucket. */
  async prepare(): Promise<void> {
    const overview = await this.rollup('overview');
    this.overviewRow = overview.rows[0] ?? {};
    this.resolvedRange = { since: overview.meta.since, until: overview.meta.until };
    const span = this.rangeMs;
    this.period = span !== null && span < DAY_MS ? 'hour' : 'day';
    // Every other rollup filters this range further (by kind), so its span is no longer. The
    // overview's times are whole milliseconds; the margin covers the microseconds they drop. A
    // relative --until is read again by each rollup, later, so it may reach further: no bound then.
    if (span !== null && span >= 0 && !dependsOnClock('--until', this.params.until)) this.rangeSecondsAtMost = span / 1000 + 0.002;
    if (this.bucket === undefined) {
      const span = this.rangeMs;
      this.bucket = span !== null && span > 0 ? chartBucket(span) : ((await this.rollup('rates')).meta.bucket ?? undefined);
    }
  }

  get overview(): Row {
    if (!this.overviewRow) throw new Error('ReportData.prepare() first');
    return this.overviewRow;
  }

  /** --since and --until as ISO times (relative ones resolved), or null. */
  get range(): { since: string | null; until: string | null } {
    return this.resolvedRange;
  }

  /**
   * The time the overview counts "current" and "active" at: --until, else the last record's time
   * (queries/_prelude.sql, span.now; the report takes no --now). Null without times.
   */
  get now(): string | null {
    const lastTs = this.overview.last_ts;
    return this.resolvedRange.until ?? (typeof lastTs === 'string' ? lastTs : null);
  }

  /**
   * Records of the input without a time. A range leaves them out of every rollup (the overview's
   * records_without_ts is then 0), so they are counted over the whole input.
   */
  async recordsWithoutTs(): Promise<number> {
    if (this.resolvedRange.since === null && this.resolvedRange.until === null) return Number(this.overview.records_without_ts ?? 0) || 0;
    return Number((await this.db.one('SELECT count(*) AS n FROM events WHERE ts IS NULL'))?.n ?? 0);
  }

  /** The calendar grouping (`--by`) of per-period charts: hour for a range under a day, else day. */
  get periodBy(): 'hour' | 'day' {
    return this.period;
  }

  /** The range's length in ms, or null without times. */
  get rangeMs(): number | null {
    const o = this.overview;
    const span = Date.parse(String(this.resolvedRange.until ?? o.last_ts ?? '')) - Date.parse(String(this.resolvedRange.since ?? o.first_ts ?? ''));
    return Number.isFinite(span) ? span : null;
  }

  get sharedBucket(): string | undefined {
    return this.bucket;
  }

  /**
   * A rollup result with the report's parameters added: every part (section), or only `parts`
   * (by name; the main one is named as the rollup). Each part of each request runs once, and
   * only the parts nobody asked for yet run.
   */
  async rollup(name: string, params: Record<string, unknown> = {}, parts?: readonly string[]): Promise<RollupResult> {
    const spec = rollupSpec(name);
    // Rollups without filters (rejects: lines have no time) take no range.
    const range = spec.filters ? { since: this.params.since, until: this.params.until } : {};
    const full: RollupParams = { ...range, config: this.params.config, clock: this.params.clock, ...params };
    const request = JSON.stringify([name, { ...full, config: undefined, clock: undefined }]);
    const wanted = spec.sections.map((s) => s.name).filter((n) => parts === undefined || parts.includes(n));
    const unknown = parts?.find((p) => !wanted.includes(p));
    if (unknown !== undefined) throw new Error(`rollup ${name} has no section ${unknown}`);
    const key = (part: string) => `${request}\u0000${part}`;
    const missing = wanted.filter((part) => !this.parts.has(key(part)));
    if (missing.length > 0) {
      const bound = this.rangeSecondsAtMost !== undefined && spec.filters ? { rangeSecondsAtMost: this.rangeSecondsAtMost } : {};
      const run = runRollup(this.db, name, { ...full, ...bound, sections: missing });
      for (const part of missing) this.parts.set(key(part), run);
    }
    const results = await Promise.all(wanted.map((part) => this.parts.get(key(part)) as Promise<RollupResult>));
    const sections = wanted.map((part, i) => (results[i] as RollupResult).sections.find((s) => s.name === part) as RollupTable);
    const main = sections.find((s) => s.name === spec.sections[0]?.name);
    const first = results[0] as RollupResult;
    return { ...first, columns: main?.columns ?? [], rows: main?.rows ?? [], sections };
  }

  /** One part (section) of a rollup as a chart binds it; bucketed rows carry `bucket_seconds`. */
  async table(binding: Binding): Promise<RollupTable> {
    const part = binding.part ?? binding.rollup;
    const result = await this.rollup(binding.rollup, this.resolve(binding.params), [part]);
    const table = result.sections.find((s) => s.name === part);
    if (!table) throw new Error(`rollup ${binding.rollup} has no section ${binding.part ?? ''}`);
    const seconds = result.meta.bucket ? parseBucket(result.meta.bucket).seconds : undefined;
    if (seconds === undefined || !table.columns.includes('bucket_start')) return table;
    return { ...table, rows: table.rows.map((r) => ({ ...r, bucket_seconds: seconds })) };
  }

  /** `bucket: "auto"` is the shared bucket, `by: "auto"` the period; `"$column"` is that column of the overview row. */
  private resolve(params: Binding['params']): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) {
      if (key === 'bucket' && value === 'auto') out.bucket = this.bucket;
      else if (key === 'by' && value === 'auto') out.by = this.period;
      else if (typeof value === 'string' && value.startsWith('$')) out[key] = this.overview[value.slice(1)] ?? undefined;
      else out[key] = value;
    }
    return out;
  }
}

export type { Row };
