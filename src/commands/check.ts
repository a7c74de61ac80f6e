// `logmeter check`: the CI gate. Threshold rules over logs, with exit codes and CI-native output.
//
//   1. validate: read and check every rule (rules files, --assert) and open the --baseline, before
//      any input is read, so a typo is exit 2 at once and never a silent pass
//   2. read: the inputs (or stdin) into an in-memory database, or open --db (workspace.ts)
//   3. evaluate: per rule, query value and samples per group (and bucket), then judge (src/check)
//   4. render: table or --json on stdout, --junit FILE, GitHub annotations and markdown summary
//   5. decide: any failing result throws ThresholdError (exit 1); warnings keep exit 0

import { appendFileSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { IO } from '../cli/io.js';
import type { Database } from '../db.js';
import { write } from '../cli/io.js';
import { databaseFile, openWorkspace, type InputOptions } from '../cli/workspace.js';
import { InputError, ThresholdError, UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { loadConfig } from '../config/load.js';
import { columnsRead } from '../check/columns-read.js';
import {
  evaluateRules,
  loadRules,
  openBaseline,
  renderAnnotations,
  renderJson,
  renderJUnit,
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
  const evaluateOptions = (baseline: BaselineSource | undefined) => ({
    ...(baseline ? { baseline } : {}),
    ...(fileConfig.prices !== undefined ? { priceOverrides: fileConfig.prices } : {}),
  });
  const needsBaseline = specs.find(usesBaseline);
  if (needsBaseline && options.baseline === undefined) throw new UsageError(messages.baselineNeeded(needsBaseline.name));

  const dbFile = databaseFile(options, io.env);
  if (options.baseline !== undefined && dbFile && sameFile(at(options.baseline), at(dbFile))) throw new UsageError(messages.baselineIsDb());
  const baseline: BaselineSource | undefined = options.baseline === undefined ? undefined : await openBaseline(at(options.baseline), options.baseline);

  if (options.follow) {
    if (options.db !== undefined || options.fromParquet !== undefined) throw new UsageError(messages.followNeedsInputs());
    const { followCheck } = await import('../follow/check-follow.js');
    const { webhookUrl } = await import('../follow/webhook.js');
    const webhook = options.follow.webhook === undefined ? undefined : webhookUrl(options.follow.webhook);
    try {
      return await followCheck(specs, { ...options, ...options.follow, webhook }, io, (db) => evaluateRules(db, specs, evaluateOptions(baseline)));
    } finally {
      baseline?.close();
    }
  }

  let result: CheckResult;
  try {
    // Piped logs fill only the columns the rules read (a database file still gets them all).
    const columns = columnsRead(specs);
    const workspace = await openWorkspace({ ...options, ...(columns ? { columns } : {}) }, io);
    try {
      if (!workspace.ingest) await requireEvents(workspace.db, dbFile ?? '');
      result = await evaluateRules(workspace.db, specs, evaluateOptions(baseline));
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
    throw new UsageError(messages.cannotWriteFile(shownAs, (error as Error).message));
  }
}
