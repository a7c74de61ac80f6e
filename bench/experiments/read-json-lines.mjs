#!/usr/bin/env node
// How DuckDB's read_json (newline_delimited, ignore_errors) treats bad lines, which ruled out reading
// JSON lines with it and accounting by counts (docs/PERFORMANCE.md, "Tried and not kept"): each case
// is a few lines, and the values read_json gives each row of column `a`.
//   node bench/experiments/read-json-lines.mjs
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { DuckDBInstance } = createRequire(root + 'src/db.ts')('@duckdb/node-api');
const connection = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
const dir = mkdtempSync(join(tmpdir(), 'read-json-'));
const cases = [
  ['a line cut after a colon swallows the next line', ['{"a":1,"b":', '{"a":2}', '{"a":3}']],
  ['a line cut inside an array swallows the next line', ['{"a":[1,', '{"a":2}', '{"a":3}']],
  ['a line cut inside a string does not', ['{"a":1,"b":"xy', '{"a":2}', '{"a":3}']],
  ['plain text does not', ['plain', '{"a":2}']],
  ['a form feed before an object is read (json_valid says no)', ['\f{"a":8}']],
];
try {
  for (const [title, lines] of cases) {
    const file = join(dir, 'case.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const reader = await connection.runAndReadAll(
      "SELECT r.a FROM read_json($file, format = 'newline_delimited', records = true, ignore_errors = true, columns = {'a': 'VARCHAR'}) AS r",
      { file },
    );
    console.log(`${title}: ${JSON.stringify(lines)} -> ${JSON.stringify(reader.getRows().map((row) => row[0]))}`);
  }
  // A pretty-printed object is not ignored but fails the whole read.
  const file = join(dir, 'pretty.jsonl');
  writeFileSync(file, ['{"a":[1,', '2,', '3]}', '{"a":4}'].join('\n') + '\n');
  await connection.run("SELECT * FROM read_json($file, format = 'newline_delimited', ignore_errors = true, columns = {'a': 'VARCHAR'})", { file })
    .then(() => console.log('a pretty-printed object: read'), (error) => console.log(`a pretty-printed object: ${String(error.message).split('\n')[0]}`));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
