import type { CommandDef } from '../command.js';
import { inputOptionsFrom, withInputOptions } from '../options.js';
import { UsageError } from '../../errors.js';
import { messages } from '../../messages.js';
import { parseDuration } from '../../check/spec.js';

function duration(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(String(value));
  if (ms === undefined) throw new UsageError(messages.badDurationOption(flag, String(value)));
  return ms;
}

export const summary: CommandDef = {
  command: 'summary [inputs..]',
  describe: 'a terminal dashboard: health, request rate, LLM latency, tokens and cost, sessions, workflows, file operations, rejects',
  builder: (y) =>
    withInputOptions(y)
      .option('follow', { alias: 'f', describe: 'keep reading the files (or stdin) as they grow, tail -F style, and redraw', type: 'boolean', default: false })
      .option('every', { describe: 'with --follow: redraw interval (default 5s)', type: 'string' })
      .option('window', { describe: 'show only the last DURATION (default with --follow: 15m; without: the whole log)', type: 'string' })
      .example('$0 summary app.log', 'the dashboard once')
      .example('$0 summary --follow --every 2s --window 15m /var/log/agent/*.log', 'live, over a sliding 15-minute window'),
  run: async (argv, io) => {
    // Without --follow there is nothing to redraw: refused rather than ignored.
    if (argv.every !== undefined && !argv.follow) throw new UsageError(messages.optionNeedsFollow('summary', 'every'));
    const everyMs = duration('--every', argv.every ?? '5s') as number;
    const windowMs = duration('--window', argv.window);
    const { summaryCommand } = await import('../../commands/summary.js');
    const controller = new AbortController();
    const stop = () => controller.abort();
    // Ctrl-C ends --follow cleanly (exit 0); without --follow the default handling stays.
    if (argv.follow) process.once('SIGINT', stop).once('SIGTERM', stop);
    try {
      await summaryCommand(
        {
          ...inputOptionsFrom(argv),
          follow: Boolean(argv.follow),
          everyMs,
          ...(windowMs !== undefined ? { windowMs } : {}),
          signal: controller.signal,
        },
        io,
      );
    } finally {
      process.off('SIGINT', stop).off('SIGTERM', stop);
    }
  },
};
