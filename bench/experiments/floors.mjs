#!/usr/bin/env node
// What two of issue 8's targets cost before logmeter does any work of its own (docs/PERFORMANCE.md,
// "Where it stands"): moving a log through a pipe, and storing its lines in a DuckDB file.
//   node bench/experiments/floors.mjs bench/data/1m.pino.log [EVENTS.duckdb]
// Prints the median of 3 runs of each:
//   - `cat FILE | cat > /dev/null`: the kernel's copy through a pipe, which `cat FILE | logmeter`
//     pays and DuckDB reading the file itself does not;
//   - each line stored as one VARCHAR in a new database file (read_csv, INSERT, CHECKPOINT; 2 threads):
//     as ZSTD in DuckDB 1.2's storage format (how logmeter stores attrs), as FSST (how it did before),
//     with DuckDB 1.0's own choice, and uncompressed: the least an ingest that keeps every record can
//     cost, and the size of the file;
//   - with a database file logmeter ingested that log into (`logmeter ingest LOG --db EVENTS.duckdb`):
//     its events rows copied from memory into a new file, with and without attrs: the cost of
//     storing what ingest computes, with nothing parsed or mapped.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { DuckDBInstance } = createRequire(root + 'src/db.ts')('@duckdb/node-api');
const file = process.argv[2] ?? 'bench/data/1m.pino.log';
const dir = mkdtempSync(join(tmpdir(), 'floors-'));

/** Median seconds of three runs of `work` (timed whole, or as the seconds it returns). */
async function median(work) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const own = await work();
    times.push(typeof own === 'number' ? own : (performance.now() - started) / 1000);
  }
  return times.sort((a, b) => a - b)[1];
}

try {
  const lines = Number(execFileSync('sh', ['-c', 'wc -l < "$1"', 'sh', file]).toString().trim());
  const pipe = await median(() => execFileSync('sh', ['-c', 'cat "$1" | cat > /dev/null', 'sh', file]));
  console.log(`${file}: ${lines.toLocaleString('en-US')} lines`);
  console.log(`through a pipe (cat | cat): ${pipe.toFixed(2)} s`);
  const csv = `read_csv($path, columns = {'text': 'VARCHAR'}, header = false, auto_detect = false, delim = chr(1),
    quote = '', escape = '', new_line = '\\n', strict_mode = false, max_line_size = 20000000, buffer_size = 40000000)`;
  const db = join(dir, 'lines.duckdb');
  const stores = [
    ['zstd (DuckDB 1.2 format)', 'text VARCHAR USING COMPRESSION zstd', 'v1.2.0'],
    ['fsst', 'text VARCHAR USING COMPRESSION fsst', 'v1.0.0'],
    ['DuckDB\'s choice', 'text VARCHAR', 'v1.0.0'],
    ['uncompressed', 'text VARCHAR USING COMPRESSION uncompressed', 'v1.0.0'],
  ];
  for (const [name, column, storage] of stores) {
    const seconds = await median(async () => {
      rmSync(db, { force: true });
      rmSync(db + '.wal', { force: true });
      const instance = await DuckDBInstance.create(db, { threads: '2', storage_compatibility_version: storage });
      const connection = await instance.connect();
      await connection.run(`CREATE TABLE lines (${column})`);
      await connection.run(`INSERT INTO lines SELECT text FROM ${csv}`, { path: file });
      await connection.run('CHECKPOINT');
      connection.closeSync();
      instance.closeSync();
    });
    const megabytes = Math.round(statSync(db).size / 1e6);
    console.log(`lines stored, ${name}: ${seconds.toFixed(2)} s = ${Math.round(lines / seconds / 1000)}k lines/s, ${megabytes} MB`);
  }
  const eventsDb = process.argv[3];
  if (eventsDb) {
    for (const [name, select] of [['events rows, every column', '*'], ['events rows without attrs', '* EXCLUDE (attrs)']]) {
      const seconds = await median(async () => {
        rmSync(db, { force: true });
        rmSync(db + '.wal', { force: true });
        const instance = await DuckDBInstance.create(db, { threads: '2', storage_compatibility_version: 'v1.2.0' });
        const connection = await instance.connect();
        await connection.run(`ATTACH '${eventsDb.replaceAll("'", "''")}' AS ingested (READ_ONLY)`);
        await connection.run(`CREATE TEMP TABLE held AS SELECT ${select} FROM ingested.events`);
        // The same columns as held, attrs compressed as logmeter stores it.
        const columns = (await connection.runAndReadAll("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'held' ORDER BY ordinal_position")).getRows();
        await connection.run(`CREATE TABLE copy (${columns.map(([n, t]) => `"${n}" ${t}${n === 'attrs' ? ' USING COMPRESSION zstd' : ''}`).join(', ')})`);
        const started = performance.now();
        await connection.run('INSERT INTO copy FROM held');
        await connection.run('CHECKPOINT');
        const elapsed = (performance.now() - started) / 1000;
        connection.closeSync();
        instance.closeSync();
        return elapsed;
      });
      console.log(`${name} stored: ${seconds.toFixed(2)} s`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
