import type { Argv } from 'yargs';
import type { CommandDef } from '../command.js';
import { inputOptionsFrom, positiveInteger, withInputOptions, withOutputFormat } from '../options.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../output/render.js';
import { UsageError } from '../../errors.js';
import { messages } from '../../messages.js';

const EPILOGUE = [
  'NAME is a rollup from queries/ (logmeter query --list shows each with a line about it):',
  '  overview rates errors latency tokens cost budget sessions workflows file_ops system rejects',
  'Percentiles (latency p50 ... p99, workflows, file_ops) are exact: linear interpolation between the',
  'two nearest ranks (DuckDB quantile_cont), the same as numpy.percentile\'s default "linear" method.',
  'JSON output of a rollup is {rollup, meta, rows, sections}; --section NAME prints one table as rows.',
].join('\n');

/** The rollup options (`--since` ... `--where`), for any command that runs rollups. */
export function withRollupOptions<T>(y: Argv<T>) {
  return y
    .option('since', { describe: 'start of the range: ISO time (UTC unless zoned) or relative (30m, 24h, 7d)', type: 'string' })
    .option('until', { describe: 'end of the range (exclusive), as --since', type: 'string' })
    .option('now', { describe: 'the time "current" and "active" refer to (default: --until, else the last record); without --until, the range ends at it', type: 'string' })
    .option('bucket', { describe: 'time bucket: 1m, 5m, 1h, 1d (N s|m|h|d|w), or day, week, month', type: 'string' })
    .option('by', { describe: 'group by columns, attrs.<path>, day, hour or weekday (comma-separated); none', type: 'string' })
    .option('kind', { describe: 'only these kinds (comma-separated), or all to lift the rollup\'s default', type: 'string' })
    .option('where', { describe: "filter, e.g. \"model = 'gpt-4o' and ok\"", type: 'string' })
    // A string, checked here: yargs would turn `--top abc` into NaN, and the message into "got NaN".
    .option('top', { describe: 'rows in top-N sections (default 10)', type: 'string' })
    .option('budget', { describe: 'budget for the budget rollup: AMOUNT[UNIT]/PERIOD[@RESET], e.g. 100USD/day@00:00', type: 'string' });
}

export const query: CommandDef = {
  command: 'query [name] [inputs..]',
  describe: 'run a named rollup from queries/, your own SQL file with --file, or SQL with --sql',
  builder: (y) =>
    withRollupOptions(withOutputFormat(withInputOptions(y)))
      .positional('name', { describe: 'a rollup name (see --list)', type: 'string' })
      .option('sql', { describe: 'SQL to run over events and rejects', type: 'string' })
      .option('file', { describe: 'your own .sql rollup, with the same parameters as the named ones', type: 'string' })
      .option('list', { describe: 'list the rollups with a line about each', type: 'boolean', default: false })
      .option('section', { describe: 'print only this section of the rollup', type: 'string' })
      .epilogue(EPILOGUE),
  run: async (argv, io) => {
    const positionals = [argv.name, ...((argv.inputs as unknown[] | undefined) ?? [])].filter((v) => v !== undefined).map(String);
    const sql = typeof argv.sql === 'string' ? argv.sql : undefined;
    const file = typeof argv.file === 'string' ? argv.file : undefined;
    const list = argv.list === true;
    if ([sql !== undefined, file !== undefined, list].filter(Boolean).length > 1) throw new UsageError(messages.queryModeConflict());
    // Issues 3 and 5 write `query --format csv`: an output format name given to --format selects the
    // output; any other value still forces the input format (and --input-format always does).
    const formatIsOutput = (OUTPUT_FORMATS as readonly unknown[]).includes(argv.format);
    const output = (formatIsOutput ? argv.format : argv['output-format']) as OutputFormat;
    if (formatIsOutput) argv = { ...argv, format: undefined };
    else if (typeof argv.format === 'string') {
      // Either kind of name is taken here, so a mistake lists both kinds, not only the input formats.
      const { FORMATS, formatByName } = await import('../../ingest/formats/index.js');
      if (!formatByName(argv.format)) throw new UsageError(messages.queryUnknownFormat(argv.format, OUTPUT_FORMATS, FORMATS.map((f) => f.name)));
    }
    const commands = await import('../../commands/query.js');
    if (list) return commands.listRollupsCommand({ output }, io);
    if (sql !== undefined) {
      commands.checkSqlQuery(
        sql,
        positionals,
        commands.ROLLUP_ONLY_FLAGS.filter((f) => argv[f] !== undefined),
      );
      return commands.sqlQueryCommand({ ...inputOptionsFrom({ ...argv, inputs: positionals }), sql, output }, io);
    }
    if (file === undefined && positionals.length === 0) throw new UsageError(messages.queryNeedsSql());
    const [name, ...inputs] = file === undefined ? positionals : [undefined, ...positionals];
    await commands.rollupQueryCommand(
      {
        ...inputOptionsFrom({ ...argv, inputs }),
        ...(name !== undefined ? { name } : {}),
        ...(file !== undefined ? { file } : {}),
        output,
        ...(typeof argv.section === 'string' ? { section: argv.section } : {}),
        params: {
          since: text(argv.since),
          until: text(argv.until),
          now: text(argv.now),
          bucket: text(argv.bucket),
          by: text(argv.by),
          kind: text(argv.kind),
          where: text(argv.where),
          top: positiveInteger('--top', argv.top),
        },
        budget: text(argv.budget),
      },
      io,
    );
  },
};

function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
