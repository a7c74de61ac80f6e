#!/usr/bin/env node
// Before/after equality of two database files that two builds of logmeter ingested the same inputs
// into (the many-small-files batches): their events (attrs as text), rejects and sources (the
// checkpoint columns, not the ingest time) hold the same rows, each as often.
//
//   node bench/compare-databases.mjs A.duckdb B.duckdb
//
// Prints per table both counts and the rows only one side has (EXCEPT ALL); exit 1 when any differ.

import { DuckDBInstance } from '@duckdb/node-api';

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node bench/compare-databases.mjs A.duckdb B.duckdb');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const quoted = (path) => `'${path.replaceAll("'", "''")}'`;
await connection.run(`ATTACH ${quoted(a)} AS a (READ_ONLY)`);
await connection.run(`ATTACH ${quoted(b)} AS b (READ_ONLY)`);
const TABLES = [
  ['events', '* EXCLUDE (attrs), attrs::VARCHAR AS attrs'],
  ['rejects', '*'],
  ['sources', 'source, format, lines, records, rejects, continuation_lines, identity, size, offset_bytes, head_fingerprint, first_line, reopen_line, reopen_offset'],
];
let differ = false;
for (const [table, columns] of TABLES) {
  const reader = await connection.runAndReadAll(`SELECT (SELECT count(*) FROM a.${table}) AS a, (SELECT count(*) FROM b.${table}) AS b,
    (SELECT count(*) FROM (SELECT ${columns} FROM a.${table} EXCEPT ALL SELECT ${columns} FROM b.${table})) AS only_a,
    (SELECT count(*) FROM (SELECT ${columns} FROM b.${table} EXCEPT ALL SELECT ${columns} FROM a.${table})) AS only_b`);
  const row = reader.getRowObjectsJson()[0];
  if (Number(row.only_a) > 0 || Number(row.only_b) > 0) differ = true;
  console.log(table, JSON.stringify(row));
}
process.exit(differ ? 1 : 0);
