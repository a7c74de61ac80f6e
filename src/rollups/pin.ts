// A run whose events no longer change (a report, `metrics`) pins them: what the rollups derive
// from the whole of `events` is then built once for the run, not once per rollup or statement.
//   prices     the price table behind priced_events (prices.ts), for the run's price overrides
//   run names  the temp table lm_run_names (queries/_run-names.sql), which the prelude's `filled`
//              joins to every record; unpinned, every statement aggregates them from events again
// Without a pin, rollups between changes to events (follow mode, tests) always read them afresh.

import { DuckDBConnectionQuote, type Database } from '../db.js';
import { readSqlFile } from '../sql-files.js';
import { RUN_NAMES_TABLE } from './compose.js';
import { pinPricedEvents, unpinPricedEvents, type PricedEventsOptions } from './prices.js';

const pinned = new WeakSet<Database>();
const table = () => DuckDBConnectionQuote.id(RUN_NAMES_TABLE);

/** Builds the run's shared relations now; until `unpinEvents`, the rollups on `db` reuse them. */
export async function pinEvents(db: Database, options: PricedEventsOptions = {}): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table()} AS\n${readSqlFile('_run-names.sql')}`);
  await pinPricedEvents(db, options);
  pinned.add(db);
}

export async function unpinEvents(db: Database): Promise<void> {
  unpinPricedEvents(db);
  if (!pinned.delete(db)) return;
  await db.run(`DROP TABLE IF EXISTS ${table()}`);
}

/** True while a pin's lm_run_names stands for the run names. */
export function runNamesPinned(db: Database): boolean {
  return pinned.has(db);
}
