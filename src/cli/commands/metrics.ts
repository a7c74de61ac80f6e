import type { CommandDef } from '../command.js';
import { inputOptionsFrom, withInputOptions } from '../options.js';
import { UsageError } from '../../errors.js';
import { messages } from '../../messages.js';

export const metrics: CommandDef = {
  command: 'metrics [inputs..]',
  describe: 'write Prometheus text exposition (node_exporter textfile collector) or a Grafana dashboard',
  builder: (y) =>
    withInputOptions(y)
      .option('output', { alias: 'o', describe: 'write to FILE.prom atomically instead of stdout', type: 'string' })
      .option('prefix', { describe: 'prefix of every metric name', type: 'string', default: 'logmeter_' })
      .option('max-label-values', { describe: "distinct values kept per label (most frequent first); the rest become 'other'", type: 'string', default: '20' })
      .option('buckets', {
        describe: 'histogram bounds [NAME=]B1,B2,...; NAME is a histogram or request|llm|file|workflow|tokens; no NAME: every duration histogram',
        type: 'string',
        array: true,
      })
      .option('grafana-dashboard', { describe: 'write a Grafana dashboard JSON over these metrics to FILE', type: 'string' }),
  run: async (argv, io) => {
    const max = Number(argv['max-label-values']);
    if (!Number.isInteger(max) || max < 1) throw new UsageError(messages.badPositiveInteger('--max-label-values', String(argv['max-label-values'])));
    const { metricsCommand } = await import('../../commands/metrics.js');
    await metricsCommand(
      {
        ...inputOptionsFrom(argv),
        output: argv.output as string | undefined,
        prefix: String(argv.prefix ?? 'logmeter_'),
        maxLabelValues: max,
        buckets: ((argv.buckets as unknown[] | undefined) ?? []).map(String),
        grafanaDashboard: argv['grafana-dashboard'] as string | undefined,
      },
      io,
    );
  },
};
