// A Grafana dashboard over the exported metrics, after the Sidepanel seed's panels (active
// sessions, request rate, latency heatmap, budget gauge) plus the LLM, file and workflow views.
// Pure: prefix in, dashboard object out. Every query names metrics from the catalog only, through
// `metric()`, which throws on a name the catalog does not export.

import { FAMILIES } from './catalog.js';

export interface GrafanaTarget {
  readonly expr: string;
  readonly refId: string;
  readonly legendFormat?: string;
  readonly format?: string;
}

export interface GrafanaPanel {
  readonly id: number;
  readonly title: string;
  readonly type: string;
  readonly description?: string;
  readonly gridPos: { x: number; y: number; w: number; h: number };
  readonly datasource: { type: string; uid: string };
  readonly targets: readonly GrafanaTarget[];
  readonly fieldConfig?: unknown;
  readonly options?: unknown;
}

const DATASOURCE = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };

interface PanelDraft {
  title: string;
  type: 'stat' | 'timeseries' | 'heatmap' | 'gauge' | 'bargauge';
  description: string;
  w: number;
  h: number;
  targets: { expr: string; legend?: string; format?: string }[];
  unit?: string;
  thresholds?: { value: number | null; color: string }[];
  min?: number;
  max?: number;
}

export function grafanaDashboard(prefix: string): Record<string, unknown> {
  const m = (key: string, suffix = ''): string => {
    const family = FAMILIES.find((f) => f.key === key);
    if (!family) throw new Error(`dashboard names ${key}, which is not exported`);
    if (suffix && family.type !== 'histogram') throw new Error(`${key} is not a histogram`);
    return prefix + key + suffix;
  };
  const drafts: PanelDraft[] = [
    { title: 'Active sessions', type: 'stat', w: 6, h: 5, description: 'Sessions with records and no end record.',
      targets: [{ expr: m('sessions_active') }] },
    { title: 'Errors (last 24h)', type: 'stat', w: 6, h: 5, description: 'Records with a failure signal.',
      targets: [{ expr: `sum(increase(${m('errors_total')}[24h]))` }], thresholds: [{ value: null, color: 'green' }, { value: 1, color: 'red' }] },
    { title: 'Error rate', type: 'stat', w: 6, h: 5, unit: 'percentunit', description: 'Share of records with ok = false over 5 minutes.',
      targets: [{ expr: `sum(rate(${m('errors_total')}[5m])) / sum(rate(${m('events_total')}[5m]))` }],
      thresholds: [{ value: null, color: 'green' }, { value: 0.05, color: 'yellow' }, { value: 0.1, color: 'red' }] },
    { title: 'Last log record', type: 'stat', w: 6, h: 5, unit: 's', description: 'Seconds since the newest record was logged.',
      targets: [{ expr: `time() - ${m('last_event_timestamp_seconds')}` }] },
    { title: 'Request rate', type: 'timeseries', w: 12, h: 8, unit: 'reqps', description: 'Served requests per second by route.',
      targets: [{ expr: `sum by (route) (rate(${m('requests_total')}[5m]))`, legend: '{{route}}' }] },
    { title: 'Latency distribution', type: 'heatmap', w: 12, h: 8, description: 'Served request durations.',
      targets: [{ expr: `sum by (le) (rate(${m('request_duration_seconds', '_bucket')}[5m]))`, legend: '{{le}}', format: 'heatmap' }] },
    { title: 'LLM latency p50 / p95 / p99', type: 'timeseries', w: 12, h: 8, unit: 's', description: 'GenAI operation duration by model.',
      targets: [0.5, 0.95, 0.99].map((q) => ({
        expr: `histogram_quantile(${q}, sum by (le, model) (rate(${m('gen_ai_client_operation_duration_seconds', '_bucket')}[5m])))`,
        legend: `p${Math.round(q * 100)} {{model}}`,
      })) },
    { title: 'LLM calls by status', type: 'timeseries', w: 12, h: 8, unit: 'reqps', description: 'LLM calls per second by model and status.',
      targets: [{ expr: `sum by (model, status) (rate(${m('llm_calls_total')}[5m]))`, legend: '{{model}} {{status}}' }] },
    { title: 'Tokens', type: 'timeseries', w: 8, h: 8, description: 'Tokens per second by type (input, output).',
      targets: [{ expr: `sum by (type) (rate(${m('tokens_total')}[5m]))`, legend: '{{type}}' }] },
    { title: 'Tokens per call (p95)', type: 'timeseries', w: 8, h: 8, description: 'OpenTelemetry gen_ai.client.token.usage.',
      targets: [{ expr: `histogram_quantile(0.95, sum by (le, type) (rate(${m('gen_ai_client_token_usage', '_bucket')}[5m])))`, legend: '{{type}}' }] },
    { title: 'Cost today', type: 'stat', w: 8, h: 8, unit: 'currencyUSD', description: 'Cost of LLM calls over the last 24 hours (logged, else priced).',
      targets: [{ expr: `sum by (model) (increase(${m('cost_usd_total')}[24h]))`, legend: '{{model}}' }] },
    { title: 'File operations', type: 'timeseries', w: 8, h: 8, unit: 'ops', description: 'File operations per second by operation and status.',
      targets: [{ expr: `sum by (operation, status) (rate(${m('file_ops_total')}[5m]))`, legend: '{{operation}} {{status}}' }] },
    { title: 'File operation p95', type: 'timeseries', w: 8, h: 8, unit: 's', description: 'Dream.OS file_operation_duration_seconds.',
      targets: [{ expr: `histogram_quantile(0.95, sum by (le, operation) (rate(${m('file_operation_duration_seconds', '_bucket')}[5m])))`, legend: '{{operation}}' }] },
    { title: 'File bytes', type: 'timeseries', w: 8, h: 8, unit: 'Bps', description: 'Bytes per second read and written, by file operation.',
      targets: [{ expr: `sum by (operation) (rate(${m('file_ops_bytes_total')}[5m]))`, legend: '{{operation}}' }] },
    { title: 'Workflow success rate', type: 'gauge', w: 8, h: 8, unit: 'percentunit', min: 0, max: 1, description: 'Share of finished runs with status ok over 1 hour.',
      targets: [{ expr: `sum(increase(${m('workflow_runs_total')}{status="ok"}[1h])) / sum(increase(${m('workflow_runs_total')}[1h]))` }],
      thresholds: [{ value: null, color: 'red' }, { value: 0.8, color: 'yellow' }, { value: 0.95, color: 'green' }] },
    { title: 'Workflow duration p95', type: 'timeseries', w: 8, h: 8, unit: 's', description: 'Finished run duration by workflow type.',
      targets: [{ expr: `histogram_quantile(0.95, sum by (le, workflow) (rate(${m('workflow_duration_seconds', '_bucket')}[1h])))`, legend: '{{workflow}}' }] },
    { title: 'Rejected lines', type: 'timeseries', w: 8, h: 8, description: 'Input lines that yield no record, by reason.',
      targets: [{ expr: `sum by (reason) (increase(${m('rejects_total')}[1h]))`, legend: '{{reason}}' }] },
    { title: 'Logged gauges', type: 'timeseries', w: 24, h: 8, description: 'Latest metric samples logged as records (cpu_usage, goroutine_count, ...).',
      targets: [{ expr: m('log_metric_value'), legend: '{{metric}}' }] },
  ];
  return {
    __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', description: '', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }],
    __requires: [
      { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.0.0' },
      { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
    ],
    title: 'logmeter',
    uid: 'logmeter-overview',
    description: 'Metrics that logmeter derives from structured logs (logmeter metrics).',
    tags: ['logmeter', 'logs'],
    editable: true,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-24h', to: 'now' },
    refresh: '1m',
    templating: { list: [] },
    annotations: { list: [] },
    panels: layout(drafts),
  };
}

/** Places panels left to right in a 24-column grid, wrapping rows. */
function layout(drafts: readonly PanelDraft[]): GrafanaPanel[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return drafts.map((d, i) => {
    if (x + d.w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const gridPos = { x, y, w: d.w, h: d.h };
    x += d.w;
    rowHeight = Math.max(rowHeight, d.h);
    const defaults: Record<string, unknown> = {};
    if (d.unit) defaults.unit = d.unit;
    if (d.min !== undefined) defaults.min = d.min;
    if (d.max !== undefined) defaults.max = d.max;
    if (d.thresholds) defaults.thresholds = { mode: 'absolute', steps: d.thresholds };
    return {
      id: i + 1,
      title: d.title,
      type: d.type,
      description: d.description,
      gridPos,
      datasource: DATASOURCE,
      targets: d.targets.map((t, j) => ({
        datasource: DATASOURCE,
        expr: t.expr,
        refId: String.fromCharCode(65 + j),
        ...(t.legend ? { legendFormat: t.legend } : {}),
        ...(t.format ? { format: t.format } : {}),
      })),
      fieldConfig: { defaults, overrides: [] },
      options: {},
    };
  });
}
