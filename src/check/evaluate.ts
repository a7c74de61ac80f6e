// Evaluation, pure: a rule and its query rows (and baseline values) in, results out. No I/O.
//
// Semantics, learnt from the peers' bugs:
//   - A rule states what must hold (`p95(duration_ms) < 1000`); a result is breached when it
//     does not.
//   - No data is not a pass: a value that could not be computed (a percentile, average or rate
//     over zero samples, or a missing baseline) is "no data", and `on_no_data` decides (default
//     fail). Counts and sums over nothing are 0, a real value.
//   - `by`: one result per group; any failing group fails the rule. A group whose key is missing
//     and that has no sample of the metric is left out.
//   - `for:`/`every:`: the condition is evaluated per bucket of `every`, and the result is breached
//     only when `for / every` consecutive buckets are. A bucket with no records is 0 for counts and
//     sums (evaluated like any value) and no data for the rest (it breaks a run: a breach must be
//     shown, not assumed). Buckets span the whole input, from its first to its last record.
//   - Severity: an `error` breach fails (exit 1), a `warn` breach is reported and keeps exit 0.

import type { Row } from '../db.js';
import { resolveThreshold, type Metric, type RuleOp, type Threshold } from '../query-language/rule.js';
import { BUCKET_COLUMN, type RuleData } from './query.js';
import type { OnNoData, RuleSpec, Severity } from './spec.js';

export type Status = 'pass' | 'warn' | 'fail';

export interface WindowResult {
  readonly for: string;
  readonly every: string;
  readonly for_ms: number;
  readonly every_ms: number;
  /** Consecutive breached buckets needed to breach. */
  readonly needed_buckets: number;
  /** Buckets from the first to the last record of the input. */
  readonly buckets: number;
  readonly breached_buckets: number;
  /** The bucket furthest towards breaching (for == and != the first), null when no bucket had a value. */
  readonly worst_bucket: { readonly value: number; readonly from: string } | null;
  /** The longest run of consecutive breached buckets; null when no bucket breached. */
  readonly longest_breach: {
    readonly buckets: number;
    /** ISO times: the first bucket's start and the last bucket's end. */
    readonly from: string;
    readonly to: string;
    /** The value furthest past the threshold in that run (null when every bucket was empty). */
    readonly worst: number | null;
  } | null;
}

export interface GroupResult {
  /** The `by` columns and their values; empty without `by`. */
  readonly group: Readonly<Record<string, unknown>>;
  readonly status: Status;
  readonly breached: boolean;
  readonly no_data: boolean;
  /** Why there is no data: no samples, or no baseline value for this rule and group. */
  readonly no_data_reason: 'no_samples' | 'no_baseline' | null;
  /**
   * The value compared with the threshold: the metric over the whole input or, for a rule with
   * `for:`/`every:`, its worst bucket. null when it could not be computed.
   */
  readonly observed: number | null;
  /** The metric over the whole input (equal to `observed` without a window); --baseline reads it. */
  readonly overall: number | null;
  /** Records the metric saw over the whole input (non-null values for avg, min, max, pNN and sums). */
  readonly samples: number;
  readonly op: RuleOp;
  /** The number compared with; null when a baseline was missing. */
  readonly threshold: number | null;
  /** The baseline's value for this rule and group, when the threshold derives from it. */
  readonly baseline: number | null;
  readonly window: WindowResult | null;
}

export interface RuleResult {
  readonly name: string;
  readonly expr: string;
  readonly severity: Severity;
  readonly on_no_data: OnNoData;
  readonly for: string | null;
  readonly every: string | null;
  readonly description: string | null;
  readonly origin: { readonly file: string; readonly line: number } | null;
  /** `baseline * 1.2` when the threshold derives from the baseline, else null. */
  readonly baseline_formula: string | null;
  /** The worst status of its results. */
  readonly status: Status;
  readonly results: readonly GroupResult[];
}

export interface CheckCounts {
  readonly rules: number;
  /** Results: one per rule and group. */
  readonly checks: number;
  readonly passed: number;
  readonly warnings: number;
  readonly failed: number;
}

export interface CheckResult {
  /** Version of this JSON shape; --baseline reads it back. */
  readonly logmeter_check: 1;
  readonly status: Status;
  readonly counts: CheckCounts;
  readonly rules: readonly RuleResult[];
}

/** Baseline values of one rule by group key (see groupKey); null: the baseline had no data. */
export type BaselineValues = ReadonlyMap<string, number | null>;

/** A stable key for a group's values in `by` order. */
export function groupKey(values: readonly unknown[]): string {
  return JSON.stringify(values.map((v) => (v === undefined ? null : v)));
}

const RANK: Readonly<Record<Status, number>> = { pass: 0, warn: 1, fail: 2 };

export function worst(statuses: Iterable<Status>): Status {
  let status: Status = 'pass';
  for (const s of statuses) if (RANK[s] > RANK[status]) status = s;
  return status;
}

export function holds(value: number, op: RuleOp, threshold: number): boolean {
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/** Metrics whose value over no records is 0 rather than unknown. */
export function zeroWhenEmpty(metric: Metric): boolean {
  if (metric.type === 'named') return !['error_rate', 'workflow_failure_rate', 'reject_ratio', 'budget_remaining'].includes(metric.named);
  return metric.agg === 'count' || metric.agg === 'sum';
}

function outcome(spec: RuleSpec, breached: boolean, noData: boolean): Status {
  if (noData) {
    if (spec.onNoData === 'pass') return 'pass';
    if (spec.onNoData === 'warn') return 'warn';
  } else if (!breached) return 'pass';
  return spec.severity === 'error' ? 'fail' : 'warn';
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Evaluates one rule over its query rows. `baseline` is required when the rule compares with one. */
export function evaluateRule(spec: RuleSpec, data: RuleData, baseline?: BaselineValues): RuleResult {
  const { rule } = spec;
  const columns = data.groupColumns;
  // A group without a key (model=(none)) and without one sample of the metric is made of records
  // the rule is not about: the requests beside the LLM calls of `avg(tokens_in) by model`. Shown,
  // it would fail as no data. A (none) group with samples stays, and counts sample every record.
  const groups = data.overall.filter((row) => !(columns.some((c) => row[c] === null || row[c] === undefined) && (numberOrNull(row.samples) ?? 0) === 0));
  const rows: readonly Row[] =
    groups.length > 0 ? groups : [{ ...Object.fromEntries(columns.map((c) => [c, null])), value: null, samples: 0 }];
  const noGroups = groups.length === 0 && columns.length > 0;

  const bucketsByGroup = new Map<string, Row[]>();
  for (const row of data.buckets ?? []) {
    if (typeof row[BUCKET_COLUMN] !== 'number') continue; // records without a time have no bucket
    const key = groupKey(columns.map((c) => row[c]));
    let list = bucketsByGroup.get(key);
    if (!list) bucketsByGroup.set(key, (list = []));
    list.push(row);
  }

  const results = rows.map((row): GroupResult => {
    const values = columns.map((c) => row[c] ?? null);
    const key = groupKey(values);
    const group = noGroups ? {} : Object.fromEntries(rule.by.map((label, i) => [label, values[i]]));
    const overall = numberOrNull(row.value);
    const samples = numberOrNull(row.samples) ?? 0;

    let baselineValue: number | null = null;
    let threshold: number | null = null;
    if (rule.threshold.type === 'baseline') {
      baselineValue = baseline?.get(key) ?? null;
      threshold = baselineValue === null ? null : resolveThreshold(rule.threshold, baselineValue);
    } else {
      threshold = rule.threshold.value;
    }

    let observed = overall;
    let breached = false;
    let window: WindowResult | null = null;
    if (overall !== null && threshold !== null) {
      if (spec.window) {
        window = evaluateWindow(spec, bucketsByGroup.get(key) ?? [], data.range ?? null, threshold);
        // Records without a time fall in no bucket: only timed ones can show a sustained breach.
        observed = window.worst_bucket?.value ?? null;
        breached = window.longest_breach !== null && window.longest_breach.buckets >= window.needed_buckets;
      } else {
        breached = !holds(overall, rule.op, threshold);
      }
    }
    const noSamples = observed === null;
    const noBaseline = !noSamples && threshold === null;
    const noData = noSamples || noBaseline;
    return {
      group,
      status: outcome(spec, breached, noData),
      breached,
      no_data: noData,
      no_data_reason: noSamples ? 'no_samples' : noBaseline ? 'no_baseline' : null,
      observed,
      overall,
      samples,
      op: rule.op,
      threshold,
      baseline: baselineValue,
      window,
    };
  });

  return {
    name: spec.name,
    expr: spec.expr,
    severity: spec.severity,
    on_no_data: spec.onNoData,
    for: spec.window?.for ?? null,
    every: spec.window?.every ?? null,
    description: spec.description ?? null,
    origin: spec.origin ? { file: spec.origin.file, line: spec.origin.line } : null,
    baseline_formula: baselineFormula(rule.threshold),
    status: worst(results.map((r) => r.status)),
    results,
  };
}

function baselineFormula(t: Threshold): string | null {
  if (t.type !== 'baseline') return null;
  if (t.factor !== 1) return `baseline * ${t.factor}`;
  if (t.offset !== 0) return `baseline ${t.offset < 0 ? '-' : '+'} ${Math.abs(t.offset)}`;
  return 'baseline';
}

/**
 * Runs of consecutive breached buckets for one group. Buckets missing from `rows` had no records:
 * 0 for counts and sums, no data (not breached, and ending a run) otherwise.
 */
export function evaluateWindow(
  spec: RuleSpec,
  rows: readonly Row[],
  range: { readonly first: number; readonly last: number } | null,
  threshold: number,
): WindowResult {
  const w = spec.window;
  if (!w) throw new TypeError('evaluateWindow needs a rule with for:/every:');
  const every = w.everyMs;
  const op = spec.rule.op;
  const emptyValue = zeroWhenEmpty(spec.rule.metric) ? 0 : null;

  const present = rows
    .map((r) => ({ at: r[BUCKET_COLUMN] as number, value: numberOrNull(r.value) }))
    .sort((a, b) => a.at - b.at);
  const first = Math.min(range?.first ?? Infinity, present[0]?.at ?? Infinity);
  const last = Math.max(range?.last ?? -Infinity, present[present.length - 1]?.at ?? -Infinity);
  const total = Number.isFinite(first) && Number.isFinite(last) ? (last - first) / every + 1 : 0;

  let breachedBuckets = 0;
  let worstBucket: { value: number; at: number } | null = null;
  let run: { buckets: number; start: number; worst: number | null } | null = null;
  let longest: { buckets: number; start: number; worst: number | null } | null = null;

  /** `count` buckets from `at` that all had `value`. */
  const visit = (at: number, count: number, value: number | null) => {
    if (count <= 0) return;
    if (value !== null && (worstBucket === null || further(op, value, worstBucket.value))) worstBucket = { value, at };
    if (value === null || holds(value, op, threshold)) {
      run = null;
      return;
    }
    breachedBuckets += count;
    if (run === null) run = { buckets: 0, start: at, worst: value };
    run.buckets += count;
    if (run.worst === null || further(op, value, run.worst)) run.worst = value;
    if (longest === null || run.buckets > longest.buckets) longest = { ...run };
  };

  let cursor = first;
  for (const bucket of present) {
    visit(cursor, (bucket.at - cursor) / every, emptyValue);
    visit(bucket.at, 1, bucket.value);
    cursor = bucket.at + every;
  }
  if (Number.isFinite(last)) visit(cursor, (last + every - cursor) / every, emptyValue);

  const worstSeen = worstBucket as { value: number; at: number } | null;
  const best = longest as { buckets: number; start: number; worst: number | null } | null;
  return {
    for: w.for,
    every: w.every,
    for_ms: w.forMs,
    every_ms: every,
    needed_buckets: w.buckets,
    buckets: total,
    breached_buckets: breachedBuckets,
    worst_bucket: worstSeen ? { value: worstSeen.value, from: iso(worstSeen.at) } : null,
    longest_breach: best
      ? { buckets: best.buckets, from: iso(best.start), to: iso(best.start + best.buckets * every), worst: best.worst }
      : null,
  };
}

/** True when `a` is further towards (or past) breaching than `b`: larger for < and <=, smaller for > and >=. */
function further(op: RuleOp, a: number, b: number): boolean {
  if (op === '<' || op === '<=') return a > b;
  if (op === '>' || op === '>=') return a < b;
  return false;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Puts rule results together, counting results by status. */
export function checkResult(rules: readonly RuleResult[]): CheckResult {
  const all = rules.flatMap((r) => r.results);
  return {
    logmeter_check: 1,
    status: worst(rules.map((r) => r.status)),
    counts: {
      rules: rules.length,
      checks: all.length,
      passed: all.filter((r) => r.status === 'pass').length,
      warnings: all.filter((r) => r.status === 'warn').length,
      failed: all.filter((r) => r.status === 'fail').length,
    },
    rules,
  };
}
