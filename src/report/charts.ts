// The report's charts: one Vega-Lite spec per file under reports/charts/, each bound to a rollup by
// its `usermeta.logmeter` block. Reading a definition, deciding whether its rows are data, and
// compiling it to Vega are pure; only loadChartDefinitions touches the disk.
//
//   usermeta.logmeter = {
//     "section": "llm",                 which report section the chart sits in (sections.ts)
//     "order": 10,                      its place in the section
//     "title": "...", "caption": "...", shown above the chart
//     "rollup": "latency",              the rollup whose rows are the chart's data (queries/<name>.sql)
//     "part": "messages",               a named part of the rollup (its `@section`), if not the main one
//     "params": { "by": "model", "bucket": "auto", "kind": "llm_call" },
//     "measure": ["p95"],               fields that must hold a non-zero value somewhere, or the
//                                       chart is replaced by its no-data line (never a chart of zeros)
//     "noData": "...",                  that line
//     "wide": true,                     spans the page's width
//     "tile": "requests",               drawn inside that headline tile instead (a sparkline)
//     "top": { "field": "model", "by": "count", "n": 8 }
//                                       draw only the n series with the largest sums of `by`, so a
//                                       log with fifty models still gives a readable chart
//     "top": { ..., "other": { "groupby": ["bucket_start"], "sum": ["count"] } }
//                                       or fold the rest into one series named "other" (its `sum`
//                                       fields added up per `groupby`), where leaving them out would
//                                       misstate a stacked total; n + 1 must fit the palette
//     "top": { ..., "total": "models" }  the rollup lists only its first rows (a LIMIT): this column
//                                       holds how many series there were, so the caption can say
//                                       how many are not shown
//     "when": "budget"                  drawn only when: a budget is configured ("budget"), the range
//                                       spans less than a day ("short-range"), a day or more ("long-range"),
//                                       or a week or more ("week-range")
//   }

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import type { LoggerInterface, Spec as VegaSpec } from 'vega';
import { messages } from '../messages.js';

export const SECTION_IDS = ['overview', 'requests', 'llm', 'sessions', 'workflows', 'files', 'errors', 'quality', 'thresholds'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** A rollup request: the rollup, its part, and the parameters the report passes. */
export interface Binding {
  readonly rollup: string;
  readonly part?: string;
  readonly params: Readonly<Record<string, string | number | readonly string[]>>;
}

export interface ChartMeta {
  readonly id: string;
  readonly section: SectionId;
  readonly order: number;
  readonly title: string;
  readonly caption?: string;
  readonly binding: Binding;
  readonly measure: readonly string[];
  readonly noData: string;
  readonly wide: boolean;
  readonly tile?: string;
  readonly when?: string;
  readonly top?: TopSpec;
}

export interface TopSpec {
  readonly field: string;
  readonly by: string;
  readonly n: number;
  /** Fold the other series into one named OTHER_SERIES instead of leaving them out. */
  readonly other?: { readonly groupby: readonly string[]; readonly sum: readonly string[] };
  /** A column holding how many series the rollup had before its own LIMIT cut the rows. */
  readonly total?: string;
}

/** The series the values beyond a chart's top n are folded into. */
export const OTHER_SERIES = 'other';

export interface ChartDefinition {
  readonly meta: ChartMeta;
  /** The Vega-Lite spec without data and without usermeta. */
  readonly spec: TopLevelSpec;
}

export type Row = Readonly<Record<string, unknown>>;

export type BuiltChart =
  | { readonly kind: 'chart'; readonly meta: ChartMeta; readonly vega: VegaSpec; readonly rows: readonly Row[] }
  | { readonly kind: 'nodata'; readonly meta: ChartMeta };

const WIDE_WIDTH = 1130;
const HALF_WIDTH = 556;
const HEIGHT = 220;

export function loadChartDefinitions(dir: string): ChartDefinition[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.vl.json')).sort();
  return files.map((file) => parseChartDefinition(file.replace(/\.vl\.json$/, ''), readFileSync(join(dir, file), 'utf8')));
}

/** Checks a definition's usermeta; a broken file in reports/ is a bug in the package, so it throws. */
export function parseChartDefinition(id: string, text: string): ChartDefinition {
  const raw = JSON.parse(text) as TopLevelSpec & { usermeta?: { logmeter?: Record<string, unknown> } };
  const m = raw.usermeta?.logmeter;
  const fail = (what: string): never => {
    throw new Error(`reports/charts/${id}.vl.json: ${what}`);
  };
  if (!m) return fail('no usermeta.logmeter block');
  const str = (key: string, required = true): string | undefined => {
    const v = m[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '') return fail(`usermeta.logmeter.${key} must be text`);
    return v;
  };
  const section = str('section') as SectionId;
  if (!SECTION_IDS.includes(section)) fail(`unknown section ${section}`);
  const measure = m.measure;
  if (!Array.isArray(measure) || measure.length === 0 || !measure.every((f) => typeof f === 'string')) fail('usermeta.logmeter.measure must list fields');
  const params = (m.params ?? {}) as Record<string, string | number | string[]>;
  const { usermeta: _usermeta, $schema: _schema, ...spec } = raw as TopLevelSpec & { usermeta?: unknown; $schema?: string };
  return {
    meta: {
      id,
      section,
      order: typeof m.order === 'number' ? m.order : 0,
      title: str('title') as string,
      caption: str('caption', false),
      binding: { rollup: str('rollup') as string, part: str('part', false), params },
      measure: measure as string[],
      noData: str('noData') as string,
      wide: m.wide === true,
      tile: str('tile', false),
      top: parseTop(m.top, fail),
      when: str('when', false),
    },
    spec: spec as TopLevelSpec,
  };
}

export interface ReportFeatures {
  readonly budget: boolean;
  /** The range's length in ms, or null without timestamps. */
  readonly rangeMs: number | null;
}

const DAY_MS = 86_400_000;

/** Whether a chart's `when` condition holds for this report. */
export function chartApplies(meta: ChartMeta, features: ReportFeatures): boolean {
  switch (meta.when) {
    case undefined:
      return true;
    case 'budget':
      return features.budget;
    case 'short-range':
      return features.rangeMs !== null && features.rangeMs < DAY_MS;
    case 'long-range':
      return features.rangeMs === null || features.rangeMs >= DAY_MS;
    case 'week-range':
      return features.rangeMs !== null && features.rangeMs >= 7 * DAY_MS;
    default:
      throw new Error(`reports/charts/${meta.id}.vl.json: unknown when: ${meta.when}`);
  }
}

function parseTop(value: unknown, fail: (what: string) => never): ChartMeta['top'] {
  if (value === undefined) return undefined;
  const t = value as Record<string, unknown>;
  if (typeof t.field !== 'string' || typeof t.by !== 'string' || !Number.isInteger(t.n) || (t.n as number) < 1) {
    return fail('usermeta.logmeter.top must be { field, by, n }');
  }
  if (t.total !== undefined && typeof t.total !== 'string') return fail('usermeta.logmeter.top.total must name a column');
  const base = { field: t.field, by: t.by, n: t.n as number, ...(t.total === undefined ? {} : { total: t.total }) };
  if (t.other === undefined) return base;
  const o = t.other as Record<string, unknown>;
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (!strings(o.groupby) || !strings(o.sum)) return fail('usermeta.logmeter.top.other must be { groupby: [...], sum: [...] }');
  return { ...base, other: { groupby: o.groupby as string[], sum: o.sum as string[] } };
}

/**
 * The rows of the `n` series (values of `field`) with the largest sums of `by`, and how many there
 * were; with `other`, the rest folded into one series (OTHER_SERIES) instead of left out.
 */
export function topSeries(rows: readonly Row[], top: TopSpec): { rows: readonly Row[]; series: number; kept: number } {
  const sums = new Map<unknown, number>();
  for (const r of rows) sums.set(r[top.field], (sums.get(r[top.field]) ?? 0) + (Number(r[top.by]) || 0));
  // Folding one series into "other" gains nothing: n + 1 series are drawn either way.
  if (sums.size <= top.n || (top.other && sums.size === top.n + 1)) return { rows, series: sums.size, kept: sums.size };
  const keep = new Set([...sums].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, top.n).map(([k]) => k));
  const kept = rows.filter((r) => keep.has(r[top.field]));
  if (!top.other) return { rows: kept, series: sums.size, kept: top.n };
  const { groupby, sum } = top.other;
  const folded = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    if (keep.has(r[top.field])) continue;
    const key = JSON.stringify(groupby.map((g) => r[g]));
    let row = folded.get(key);
    if (!row) {
      row = { [top.field]: OTHER_SERIES };
      for (const g of groupby) row[g] = r[g];
      for (const f of sum) row[f] = 0;
      folded.set(key, row);
    }
    for (const f of sum) row[f] = (row[f] as number) + (Number(r[f]) || 0);
  }
  return { rows: [...kept, ...(folded.values() as Iterable<Row>)], series: sums.size, kept: top.n };
}

/** True when some row holds a non-zero, non-null value in one of the measure fields. */
export function hasData(rows: readonly Row[], measure: readonly string[]): boolean {
  return rows.some((row) =>
    measure.some((field) => {
      const v = row[field];
      return v !== null && v !== undefined && v !== 0 && v !== '0' && !(typeof v === 'number' && Number.isNaN(v));
    }),
  );
}

/** The rows a chart over time can place: those of a bucket (rows without a bucket_start column all are). */
function placedInTime(rows: readonly Row[]): readonly Row[] {
  return rows.filter((r) => !('bucket_start' in r) || (r.bucket_start !== null && r.bucket_start !== undefined));
}

/** Binds rows to a definition and compiles it to Vega, or says there is no data to draw. */
export function buildChart(def: ChartDefinition, all: readonly Row[], config: Record<string, unknown>, warnings: string[] = []): BuiltChart {
  if (!hasData(placedInTime(all), def.meta.measure)) {
    // Records without a time fill the rollup's empty bucket, which a chart over time cannot place:
    // drawn, a log of only those gave empty axes; its no-data line would deny records it has.
    return { kind: 'nodata', meta: hasData(all, def.meta.measure) ? { ...def.meta, noData: messages.reportNoTimesToDraw() } : def.meta };
  }
  let rows = all;
  let meta = def.meta;
  if (def.meta.top) {
    const cut = topSeries(all, def.meta.top);
    rows = cut.rows;
    const total = def.meta.top.total;
    const series = total === undefined ? cut.series : Math.max(cut.series, ...all.map((r) => Number(r[total]) || 0));
    const note = def.meta.top.other
      ? messages.reportTopSeriesOther(cut.kept, series, def.meta.top.field, def.meta.top.by)
      : messages.reportTopSeries(cut.kept, series, def.meta.top.field, def.meta.top.by);
    if (cut.kept < series) meta = { ...meta, caption: [meta.caption, note].filter(Boolean).join('; ') };
  }
  // Single views get the card's size; composed ones (facet, concat) size their cells themselves.
  const composed = ['facet', 'hconcat', 'vconcat', 'concat', 'repeat'].some((k) => k in def.spec);
  // A height in steps (one band per category) grows with the data: only the width is fitted then.
  const stepped = typeof (def.spec as { height?: unknown }).height === 'object';
  const size = composed ? {} : { width: def.meta.wide ? WIDE_WIDTH : HALF_WIDTH, height: HEIGHT, autosize: { type: stepped ? 'fit-x' : 'fit', contains: 'padding' } };
  const spec = {
    ...size,
    ...def.spec,
    data: { values: project(rows, usedFields(def.spec, rows)) },
    config: { ...config, ...((def.spec as { config?: object }).config ?? {}) },
  } as TopLevelSpec;
  // vega-lite notes that a stepped height cannot be fitted, and fits the width only: as intended.
  const notes: string[] = [];
  const vega = compile(spec, { logger: collectingLogger(notes) }).spec;
  warnings.push(...notes.filter((n) => !(stepped && n === 'Dropping "fit-y" because spec has discrete height.')));
  delete (vega as { $schema?: string }).$schema;
  return { kind: 'chart', meta, vega, rows };
}

/**
 * The columns a spec refers to (as a field name, in a fold or sort list, or as datum.x in an
 * expression): the page carries only those, since rollup rows hold more than a chart draws.
 */
export function usedFields(spec: TopLevelSpec, rows: readonly Row[]): string[] {
  const strings: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') strings.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(spec);
  const columns = new Set(rows.flatMap((r) => Object.keys(r)));
  return [...columns].filter((c) => {
    const escaped = c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const inExpression = new RegExp(`datum(\\.${escaped}(?![\\w$])|\\[['"]${escaped}['"]\\])`);
    return strings.some((s) => s === c || inExpression.test(s));
  });
}

/** The chart's columns of each row; fractions keep 6 significant digits (a chart draws no more). */
function project(rows: readonly Row[], fields: readonly string[]): Row[] {
  const compact = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : (v ?? null));
  return rows.map((r) => Object.fromEntries(fields.map((f) => [f, compact(r[f])])));
}

/** A vega logger that keeps warnings for the caller (--debug) instead of printing them. */
export function collectingLogger(into: string[]): LoggerInterface {
  let level = 2;
  const logger: LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      into.push(args.map(String).join(' '));
      return logger;
    },
    warn(...args: unknown[]) {
      into.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}
