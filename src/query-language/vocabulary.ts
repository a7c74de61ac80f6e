// Columns whose values come from a fixed list (`level`, `kind`: src/schema.ts). A value outside the
// list can match no record, so a filter written with one (`level = 'ERROR'`, `kind = 'llm-call'`)
// is a mistake to report when it is parsed: in a CI gate it would make `count < 1 where ...` pass
// whatever the log holds. Also the severity order of `level`, which `<`, `<=`, `>`, `>=` compare by.

import { KINDS, LEVELS } from '../schema.js';
import type { ColumnRef } from './columns.js';
import { closest } from './diagnostics.js';

const FIXED_VALUES: Readonly<Record<string, readonly string[]>> = { level: LEVELS, kind: KINDS };

/**
 * Level names of other loggers, read as the ingest reads them (lm_level in
 * queries/ingest/macros.sql), so `'WARNING'` suggests warn and `'CRITICAL'` suggests fatal.
 */
const LEVEL_ALIASES: Readonly<Record<string, string>> = {
  silly: 'trace', finest: 'trace', finer: 'trace',
  verbose: 'debug', fine: 'debug', dbg: 'debug',
  information: 'info', informational: 'info', notice: 'info', http: 'info', inf: 'info', config: 'info',
  warning: 'warn', wrn: 'warn',
  err: 'error', severe: 'error', eror: 'error',
  critical: 'fatal', crit: 'fatal', alert: 'fatal', emerg: 'fatal', emergency: 'fatal', panic: 'fatal',
};

/** The values a column can hold, when it is one of the columns with a fixed list. */
export function fixedValues(column: ColumnRef): readonly string[] | undefined {
  return column.kind === 'column' ? FIXED_VALUES[column.name] : undefined;
}

/** The listed value a user most likely meant by `written`, if any. */
export function suggestValue(column: ColumnRef, written: string | number): string | undefined {
  const values = fixedValues(column);
  if (!values) return undefined;
  if (typeof written === 'number') return column.kind === 'column' && column.name === 'level' ? pinoLevel(written) : undefined;
  const word = written.trim().toLowerCase().replace(/[-\s]+/g, '_');
  if (values.includes(word)) return word;
  if (column.kind === 'column' && column.name === 'level' && LEVEL_ALIASES[word]) return LEVEL_ALIASES[word];
  return closest(word, values);
}

/** pino's and bunyan's numeric levels, as the ingest maps them (10 trace ... 60 fatal). */
function pinoLevel(value: number): string {
  // The named level at or below the number, as lm_level reads pino's custom levels (35 is info).
  const index = [20, 30, 40, 50, 60].findIndex((limit) => value < limit);
  return LEVELS[index === -1 ? LEVELS.length - 1 : index] as string;
}

/** True when the column's values have an order users mean by `<` and `>`: level, by severity. */
export function orderedBySeverity(column: ColumnRef): boolean {
  return column.kind === 'column' && column.name === 'level';
}

/** The levels from least to most severe; `<` and `>` on level compare their positions (1-based). */
export const SEVERITY_ORDER: readonly string[] = LEVELS;

/** A level's position in SEVERITY_ORDER, 1 for trace ... 6 for fatal. */
export function severityRank(level: string): number {
  return SEVERITY_ORDER.indexOf(level) + 1;
}
