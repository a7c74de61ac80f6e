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
  if (all.length === 0) throw new UsageError(messages.parquetMatchedNothing(pattern, nothingMatched(pattern)));
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
  return readSqlFile('export/events-view.sql').replace(/\{\{([a-z0-9_]+)\}\}/g, (_, column: string) => {
    if (!ADDED_EVENT_COLUMNS.includes(column)) throw new Error(`unknown placeholder {{${column}}} in events-view.sql`);
    return held.has(column) ? quotedIdentifier(column) : 'NULL';
  });
}

/**
 * The files of `--from-parquet`. A path that exists means itself, whatever its name holds: a
 * directory such as `pq (2)`, `br[1]` or `st{a,b}` (export writes there happily) is read as every
 * .parquet file under it, its name escaped for the glob. A pattern that matches nothing as written
 * is tried once more with the longest head of it that names an existing directory escaped, so that
 * the pattern `pq (2)` + `/**` + `/*.parquet` reads what export wrote too.
 */
function expand(pattern: string): string[] {
  const stat = statOrUndefined(pattern);
  if (stat?.isFile()) return [pattern];
  if (stat?.isDirectory()) return glob(escapeGlob(pattern.replace(/(?<=.)[\\/]+$/, '')) + '/**/*.parquet');
  if (!isDynamicPattern(pattern)) return [];
  const matched = glob(pattern);
  if (matched.length > 0) return matched;
  const head = existingDirectoryHead(pattern);
  return head === undefined ? [] : glob(escapeGlob(head) + pattern.slice(head.length));
}

function glob(pattern: string): string[] {
  return globSync(pattern, { onlyFiles: true, dot: false, expandDirectories: false, absolute: true }).sort();
}

/** A literal path as a glob that matches only it: every ASCII punctuation a glob may read, escaped. */
function escapeGlob(path: string): string {
  return path.replace(/[!"#$%&'()*+,:;<=>?@[\]^`{|}~\\]/g, '\\$&');
}

/**
 * The longest head of `pattern`, cut at a `/`, that is an existing directory (whose name the glob
 * misread: `isDynamicPattern` does not see every such name, `a,"x"` for one).
 */
function existingDirectoryHead(pattern: string): string | undefined {
  for (let end = pattern.lastIndexOf('/'); end > 0; end = pattern.lastIndexOf('/', end - 1)) {
    const head = pattern.slice(0, end);
    if (statOrUndefined(head)?.isDirectory()) return head;
  }
  return undefined;
}

function nothingMatched(pattern: string): 'missing' | 'directory' | 'pattern' {
  const stat = statOrUndefined(pattern);
  if (stat?.isDirectory()) return 'directory';
  return stat === undefined && !isDynamicPattern(pattern) ? 'missing' : 'pattern';
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
