#!/usr/bin/env node
// Bundles the compiled CLI (dist/, from tsc) into dist/logmeter.mjs, which bin/logmeter runs:
// `npm run build` is tsc, then this. Run on its own, it rebundles what tsc last compiled.
//
// Why: Node 20 loads each ES module with its own resolve, read and compile, and `check` on a small
// log loaded ~150 of them (logmeter's own files, yargs and its help-text dependencies): ~55 ms of
// its ~300 ms start-up (docs/PERFORMANCE.md, "Start-up"). What logmeter loads lazily stays lazy:
// each `await import()` becomes a chunk of its own (the report's code only for `report`), and the
// packages it loads with require() on first use (DuckDB's client, pino, yaml, the price library) or
// reads from node_modules (vega, inlined into a report) stay outside the bundle. The chunks sit
// directly in dist/, beside the entry, because src/sql-files.ts finds queries/ one directory up
// from the module it is in.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = join(root, 'dist');
// A chunk that a change made unnecessary would otherwise stay behind.
for (const name of readdirSync(dist)) {
  if (/^logmeter.*\.mjs$/.test(name)) rmSync(join(dist, name));
}
await build({
  input: join(dist, 'cli/run.js'),
  platform: 'node',
  external: [/^@duckdb\//, /^@pydantic\//, /^pino($|\/)/, /^yaml($|\/)/, /^vega/],
  logLevel: 'warn',
  output: { dir: dist, format: 'esm', entryFileNames: 'logmeter.mjs', chunkFileNames: 'logmeter-[name].mjs' },
});
