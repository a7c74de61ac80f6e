#!/usr/bin/env node
// Does a CREATE TABLE AS keep the lines' order (rowid + 1 = line number) through a given plan?
// records-stream.sql relies on it; a join breaks it (docs/PERFORMANCE.md, "Tried and not kept").
//   node bench/experiments/row-order.mjs bench/data/1m.pino.log
// Prints, per plan, how many of the file's lines land at another rowid than a plain read's.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { DuckDBInstance, listValue } = createRequire(root + 'src/db.ts')('@duckdb/node-api');
const file = process.argv[2] ?? 'bench/data/1m.pino.log';
const connection = await (await DuckDBInstance.create(':memory:', { threads: '2' })).connect();
await connection.run(readFileSync(root + 'queries/ingest/macros.sql', 'utf8'));
// An empty event-name table, as the projection once joined (it now looks names up in bound lists).
await connection.run('CREATE TEMP TABLE lm_event_map (event VARCHAR PRIMARY KEY, kind VARCHAR, op VARCHAR)');
const csv = `read_csv($path, columns = {'text': 'VARCHAR'}, header = false, auto_detect = false, delim = chr(1), quote = '', escape = '',
  new_line = '\\n', strict_mode = false, max_line_size = 20000000, buffer_size = 40000000)`;
await connection.run(`CREATE TEMP TABLE base AS SELECT text FROM ${csv}`, { path: file });
const plans = {
  'projection': `SELECT text, json_valid(text) AS v FROM ${csv}`,
  'volatile projection (random() < 1)': `SELECT text, CASE WHEN random() < 1 THEN json_valid(text) END AS v FROM ${csv}`,
  'LEFT JOIN lm_event_map (empty)': `SELECT text, m.kind FROM ${csv} LEFT JOIN lm_event_map m ON m.event = left(text, 5)`,
  'lookup in bound lists': `SELECT text, $kinds[list_position($names, left(text, 5))] AS kind FROM ${csv}`,
};
for (const [name, sql] of Object.entries(plans)) {
  const lists = sql.includes('$names') ? { names: listValue(['{"lev', 'x']), kinds: listValue(['k1', 'k2']) } : {};
  await connection.run(`CREATE OR REPLACE TEMP TABLE t AS ${sql}`, { path: file, ...lists });
  const reader = await connection.runAndReadAll('SELECT count(*) FILTER (WHERE b.text IS DISTINCT FROM t.text) AS moved FROM base b POSITIONAL JOIN t');
  console.log(`${name}: ${reader.getRows()[0][0]} lines moved`);
}
