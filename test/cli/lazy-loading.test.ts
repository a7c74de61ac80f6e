// Start-up pays only for what a command uses (issue 8: "Load vega and the report code lazily, and
// only for report"). The built CLI (bin/logmeter, the bundle of dist/) runs with a preload that
// records every module Node loads, ES modules and require()d files alike.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';

let dir: string;
let preload: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-lazy-'));
  preload = join(dir, 'record-loads.mjs');
  // ES modules are seen by a loader hook (its own thread), require()d files by wrapping Module._load.
  writeFileSync(preload, `
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
const out = process.env.LOADS_FILE;
register('data:text/javascript,' + encodeURIComponent(
  "import { appendFileSync } from 'node:fs';" +
  "export async function load(url, context, next) { appendFileSync(process.env.LOADS_FILE, url + '\\\\n'); return next(url, context); }"));
const Module = createRequire(import.meta.url)('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const loaded = load.call(this, request, parent, isMain);
  appendFileSync(out, Module._resolveFilename(request, parent, isMain) + '\\n');
  return loaded;
};
`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The modules and files Node loaded to run the CLI with `args`. */
function loadedBy(args: readonly string[]): string[] {
  const file = join(dir, `loads-${args[0]}.txt`);
  writeFileSync(file, '');
  const run = spawnSync(process.execPath, ['--import', preload, BIN, ...args], { cwd: dir, env: { ...process.env, LOADS_FILE: file }, encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/Error|at /);
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

const SAMPLE = join(ROOT, 'examples/sample.log');
const matching = (loads: readonly string[], pattern: RegExp): string[] => [...new Set(loads.filter((url) => pattern.test(url)))];
const VEGA = /node_modules\/vega/;
const REPORT_CODE = /dist\/logmeter-report|dist\/report\//;

describe('what each command loads', () => {
  it('--version loads neither DuckDB nor vega, the report code, yaml, pino or the price library', () => {
    const loads = loadedBy(['--version']);
    expect(matching(loads, /@duckdb|yaml|pino|genai-prices/)).toEqual([]);
    expect(matching(loads, VEGA)).toEqual([]);
    expect(matching(loads, REPORT_CODE)).toEqual([]);
  });

  it('check loads DuckDB but not vega, the report code, yaml, pino or the price library', () => {
    const loads = loadedBy(['check', '--assert', "p95(duration_ms) < 1000 where kind = 'llm_call'", SAMPLE]);
    expect(matching(loads, /@duckdb\/node-api/).length).toBeGreaterThan(0);
    expect(matching(loads, /\/(yaml|pino|@pydantic\/genai-prices)\//)).toEqual([]);
    expect(matching(loads, VEGA)).toEqual([]);
    expect(matching(loads, REPORT_CODE)).toEqual([]);
  });

  it('report loads vega and the report code (so the hooks above do see them)', () => {
    const loads = loadedBy(['report', SAMPLE, '-o', join(dir, 'report.html'), '-q']);
    expect(matching(loads, VEGA).length).toBeGreaterThan(0);
    expect(matching(loads, REPORT_CODE).length).toBeGreaterThan(0);
  });
});
