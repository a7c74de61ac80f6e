// The SQL macros of queries/ingest/macros.sql, created once per database. The ingest needs them to
// map values; the rollups and metrics need the few that decide what a record means at query time
// (lm_workflow_run_end: which workflow records end a run), also on a database opened with --db,
// where no ingest ran. Temp macros live as long as the connection, and a Database has one.

import type { Database } from './db.js';
import { readSqlFile } from './sql-files.js';

let macrosLoadedFor = new WeakSet<Database>();

export async function loadMacros(db: Database): Promise<void> {
  if (macrosLoadedFor.has(db)) return;
  await db.run(readSqlFile('ingest/macros.sql'));
  macrosLoadedFor.add(db);
}

/** For tests that reopen databases. */
export function resetMacroCache(): void {
  macrosLoadedFor = new WeakSet<Database>();
}
