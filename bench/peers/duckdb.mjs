#!/usr/bin/env node
// "DuckDB alone": what a user could do by hand with the same engine logmeter embeds.
//   node bench/peers/duckdb.mjs p95 FILE        the p95 of LLM-call latency_ms, printed as a number
//   node bench/peers/duckdb.mjs load FILE DB    the whole file into a table of a database file
// Same settings as logmeter (2 threads); read_json_auto with ignore_errors, as the issue describes.
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, file, dbFile] = process.argv.slice(2);
const source = `read_json_auto(${quote(file)}, format = 'newline_delimited', ignore_errors = true)`;
const instance = await DuckDBInstance.create(mode === 'load' ? dbFile : ':memory:', { threads: '2' });
const connection = await instance.connect();
if (mode === 'p95') {
  const reader = await connection.runAndReadAll(
    `SELECT quantile_cont(latency_ms, 0.95) AS p95, count(*) AS n FROM ${source} WHERE model IS NOT NULL AND latency_ms IS NOT NULL`,
  );
  const [row] = reader.getRowObjectsJS();
  process.stdout.write(`${row.p95}\n`);
} else if (mode === 'load') {
  const reader = await connection.runAndReadAll(`CREATE TABLE events AS SELECT * FROM ${source}`);
  process.stdout.write(`${reader.getRowObjectsJS()[0]?.Count ?? ''}\n`);
} else {
  process.stderr.write('usage: duckdb.mjs p95 FILE | load FILE DB\n');
  process.exitCode = 2;
}
connection.closeSync();
instance.closeSync();

function quote(text) {
  return "'" + String(text).replaceAll("'", "''") + "'";
}
