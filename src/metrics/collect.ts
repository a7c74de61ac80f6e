// Computes every metric family of the catalog from a database. For each SQL source in
// queries/metrics/: define the lm_obs view, fold it into the small table lm_groups in one pass over
// the events (observation-groups.sql, with the bucket bounds of the source's histogram), cap its
// label values (cap-labels.sql), then run aggregate.sql or histogram.sql over lm_groups once per
// family with bound parameters. No SQL text is built here.

import type { Database, Row } from '../db.js';
import { parseTimePoint, pinEvents, runBuiltinPiece, runRollup, unpinEvents, type RollupConfig } from '../rollups/index.js';
import { readSqlFile } from '../sql-files.js';
import { loadMacros } from '../sql-macros.js';
import { FAMILIES, type FamilySpec, type MetricSource } from './catalog.js';
import type { BucketChoice } from './buckets.js';
import type { HistogramSeries, Labels, MetricFamily, Sample } from './exposition.js';

export interface CollectOptions {
  /** Prepended to every name, e.g. 'logmeter_'. */
  readonly prefix: string;
  /** Most distinct values kept per label; the rest become 'other'. */
  readonly maxLabelValues: number;
  readonly buckets: BucketChoice;
  /** Extra families computed elsewhere (e.g. budget gauges), appended as they are. */
  readonly extra?: readonly MetricFamily[];
  /** logmeter.yml's rollup settings (prices, health thresholds, session idle time, budget). */
  readonly config?: RollupConfig;
}

export const OTHER = 'other';

export async function collectMetrics(db: Database, options: CollectOptions): Promise<MetricFamily[]> {
  const bySource = new Map<MetricSource, FamilySpec[]>();
  for (const f of FAMILIES) if (f.source) bySource.set(f.source, [...(bySource.get(f.source) ?? []), f]);
  const computed = new Map<string, MetricFamily>();
  const families = FAMILIES.filter((f) => !f.needsBudget || options.config?.budget !== undefined);
  // The events do not change while metrics are collected: the rollups share one pricing and one
  // set of run names (src/rollups/pin.ts).
  await pinEvents(db, options.config);
  try {
    await collectRollupFamilies(db, families, computed, options);
  } finally {
    await unpinEvents(db);
  }
  await loadMacros(db);
  for (const [source, families] of bySource) {
    await db.run(readSqlFile(`metrics/${source}.sql`));
    const histogram = histogramColumn(families, options.buckets);
    await db.run(readSqlFile('metrics/observation-groups.sql'), {
      hist_col: histogram?.column ?? '',
      hist_bounds: JSON.stringify(histogram?.bounds ?? []),
      with_last: families.some((f) => f.aggregate === 'last'),
    });
    await db.run(readSqlFile('metrics/cap-labels.sql'), { top_n: options.maxLabelValues });
    for (const spec of families) computed.set(spec.key, await collectFamily(db, spec, options));
  }
  await db.run('DROP VIEW IF EXISTS lm_obs');
  await db.run('DROP TABLE IF EXISTS lm_groups');
  await db.run('DROP TABLE IF EXISTS lm_top');
  // Catalog order, not source order: related families stay together in the output.
  return [...families.map((f) => computed.get(f.key) as MetricFamily), ...(options.extra ?? [])];
}

/**
 * The value column of one source's histogram families, with its bounds: lm_groups counts its
 * observations per bucket. A source has at most one (test/metrics/observation-groups.test.ts checks
 * the catalog): a second column, or other bounds for the same one, would need a second bucketing.
 */
export function histogramColumn(families: readonly FamilySpec[], buckets: BucketChoice): { column: string; bounds: readonly number[] } | undefined {
  let found: { column: string; bounds: readonly number[] } | undefined;
  for (const spec of families) {
    if (spec.type !== 'histogram' || spec.column === undefined) continue;
    const bounds = buckets.get(spec.key) ?? [];
    if (found !== undefined && (found.column !== spec.column || found.bounds.join() !== bounds.join())) {
      throw new Error(`two bucketings in one metrics source: ${spec.source}.${found.column} and ${spec.source}.${spec.column}`);
    }
    found = { column: spec.column, bounds };
  }
  return found;
}

/**
 * The newest record's time, for the rollups that count "at the newest record" (sessions_active):
 * the same `now` they would find themselves, but given, so that their scans skip the older row
 * groups. Undefined when no record has a time, or one outside the times --now takes.
 */
async function newestRecordTime(db: Database): Promise<string | undefined> {
  const [row] = await db.all(readSqlFile('metrics/newest-record.sql'));
  const newest = row?.newest;
  if (typeof newest !== 'string') return undefined;
  try {
    return parseTimePoint('--now', newest, () => new Date()).iso;
  } catch {
    return undefined;
  }
}

/** The families read from a rollup's rows (cost, budget, system, sessions-active); each distinct rollup runs once. */
async function collectRollupFamilies(db: Database, families: readonly FamilySpec[], computed: Map<string, MetricFamily>, options: CollectOptions): Promise<void> {
  const rollupRows = new Map<string, readonly Row[]>();
  const now = families.some((f) => f.rollup?.atNewestRecord) ? await newestRecordTime(db) : undefined;
  for (const spec of families) {
    if (!spec.rollup) continue;
    const { name, by, section, atNewestRecord } = spec.rollup;
    const key = `${name}:${by ?? ''}:${section ?? ''}`;
    let rows = rollupRows.get(key);
    if (!rows) {
      // Only the section read (a rollup's main section is named after it): the cost rollup's
      // unpriced and periods sections read every usage record again for nothing.
      const params = {
        ...(by ? { by } : {}),
        ...(atNewestRecord && now !== undefined ? { now } : {}),
        sections: [section ?? name],
        ...(options.config ? { config: options.config } : {}),
      };
      const result = name.startsWith('metrics/') ? await runBuiltinPiece(db, name, params) : await runRollup(db, name, params);
      rows = section ? (result.sections.find((s) => s.name === section)?.rows ?? []) : result.rows;
      rollupRows.set(key, rows);
    }
    computed.set(spec.key, rollupFamily(spec, rows, options));
  }
}

async function collectFamily(db: Database, spec: FamilySpec, options: CollectOptions): Promise<MetricFamily> {
  const name = options.prefix + spec.key;
  const match = spec.match ?? [null, null, null];
  const params = {
    col: spec.column ?? '',
    use1: spec.labels[0] !== null,
    use2: spec.labels[1] !== null,
    use3: spec.labels[2] !== null,
    match1: match[0],
    match2: match[1],
    match3: match[2],
  };
  if (spec.type === 'histogram') {
    const bounds = options.buckets.get(spec.key) ?? [];
    const rows = await db.all(readSqlFile('metrics/histogram.sql'), { ...params, bounds: JSON.stringify(bounds) });
    return { name, help: spec.help, type: 'histogram', buckets: bounds, series: histogramSeries(spec, bounds.length, rows) };
  }
  const rows = await db.all(readSqlFile('metrics/aggregate.sql'), params);
  const samples: Sample[] = [];
  for (const row of rows) {
    const labels = labelsOf(spec, row);
    // A "latest value" of values merged under 'other' means nothing: leave it out.
    if (spec.aggregate === 'last' && Object.values(labels).includes(OTHER)) continue;
    const value = Number(row[spec.aggregate === 'last' ? 'last' : spec.aggregate === 'max' ? 'max' : 'total']);
    samples.push({ labels, value });
  }
  if (spec.zeroFill && spec.labels[0] !== null) {
    const label = spec.labels[0];
    const seen = new Set(samples.map((s) => s.labels[label]));
    for (const value of spec.zeroFill) if (!seen.has(value)) samples.push({ labels: { [label]: value }, value: 0 });
    samples.sort((a, b) => String(a.labels[label]).localeCompare(String(b.labels[label])));
  }
  if (samples.length === 0 && spec.zeroWhenEmpty && spec.labels.every((l) => l === null)) samples.push({ labels: {}, value: 0 });
  return { name, help: spec.help, type: spec.type as 'counter' | 'gauge', samples };
}

/**
 * A counter or gauge from rollup rows, whose keys are the label names. Each label keeps its
 * maxLabelValues most frequent values (by the rows' `calls`, else 1 per row); the rest are 'other'.
 */
export function rollupFamily(spec: FamilySpec, rows: readonly Row[], options: Pick<CollectOptions, 'prefix' | 'maxLabelValues'>): MetricFamily {
  const { column, weight: weightColumn = 'calls' } = spec.rollup as { column: string; weight?: string };
  const names = spec.labels.filter((l): l is string => l !== null);
  const value = (row: Row, name: string) => (row[name] === null || row[name] === undefined ? 'unknown' : String(row[name]));
  const keep = new Map<string, Set<string>>();
  for (const name of names) {
    const weight = new Map<string, number>();
    for (const row of rows) weight.set(value(row, name), (weight.get(value(row, name)) ?? 0) + Number(row[weightColumn] ?? 1));
    const top = [...weight].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, options.maxLabelValues);
    keep.set(name, new Set(top.map(([v]) => v)));
  }
  const sums = new Map<string, { labels: Labels; value: number }>();
  for (const row of rows) {
    const labels: Record<string, string> = {};
    for (const name of names) labels[name] = keep.get(name)?.has(value(row, name)) ? value(row, name) : OTHER;
    // A "latest value" of values merged under 'other' means nothing: leave it out.
    if (spec.aggregate === 'last' && Object.values(labels).includes(OTHER)) continue;
    const key = JSON.stringify(labels);
    const entry = sums.get(key) ?? { labels, value: 0 };
    entry.value += Number(row[column] ?? 0);
    sums.set(key, entry);
  }
  const samples = [...sums.values()].sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
  if (samples.length === 0 && spec.zeroWhenEmpty && names.length === 0) samples.push({ labels: {}, value: 0 });
  return { name: options.prefix + spec.key, help: spec.help, type: spec.type as 'counter' | 'gauge', samples };
}

function labelsOf(spec: FamilySpec, row: Row): Labels {
  const labels: Record<string, string> = {};
  spec.labels.forEach((label, i) => {
    if (label === null) return;
    const value = row[`l${i + 1}`];
    labels[label] = value === null || value === undefined ? 'unknown' : String(value);
  });
  return labels;
}

/** Rows of (labels, idx, n, total) -> cumulative bucket counts per label set; n and total are added up. */
export function histogramSeries(spec: FamilySpec, boundCount: number, rows: readonly Row[]): HistogramSeries[] {
  const series = new Map<string, { labels: Labels; perBucket: number[]; count: number; sum: number }>();
  for (const row of rows) {
    const labels = labelsOf(spec, row);
    const key = JSON.stringify(labels);
    let s = series.get(key);
    if (!s) {
      s = { labels, perBucket: new Array<number>(boundCount + 1).fill(0), count: 0, sum: 0 };
      series.set(key, s);
    }
    const n = Number(row.n);
    const idx = Math.min(Number(row.idx), boundCount);
    s.perBucket[idx] = (s.perBucket[idx] ?? 0) + n;
    s.count += n;
    s.sum += Number(row.total);
  }
  return [...series.values()].map((s) => {
    const cumulative: number[] = [];
    let running = 0;
    for (let i = 0; i < boundCount; i++) {
      running += s.perBucket[i] ?? 0;
      cumulative.push(running);
    }
    return { labels: s.labels, cumulative, count: s.count, sum: s.sum };
  });
}
