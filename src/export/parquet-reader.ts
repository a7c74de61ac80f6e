// `--from-parquet 'DIR/**/*.parquet'`: the events table becomes a view over the Parquet files a
// command needs. The pattern is expanded here, the day partitions outside the command's time range
// are dropped (partitions.ts), and the remaining list is bound as a variable the view reads
// (queries/export/events-view.sql), so no path is spliced into SQL.

import { statSync } from 'node:fs';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { listValue, quotedIdentifier } from '../db.js';
import { ADDED_EVENT_COLUMNS } from '../schema.js';
import type { Database } from '../db.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { readSqlFile } from '../sql-files.js';
import { pruneFiles, type RawTimeRange } from './partitions.js';

export interface ParquetSelection {
  /** Files the pattern matched. */
  readonly matched: number;
  /** Files the view reads after pruning by the time range. */
  readonly files: readonly string[];
}

export function parquetFilesFor(pattern: string, range: RawTimeRange = {}, now = Date.now()): ParquetSelection {
  const all = expand(pattern);
  if (all.length === 0) throw new UsageError(messages.parquetMatchedNothing(pattern));
  return { matched: all.length, files: pruneFiles(all, range, now) };
}

/** Makes `events` a view over the selected files (an empty events table when none is needed). */
export async function useParquetEvents(db: Database, pattern: string, range: RawTimeRange = {}): Promise<ParquetSelection> {
  const selection = parquetFilesFor(pattern, range);
  if (selection.files.length === 0) return selection;
  await db.run('SET VARIABLE lm_parquet_files = $files', { files: listValue([...selection.files]) });
  try {
    await db.run(await eventsViewSql(db));
    // Bind now, so a file that is not Parquet is one clear usage error here, not a query failure later.
    await db.run('SELECT * FROM events LIMIT 0');
  } catch (error) {
    throw new UsageError(messages.parquetUnreadable(pattern, (error as Error).message));
  }
  return selection;
}

/** events-view.sql, reading the columns added since older exports as NULL where no file has them. */
async function eventsViewSql(db: Database): Promise<string> {
  const rows = await db.all(`SELECT DISTINCT name FROM parquet_schema(getvariable('lm_parquet_files'))`);
  const held = new Set(rows.map((r) => String(r.name)));
  return readSqlFile('export/events-view.sql').replace(/\{\{([a-z_]+)\}\}/g, (_, column: string) => {
    if (!ADDED_EVENT_COLUMNS.includes(column)) throw new Error(`unknown placeholder {{${column}}} in events-view.sql`);
    return held.has(column) ? quotedIdentifier(column) : 'NULL';
  });
}

function expand(pattern: string): string[] {
  if (!isDynamicPattern(pattern)) {
    const stat = statOrUndefined(pattern);
    if (stat?.isFile()) return [pattern];
    if (stat?.isDirectory()) return expand(pattern.replace(/[\\/]+$/, '') + '/**/*.parquet');
    return [];
  }
  return globSync(pattern, { onlyFiles: true, dot: false, expandDirectories: false, absolute: true }).sort();
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
