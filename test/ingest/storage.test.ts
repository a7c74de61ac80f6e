// How a database file stores the records: a file logmeter creates uses DuckDB 1.2's storage format,
// the first that compresses text with ZSTD, and stores attrs (the whole record) that way; a file made
// before (DuckDB 1.0's format, attrs as FSST) keeps its format and its column, and ingest goes on
// appending to it. Either way every record's attrs reads back as the line it came from.

import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Database } from '../../src/db.js';
import { EVENT_COLUMNS } from '../../src/schema.js';
import { ROOT, runInProcess } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';
import { generateLog } from '../helpers/generate.js';

const workdir = useWorkdirs('logmeter-storage');

/** A generated agent log of `lines` lines (0.5% malformed), as the bench makes them. */
function agentLog(dir: string, lines: number, seed: string): string {
  const file = join(dir, `agent-${seed}.log`);
  generateLog(file, ['--lines', String(lines), '--seed', seed]);
  return file;
}

async function ingest(db: string, log: string): Promise<void> {
  const result = await runInProcess(['ingest', log, '--db', db, '-q']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

interface Stored {
  readonly version: string;
  readonly attrsCompression: string[];
  readonly records: number;
}

async function stored(db: string): Promise<Stored> {
  const handle = await Database.open({ file: db });
  try {
    const version = await handle.one("SELECT tags['storage_version'] AS v FROM duckdb_databases() WHERE database_name = current_database()");
    const compression = await handle.all("SELECT DISTINCT compression FROM pragma_storage_info('events') WHERE column_name = 'attrs' AND segment_type <> 'VALIDITY' ORDER BY 1");
    const records = await handle.one('SELECT count(*) AS n FROM events');
    return { version: String(version?.v), attrsCompression: compression.map((row) => String(row.compression)), records: Number(records?.n) };
  } finally {
    handle.close();
  }
}

/** Every record of `source` has as attrs exactly the JSON object on its line. */
async function expectAttrsAreTheLines(db: string, log: string): Promise<void> {
  const lines = readFileSync(log, 'utf8').split('\n');
  const handle = await Database.open({ file: db });
  try {
    const rows = await handle.all('SELECT line, attrs FROM events WHERE source = $source ORDER BY line', { source: log });
    expect(rows.length).toBeGreaterThan(lines.length * 0.98);
    for (const row of rows) expect(JSON.parse(String(row.attrs))).toEqual(JSON.parse(lines[Number(row.line) - 1] as string));
  } finally {
    handle.close();
  }
}

describe('database files', () => {
  it('are created in DuckDB 1.2 storage, attrs compressed with ZSTD: smaller than FSST and read back exactly', async () => {
    const dir = workdir();
    const log = agentLog(dir, 20_000, '1');
    const db = join(dir, 'new.duckdb');
    await ingest(db, log);
    expect(await stored(db)).toMatchObject({ version: 'v1.2.0+', attrsCompression: ['ZSTD'] });
    await expectAttrsAreTheLines(db, log);
    // The same records in the older format, for size: ZSTD keeps a log's repeated keys in far less.
    const old = join(dir, 'old.duckdb');
    await createOldFormatFile(old);
    await ingest(old, log);
    expect(statSync(db).size).toBeLessThan(statSync(old).size * 0.8);
  }, 60_000);

  it('made in the older format keep it and their FSST attrs, and ingest appends to them', async () => {
    const dir = workdir();
    const db = join(dir, 'old.duckdb');
    await createOldFormatFile(db);
    const first = agentLog(dir, 5_000, '1');
    const second = agentLog(dir, 5_000, '2');
    await ingest(db, first);
    await ingest(db, second);
    const after = await stored(db);
    expect(after).toMatchObject({ version: 'v1.0.0+', attrsCompression: ['FSST'] });
    await expectAttrsAreTheLines(db, first);
    await expectAttrsAreTheLines(db, second);
  }, 60_000);
});

/** An events table as logmeter created it before: DuckDB 1.0's storage format, attrs as FSST. */
async function createOldFormatFile(file: string): Promise<void> {
  const { DuckDBInstance } = createRequire(join(ROOT, 'src/db.ts'))('@duckdb/node-api') as typeof import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file, { storage_compatibility_version: 'v1.0.0' });
  const connection = await instance.connect();
  const columns = EVENT_COLUMNS.map((c) => `"${c.name}" ${c.type}${c.name === 'attrs' ? ' USING COMPRESSION fsst' : ''}`).join(', ');
  await connection.run(`CREATE TABLE events (${columns})`);
  connection.closeSync();
  instance.closeSync();
}
