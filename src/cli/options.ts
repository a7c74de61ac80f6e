// The option sets commands share, declared once: "inputs or --db", and output format.

import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/render.js';
import type { InputOptions } from './workspace.js';
import { DATE_ORDERS, type DateOrder } from '../ingest/date-order.js';

export function withInputOptions<T>(y: Argv<T>) {
  return y
    .positional('inputs', { describe: 'log files, directories, globs, or - for stdin (default: stdin)', type: 'string', array: true })
    .option('db', { describe: 'DuckDB database file (ingest creates it; the other commands only read it); default $LOGMETER_DB', type: 'string' })
    .option('format', { describe: 'force an input format instead of detecting it per source (on query, an output format name selects the output)', type: 'string' })
    .option('input-format', { describe: 'force an input format, on any command', type: 'string' })
    .option('tz', { describe: "time zone of zone-less timestamps (IANA name); default the config's timezone, else UTC", type: 'string' })
    .option('date-order', { describe: "month/day order of numeric dates (03/01/2026) a source's own dates cannot tell: mdy or dmy; default the config's date_order, else mdy (with a notice)", type: 'string', choices: DATE_ORDERS })
    .option('config', { describe: 'configuration file (default: logmeter.yml in the current directory, when there is one)', type: 'string' })
    .option('max-reject-ratio', { describe: 'exit 3 when more than this share of lines is bad input', type: 'string' })
    .option('max-line-bytes', { describe: 'longer lines become too_long rejects', type: 'string' })
    .option('quiet', { alias: 'q', describe: 'no progress or summary on stderr', type: 'boolean', default: false })
    .option('full', { describe: 're-read every input from the start instead of from its checkpoint in --db', type: 'boolean', default: false })
    .option('from-parquet', { describe: "read events from Parquet written by export --parquet ('DIR/**/*.parquet'); only the days --since/--until need", type: 'string' });
}

export function withOutputFormat<T>(y: Argv<T>, defaultFormat: OutputFormat = 'table') {
  return y.option('output-format', {
    alias: 'F',
    describe: 'output format',
    choices: OUTPUT_FORMATS,
    default: defaultFormat,
  });
}

/** Converts parsed argv into the typed InputOptions, validating numbers. */
export function inputOptionsFrom(argv: Record<string, unknown>): InputOptions {
  return {
    inputs: [...((argv.inputs as string[] | undefined) ?? []), ...((argv['--'] as unknown[] | undefined) ?? [])].map(String),
    db: argv.db as string | undefined,
    format: (argv['input-format'] ?? argv.format) as string | undefined,
    tz: argv.tz as string | undefined,
    dateOrder: argv['date-order'] as DateOrder | undefined,
    config: argv.config as string | undefined,
    maxRejectRatio: ratio('--max-reject-ratio', argv['max-reject-ratio']),
    maxLineBytes: positiveInteger('--max-line-bytes', argv['max-line-bytes']),
    quiet: Boolean(argv.quiet),
    full: Boolean(argv.full),
    fromParquet: argv['from-parquet'] as string | undefined,
    timeRange: { since: optionalText(argv.since), until: optionalText(argv.until) },
  };
}

function ratio(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(messages.badRatio(flag, String(value)));
  return n;
}

/** A flag's positive integer (`--max-line-bytes`), undefined when not given; exit 2 otherwise. */
export function positiveInteger(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(messages.badPositiveInteger(flag, String(value)));
  return n;
}

function optionalText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
