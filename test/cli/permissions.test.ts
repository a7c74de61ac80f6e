// Logs this user may not read (common under /var/log): a file named on the command line is a usage
// error that says so, and inside a directory such entries are skipped with a warning, as `find`
// goes on past them. Root may read anything: run as root, the CLI is started without the two
// capabilities that let it (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), so file modes
// apply to it as to anyone else.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';

const SAMPLE = join(ROOT, 'examples', 'sample.log');
const AS_ROOT = process.getuid?.() === 0;

const WITHOUT_OVERRIDE = ['setpriv', '--bounding-set=-dac_override,-dac_read_search'];

/** Runs the CLI so that file modes apply to it. */
function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const command = AS_ROOT ? [...WITHOUT_OVERRIDE, process.execPath, BIN, ...args] : [process.execPath, BIN, ...args];
  const r = spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-perm-'));
  mkdirSync(join(dir, 'logs', 'private'), { recursive: true });
  copyFileSync(SAMPLE, join(dir, 'logs', 'app.log'));
  copyFileSync(SAMPLE, join(dir, 'logs', 'secret.log'));
  copyFileSync(SAMPLE, join(dir, 'logs', 'private', 'x.log'));
  chmodSync(join(dir, 'logs', 'secret.log'), 0o000);
  chmodSync(join(dir, 'logs', 'private'), 0o000);
  mkdirSync(join(dir, 'closed'));
  copyFileSync(SAMPLE, join(dir, 'closed', 'only.log'));
  chmodSync(join(dir, 'closed', 'only.log'), 0o000);
});
afterAll(() => {
  chmodSync(join(dir, 'logs', 'private'), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('logs this user may not read', () => {
  it('named on the command line: a usage error that names the file (exit 2), not an internal error', () => {
    const r = run(['summary', join(dir, 'logs', 'secret.log')]);
    expect(r.stderr).toBe(`logmeter: cannot read ${join(dir, 'logs', 'secret.log')}: permission denied\n`);
    expect(r.code).toBe(2);
  });

  it('inside a directory: skipped with one warning, even with -q, and the rest is read', () => {
    const r = run(['ingest', join(dir, 'logs'), '-q', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`logmeter: skipped 2 paths it may not read (permission denied): ${join(dir, 'logs', 'private')}, ${join(dir, 'logs', 'secret.log')}\n`);
    const summary = JSON.parse(r.stdout);
    expect(summary.sources.map((s: { source: string }) => s.source)).toEqual([join(dir, 'logs', 'app.log')]);
    expect(summary.unreadable).toEqual([join(dir, 'logs', 'private'), join(dir, 'logs', 'secret.log')]);
    expect(summary.records).toBe(4973);
  });

  it('followed: the warning comes once, however many polls skip the same paths', async () => {
    // A window that holds the sample's March records: no warning that the window shows none.
    const args = ['summary', '--follow', '--every', '100ms', '--window', '1000d', join(dir, 'logs')];
    const command = AS_ROOT ? [...WITHOUT_OVERRIDE, process.execPath, BIN, ...args] : [process.execPath, BIN, ...args];
    const child = spawn(command[0] as string, command.slice(1), { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 20_000;
    // Five frames: five polls.
    while ((out.match(/┌─ LOGMETER/g) ?? []).length < 5) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no frames: ${out}${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(err).toBe(`logmeter: skipped 2 paths it may not read (permission denied): ${join(dir, 'logs', 'private')}, ${join(dir, 'logs', 'secret.log')}\n`);
  });

  it('a directory of nothing readable: no log files, saying how many could not be read', () => {
    const r = run(['summary', join(dir, 'closed')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^logmeter: no log files found in .*closed .*; 1 path in it could not be read \(permission denied\)\n$/);
  });
});

describe('a database file with limited rights (the cron split: one user ingests, another reports)', () => {
  let dbDir: string;
  beforeAll(() => {
    dbDir = join(dir, 'db');
    mkdirSync(dbDir);
    expect(run(['ingest', SAMPLE, '--db', join(dbDir, 'events.duckdb'), '-q']).code).toBe(0);
  });
  afterAll(() => chmodSync(dbDir, 0o755));

  it('that may only be read: the reading commands read it', () => {
    const db = join(dbDir, 'events.duckdb');
    chmodSync(db, 0o444);
    chmodSync(dbDir, 0o555);
    try {
      const q = run(['query', '--db', db, '--sql', 'SELECT count(*) AS n FROM events', '-F', 'csv']);
      expect(q.stderr).toBe('');
      expect(q.stdout).toBe('n\n4973\n');
      expect(q.code).toBe(0);
      for (const args of [['summary'], ['metrics'], ['report', '-o', join(dir, 'ro-report.html')], ['check', '--assert', 'count(*) > 0'], ['export', '--parquet', join(dir, 'ro-pq')]]) {
        const r = run([...args, '--db', db, '-q']);
        expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
      }
      // --baseline is read as --db is: only read, so a user who may only read it compares with it.
      const baseline = run(['check', SAMPLE, '--assert', 'count <= baseline', '--baseline', db, '-q']);
      expect(baseline.stderr).toBe('');
      expect(baseline.code).toBe(0);
    } finally {
      chmodSync(dbDir, 0o755);
    }
  });

  it('in a directory that may not be written: ingest says it cannot write beside it (exit 2), not an internal error', () => {
    const db = join(dbDir, 'events.duckdb');
    chmodSync(db, 0o666);
    chmodSync(dbDir, 0o555);
    try {
      const r = run(['ingest', SAMPLE, '--db', db]);
      expect(r.stderr).toBe(`logmeter: cannot write beside ${db} (DuckDB keeps its changes in ${db}.wal there): permission denied on ${dbDir}\n`);
      expect(r.code).toBe(2);
    } finally {
      chmodSync(dbDir, 0o755);
    }
  });
});
