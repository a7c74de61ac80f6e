#!/usr/bin/env node
// Before/after equality for speed work: two builds of logmeter read the same inputs, and their
// canonical rows (events without attrs, and rejects) must be byte-identical.
//
//   node bench/compare.mjs --before OLD/bin/logmeter [--after bin/logmeter] INPUT...
//
// Prints one line per input and query: rows, sha256, and the first differing row when they differ.
// Exit status 1 when anything differs.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

const QUERIES = {
  events: 'select * exclude(attrs) from events order by source, line',
  attrs: 'select line, md5(attrs::VARCHAR) AS attrs_md5 from events order by source, line',
  rejects: 'select * from rejects order by source, line',
};

const args = process.argv.slice(2);
let before;
let after = new URL('../bin/logmeter', import.meta.url).pathname;
const inputs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--before') before = args[++i];
  else if (args[i] === '--after') after = args[++i];
  else inputs.push(args[i]);
}
if (!before || inputs.length === 0) {
  process.stderr.write('usage: node bench/compare.mjs --before OLD/bin/logmeter [--after bin/logmeter] INPUT...\n');
  process.exit(2);
}

let differences = 0;
for (const input of inputs) {
  for (const [name, sql] of Object.entries(QUERIES)) {
    const [a, b] = await Promise.all([run(before, input, sql), run(after, input, sql)]);
    const same = a.out === b.out && a.code === b.code;
    const rows = a.out.split('\n').length - 2;
    let line = `${same ? 'same     ' : 'DIFFERENT'} ${name.padEnd(7)} ${input}: ${rows} rows, sha256 ${sha(a.out).slice(0, 16)}`;
    if (!same) {
      differences++;
      const x = a.out.split('\n');
      const y = b.out.split('\n');
      const at = x.findIndex((row, k) => row !== y[k]);
      line += ` vs ${sha(b.out).slice(0, 16)} (exit ${a.code}/${b.code}); first difference at row ${at}:\n  before: ${x[at]}\n  after:  ${y[at]}`;
      if (a.err || b.err) line += `\n  stderr: ${a.err.trim()} | ${b.err.trim()}`;
    }
    process.stdout.write(line + '\n');
  }
}
process.exitCode = differences > 0 ? 1 : 0;

function run(bin, input, sql) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['query', input, '-q', '-F', 'csv', '--sql', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') }));
  });
}

function sha(text) {
  return createHash('sha256').update(text).digest('hex');
}
