import type { CommandDef } from '../command.js';
import type { IO } from '../io.js';
import { discardAhead, openMemoryAhead } from '../../db.js';
import { inputOptionsFrom, withInputOptions } from '../options.js';
import { UsageError } from '../../errors.js';
import { messages } from '../../messages.js';
import { parseDuration } from '../../check/spec.js';

/** A repeatable string option as a list: yargs gives a string once, an array when repeated. */
function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** A string option given once: the last, when repeated. */
function one(value: unknown): string | undefined {
  return Array.isArray(value) ? String(value[value.length - 1]) : value === undefined ? undefined : String(value);
}

export const check: CommandDef = {
  command: 'check [inputs..]',
  describe: 'gate CI on threshold rules: exit 1 when an error rule fails',
  builder: (y) =>
    withInputOptions(y)
      .option('rules', { describe: 'YAML rules file (repeatable)', type: 'string' })
      .option('assert', { describe: "a rule expression, e.g. \"p95(duration_ms) < 1000 where kind = 'llm_call' by model\" (repeatable)", type: 'string' })
      .option('json', { describe: 'print the results as JSON on stdout', type: 'boolean', default: false })
      .option('junit', { describe: 'write JUnit XML to FILE (one testcase per rule and group)', type: 'string' })
      .option('summary', { describe: 'append a markdown summary to FILE (default $GITHUB_STEP_SUMMARY under GitHub Actions)', type: 'string' })
      .option('baseline', { describe: 'an earlier check --json result or a database, for thresholds like baseline * 1.2', type: 'string' })
      .option('budget', { describe: 'the budget budget_remaining reads: AMOUNT[UNIT]/PERIOD[@RESET], e.g. 100Diem/day@00:00', type: 'string' })
      .option('follow', { alias: 'f', describe: 'keep reading the files (or stdin) as they grow and print each state change (FIRING, RESOLVED); Ctrl-C stops', type: 'boolean', default: false })
      // No yargs defaults: given without --follow they are refused, not silently ignored.
      .option('every', { describe: 'with --follow: how often to re-evaluate the rules (default 10s)', type: 'string' })
      .option('window', { describe: 'with --follow: the sliding window of records the rules see (default 15m)', type: 'string' })
      .option('webhook', { describe: 'with --follow: also POST each state change as JSON to this http(s) URL (its `text` is the printed line)', type: 'string' })
      .example("$0 check run.log --assert 'error_rate < 0.05'", 'fail when 5% or more of the records are errors')
      .example('$0 check --db runs.duckdb --rules examples/rules/sidepanel.yml --junit junit.xml', 'a rules file, JUnit for the CI'),
  run: async (argv, io) => {
    // Inputs read into memory: DuckDB opens that database while the check code loads.
    const inputs = (argv.inputs as unknown[] | undefined) ?? [];
    const inMemory = argv.db === undefined && !io.env.LOGMETER_DB && argv['from-parquet'] === undefined && !argv.follow && (inputs.length > 0 || !io.stdin.isTTY);
    if (inMemory) openMemoryAhead();
    try {
      await runCheck(argv, io);
    } finally {
      if (inMemory) await discardAhead();
    }
  },
};

async function runCheck(argv: Record<string, unknown>, io: IO): Promise<void> {
  const { checkCommand } = await import('../../commands/check.js');
  const junit = one(argv.junit);
  const summary = one(argv.summary);
  const baseline = one(argv.baseline);
  const budget = one(argv.budget);
  if (argv.webhook !== undefined && !argv.follow) throw new UsageError(messages.webhookNeedsFollow());
  for (const flag of ['window', 'every']) {
    if (argv[flag] !== undefined && !argv.follow) throw new UsageError(messages.optionNeedsFollow('check', flag));
  }
  const follow = argv.follow ? followOptions(argv) : undefined;
  await checkCommand(
    {
      ...inputOptionsFrom(argv),
      rules: list(argv.rules),
      asserts: list(argv.assert),
      json: Boolean(argv.json),
      ...(junit !== undefined ? { junit } : {}),
      ...(summary !== undefined ? { summary } : {}),
      ...(baseline !== undefined ? { baseline } : {}),
      ...(budget !== undefined ? { budget } : {}),
      ...(follow ? { follow: follow.options } : {}),
    },
    io,
  ).finally(() => follow?.release());
}

/** --every and --window as milliseconds, and Ctrl-C wired to end the follow loop cleanly. */
function followOptions(argv: Record<string, unknown>) {
  const ms = (flag: string, value: unknown): number => {
    const n = parseDuration(String(value));
    if (n === undefined) throw new UsageError(messages.badDurationOption(flag, String(value)));
    return n;
  };
  const everyMs = ms('--every', argv.every ?? '10s');
  const windowMs = ms('--window', argv.window ?? '15m');
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  return {
    options: { everyMs, windowMs, signal: controller.signal, ...(argv.webhook !== undefined ? { webhook: one(argv.webhook) } : {}) },
    release: () => process.off('SIGINT', stop).off('SIGTERM', stop),
  };
}
