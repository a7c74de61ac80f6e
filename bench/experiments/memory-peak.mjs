#!/usr/bin/env node
// What DuckDB holds when a logmeter command's memory peaks (docs/PERFORMANCE.md, the 448 MB limit of
// `ingest` into a file): runs the command in this process and, every 50 ms, reads duckdb_memory()
// through a second connection to the same database and the process's RSS; prints, on stderr, DuckDB's
// memory by tag (MB) at the moment RSS was highest.
//   npm run build && rm -f /tmp/m.duckdb && node bench/experiments/memory-peak.mjs ingest bench/data/1m.pino.log --db /tmp/m.duckdb -q
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const api = createRequire(join(root, 'src/db.ts'))('@duckdb/node-api');
const create = api.DuckDBInstance.create;
let peak = { rss: 0, tags: {} };
let timer;
api.DuckDBInstance.create = async (path, options) => {
  const instance = await create.call(api.DuckDBInstance, path, options);
  if (!timer) {
    const watcher = await instance.connect();
    timer = setInterval(async () => {
      const rows = (await watcher.runAndReadAll('SELECT tag, memory_usage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0').catch(() => undefined))?.getRows();
      const rss = process.memoryUsage().rss;
      if (rows && rss > peak.rss) peak = { rss, tags: Object.fromEntries(rows.map(([tag, bytes]) => [tag, Math.round(Number(bytes) / 1e6)])) };
    }, 50);
  }
  return instance;
};
const { main } = await import(join(root, 'dist/cli/main.js'));
const { processIO } = await import(join(root, 'dist/cli/io.js'));
process.exitCode = await main(process.argv.slice(2), processIO());
clearInterval(timer);
process.stderr.write(`peak RSS ${Math.round(peak.rss / 1e6)} MB; DuckDB then held (MB): ${JSON.stringify(peak.tags)}\n`);
