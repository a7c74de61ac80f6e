// `logmeter query`: a named rollup (queries/<name>.sql), a user's own rollup file (--file), the
// list of rollups (--list), or the user's own SQL over the events and rejects tables (--sql).

import { existsSync } from 'node:fs';
import type { IO } from '../cli/io.js';
import { write } from '../cli/io.js';
import { openWorkspace, type InputOptions } from '../cli/workspace.js';
import { loadConfig, rollupConfigFrom } from '../config/load.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { markdownCell, render, withoutFloatNoise, type OutputFormat } from '../output/render.js';
import { terminalText } from '../output/terminal-text.js';
import {
  checkRollup,
  parseBudgetSpec,
  rollupList,
  runRollup,
  runRollupFile,
  type RawRollupParams,
  type RollupConfig,
  type RollupResult,
} from '../rollups/index.js';
import { rollupNames } from '../rollups/catalog.js';
import { parseFilter } from '../query-language/index.js';
import { regexpError } from '../regexp-check.js';

export interface SqlQueryOptions extends InputOptions {
  readonly sql: string;
  readonly output: OutputFormat;
}

/** Rollup parameters, which mean nothing to the user's own SQL. */
export const ROLLUP_ONLY_FLAGS = ['since', 'until', 'now', 'bucket', 'by', 'kind', 'where', 'top', 'budget', 'section'] as const;

/**
 * What can be said of `query --sql` before any input is read: it is not empty, no rollup flag
 * comes with it, and its first operand is not a rollup's name (`query latency app.log --sql ...`).
 */
export function checkSqlQuery(sql: string, operands: readonly string[], flagsGiven: readonly string[]): void {
  if (sql.trim() === '') throw new UsageError(messages.sqlEmpty());
  if (flagsGiven.length > 0) throw new UsageError(messages.sqlWithRollupFlags(flagsGiven));
  const first = operands[0];
  if (first !== undefined && !existsSync(first) && rollupNames().includes(first)) throw new UsageError(messages.sqlWithRollupName(first));
}

export async function sqlQueryCommand(options: SqlQueryOptions, io: IO): Promise<void> {
  const workspace = await openWorkspace(options, io);
  try {
    let table;
    try {
      // Several statements would all run, and all but the last result be dropped (a DROP among them).
      // DuckDB's parser says what is wrong better when the SQL is run: a statement it cannot parse is
      // left to that; an empty one (`;`) makes extractStatements fail without a reason.
      const count = await workspace.db.statementCount(options.sql).catch(() => (/^[\s;]*$/.test(options.sql) ? 0 : 1));
      if (count !== 1) throw new UsageError(count === 0 ? messages.sqlEmpty() : messages.sqlOneStatement(count));
      table = await workspace.db.table(options.sql);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(messages.sqlFailed((error as Error).message));
    }
    await write(io.stdout, render(table, options.output));
  } finally {
    workspace.close();
  }
}

export interface RollupQueryOptions extends InputOptions {
  /** A built-in rollup; or */
  readonly name?: string;
  /** a user's .sql file. */
  readonly file?: string;
  readonly output: OutputFormat;
  /** Print only this section. */
  readonly section?: string;
  readonly params: RawRollupParams;
  /** `--budget` as written; it replaces the configuration's budget. */
  readonly budget?: string;
  /**
   * Health thresholds, budget, price overrides, session idle time (src/rollups/config.ts), over
   * logmeter.yml's (rollupConfigFrom); --budget wins over both.
   */
  readonly rollupConfig?: RollupConfig;
}

export async function rollupQueryCommand(options: RollupQueryOptions, io: IO): Promise<RollupResult> {
  // Validate what can be validated before any input is read.
  const flagBudget = options.budget === undefined ? undefined : parseBudgetSpec(options.budget);
  // logmeter.yml's health, budget, prices, sessions and extra gauge names (aliases: gauge).
  const fromFile = rollupConfigFrom(loadConfig({ cwd: io.cwd, file: options.config }));
  const budget = flagBudget ?? options.rollupConfig?.budget ?? fromFile.budget;
  const gauges = [...(options.rollupConfig?.gauges ?? []), ...(fromFile.gauges ?? [])];
  const config: RollupConfig = {
    ...fromFile,
    ...options.rollupConfig,
    ...(budget ? { budget } : {}),
    ...(gauges.length > 0 ? { gauges } : {}),
  };
  const params = { ...options.params, config };
  checkRollup(options.file !== undefined ? { file: options.file } : { name: options.name ?? '' }, params);
  const where = options.params.where;
  if (where !== undefined && where !== null && where.trim() !== '') {
    const error = await regexpError(where, parseFilter(where));
    if (error) throw error;
  }
  const workspace = await openWorkspace(options, io);
  try {
    const result = options.file !== undefined
      ? await runRollupFile(workspace.db, options.file, params)
      : await runRollup(workspace.db, options.name ?? '', params);
    await write(io.stdout, renderRollup(result, options.output, options.section));
    if ((options.output === 'csv' || options.output === 'ndjson') && !options.quiet && result.meta.notes.length > 0) {
      await write(io.stderr, result.meta.notes.map((n) => `logmeter: ${n}\n`).join(''));
    }
    return result;
  } finally {
    workspace.close();
  }
}

export async function listRollupsCommand(options: { output: OutputFormat }, io: IO): Promise<void> {
  const rows = rollupList();
  await write(io.stdout, render({ columns: ['name', 'description'], rows }, options.output));
}

/**
 * A rollup result in an output format. table and markdown show every section under its title,
 * then the notes; json is one object (rows of the main section, the other sections by name, and
 * meta); csv and ndjson carry the main section's rows. --section picks one table, and json then
 * prints its rows as an array.
 */
export function renderRollup(result: RollupResult, format: OutputFormat, section?: string): string {
  if (section !== undefined) {
    const table = result.sections.find((s) => s.name === section);
    if (!table) throw new UsageError(messages.unknownSection(result.name, section, result.sections.map((s) => s.name)));
    return render(table, format);
  }
  switch (format) {
    case 'json': {
      const others = Object.fromEntries(result.sections.slice(1).map((s) => [s.name, s.rows]));
      return JSON.stringify({ rollup: result.name, meta: result.meta, rows: result.rows, sections: others }, withoutFloatNoise, 2) + '\n';
    }
    case 'csv':
    case 'ndjson':
      return render(result, format);
    case 'table':
    case 'markdown': {
      const several = result.sections.length > 1;
      const parts = result.sections.map((s) => {
        const title = several ? (format === 'markdown' ? `### ${messages.sectionTitle(s.name, s.description)}\n\n` : `${messages.sectionTitle(s.name, s.description)}\n`) : '';
        const body = s.rows.length === 0 && format === 'table' ? `${messages.noRows()}\n` : render(s, format);
        return title + body;
      });
      // A note names logged values (an unpriced model), so it is shown as a table cell is.
      const notes = result.meta.notes.map((n) => (format === 'markdown' ? `> ${markdownCell(n)}` : terminalText(n)));
      return parts.join('\n') + (notes.length > 0 ? '\n' + notes.join(format === 'markdown' ? '\n>\n' : '\n') + '\n' : '');
    }
  }
}
