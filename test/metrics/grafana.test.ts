import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT, runInProcess } from '../helpers/cli.js';
import { grafanaDashboard } from '../../src/metrics/grafana.js';

const PREFIX = 'lmtest_';
// PromQL words that look like names but are functions, aggregations or keywords.
const PROMQL_WORDS = new Set(['sum', 'rate', 'increase', 'histogram_quantile', 'time', 'by', 'without', 'le']);

interface Panel {
  title: string;
  type: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: { type: string; uid: string };
  targets: { expr: string; refId: string }[];
}

/** The metric names a PromQL expression selects: identifiers outside label matchers and by (...). */
function selectedMetrics(expr: string): string[] {
  const stripped = expr.replace(/\{[^}]*\}/g, '').replace(/\b(by|without)\s*\([^)]*\)/g, '').replace(/\[[^\]]*\]/g, '');
  return [...stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w));
}

let dir: string;
let dashboard: { panels: Panel[]; __inputs: { name: string; pluginId: string }[]; title: string; uid: string; schemaVersion: number };
let exported: Set<string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-grafana-'));
  const file = join(dir, 'dashboard.json');
  const r = await runInProcess(['metrics', join(FIXTURES, 'pino.log'), '--prefix', PREFIX, '--grafana-dashboard', file, '-o', join(dir, 'm.prom')]);
  expect(r.code, r.stderr).toBe(0);
  dashboard = JSON.parse(readFileSync(file, 'utf8'));
  // Every series name the exposition declares (histograms as _bucket, _sum, _count).
  exported = new Set<string>();
  for (const m of readFileSync(join(dir, 'm.prom'), 'utf8').matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(name + suffix);
    else exported.add(name);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('grafana dashboard', () => {
  it('is an importable dashboard with a Prometheus data source input', () => {
    expect(dashboard.title).toBe('logmeter');
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.schemaVersion).toBeGreaterThan(30);
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', pluginId: 'prometheus' })]);
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
  });

  it('has the Sidepanel seed panels', () => {
    const titles = dashboard.panels.map((p) => `${p.type}:${p.title}`);
    expect(titles).toEqual(expect.arrayContaining(['stat:Active sessions', 'timeseries:Request rate', 'heatmap:Latency distribution']));
  });

  it('titles a panel by what its query sums: file bytes of every operation, read bytes too', () => {
    const panels = dashboard.panels.filter((p) => p.targets.some((t) => t.expr.includes('file_ops_bytes_total')));
    expect(panels.map((p) => p.title)).toEqual(['File bytes']);
    expect(panels[0]?.targets[0]?.expr).toMatch(/sum by \(operation\)/);
  });

  it('names, in every panel query, only metrics that logmeter metrics exports', () => {
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      expect(panel.datasource.uid).toBe('${DS_PROMETHEUS}');
      for (const target of panel.targets) {
        const names = selectedMetrics(target.expr);
        expect(names.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
        for (const name of names) {
          expect(name.startsWith(PREFIX), `${panel.title}: ${name}`).toBe(true);
          expect(exported.has(name), `${panel.title}: ${name} is not in the exposition`).toBe(true);
        }
      }
    }
  });

  it('lays panels out on the 24-column grid without overlaps', () => {
    const cells = new Set<string>();
    for (const { gridPos: g } of dashboard.panels) {
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) for (let y = g.y; y < g.y + g.h; y++) {
        const key = `${x},${y}`;
        expect(cells.has(key), key).toBe(false);
        cells.add(key);
      }
    }
  });

  it('matches the example shipped in examples/grafana/', () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, 'examples/grafana/logmeter-dashboard.json'), 'utf8'));
    expect(shipped).toEqual(grafanaDashboard('logmeter_'));
  });
});
