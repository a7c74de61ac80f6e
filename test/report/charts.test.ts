// Every chart under reports/charts/ is bound to a real rollup, compiles to Vega without warnings,
// and draws marks; a chart with nothing but zeros is replaced by its one-line "no data".

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Database } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';
import { rollupList, rollupSpec } from '../../src/rollups/index.js';
import { buildChart, chartApplies, hasData, loadChartDefinitions, parseChartDefinition, SECTION_IDS, topSeries, usedFields } from '../../src/report/charts.js';
import { ReportData } from '../../src/report/data.js';
import { renderSvg } from '../../src/report/static-svg.js';
import { FIXTURES, ROOT } from '../helpers/cli.js';

const definitions = loadChartDefinitions(join(ROOT, 'reports', 'charts'));
const theme = JSON.parse(readFileSync(join(ROOT, 'reports', 'theme.json'), 'utf8')) as Record<string, unknown>;

let db: Database;
let data: ReportData;
/** The fixture (three hours) in a week's range: the report binds the long-range charts so. */
let weekData: ReportData;
beforeAll(async () => {
  db = await Database.open();
  await ingest(db, { inputs: [join(FIXTURES, 'pino.log')], stdin: Readable.from([]) });
  data = new ReportData(db, { config: { budget: { amount: 1, period: 'day' } } });
  await data.prepare();
  weekData = new ReportData(db, { since: '2026-02-26T00:00:00Z', until: '2026-03-05T00:00:00Z', config: { budget: { amount: 1, period: 'day' } } });
  await weekData.prepare();
});
afterAll(() => db.close());

describe('the chart definitions in reports/charts', () => {
  it('each name a known section and an existing rollup (and part of it)', () => {
    const rollups = new Set(rollupList().map((r) => r.name));
    expect(definitions.length).toBeGreaterThanOrEqual(15);
    for (const def of definitions) {
      expect(SECTION_IDS).toContain(def.meta.section);
      expect(rollups, def.meta.id).toContain(def.meta.binding.rollup);
      if (def.meta.binding.part) expect(rollupSpec(def.meta.binding.rollup).sections.map((s) => s.name), def.meta.id).toContain(def.meta.binding.part);
    }
  });

  it('each compile to Vega without a warning and draw marks from the fixture', async () => {
    for (const def of definitions) {
      const bound = chartApplies(def.meta, { budget: true, rangeMs: data.rangeMs }) ? data : weekData;
      const table = await bound.table(def.meta.binding);
      for (const field of def.meta.measure) expect(table.columns, `${def.meta.id}: ${field}`).toContain(field);
      const warnings: string[] = [];
      const chart = buildChart(def, table.rows, theme, warnings);
      expect(chart.kind, def.meta.id).toBe(def.meta.id === 'quality-rejects' ? 'nodata' : 'chart');
      if (chart.kind === 'chart') {
        const svg = await renderSvg(chart.vega, warnings);
        expect(svg, def.meta.id).toMatch(/<path|<text/);
      }
      expect(warnings, def.meta.id).toEqual([]);
    }
  });

  it("format a tooltip's time with utcFormat, never with utc() (vega's Date.UTC, which gives NaN)", async () => {
    let timed = 0;
    for (const def of definitions) {
      const chart = buildChart(def, (await data.table(def.meta.binding)).rows, theme);
      if (chart.kind !== 'chart') continue;
      const vega = JSON.stringify(chart.vega);
      expect(vega, def.meta.id).not.toMatch(/(?<![\w.])utc\(/);
      if (vega.includes('utcFormat(')) timed++;
    }
    expect(timed).toBeGreaterThanOrEqual(7);
  });

  it('carry no $schema URL into the page', () => {
    for (const def of definitions) expect(JSON.stringify(def.spec)).not.toContain('https://');
  });
});

describe('no data', () => {
  const def = parseChartDefinition(
    'test',
    JSON.stringify({
      usermeta: { logmeter: { section: 'errors', title: 'Errors', rollup: 'rates', measure: ['errors'], noData: 'No record failed.' } },
      mark: 'bar',
      encoding: { x: { field: 'bucket_start', type: 'temporal' }, y: { field: 'errors', type: 'quantitative' } },
    }),
  );

  it('is what a chart of zeros becomes, and an empty one', () => {
    const zeros = [{ bucket_start: '2026-03-02T10:00:00Z', errors: 0 }, { bucket_start: '2026-03-02T10:05:00Z', errors: null }];
    expect(hasData(zeros, ['errors'])).toBe(false);
    expect(buildChart(def, zeros, {}).kind).toBe('nodata');
    expect(buildChart(def, [], {}).kind).toBe('nodata');
  });

  it('is not what one non-zero value becomes', () => {
    expect(buildChart(def, [{ bucket_start: '2026-03-02T10:00:00Z', errors: 0 }, { bucket_start: '2026-03-02T10:05:00Z', errors: 2 }], {}).kind).toBe('chart');
  });
});

describe('when', () => {
  it('keeps the budget chart to reports with a budget, and picks hourly or daily sessions by range', () => {
    const byId = new Map(definitions.map((d) => [d.meta.id, d.meta]));
    const budget = byId.get('llm-budget');
    const hourly = byId.get('sessions-created-hourly');
    const daily = byId.get('sessions-created');
    expect(budget && hourly && daily).toBeTruthy();
    expect(chartApplies(budget!, { budget: false, rangeMs: 1 })).toBe(false);
    expect(chartApplies(budget!, { budget: true, rangeMs: 1 })).toBe(true);
    expect(chartApplies(hourly!, { budget: false, rangeMs: 3_600_000 })).toBe(true);
    expect(chartApplies(daily!, { budget: false, rangeMs: 3_600_000 })).toBe(false);
    expect(chartApplies(daily!, { budget: false, rangeMs: 7 * 86_400_000 })).toBe(true);
    const weekday = byId.get('sessions-weekday');
    expect(chartApplies(weekday!, { budget: false, rangeMs: 6 * 86_400_000 })).toBe(false);
    expect(chartApplies(weekday!, { budget: false, rangeMs: 7 * 86_400_000 })).toBe(true);
  });
});

describe('a definition without its binding', () => {
  it('is refused with the file named', () => {
    expect(() => parseChartDefinition('broken', JSON.stringify({ mark: 'bar' }))).toThrow(/reports\/charts\/broken\.vl\.json: no usermeta/);
    expect(() =>
      parseChartDefinition('broken', JSON.stringify({ usermeta: { logmeter: { section: 'nowhere', title: 't', rollup: 'rates', measure: ['count'], noData: 'x' } } })),
    ).toThrow(/unknown section/);
  });
});

describe('usedFields()', () => {
  it('keeps the columns a spec names as fields, in lists or in expressions, and drops the rest', () => {
    const spec = {
      mark: 'bar',
      transform: [{ calculate: 'datum.bucket_seconds * 2', as: 'twice' }, { filter: "datum['cost_usd'] > 0 && datum.callsx" }, { fold: ['tokens_in'] }],
      encoding: { x: { field: 'bucket_start' } },
    } as never;
    const rows = [{ bucket_start: 1, bucket_seconds: 2, cost_usd: 3, calls: 4, tokens_in: 5, model: 6 }];
    expect(usedFields(spec, rows).sort()).toEqual(['bucket_seconds', 'bucket_start', 'cost_usd', 'tokens_in']);
  });
});

describe('topSeries()', () => {
  it('keeps the series with the largest sums and says how many there were', () => {
    const rows = ['a', 'b', 'c', 'a', 'c', 'c'].map((model, i) => ({ model, count: i + 1 }));
    const cut = topSeries(rows, { field: 'model', by: 'count', n: 2 });
    expect(cut.series).toBe(3);
    expect(cut.kept).toBe(2);
    expect([...new Set(cut.rows.map((r) => r.model))].sort()).toEqual(['a', 'c']);
    expect(topSeries(rows, { field: 'model', by: 'count', n: 3 }).rows).toBe(rows);
  });
});

describe('charts with more categories than the palette has colours', () => {
  const palette = ((theme.range as Record<string, unknown>).category as string[]).length;

  it('fold the operations beyond the busiest 9 into "other", keeping every bucket\'s total', () => {
    // 14 operations (a plausible agent tool set) in two buckets; op-k has k + 1 operations a bucket.
    const ops = Array.from({ length: 14 }, (_, k) => `op-${String(k).padStart(2, '0')}`);
    const rows = [0, 60].flatMap((t) => ops.map((op, k) => ({ bucket_start: t, bucket_seconds: 60, op, count: k + 1, errors: k % 2, bytes: 1 })));
    const cut = topSeries(rows, { field: 'op', by: 'count', n: 9, other: { groupby: ['bucket_start', 'bucket_seconds'], sum: ['count', 'errors'] } });
    expect(cut).toMatchObject({ series: 14, kept: 9 });
    const series = new Set(cut.rows.map((r) => r.op));
    expect(series.size).toBe(10);
    expect(series.has('other')).toBe(true);
    // op-00..op-04 folded: 1+2+3+4+5 = 15 operations and 0+1+0+1+0 = 2 failures in each bucket.
    expect(cut.rows.filter((r) => r.op === 'other')).toEqual([
      { op: 'other', bucket_start: 0, bucket_seconds: 60, count: 15, errors: 2 },
      { op: 'other', bucket_start: 60, bucket_seconds: 60, count: 15, errors: 2 },
    ]);
    expect(cut.rows.reduce((n, r) => n + Number(r.count), 0)).toBe(2 * 105);
  });

  it('draw "File operations over time" with one colour per series', () => {
    const def = definitions.find((d) => d.meta.id === 'files-ops');
    if (!def) throw new Error('files-ops chart missing');
    const rows = Array.from({ length: 14 }, (_, k) => ({ bucket_start: '2026-03-02T10:00:00.000Z', bucket_seconds: 60, op: `op-${k}`, count: k + 1, errors: 0 }));
    const chart = buildChart(def, rows, theme);
    if (chart.kind !== 'chart') throw new Error('no chart');
    expect(new Set(chart.rows.map((r) => r.op)).size).toBeLessThanOrEqual(palette);
    expect(chart.meta.caption).toContain('the 9 of 14 op values with the largest count, the other 5 as "other"');
  });

  it('every chart colouring by an open-ended field (model, op) caps its series to the palette', () => {
    // Closed sets: kinds, reject reasons, token types, outcomes, percentiles.
    const closed = new Set(['type', 'reason', 'outcome', 'percentile', 'kind']);
    for (const def of definitions) {
      const fields = [...JSON.stringify(def.spec).matchAll(/"color":\{"field":"([^"]+)"/g)].map((m) => m[1] as string);
      for (const field of fields.filter((f) => !closed.has(f))) {
        expect(def.meta.top?.field, def.meta.id).toBe(field);
        expect((def.meta.top?.n ?? Infinity) + (def.meta.top?.other ? 1 : 0), def.meta.id).toBeLessThanOrEqual(palette);
      }
    }
  });
});
