// How a rollup section becomes one statement: the shared CTEs of queries/_prelude.sql, then the
// section's SELECT as a subquery. Pure text assembly over trusted pieces only:
//   - {{source}} is one of a fixed set of relation names;
//   - {{where}} and {{dims}} are SQL fragments from src/query-language, built from validated
//     identifiers, with every value (literal, JSON path) a bound parameter ($w_N, $b_N);
//   - user text never enters the SQL: times, buckets, kinds, thresholds and budgets are bound
//     parameters too ($since, $until, $bucket, $kinds, ...).

import { DuckDBConnectionQuote } from '../db.js';
import { readSqlFile } from '../sql-files.js';
import type { SourceRelation } from './catalog.js';
import type { DimensionSql } from './params.js';

/** The temp table of run names a run that pinned the events builds once (pin.ts). */
export const RUN_NAMES_TABLE = 'lm_run_names';

export interface PreludeInputs {
  readonly source: SourceRelation;
  /** The compiled --where, or null. */
  readonly where: string | null;
  readonly dims: readonly DimensionSql[];
  /** Read the run names from the temp table a pinned run built (pin.ts), instead of from events. */
  readonly pinnedRunNames?: boolean;
}

const quotedIdentifier = DuckDBConnectionQuote.id;
const SOURCES: Readonly<Record<SourceRelation, string>> = { events: 'events', priced_events: 'priced_events' };

/** The dimension struct: its fields are d1, d2, ... in --by order (labels are applied after the query). */
export function dimsSql(dims: readonly DimensionSql[]): string {
  if (dims.length === 0) return 'NULL';
  return `struct_pack(${dims.map((d, i) => `${quotedIdentifier(`d${i + 1}`)} := ${d.sql}`).join(', ')})`;
}

/** The prelude's CTE list with its placeholders filled. */
export function prelude(inputs: PreludeInputs): string {
  const fill: Readonly<Record<string, string>> = {
    source: quotedIdentifier(SOURCES[inputs.source]),
    where: inputs.where ?? 'TRUE',
    dims: dimsSql(inputs.dims),
    run_names: inputs.pinnedRunNames ? `SELECT * FROM ${quotedIdentifier(RUN_NAMES_TABLE)}` : readSqlFile('_run-names.sql'),
    session_spans: readSqlFile('_session-spans.sql'),
  };
  return readSqlFile('_prelude.sql').replace(/\{\{([a-z_]+)\}\}/g, (match, slot: string) => {
    const value = fill[slot];
    if (value === undefined) throw new TypeError(`_prelude.sql: unknown placeholder ${match}`);
    return value;
  });
}

/** One section as a complete statement; its rows keep the section's own ORDER BY. */
export function sectionStatement(preludeSql: string, sectionSql: string): string {
  return `WITH\n${preludeSql}\nSELECT * FROM (\n${sectionSql}\n) AS rollup`;
}

/** The range the filter covers, to choose or check a bucket before the real query. */
export function spanStatement(preludeSql: string): string {
  return `WITH\n${preludeSql}\nSELECT epoch(range_last) - epoch(range_start) AS seconds FROM span`;
}
