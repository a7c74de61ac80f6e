// `logmeter metrics`: Prometheus text exposition of the events (for node_exporter's textfile
// collector), and `--grafana-dashboard FILE.json`, a dashboard over those metrics.
//   1. validate   prefix, buckets, label cap (before reading any input)
//   2. read       inputs or --db (src/cli/workspace.ts)
//   3. collect    one SQL source per group of families (src/metrics/collect.ts)
//   4. render     text exposition (src/metrics/exposition.ts)
//   5. write      stdout, or -o FILE atomically

import type { IO } from '../cli/io.js';
import { write } from '../cli/io.js';
import { openWorkspace, type InputOptions } from '../cli/workspace.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { loadConfig, rollupConfigFrom } from '../config/load.js';
import { chooseBuckets } from '../metrics/buckets.js';
import { collectMetrics } from '../metrics/collect.js';
import { isValidMetricName, renderExposition, type MetricFamily } from '../metrics/exposition.js';
import { grafanaDashboard } from '../metrics/grafana.js';
import { writeOutputFile } from '../output/write-file.js';

export interface MetricsOptions extends InputOptions {
  /** A .prom file to write atomically; stdout when absent or '-'. */
  readonly output?: string;
  readonly prefix: string;
  readonly maxLabelValues: number;
  /** `--buckets` values: `[NAME=]B1,B2,...`. */
  readonly buckets: readonly string[];
  /** Write a Grafana dashboard here. Alone (no -o, inputs or --db) it reads no input. */
  readonly grafanaDashboard?: string;
}

export interface MetricsResult {
  readonly families: readonly MetricFamily[];
  readonly series: number;
}

export async function metricsCommand(options: MetricsOptions, io: IO): Promise<MetricsResult> {
  if (options.prefix !== '' && !isValidMetricName(options.prefix)) throw new UsageError(messages.badMetricPrefix(options.prefix));
  const buckets = chooseBuckets(options.buckets);

  if (options.grafanaDashboard !== undefined) {
    const dashboard = grafanaDashboard(options.prefix);
    writeOutputFile(options.grafanaDashboard, JSON.stringify(dashboard, null, 2) + '\n');
    if (!options.quiet) await write(io.stderr, messages.dashboardWritten(options.grafanaDashboard, (dashboard.panels as unknown[]).length) + '\n');
    const wantsMetrics = options.output !== undefined || options.inputs.length > 0 || options.db !== undefined;
    if (!wantsMetrics) return { families: [], series: 0 };
  }

  // logmeter.yml's price overrides, health thresholds and session idle time.
  const config = rollupConfigFrom(loadConfig({ cwd: io.cwd, file: options.config }));
  const workspace = await openWorkspace(options, io);
  let families: MetricFamily[];
  try {
    families = await collectMetrics(workspace.db, { prefix: options.prefix, maxLabelValues: options.maxLabelValues, buckets, config });
  } finally {
    workspace.close();
  }
  const text = renderExposition(families);
  const series = families.reduce((n, f) => n + (f.type === 'histogram' ? f.series.length : f.samples.length), 0);
  if (options.output === undefined || options.output === '-') {
    await write(io.stdout, text);
  } else {
    writeOutputFile(options.output, text);
    if (!options.quiet) await write(io.stderr, messages.metricsWritten(options.output, families.length, series) + '\n');
  }
  return { families, series };
}
