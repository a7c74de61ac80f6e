// Events read in place, for a database in memory that one command reads once its inputs are in (the
// `check`, `report` or `summary` of piped logs, which name the columns they read): each JSON-lines
// source stays in the table its one-pass read wrote (lm_projected, records-stream.sql) instead of
// being copied into `events`, and `events` becomes a view over the events table (the other formats'
// records) and those tables. The copy of every record is saved, and the memory it took (13 s of a
// 10M-line report).
//
// The view numbers each table's lines by its row order (rowid + 1, as project-stream.sql does) and
// names the source through a DuckDB variable, so no file name is spliced into SQL. Nothing may write
// to `events` afterwards: `summary --follow` and `ingest` never read in place.

import type { Database } from '../db.js';
import { quotedIdentifier } from '../db.js';
import { EVENT_COLUMNS } from '../schema.js';

export interface KeptTable {
  /** lm_events_<n>: lm_projected renamed. */
  readonly table: string;
  /** The DuckDB variable that holds the source's name. */
  readonly sourceVariable: string;
  /** The events columns the table holds; the others are NULL. */
  readonly held: readonly string[];
}

/** Keeps lm_projected, the one-pass read of source number `index`, as a table of events. */
export async function keepProjected(db: Database, index: number, source: string, held: readonly string[]): Promise<KeptTable> {
  if (!Number.isInteger(index) || index < 0) throw new Error(`bad source index ${index}`);
  const table = `lm_events_${index}`;
  const sourceVariable = `lm_events_${index}_source`;
  await db.run(`ALTER TABLE lm_projected RENAME TO ${table}`);
  await db.run(`SET VARIABLE ${sourceVariable} = $source`, { source });
  return { table, sourceVariable, held };
}

/** Makes `events` the view over the events table and the kept tables. */
export async function viewKeptEvents(db: Database, kept: readonly KeptTable[]): Promise<void> {
  if (kept.length === 0) return;
  const names = EVENT_COLUMNS.map((c) => quotedIdentifier(c.name)).join(', ');
  const selects = kept.map((k) => {
    const columns = EVENT_COLUMNS.map(({ name, type }) => {
      const column = quotedIdentifier(name);
      if (name === 'source') return `getvariable('${k.sourceVariable}')::VARCHAR AS ${column}`;
      if (name === 'line') return `rowid + 1 AS ${column}`;
      return k.held.includes(name) ? `CAST(${column} AS ${type}) AS ${column}` : `NULL::${type} AS ${column}`;
    });
    return `SELECT ${columns.join(', ')} FROM ${k.table} WHERE is_record`;
  });
  await db.run('ALTER TABLE events RENAME TO lm_events_table');
  await db.run(`CREATE TEMP VIEW events AS SELECT ${names} FROM lm_events_table UNION ALL ${selects.join(' UNION ALL ')}`);
}
