import type { CommandDef } from '../command.js';
import { inputOptionsFrom, withInputOptions } from '../options.js';

/** A repeatable string option as a list: yargs gives a string once, an array when repeated. */
function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function last(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return String(Array.isArray(value) ? value[value.length - 1] : value);
}

export const report: CommandDef = {
  command: 'report [inputs..]',
  describe: 'write one self-contained HTML report with charts (offline, no network, readable without JavaScript)',
  builder: (y) =>
    withInputOptions(y)
      .option('output', { alias: 'o', describe: "the HTML file; - for stdout; strftime fields such as 'reports/%Y-%m-%d.html' are filled from the report's end time (UTC)", type: 'string', demandOption: true })
      .option('title', { describe: 'the title at the top of the page and of its tab (blank: the name of the input)', type: 'string' })
      .option('since', { describe: 'start of the range: ISO time, or relative such as 24h or 7d', type: 'string' })
      .option('until', { describe: 'end of the range (exclusive): ISO time, or relative', type: 'string' })
      .option('bucket', { describe: 'bucket of the charts over time: 1m, 5m, 1h, 1d, ... (default: chosen for the range)', type: 'string' })
      .option('rules', { describe: 'YAML rules file: its results appear as the Thresholds section (repeatable)', type: 'string' })
      .option('budget', { describe: 'a budget for the LLM section, AMOUNT[UNIT]/PERIOD[@RESET], e.g. 50USD/day@06:00', type: 'string' })
      .example('$0 report app.log -o report.html', 'read a log and write its report')
      .example("$0 report --db logs.duckdb --since 24h -o 'reports/%Y-%m-%d.html'", 'a dated daily report, for cron'),
  run: async (argv, io) => {
    const { reportCommand } = await import('../../commands/report.js');
    await reportCommand(
      {
        ...inputOptionsFrom(argv),
        output: last(argv.output) as string,
        title: last(argv.title),
        since: last(argv.since),
        until: last(argv.until),
        bucket: last(argv.bucket),
        rules: list(argv.rules),
        budget: last(argv.budget),
      },
      io,
    );
  },
};
