// `logmeter report`: one self-contained HTML file with the report's charts and numbers.
//
//   1. validate  -o's strftime fields, --bucket, --budget and the --rules files, before any input
//   2. read      the inputs (or stdin) into an in-memory database, or open --db (workspace.ts)
//   3. check     the rules, when given, for the Thresholds section (src/check)
//   4. build     the page from the rollups (src/report/build.ts)
//   5. write     to stdout, or to the file named by -o (src/output/write-file.ts: a cron reader never sees half)

import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { IO } from '../cli/io.js';
import { write } from '../cli/io.js';
import { openWorkspace, readDatabaseFile, type InputOptions } from '../cli/workspace.js';
import { InputError, UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { checkRuleRegexps, evaluateRules, loadRules, usesBaseline, type CheckResult } from '../check/index.js';
import { columnsRead } from '../check/columns-read.js';
import { REPORT_COLUMNS } from '../schema.js';
import { parseBucket, parseBudgetSpec, type RollupConfig } from '../rollups/index.js';
import { buildReport } from '../report/build.js';
import { expandOutputPath, isStdout } from '../report/output-path.js';
import { writeOutputFile } from '../output/write-file.js';
import { PACKAGE_ROOT } from '../sql-files.js';
import { loadConfig, rollupConfigFrom } from '../config/load.js';

export interface ReportOptions extends InputOptions {
  /** A file path (strftime fields allowed) or `-` for stdout. */
  readonly output: string;
  readonly title?: string;
  readonly since?: string;
  readonly until?: string;
  readonly bucket?: string;
  readonly rules?: readonly string[];
  readonly budget?: string;
  /** The clock for relative times and the footer (tests). */
  readonly clock?: () => Date;
}

export interface ReportOutcome {
  /** The file written, or `-`. */
  readonly file: string;
  readonly bytes: number;
  readonly charts: { readonly drawn: number; readonly noData: number };
}

export async function reportCommand(options: ReportOptions, io: IO): Promise<ReportOutcome> {
  const clock = options.clock ?? (() => new Date());
  // 1. validate
  if (!isStdout(options.output)) expandOutputPath(options.output, new Date(0));
  if (options.bucket !== undefined) parseBucket(options.bucket);
  // logmeter.yml's health, budget, prices and sessions; --budget wins over the file's budget.
  const config: RollupConfig = rollupConfigFrom(loadConfig({ cwd: io.cwd, file: options.config }), options.budget !== undefined ? { budget: parseBudgetSpec(options.budget) } : {});
  const rules = options.rules?.length ? loadRules({ rulesFiles: options.rules, cwd: io.cwd }) : undefined;
  // A baseline rule would show a failure with no threshold: refused, as check refuses it without --baseline.
  const needsBaseline = rules?.find(usesBaseline);
  if (needsBaseline) throw new UsageError(messages.reportBaselineRule(needsBaseline.name));
  if (rules) await checkRuleRegexps(rules);

  // 2-4. read, check, build
  const range = { ...(options.since !== undefined ? { since: options.since } : {}), ...(options.until !== undefined ? { until: options.until } : {}) };
  // Piped logs fill the columns the page's sections read, and those its rules read (columns-read.ts;
  // undefined when it cannot tell). Rules over attrs get every column, through the staged read: with
  // every line held in place the report is slower at scale (docs/PERFORMANCE.md).
  const ruleColumns = rules === undefined ? new Set<string>() : columnsRead(rules);
  const columns = ruleColumns === undefined || ruleColumns.has('attrs') ? undefined : new Set([...REPORT_COLUMNS, ...ruleColumns]);
  const workspace = await openWorkspace({ ...options, timeRange: range, ...(columns ? { columns } : {}) }, io);
  let built;
  let checked: CheckResult | undefined;
  try {
    // A database with no records at all is most likely the wrong file (a typo creates a new one).
    const stored = !workspace.ingest && options.fromParquet === undefined;
    if (stored && Number((await workspace.db.one('SELECT count(*) AS n FROM events'))?.n ?? 0) === 0) {
      throw new InputError(messages.reportEmptyDb(readDatabaseFile(options, io.env) ?? ''));
    }
    if (rules) checked = await evaluateRules(workspace.db, rules, config.prices !== undefined ? { priceOverrides: config.prices } : {});
    built = await buildReport(workspace.db, {
      // A blank --title (a CI variable that was never set) would leave the page and its tab unnamed.
      title: options.title?.trim() ? options.title : defaultTitle(options),
      since: options.since,
      until: options.until,
      bucket: options.bucket,
      config,
      clock,
      rules: checked,
      generatedAt: clock(),
      version: packageVersion(),
    });
  } finally {
    workspace.close();
  }
  if (built.warnings.length) io.log?.debug({ warnings: built.warnings }, 'vega warnings');

  // 5. write
  const bytes = Buffer.byteLength(built.html, 'utf8');
  if (isStdout(options.output)) {
    await write(io.stdout, built.html);
    return { file: '-', bytes, charts: built.charts };
  }
  const file = expandOutputPath(options.output, built.end);
  writeOutputFile(isAbsolute(file) ? file : resolve(io.cwd, file), built.html, file);
  if (!options.quiet) await write(io.stderr, messages.reportWritten(file, bytes, built.charts.drawn, built.charts.noData) + '\n');
  return { file, bytes, charts: built.charts };
}

function defaultTitle(options: ReportOptions): string {
  const named = options.inputs.length === 1 && options.inputs[0] !== '-' ? options.inputs[0] : options.db;
  return named ? `logmeter report: ${named}` : 'logmeter report';
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
