import { DATE_ORDERS, type DateOrder } from '../../ingest/date-order.js';
import type { CommandDef } from '../command.js';
import { UsageError } from '../../errors.js';
import { messages } from '../../messages.js';
import { positiveInteger } from '../options.js';

export const formats: CommandDef = {
  command: 'formats [inputs..]',
  describe: 'list the input formats, or --explain how a file is read: format, field mapping, lines that did not match',
  builder: (y) =>
    y
      .positional('inputs', { describe: 'more files to explain', type: 'string', array: true })
      .option('explain', { describe: 'show how FILE is read: the detected format, the field mapping per column, the lines that did not match', type: 'string' })
      .option('format', { describe: 'force an input format instead of detecting it', type: 'string' })
      .option('input-format', { describe: 'force an input format, on any command (as --format here)', type: 'string' })
      .option('max-line-bytes', { describe: 'longer lines become too_long rejects, as in ingest', type: 'string' })
      .option('tz', { describe: "time zone of zone-less timestamps (IANA name); default the config's timezone, else UTC", type: 'string' })
      .option('date-order', { describe: "month/day order of numeric dates (03/01/2026) a source's own dates cannot tell: mdy or dmy; default the config's date_order, else mdy", type: 'string', choices: DATE_ORDERS })
      .option('config', { describe: 'configuration file (default: logmeter.yml in the current directory, when there is one)', type: 'string' })
      .option('limit', { describe: 'show at most N lines that did not match', type: 'string', default: '20' })
      .option('json', { describe: 'print the explanation (or the list of formats) as JSON on stdout', type: 'boolean', default: false })
      .example('$0 formats', 'the formats logmeter detects')
      .example('$0 formats --explain logs/orchestrator.log', 'why a number looks wrong: how each column was filled'),
  run: async (argv, io) => {
    const limit = Number(argv.limit);
    if (!Number.isInteger(limit) || limit < 0) throw new UsageError(messages.badPositiveInteger('--limit', String(argv.limit)));
    if (argv.explain === '' && !(argv.inputs as unknown[] | undefined)?.length) throw new UsageError(messages.explainNeedsFile());
    const explain = [argv.explain, ...((argv.inputs as unknown[] | undefined) ?? [])].filter((v) => v !== undefined && v !== '').map(String);
    const { formatsCommand } = await import('../../commands/formats.js');
    await formatsCommand(
      {
        explain,
        format: (argv['input-format'] ?? argv.format) as string | undefined,
        tz: argv.tz as string | undefined,
        dateOrder: argv['date-order'] as DateOrder | undefined,
        config: argv.config as string | undefined,
        maxLineBytes: positiveInteger('--max-line-bytes', argv['max-line-bytes']),
        limit,
        json: Boolean(argv.json),
      },
      io,
    );
  },
};
