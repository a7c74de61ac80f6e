// Builds the report page from a database. The pipeline, wired once:
//   1. prepare   the overview rollup (headline numbers, time range) and the bucket every time chart
//                shares: --bucket, or the finest that keeps the range to 120 buckets (data.ts)
//   2. bind      each reports/charts/*.vl.json asks its rollup for rows, all at once so that
//                DuckDB runs the next while a chart is drawn; each request runs once
//   3. compile   rows -> a compiled Vega spec, or the chart's "no data" line (charts.ts)
//   4. draw      vega's renderer in Node draws each chart as SVG for the <noscript> fallback
//   5. sections  tiles, tables and chart cards as escaped markup (sections.ts, markup.ts)
//   6. assemble  the reports/page.html template, the specs as one escaped JSON block, the inlined
//                scripts and a Content-Security-Policy that allows only them (page.ts)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../check/index.js';
import type { Database } from '../db.js';
import { messages } from '../messages.js';
import { PACKAGE_ROOT } from '../sql-files.js';
import { pageScripts } from './assets.js';
import { buildChart, chartApplies, loadChartDefinitions, type ChartDefinition } from './charts.js';
import { ReportData, type ReportParams } from './data.js';
import { pinEvents, unpinEvents, type RollupTable } from '../rollups/index.js';
import { html } from './escape.js';
import { exact, utcTime } from './format.js';
import { renderPage } from './page.js';
import { buildSections, type DrawnChart } from './sections.js';
import { renderSvg } from './static-svg.js';

export interface ReportInput extends ReportParams {
  readonly title: string;
  readonly bucket?: string;
  readonly rules?: CheckResult;
  /** The time the report was written, shown in the footer. */
  readonly generatedAt: Date;
  readonly version: string;
}

export interface Report {
  readonly html: string;
  /** The report's end: --until, else the last record's time, else the generation time. */
  readonly end: Date;
  readonly charts: { readonly drawn: number; readonly noData: number };
  /** vega and vega-lite warnings, for --debug. */
  readonly warnings: readonly string[];
}

let definitions: ChartDefinition[] | undefined;
let theme: Record<string, unknown> | undefined;

export async function buildReport(db: Database, input: ReportInput): Promise<Report> {
  definitions ??= loadChartDefinitions(join(PACKAGE_ROOT, 'reports', 'charts'));
  theme ??= JSON.parse(readFileSync(join(PACKAGE_ROOT, 'reports', 'theme.json'), 'utf8')) as Record<string, unknown>;
  // The events do not change while the report is built: its rollups share one pricing and one
  // set of run names (src/rollups/pin.ts).
  await pinEvents(db, input.config);
  try {
    return await build(db, input, definitions, theme);
  } finally {
    await unpinEvents(db);
  }
}

async function build(db: Database, input: ReportInput, definitions: readonly ChartDefinition[], theme: Record<string, unknown>): Promise<Report> {
  const data = new ReportData(db, input, input.bucket);
  await data.prepare();
  const budget = input.config?.budget !== undefined;

  const warnings: string[] = [];
  const drawn: DrawnChart[] = [];
  const features = { budget, rangeMs: data.rangeMs };
  const shown = definitions.filter((def) => chartApplies(def.meta, features));
  // Every chart's rows are asked for at once: the rollups queue in DuckDB, one at a time, and a
  // chart whose rows are in is compiled and drawn here while DuckDB runs the next ones.
  const tables = shown.map((def) => data.table(def.meta.binding));
  for (const table of tables) table.catch(() => undefined); // a failure is thrown where it is awaited
  for (const [i, def] of shown.entries()) {
    const table = await (tables[i] as Promise<RollupTable>);
    const chart = buildChart(def, table.rows, theme, warnings);
    drawn.push({ chart, svg: chart.kind === 'chart' ? await renderSvg(chart.vega, warnings) : undefined });
  }

  const sections = await buildSections({ data, charts: drawn, rules: input.rules, budget });
  const o = data.overview;
  const end = endOf(data.range.until, o.last_ts, input.generatedAt);
  const specs: Record<string, unknown> = {};
  for (const d of drawn) if (d.chart.kind === 'chart') specs[d.chart.meta.id] = d.chart.vega;

  const page = renderPage({
    title: input.title,
    meta: reportMeta(o, data.range, data.sharedBucket),
    footer: html(messages.reportFooter(input.version, utcTime(input.generatedAt.toISOString()))),
    version: input.version,
    sections,
    charts: specs,
    scripts: pageScripts(),
  });
  const chartCount = drawn.filter((d) => d.chart.kind === 'chart').length;
  return { html: page, end, charts: { drawn: chartCount, noData: drawn.length - chartCount }, warnings };
}

function reportMeta(o: Record<string, unknown>, range: { since: string | null; until: string | null }, bucket: string | undefined): string {
  const from = range.since ?? o.first_ts;
  const to = range.until ?? o.last_ts;
  // Records without a time have no range and fall in no bucket: "– to – · 1m buckets" said nothing.
  const timed = Boolean(from || to);
  const records = Number(o.records ?? 0);
  const parts = [
    timed ? `<b>${html(utcTime(from))}</b> to <b>${html(utcTime(to))}</b>` : html(messages.reportNoTimestamps()),
    `${html(exact(o.records))} ${records === 1 ? 'record' : 'records'}`,
    timed && bucket ? html(`${bucket} buckets`) : '',
  ].filter(Boolean);
  return parts.join(' · ');
}

function endOf(until: string | null, lastTs: unknown, generatedAt: Date): Date {
  for (const candidate of [until, lastTs]) {
    if (typeof candidate === 'string') {
      const d = new Date(candidate);
      if (!Number.isNaN(d.getTime())) return d;
    }
  }
  return generatedAt;
}
