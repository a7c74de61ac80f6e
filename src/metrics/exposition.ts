// Prometheus text exposition (format 0.0.4, which node_exporter's textfile collector reads and
// which is OpenMetrics-compatible in its names): families in, text out. Pure: no I/O.
// Label values come from logs, so every one goes through escapeLabelValue; HELP text through
// escapeHelp. Samples carry no timestamps: the textfile collector rejects them.

export type MetricType = 'counter' | 'gauge' | 'histogram';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

export interface HistogramSeries {
  readonly labels: Labels;
  /** Cumulative counts, one per bound in the family's `buckets`, in the same order. */
  readonly cumulative: readonly number[];
  readonly count: number;
  readonly sum: number;
}

interface FamilyBase {
  readonly name: string;
  readonly help: string;
}

export interface ScalarFamily extends FamilyBase {
  readonly type: 'counter' | 'gauge';
  readonly samples: readonly Sample[];
}

export interface HistogramFamily extends FamilyBase {
  readonly type: 'histogram';
  /** Upper bounds, ascending, without +Inf. */
  readonly buckets: readonly number[];
  readonly series: readonly HistogramSeries[];
}

export type MetricFamily = ScalarFamily | HistogramFamily;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isValidMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/** Backslash, double quote and line feed are the three characters the format escapes. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '"' ? '\\"' : '\\n'));
}

export function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (ch) => (ch === '\\' ? '\\\\' : '\\n'));
}

/** Go's strconv-compatible spelling: integers plainly, +Inf/-Inf/NaN by name. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels, extra?: readonly [string, string]): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`invalid label name ${name}`);
    parts.push(`${name}="${escapeLabelValue(value)}"`);
  }
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length === 0 ? '' : '{' + parts.join(',') + '}';
}

export function renderExposition(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const family of families) {
    if (!isValidMetricName(family.name)) throw new Error(`invalid metric name ${family.name}`);
    out.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    out.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type === 'histogram') {
      for (const s of family.series) {
        family.buckets.forEach((bound, i) => {
          out.push(`${family.name}_bucket${formatLabels(s.labels, ['le', formatValue(bound)])} ${formatValue(s.cumulative[i] ?? 0)}`);
        });
        out.push(`${family.name}_bucket${formatLabels(s.labels, ['le', '+Inf'])} ${formatValue(s.count)}`);
        out.push(`${family.name}_sum${formatLabels(s.labels)} ${formatValue(s.sum)}`);
        out.push(`${family.name}_count${formatLabels(s.labels)} ${formatValue(s.count)}`);
      }
    } else {
      for (const s of family.samples) out.push(`${family.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
    }
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
