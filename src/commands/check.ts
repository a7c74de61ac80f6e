// `logmeter check`: the CI gate. Threshold rules over logs, with exit codes and CI-native output.
//
//   1. validate: read and check every rule (rules files, --assert) and open the --baseline, before
//      any input is read, so a typo is exit 2 at once and never a silent pass
//   2. read: the inputs (or stdin) into an in-memory database, or open --db (workspace.ts)
//   3. evaluate: per rule, query value and samples per group (and bucket), then judge (src/check)
//   4. render: table or --json on stdout, --junit FILE, GitHub annotations and markdown summary
//   5. decide: any failing result throws ThresholdError (exit 1); warnings keep exit 0. With
//      --follow, Ctrl-C is exit 0; a follow that ends by itself (stdin or its pipes closed) decides on its last poll
//
// When the check cannot run (exit 2, 3 or 70), --junit FILE is rewritten with one errored testcase
// and the markdown summary gets an error section: a report left from an earlier run must not
// show a pass for a run that checked nothing.

import { appendFileSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { IO } from '../cli/io.js';
import type { Database } from '../db.js';
import { write } from '../cli/io.js';
import { openWorkspace, readDatabaseFile, type InputOptions } from '../cli/workspace.js';
import { InputError, LogmeterError, ThresholdError, UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { outputWriteError } from '../output/write-errors.js';
import { loadConfig } from '../config/load.js';
import { columnsRead } from '../check/columns-read.js';
import {
  evaluateRules,
  checkRuleRegexps,
  loadRules,
  openBaseline,
  renderAnnotations,
  renderErrorAnnotation,
  renderJson,
  renderJsonError,
  renderJUnit,
  renderJUnitError,
  renderMarkdownError,
  renderMarkdownSummary,
  renderTable,
  usesBaseline,
  type BaselineSource,
  type CheckResult,
} from '../check/index.js';

export interface CheckOptions extends InputOptions {
  readonly rules: readonly string[];
  readonly asserts: readonly string[];
  readonly json?: boolean;
  readonly junit?: string;
  readonly summary?: string;
  readonly baseline?: string;
  /** `--budget` (AMOUNT[UNIT]/PERIOD[@RESET]): the budget budget_remaining reads. */
  readonly budget?: string;
  /** Keep reading the inputs as they grow and print each rule's state changes (src/follow). */
  readonly follow?: { readonly everyMs: number; readonly windowMs: number; readonly signal?: AbortSignal; readonly webhook?: string };
}

export async function checkCommand(options: CheckOptions, io: IO): Promise<CheckResult | undefined> {
  try {
    return await runCheck(options, io);
  } catch (error) {
    if (!(error instanceof ThresholdError) && !options.follow) await writeErrorReports(options, io, error);
    throw error;
  }
}

/** File options that were given without a name (`--junit`, `--junit ''`, or `--junit -`, which yargs reads as ''). */
function checkFileOptions(options: CheckOptions): void {
  const named: [string, string | undefined, string][] = [
    ['--junit', options.junit, 'the JUnit XML is written there; --json prints the results on stdout'],
    ['--summary', options.summary, 'the markdown summary is appended there'],
    ['--baseline', options.baseline, 'an earlier check --json result, a database, or a directory holding one .json result'],
    ...options.rules.map((file): [string, string, string] => ['--rules', file, 'a YAML or JSON rules file']),
  ];
  for (const [flag, value, what] of named) if (value !== undefined && value.trim() === '') throw new UsageError(messages.optionNeedsFile(flag, what));
  if (options.follow) {
    const finished = [options.junit !== undefined && '--junit', options.summary !== undefined && '--summary', options.json && '--json'].filter((f): f is string => typeof f === 'string');
    if (finished.length > 0) throw new UsageError(messages.followTakesNoReports(finished));
  }
}

async function runCheck(options: CheckOptions, io: IO): Promise<CheckResult | undefined> {
  checkFileOptions(options);
  const at = (file: string) => (isAbsolute(file) ? file : resolve(io.cwd, file));
  // logmeter.yml's budget (under --budget and a rules file's own) and price overrides.
  const fileConfig = loadConfig({ cwd: io.cwd, file: options.config });
  const specs = loadRules({
    rulesFiles: options.rules,
    asserts: options.asserts,
    ...(options.budget !== undefined ? { budget: options.budget } : {}),
    ...(fileConfig.budget !== undefined ? { configBudget: fileConfig.budget } : {}),
    cwd: io.cwd,
  });
  await checkRuleRegexps(specs);
  const evaluateOptions = (baseline: BaselineSource | undefined, holdsRejects = true) => ({
    ...(baseline ? { baseline } : {}),
    ...(fileConfig.prices !== undefined ? { priceOverrides: fileConfig.prices } : {}),
    ...(holdsRejects ? {} : { holdsRejects }),
  });
  const needsBaseline = specs.find(usesBaseline);
  if (needsBaseline && options.baseline === undefined) throw new UsageError(messages.baselineNeeded(needsBaseline.name));

  const dbFile = readDatabaseFile(options, io.env);
  if (options.baseline !== undefined && dbFile && sameFile(at(options.baseline), at(dbFile))) throw new UsageError(messages.baselineIsDb());
  const baseline: BaselineSource | undefined = options.baseline === undefined ? undefined : await openBaseline(at(options.baseline), options.baseline);

  if (options.follow) {
    if (options.db !== undefined || options.fromParquet !== undefined) throw new UsageError(messages.followNeedsInputs());
    const { followCheck } = await import('../follow/check-follow.js');
    const { webhookUrl } = await import('../follow/webhook.js');
    const webhook = options.follow.webhook === undefined ? undefined : webhookUrl(options.follow.webhook);
    let last: CheckResult | undefined;
    try {
      last = await followCheck(specs, { ...options, ...options.follow, webhook }, io, (db, sinceMs, nowMs) => evaluateRules(db, specs, { ...evaluateOptions(baseline), sinceMs, nowMs }));
    } finally {
      baseline?.close();
    }
    // Stopped (Ctrl-C) is exit 0. Ended by itself (stdin closed), the check is finished: exit 1 when
    // a rule fails at the end, as without --follow.
    if (!options.follow.signal?.aborted && last && last.counts.failed > 0) throw new ThresholdError(messages.checkFailed(last.counts.failed, last.counts.checks));
    return last;
  }

  let result: CheckResult;
  try {
    // Piped logs fill only the columns the rules read (a database file still gets them all).
    const columns = columnsRead(specs);
    const workspace = await openWorkspace({ ...options, ...(columns ? { columns } : {}) }, io);
    try {
      if (!workspace.ingest) await requireEvents(workspace.db, dbFile ?? '');
      result = await evaluateRules(workspace.db, specs, evaluateOptions(baseline, workspace.holdsRejects));
    } finally {
      workspace.close();
    }
  } finally {
    baseline?.close();
  }

  const label = baseline?.label;
  const github = io.env.GITHUB_ACTIONS === 'true';
  await write(io.stdout, options.json ? renderJson(result) : renderTable(result, label));
  // Workflow commands are read from stdout; with --json they go to stderr to keep stdout JSON.
  if (github) await write(options.json ? io.stderr : io.stdout, renderAnnotations(result, label, { root: io.env.GITHUB_WORKSPACE || io.cwd, cwd: io.cwd }));
  if (options.junit !== undefined) writeOutput(at(options.junit), options.junit, renderJUnit(result, label), 'write');
  const summaryFile = options.summary ?? (github ? io.env.GITHUB_STEP_SUMMARY || undefined : undefined);
  if (summaryFile !== undefined) writeOutput(at(summaryFile), summaryFile, renderMarkdownSummary(result, label), 'append');

  if (result.counts.failed > 0) throw new ThresholdError(messages.checkFailed(result.counts.failed, result.counts.checks));
  return result;
}

/**
 * The reports of a check that could not run, saying why: the --junit file, the markdown summary,
 * --json's object on stdout and, in GitHub Actions, an ::error annotation (on stderr with --json,
 * as for results). Never throws: the error itself is what the user must see.
 */
async function writeErrorReports(options: CheckOptions, io: IO, error: unknown): Promise<void> {
  const at = (file: string) => (isAbsolute(file) ? file : resolve(io.cwd, file));
  const reason = error instanceof LogmeterError ? error.message : messages.internalError(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
  const kind = error instanceof UsageError ? 'usage' : error instanceof InputError ? 'input' : 'internal';
  const github = io.env.GITHUB_ACTIONS === 'true';
  const summaryFile = options.summary ?? (github ? io.env.GITHUB_STEP_SUMMARY || undefined : undefined);
  const reports: [string | undefined, () => void][] = [
    [options.junit, () => writeOutput(at(options.junit as string), options.junit as string, renderJUnitError(reason, kind), 'write')],
    [summaryFile, () => writeOutput(at(summaryFile as string), summaryFile as string, renderMarkdownError(reason), 'append')],
  ];
  for (const [file, writeReport] of reports) {
    if (file === undefined || file.trim() === '') continue;
    try {
      writeReport();
    } catch {
      // An unwritable report file: the error being reported is the one that matters.
    }
  }
  try {
    if (options.json) await write(io.stdout, renderJsonError(reason));
    if (github) await write(options.json ? io.stderr : io.stdout, renderErrorAnnotation(reason));
  } catch {
    // A closed stdout: likewise.
  }
}

async function requireEvents(db: Database, file: string): Promise<void> {
  const row = await db.one('SELECT count(*) AS n FROM events');
  if (!row || row.n === 0) throw new InputError(messages.noEventsInDb(file));
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}

function writeOutput(path: string, shownAs: string, text: string, how: 'write' | 'append'): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (how === 'append') appendFileSync(path, text);
    else writeFileSync(path, text);
  } catch (error) {
    // `--junit /dev/stdout | head`: a closed pipe ends quietly (the entry point), as stdout does.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw error;
    throw outputWriteError(shownAs, error);
  }
}
