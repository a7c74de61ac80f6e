// Runs a rollup spec against a database:
//   1. resolve   raw parameters -> checked values and compiled --where/--by fragments (params.ts)
//   2. plan      apply the rollup's defaults (--by, --kind, bucket) and refuse what it does not take
//   3. price     refresh priced_events when the rollup reads cost, unless the run pinned it (prices.ts);
//                the shared SQL macros are created first (src/sql-macros.ts)
//   4. bucket    choose one for the range when the rollup needs one and none was given
//   5. query     each section: prelude + SELECT, with exactly the parameters it uses bound
//   6. shape     the --by struct becomes labelled columns; an unused bucket_start is dropped
//   7. meta      what was asked, what was chosen, the price data's version, and notes for people

import { toPlainValue, type Database, type Row } from '../db.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import type { ParamValue } from '../query-language/index.js';
import { priceDataVersion } from '../pricing/prices.js';
import type { RollupSpec, SectionSpec } from './catalog.js';
import { prelude, sectionStatement, spanStatement } from './compose.js';
import { BUDGET_PARAM_NAMES, budgetParams, gaugeNames, healthThresholds, sessionIdleInterval, type RollupConfig } from './config.js';
import { chooseBucket, compileBy, parseKinds, resolveParams, type Bucket, type DimensionSql, type RawRollupParams } from './params.js';
import { usePricedEvents } from './prices.js';
import { runNamesPinned } from './pin.js';
import { loadMacros } from '../sql-macros.js';

export interface RollupParams extends RawRollupParams {
  /** Thresholds, budget, price overrides, session idle time: from the configuration file. */
  readonly config?: RollupConfig;
  /** The clock relative times (`24h`, `now`) are read against; default the system clock. */
  readonly clock?: () => Date;
  /**
   * Only these sections run (by name; the main section's name is the rollup's); default all. The
   * result lists those that ran, and its `columns` and `rows` are empty when the main one did not.
   */
  readonly sections?: readonly string[];
  /**
   * A length in seconds the filtered range is known not to exceed (the report knows it from the
   * overview of the same range). With a given bucket that cuts this length into no more than
   * MAX_BUCKETS, the range is not measured again just to check the bucket count.
   */
  readonly rangeSecondsAtMost?: number;
}

export interface RollupTable {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
}

export interface RollupMeta {
  readonly rollup: string;
  readonly description: string;
  readonly since: string | null;
  readonly until: string | null;
  /** The reference time as given; the rollups that use it fall back to until, then the last record. */
  readonly now: string | null;
  /** The bucket in effect (e.g. `5m`), or null. */
  readonly bucket: string | null;
  /** True when the bucket was chosen for the range rather than given. */
  readonly bucketChosen: boolean;
  /** The --by labels in effect (the rollup's default when --by was not given). */
  readonly by: readonly string[];
  readonly kind: readonly string[] | null;
  readonly where: string | null;
  /** The price data behind computed costs, for rollups that compute cost; else null. */
  readonly priceData: string | null;
  /** Sentences for people (bucket chosen, prices used, unpriced models). */
  readonly notes: readonly string[];
}

export interface RollupResult {
  readonly name: string;
  readonly description: string;
  /** The main section's columns and rows. */
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  /** Every section, the main one first. */
  readonly sections: readonly RollupTable[];
  readonly meta: RollupMeta;
}

/** Above this many buckets a query is refused: a finer bucket than that is not readable anyway. */
export const MAX_BUCKETS = 100_000;

const locks = new WeakMap<Database, Promise<unknown>>();

/** Runs `spec`; calls on one database are serialised, since they share its temp relations. */
export function runSpec(db: Database, spec: RollupSpec, params: RollupParams = {}, userFile = false): Promise<RollupResult> {
  return serialised(db, () => runUnlocked(db, spec, params, userFile));
}

/** Runs `work` after every earlier call on `db` has finished, and before any later one starts. */
export function serialised<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(db) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  locks.set(db, next);
  return next;
}

/** What a run will do, decided before touching the database: every usage error is raised here. */
export interface RollupPlan {
  readonly resolved: ReturnType<typeof resolveParams>;
  readonly dims: readonly DimensionSql[];
  readonly byParams: Readonly<Record<string, ParamValue>>;
  readonly kinds: readonly string[] | null;
}

/** Resolves the parameters and applies the rollup's defaults; pure, so callers can validate early. */
export function planRollup(spec: RollupSpec, params: RollupParams = {}): RollupPlan {
  const resolved = resolveParams(params, params.clock);
  if (!spec.filters) {
    const given = (['since', 'until', 'where', 'kind', 'by', 'bucket'] as const).find((k) => params[k] !== undefined && params[k] !== null);
    if (given) throw new UsageError(messages.rollupTakesNo(spec.name, `--${given}`));
  }
  if (!spec.byAllowed && resolved.by !== null && resolved.by.length > 0) throw new UsageError(messages.rollupTakesNo(spec.name, '--by'));
  if (spec.bucket === 'none' && resolved.bucket !== null) throw new UsageError(messages.rollupTakesNo(spec.name, '--bucket'));
  let dims: readonly DimensionSql[] = resolved.by ?? [];
  let byParams: Readonly<Record<string, ParamValue>> = resolved.byParams;
  if (resolved.by === null && spec.defaultBy !== null && spec.byAllowed) ({ dims, params: byParams } = compileBy(spec.defaultBy));
  const kinds = resolved.kinds === 'all' ? null : (resolved.kinds ?? (spec.defaultKind === null ? null : (parseKinds(spec.defaultKind) as string[] | null)));
  // The configuration's parts are checked here too, before any input is read.
  healthThresholds(params.config);
  sessionIdleInterval(params.config);
  if (params.config?.budget) budgetParams(params.config.budget);
  return { resolved, dims, byParams, kinds };
}

async function runUnlocked(db: Database, spec: RollupSpec, params: RollupParams, userFile: boolean): Promise<RollupResult> {
  // 1-2. resolve and plan
  const { resolved, dims, byParams, kinds } = planRollup(spec, params);

  // 3. price (and the SQL macros the rollups share with the ingest, on a database no ingest ran on)
  await loadMacros(db);
  const config = params.config;
  // `--where "cost_usd > 0"` and `--by cost_usd` mean the computed cost in every rollup, as in cost,
  // overview, budget and check; events holds only the logged one (docs/ROLLUPS.md, Parameters).
  const readsCost = resolved.where?.readsCost === true || dims.some((d) => d.column === 'cost_usd');
  const source = readsCost ? 'priced_events' : spec.source;
  if (source === 'priced_events') await usePricedEvents(db, { overrides: config?.prices });

  const health = healthThresholds(config);
  const available: Record<string, ParamValue> = {
    since: resolved.since?.iso ?? null,
    until: resolved.until?.iso ?? null,
    now: resolved.now?.iso ?? null,
    bucket: null,
    bucket_us: null,
    kinds: kinds === null ? null : kinds.join(','),
    session_idle: sessionIdleInterval(config),
    gauges: gaugeNames(config),
    top: resolved.top,
    error_rate_degraded: health.errorRateDegraded,
    error_rate_unhealthy: health.errorRateUnhealthy,
    p95_degraded_ms: health.p95DegradedMs,
    p95_unhealthy_ms: health.p95UnhealthyMs,
    ...(config?.budget ? budgetParams(config.budget) : {}),
    ...(resolved.where?.params ?? {}),
    ...byParams,
  };
  const preludeSql = prelude({ source, where: resolved.where?.sql ?? null, dims, pinnedRunNames: runNamesPinned(db) });

  // 4. bucket
  let bucket: Bucket | null = spec.bucket === 'none' ? null : resolved.bucket;
  const chosen = bucket === null && spec.bucket === 'auto';
  const fits = (b: Bucket | null) => b !== null && params.rangeSecondsAtMost !== undefined && params.rangeSecondsAtMost / b.seconds <= MAX_BUCKETS;
  if ((bucket !== null || chosen) && !fits(bucket)) {
    const { rows } = await execute(db, spanStatement(preludeSql), available, userFile);
    const seconds = Number(rows[0]?.seconds ?? 0) || 0;
    if (chosen) bucket = chooseBucket(seconds);
    const count = seconds / (bucket as Bucket).seconds;
    if (count > MAX_BUCKETS) throw new UsageError(messages.tooManyBuckets(Math.ceil(count), (bucket as Bucket).text));
  }
  if (bucket !== null) {
    available.bucket = bucket.interval;
    available.bucket_us = bucket.months ? null : bucket.seconds * 1_000_000;
  }

  // 5-6. query and shape
  const labels = dims.map((d) => d.label);
  const sections: RollupTable[] = [];
  for (const section of sectionsToRun(spec, params.sections)) {
    const table = await execute(db, sectionStatement(preludeSql, section.sql), available, userFile, spec, section);
    sections.push({ name: section.name, description: section.description, ...shapeTable(table, labels, bucket !== null) });
  }
  const main: RollupTable = sections.find((s) => s.name === spec.sections[0]?.name) ?? { name: spec.name, description: spec.description, columns: [], rows: [] };

  // 7. meta
  const priceData = source === 'priced_events' ? priceDataVersion() : null;
  const meta: RollupMeta = {
    rollup: spec.name,
    description: spec.description,
    since: available.since as string | null,
    until: available.until as string | null,
    now: available.now as string | null,
    bucket: bucket?.text ?? null,
    bucketChosen: chosen,
    by: labels,
    kind: kinds,
    where: resolved.where?.text ?? null,
    priceData,
    notes: notesFor([main, ...sections.filter((s) => s !== main)], { bucket: chosen ? bucket : null, priceData }),
  };
  return { name: spec.name, description: spec.description, columns: main.columns, rows: main.rows, sections, meta };
}

function sectionsToRun(spec: RollupSpec, names: readonly string[] | undefined): readonly SectionSpec[] {
  if (names === undefined) return spec.sections;
  const unknown = names.find((n) => !spec.sections.some((s) => s.name === n));
  if (unknown !== undefined) throw new TypeError(`rollup ${spec.name} has no section ${unknown}`);
  return spec.sections.filter((s) => names.includes(s.name));
}

/**
 * Prepares the statement to learn which parameters it uses, binds exactly those (DuckDB refuses
 * extra ones), and runs it. An unknown parameter in a user's file is a usage error.
 */
async function execute(
  db: Database,
  sql: string,
  available: Readonly<Record<string, ParamValue>>,
  userFile: boolean,
  spec?: RollupSpec,
  section?: SectionSpec,
): Promise<{ columns: string[]; rows: Row[] }> {
  let prepared;
  try {
    prepared = await db.connection.prepare(sql);
  } catch (error) {
    throw sqlError(error, userFile, spec, section);
  }
  try {
    const values: Record<string, ParamValue> = {};
    for (let i = 1; i <= prepared.parameterCount; i++) {
      const name = prepared.parameterName(i);
      if (!(name in available)) {
        if (name.startsWith('budget_')) throw new UsageError(messages.budgetNeeded(spec?.name ?? 'budget'));
        const known = Object.keys(available).filter((k) => !/^[wb]_\d+$/.test(k));
        // The budget's parameters are bound only with a budget: named apart, so the list stays whole.
        const budgetNames = BUDGET_PARAM_NAMES.some((k) => k in available) ? [] : BUDGET_PARAM_NAMES;
        throw new UsageError(messages.unknownQueryParameter(name, known, budgetNames));
      }
      values[name] = available[name] as ParamValue;
    }
    prepared.bind(values);
    let reader;
    try {
      reader = await prepared.runAndReadAll();
    } catch (error) {
      throw sqlError(error, userFile, spec, section);
    }
    const columns = reader.deduplicatedColumnNames();
    const rows = reader.getRowObjectsJS().map((row) => {
      const out: Row = {};
      for (const [k, v] of Object.entries(row)) out[k] = toPlainValue(v);
      return out;
    });
    return { columns, rows };
  } finally {
    prepared.destroySync();
  }
}

function sqlError(error: unknown, userFile: boolean, spec?: RollupSpec, section?: SectionSpec): Error {
  if (error instanceof UsageError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (userFile) return new UsageError(messages.sqlFailed(detail));
  // A built-in rollup that fails is our bug: say which file and section, for the report.
  const where = spec ? ` (${spec.file}${section && section.name !== spec.name ? `, section ${section.name}` : ''})` : '';
  return new Error(`${detail.split('\n')[0]}${where}`);
}

/**
 * The section's `dims` struct becomes one column per --by label, in its place (a label that
 * collides with another column is prefixed by_); without a bucket, a bucket_start column whose
 * values are all empty is dropped.
 */
export function shapeTable(
  table: { columns: readonly string[]; rows: readonly Row[] },
  labels: readonly string[],
  bucketed: boolean,
): { columns: string[]; rows: Row[] } {
  const dropBucket = !bucketed && table.columns.includes('bucket_start') && table.rows.every((r) => r.bucket_start === null || r.bucket_start === undefined);
  const others = new Set(table.columns.filter((c) => c !== 'dims'));
  const names = labels.map((label) => (others.has(label) ? `by_${label}` : label));
  const columns = table.columns.flatMap((c) => (c === 'dims' ? names : dropBucket && c === 'bucket_start' ? [] : [c]));
  const rows = table.rows.map((row) => {
    const out: Row = {};
    for (const c of table.columns) {
      if (c === 'dims') {
        const dims = (row.dims ?? null) as Record<string, unknown> | null;
        names.forEach((name, i) => (out[name] = dims?.[`d${i + 1}`] ?? null));
      } else if (!(dropBucket && c === 'bucket_start')) {
        out[c] = row[c];
      }
    }
    return out;
  });
  return { columns, rows };
}

/** Sentences for people about a result (main section first): the bucket chosen, the prices used, calls left unpriced. */
export function notesFor(sections: readonly RollupTable[], context: { bucket: Bucket | null; priceData: string | null }): string[] {
  const notes: string[] = [];
  if (context.bucket) notes.push(messages.bucketChosen(context.bucket.text));
  if (context.priceData) {
    notes.push(messages.priceData(context.priceData));
    const unpriced = sections.find((s) => s.name === 'unpriced');
    if (unpriced && unpriced.rows.length > 0) {
      // three reasons, one note each: no price for the model, no token counts to price, or
      // counts that do not add up (more cache tokens than input tokens, or 1-hour cache writes than writes)
      const model = (r: Row) => (r.model === null || r.model === undefined ? messages.noModel() : String(r.model));
      const noUsage = (r: Row) => Number(r.no_usage ?? 0);
      const badCounts = (r: Row) => Number(r.bad_counts ?? 0);
      const withoutPrice = unpriced.rows.filter((r) => Number(r.calls ?? 0) > noUsage(r) + badCounts(r));
      const withoutUsage = unpriced.rows.filter((r) => noUsage(r) > 0);
      const withBadCounts = unpriced.rows.filter((r) => badCounts(r) > 0);
      if (withoutPrice.length > 0) {
        const calls = withoutPrice.reduce((n, r) => n + Number(r.calls ?? 0) - noUsage(r) - badCounts(r), 0);
        notes.push(messages.unpricedCalls(calls, [...new Set(withoutPrice.map(model))]));
      }
      if (withoutUsage.length > 0) {
        const calls = withoutUsage.reduce((n, r) => n + noUsage(r), 0);
        notes.push(messages.noUsageCalls(calls, [...new Set(withoutUsage.map(model))]));
      }
      if (withBadCounts.length > 0) {
        const calls = withBadCounts.reduce((n, r) => n + badCounts(r), 0);
        notes.push(messages.badCacheCountCalls(calls, [...new Set(withBadCounts.map(model))]));
      }
    } else {
      const main = sections[0];
      const calls = main?.rows.reduce((n, r) => n + (typeof r.unpriced_calls === 'number' ? r.unpriced_calls : 0), 0) ?? 0;
      if (calls > 0 && main?.columns.includes('unpriced_calls')) notes.push(messages.unknownCostCalls(calls));
    }
  }
  return notes;
}
