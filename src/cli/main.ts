// The entry point: argv -> command, and the one place that maps errors to exit codes.
//   0 success · 1 thresholds failed · 2 usage or configuration error · 3 unusable input
//   74 output could not be written (disk full, I/O error) · 70 internal error
// Commands throw typed errors (src/errors.ts); src/cli/run.ts, which runs it as a process, sets the exit status.

import yargs from 'yargs';
import { readFileSync } from 'node:fs';
import { ExitCode, LogmeterError, UsageError } from '../errors.js';
import { duckdbDiskFull } from '../output/write-errors.js';
import { messages } from '../messages.js';
import { createDiagnostics } from '../diagnostics.js';
import { closest } from '../query-language/diagnostics.js';
import { PACKAGE_ROOT } from '../sql-files.js';
import { COMMANDS } from './commands/index.js';
import { hasDashDigitToken, joinDashDigitValues } from './dash-values.js';
import { processIO, type IO } from './io.js';
import { suggestedMemoryLimit } from './memory-hint.js';
import { join } from 'node:path';

const EPIPE = 'EPIPE';

export async function main(args: readonly string[], baseIO: IO): Promise<number> {
  const debug = args.includes('--debug');
  const io: IO = { ...baseIO, log: createDiagnostics(baseIO.stderr, debug ? 'debug' : baseIO.env.LOGMETER_LOG_LEVEL) };
  let exitCode: number = ExitCode.ok;
  const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  let argv: string[];
  try {
    checkCommandName(args);
    argv = await markStdinInputs(joinOptionValues(args));
  } catch (error) {
    return report(error, io, debug);
  }
  let parser = yargs(argv)
    .scriptName('logmeter')
    .usage('$0 <command> [options]\n\nTurn structured logs into metrics.')
    .version(version)
    .option('debug', { describe: 'print stack traces and diagnostics', type: 'boolean', default: false, global: true })
    // Operands after `--` are inputs even when they look like options (a file named --db): argv['--'].
    .parserConfiguration({ 'populate--': true })
    .strict()
    .demandCommand(1, 'give a command; logmeter --help lists them')
    .recommendCommands()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .epilogue('Exit codes: 0 ok, 1 thresholds failed, 2 usage error, 3 unusable input, 70 internal error, 74 disk full.')
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  for (const def of COMMANDS) {
    parser = parser.command(def.command, def.describe, def.builder, async (argv) => {
      await def.run(argv as Record<string, unknown>, io);
    });
  }
  skipHelpCaching(parser);
  try {
    await parser.parseAsync();
  } catch (error) {
    exitCode = report(error, io, debug);
  }
  return exitCode;
}

/** The command names, and yargs' own `help`. */
const COMMAND_NAMES = [...COMMANDS.map((def) => def.command.split(' ')[0] as string), 'help'];

/**
 * `logmeter foo app.log` would otherwise read "Unknown arguments: foo, app.log", as if the log were
 * at fault. The command is the first operand: the only option before it is the global --debug.
 */
function checkCommandName(args: readonly string[]): void {
  const name = args.find((a) => !a.startsWith('-'));
  if (name === undefined || COMMAND_NAMES.includes(name)) return;
  throw new UsageError(messages.unknownCommand(name, closest(name, COMMAND_NAMES)));
}

interface YargsUsage {
  cacheHelpMessage?: () => void;
}

/**
 * yargs renders the chosen command's whole help text as soon as its handler starts, to have it at
 * hand should the handler later ask for help: 20-45 ms of string-width and wrap-ansi on every run.
 * No handler asks (`.fail` throws, `--help` renders afresh without running one), so skip it, as
 * the Angular CLI does (angular/angular-cli#34087). Without those internals nothing changes.
 */
function skipHelpCaching(parser: object): void {
  const internals = (parser as { getInternalMethods?: () => { getUsageInstance?: () => YargsUsage } }).getInternalMethods;
  const usage = typeof internals === 'function' ? internals.call(parser).getUsageInstance?.() : undefined;
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/**
 * `--since -1h` as `--since=-1h` (src/cli/dash-values.ts). The command's options are built, to
 * know which take no value, only for the rare command line that has such a token.
 */
function joinOptionValues(args: readonly string[]): string[] {
  if (!hasDashDigitToken(args)) return [...args];
  const name = args.find((a) => !a.startsWith('-'));
  const def = COMMANDS.find((d) => d.command.split(' ')[0] === name);
  const flags = new Set(['help', 'h', 'version', 'debug']);
  if (def) {
    // getOptions() is yargs' public method, missing from its type declarations
    const built = def.builder(yargs([])) as unknown as { getOptions?: () => { boolean?: string[]; count?: string[] } };
    const options = built.getOptions?.() ?? {};
    for (const flag of [...(options.boolean ?? []), ...(options.count ?? [])]) flags.add(flag);
  }
  return joinDashDigitValues(args, (option) => flags.has(option));
}

/** Options whose value may be `-` meaning stdout or stdin of their own (`-o -`). */
const DASH_VALUE_OPTIONS = new Set(['-o', '--output', '--out', '--summary', '--junit', '--grafana-dashboard', '--baseline', '--rules', '--file', '--config']);

/**
 * yargs drops a lone `-` positional; name stdin explicitly unless `-` is an option's value. The
 * sources module (and tinyglobby behind it) loads only then: `--version` has no use for it.
 */
async function markStdinInputs(args: readonly string[]): Promise<string[]> {
  if (!args.includes('-')) return [...args];
  const { STDIN_ARG } = await import('../ingest/sources.js');
  return args.map((a, i) => (a === '-' && !DASH_VALUE_OPTIONS.has(args[i - 1] ?? '') ? STDIN_ARG : a));
}

function report(error: unknown, io: IO, debug: boolean): number {
  if (isBrokenPipe(error)) return ExitCode.ok;
  const full = duckdbDiskFull(error);
  if (full) {
    io.stderr.write(`logmeter: ${full.message}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
    return full.exitCode;
  }
  if (error instanceof LogmeterError) {
    io.stderr.write(`logmeter: ${error.message}\n`);
    if (debug && error.stack) io.stderr.write(error.stack + '\n');
    return error.exitCode;
  }
  const detail = error instanceof Error ? error.message : String(error);
  const firstLine = detail.split('\n')[0] ?? detail;
  // DuckDB's own out-of-memory: the limit is a setting the user can raise, not a bug.
  const outOfMemory = /^Out of Memory Error: (.*)$/.exec(firstLine);
  if (outOfMemory) {
    const detail = outOfMemory[1] as string;
    io.stderr.write(`logmeter: ${messages.outOfMemory(detail, io.env.LOGMETER_MEMORY_LIMIT, suggestedMemoryLimit(detail))}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
    return ExitCode.internal;
  }
  io.stderr.write(`logmeter: ${messages.internalError(firstLine)}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
  return ExitCode.internal;
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === EPIPE;
}
