#!/usr/bin/env node
// Where the time of `check`'s one pass goes (docs/PERFORMANCE.md, "Tried and not kept"): runs the
// check below in this process, keeps the statement that reads, parses and maps the log into
// lm_projected (records-stream.sql inside project-json.sql) with its parameters, then times it on a
// fresh connection as it is and with parts taken out. Each variant runs 3 times; the median is shown.
//   npm run build && node bench/experiments/projection-variants.mjs bench/data/1m.pino.log
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const api = createRequire(join(root, 'src/db.ts'))('@duckdb/node-api');
const file = process.argv[2] ?? 'bench/data/1m.pino.log';

let captured;
const run = api.DuckDBConnection.prototype.run;
api.DuckDBConnection.prototype.run = function (sql, params, ...rest) {
  if (sql.includes('CREATE OR REPLACE TEMP TABLE lm_projected')) captured = { sql, params };
  return run.call(this, sql, params, ...rest);
};
const { main } = await import(join(root, 'dist/cli/main.js'));
const { processIO } = await import(join(root, 'dist/cli/io.js'));
const discard = () => new Writable({ write: (chunk, encoding, done) => done() });
const quiet = { ...processIO(), stdout: discard(), stderr: discard() };
await main(['check', file, '--assert', "p95(duration_ms) < 1000 where kind = 'llm_call'"], quiet).catch(() => undefined);
api.DuckDBConnection.prototype.run = run;
if (!captured) throw new Error('the check did not take the one-pass read (records-stream.sql)');

const macros = readFileSync(join(root, 'queries/ingest/macros.sql'), 'utf8');
const variants = {
  'as it is': { sql: captured.sql },
  'without the kind word (lm_kind_word is NULL)': { sql: captured.sql, macro: 'CREATE OR REPLACE TEMP MACRO lm_kind_word(ev) AS NULL::VARCHAR' },
  'without kind (a constant)': { sql: captured.sql.replace(/coalesce\([^,]+, lm_kind\([^]*?\)\) AS d_kind/, "'llm_call' AS d_kind") },
  'without the exact-text re-reads': {
    sql: captured.sql
      .replace(/CASE WHEN \(\(ascii\(struct_extract_at[^]*?THEN text END AS j/, 'NULL AS j')
      .replace(/CASE WHEN j IS NULL THEN (p\d+) WHEN [^]*?ELSE \1 END AS (t\d+)/g, '$1 AS $2'),
  },
};
const instance = await api.DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
for (const [name, variant] of Object.entries(variants)) {
  await connection.run(macros);
  if (variant.macro) await connection.run(variant.macro);
  // DuckDB refuses a bound name the statement does not use (comments aside).
  const used = variant.sql.replace(/--.*$/gm, '');
  const params = Object.fromEntries(Object.entries(captured.params).filter(([key]) => new RegExp(`\\$${key}(?![a-z_])`).test(used)));
  const times = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await connection.run(variant.sql, params);
    times.push((performance.now() - started) / 1000);
  }
  const reader = await connection.runAndReadAll("SELECT count(*) FILTER (WHERE kind = 'llm_call') AS calls FROM lm_projected");
  console.log(`${name}: ${times.sort((a, b) => a - b)[1].toFixed(2)} s (LLM calls: ${reader.getRows()[0][0]})`);
}
connection.closeSync();
instance.closeSync();
