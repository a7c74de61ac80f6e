// `export --parquet DIR`: appends the events table to a hive-partitioned Parquet directory.
//   1. days      which day partitions the events fall in (queries/export/days.sql)
//   2. keys      the keys (line, ts, a hash of attrs: not the source, whose name --full may change)
//               already exported for those days, so nothing
//               is written twice (one writer per DIR at a time; a fleet gives each machine its own
//               DIR/node=NAME/); and the records still open, which wait (open-records.sql)
//   3. write     DuckDB writes the new rows to DIR/.staging-<id>/ as *.tmp files (write-parquet.sql)
//   4. publish   each file is renamed into DIR/day=D/kind=K/part-<id>.parquet: a reader of
//                DIR/**/*.parquet sees whole files or nothing, and a crash leaves only a staging
//                directory of .tmp files; the next export redoes what was not published.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { listValue } from '../db.js';
import type { Database } from '../db.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { readSqlFile } from '../sql-files.js';
import { partitionOf } from './partitions.js';

export interface ExportResult {
  /** Rows written in this run. */
  readonly rows: number;
  /** Rows of the database that were already in DIR and were not written again. */
  readonly already: number;
  /** Rows of records an incremental ingest may still rebuild (a source's last record), left for a later export. */
  readonly open: number;
  readonly files: readonly string[];
  readonly partitions: number;
}

const STAGING_PREFIX = '.staging-';
const STALE_STAGING_MS = 6 * 3_600_000;

export async function exportParquet(db: Database, dir: string): Promise<ExportResult> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(messages.cannotWriteFile(dir, (error as Error).message));
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(messages.exportDirNotDirectory(dir));
  removeStaleStaging(dir);

  const days = (await db.all(readSqlFile('export/days.sql'))).map((r) => String(r.day));
  const existing = days.flatMap((day) => parquetFiles(join(dir, `day=${day}`)));
  if (existing.length > 0) await readExportedKeys(db, dir, existing);
  else await db.run(readSqlFile('export/no-exported-keys.sql'));

  await db.run(readSqlFile((await keepsReopenPoints(db)) ? 'export/open-records.sql' : 'export/no-open-records.sql'));

  const staging = join(dir, STAGING_PREFIX + randomUUID());
  const counts = await db.one(
    `SELECT count(*) AS total,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM lm_open o WHERE o.source = e.source AND e.line BETWEEN o.first_line AND o.last_line)) AS open
     FROM events e`,
  );
  const total = Number(counts?.total ?? 0);
  const open = Number(counts?.open ?? 0);
  let rows = 0;
  const published: string[] = [];
  try {
    const result = await db.one(readSqlFile('export/write-parquet.sql'), { staging });
    rows = Number(result ? Object.values(result)[0] : 0);
    for (const file of existsSync(staging) ? walk(staging) : []) {
      const { day, kind } = partitionOf(relative(staging, file));
      if (day === undefined || kind === undefined) continue;
      const targetDir = join(dir, `day=${day}`, `kind=${kind}`);
      mkdirSync(targetDir, { recursive: true });
      const target = join(targetDir, `part-${Date.now()}-${randomUUID()}.parquet`);
      renameSync(file, target);
      published.push(target);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    await db.run('DROP TABLE IF EXISTS lm_exported');
    await db.run('DROP TABLE IF EXISTS lm_open');
  }
  const partitions = new Set(published.map((f) => JSON.stringify(partitionOf(relative(dir, f))))).size;
  return { rows, already: total - open - rows, open, files: published, partitions };
}

/**
 * The keys of the rows DIR holds. A file there that is not a logmeter export (one cut short by a
 * sync, a stray file of another tool) is the user's to move, not a bug: exit 2, naming it. Which
 * file it is, DuckDB does not always say (a missing column is reported for the files together), so
 * on failure each is tried alone; only then, so an export's cost does not grow with DIR's size.
 */
async function readExportedKeys(db: Database, dir: string, existing: readonly string[]): Promise<void> {
  const keys = readSqlFile('export/exported-keys.sql');
  try {
    await db.run(keys, { existing: listValue([...existing]) });
  } catch (error) {
    // Out of memory or of disk is said as such by the entry point, whatever the files hold.
    if (!/^(Invalid Input|Binder|IO|Conversion|Invalid Error) Error/.test((error as Error).message)) throw error;
    for (const file of existing) {
      try {
        await db.run(keys, { existing: listValue([file]) });
      } catch (alone) {
        throw new UsageError(messages.exportForeignParquet(dir, file, (alone as Error).message));
      }
    }
    throw new UsageError(messages.exportUnreadableParquet(dir, (error as Error).message));
  }
}

/** Whether the sources table keeps where each source's last record starts (databases since reopen_line). */
async function keepsReopenPoints(db: Database): Promise<boolean> {
  const row = await db.one("SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'sources' AND column_name = 'reopen_line' AND NOT internal");
  return Number(row?.n ?? 0) > 0;
}

/**
 * A staging directory left by a crashed export holds no published data: remove it once it is old
 * enough that no export still running can own it.
 */
function removeStaleStaging(dir: string): void {
  const cutoff = Date.now() - STALE_STAGING_MS;
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith(STAGING_PREFIX)) continue;
    const path = join(dir, entry);
    if (statSync(path).mtimeMs < cutoff) rmSync(path, { recursive: true, force: true });
  }
}

function parquetFiles(dir: string): string[] {
  return existsSync(dir) ? walk(dir).filter((f) => f.endsWith('.parquet')) : [];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}
