#!/usr/bin/env node
// Runs one logmeter command in this process and prints, on stderr, every DuckDB statement that took
// longer than a threshold: when it started (seconds since launch), how long it took, and its text.
// With a profile directory, DuckDB also writes each statement's operator timings there as JSON
// (PRAGMA enable_profiling; `operator_timing` is CPU seconds summed over the threads).
//
//   node bench/statement-times.mjs check --assert "p95(duration_ms) < 1000 where kind = 'llm_call'" bench/data/1m.pino.log
//   LOGMETER_STATEMENT_MS=150 node bench/statement-times.mjs report bench/data/1m.pino.log -o /tmp/r.html -q
//   LOGMETER_PROFILE_DIR=/tmp/prof node bench/statement-times.mjs check ...      # then: ls /tmp/prof
//
// Needs the built CLI (npm run build). Plain ESM; it wraps the DuckDB client's connection methods.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const api = createRequire(join(root, 'src/db.ts'))('@duckdb/node-api');
const threshold = Number(process.env.LOGMETER_STATEMENT_MS ?? 20);
const profileDir = process.env.LOGMETER_PROFILE_DIR;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const started = performance.now();
let count = 0;
// runAndReadAll runs through run: only the outermost call is timed (a statement started while another
// runs would go untimed; logmeter awaits each statement on its connection before the next).
let depth = 0;

const proto = api.DuckDBConnection.prototype;
const original = { run: proto.run, runAndReadAll: proto.runAndReadAll, prepare: proto.prepare };

/** Times `execute`, a statement's run on `connection`, profiling it first when asked. */
async function timed(connection, sql, execute) {
  if (depth > 0) return execute();
  depth++;
  const n = ++count;
  if (profileDir) {
    await original.run.call(connection, "PRAGMA enable_profiling = 'json'");
    const file = join(profileDir, `${String(n).padStart(4, '0')}.json`).replaceAll("'", "''");
    await original.run.call(connection, `PRAGMA profiling_output = '${file}'`);
  }
  const t = performance.now();
  try {
    return await execute();
  } finally {
    depth--;
    const ms = performance.now() - t;
    if (profileDir) await original.run.call(connection, 'PRAGMA disable_profiling');
    if (ms > threshold) {
      const text = sql.replace(/\s+/g, ' ');
      process.stderr.write(`${((t - started) / 1000).toFixed(2)} s  ${ms.toFixed(0).padStart(6)} ms  #${n}  ${text.slice(0, 90)} … ${text.slice(-70)}\n`);
    }
  }
}

proto.run = function (sql, ...rest) {
  return timed(this, sql, () => original.run.call(this, sql, ...rest));
};
proto.runAndReadAll = function (sql, ...rest) {
  return timed(this, sql, () => original.runAndReadAll.call(this, sql, ...rest));
};
proto.prepare = async function (sql) {
  const prepared = await original.prepare.call(this, sql);
  const run = prepared.runAndReadAll.bind(prepared);
  prepared.runAndReadAll = (...args) => timed(this, sql, () => run(...args));
  return prepared;
};

const { main } = await import(join(root, 'dist/cli/main.js'));
const { processIO } = await import(join(root, 'dist/cli/io.js'));
process.exitCode = await main(process.argv.slice(2), processIO());
process.stderr.write(`done after ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
