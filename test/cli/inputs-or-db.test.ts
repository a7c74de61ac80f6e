// A reading command (query, summary, report, metrics, check, export) never writes into a database:
// INPUTs with an explicit --db are a usage error, and INPUTs with only $LOGMETER_DB set are read in
// memory, leaving the database as it was. `ingest INPUT --db` is the one way to add logs to it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT, runInProcess } from '../helpers/cli.js';

const PINO = join(FIXTURES, 'pino.log'); // 104 records
const SAMPLE = join(ROOT, 'examples', 'sample.log'); // 4,973 records

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-inputsdb-'));
  db = join(dir, 'base.duckdb');
  expect((await runInProcess(['ingest', PINO, '--db', db, '-q'])).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COUNT = ['-q', '-F', 'csv', '--sql', 'SELECT count(*) AS n FROM events'];

describe('INPUTs and a database on a reading command', () => {
  it('INPUTs with --db: exit 2 on every reading command, the database untouched and none created', async () => {
    const before = statSync(db).mtimeMs;
    const missing = join(dir, 'new.duckdb');
    for (const args of [
      ['query', SAMPLE, '--db', db, ...COUNT],
      ['query', 'overview', SAMPLE, '--db', db, '-q'],
      ['summary', SAMPLE, '--db', db, '-q'],
      ['report', SAMPLE, '--db', db, '-q', '-o', join(dir, 'r.html')],
      ['metrics', SAMPLE, '--db', db, '-q'],
      ['check', SAMPLE, '--db', db, '-q', '--assert', 'count > 1'],
      ['export', SAMPLE, '--db', db, '-q', '--parquet', join(dir, 'pq')],
      ['query', 'overview', SAMPLE, '--db', missing, '-q'],
    ]) {
      const r = await runInProcess(args);
      expect([args[0], r.code, r.stderr]).toEqual([
        args[0],
        2,
        'logmeter: give INPUTs or --db, not both: this command only reads a database (logmeter ingest INPUT... --db FILE adds logs to it)\n',
      ]);
    }
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
    expect(statSync(db).mtimeMs).toBe(before);
    expect((await runInProcess(['query', '--db', db, ...COUNT])).stdout).toBe('n\n104\n');
  });

  it('INPUTs with only $LOGMETER_DB set: the INPUTs alone are read, in memory, and the database stays as it was', async () => {
    const env = { LOGMETER_DB: db };
    expect(await runInProcess(['query', SAMPLE, ...COUNT], { env })).toEqual({ code: 0, stdout: 'n\n4973\n', stderr: '' });
    expect((await runInProcess(['query', 'overview', SAMPLE, '-q', '-F', 'csv'], { env })).stdout.split('\n')[1]?.split(',')[0]).toBe('4973');
    // Without INPUTs, $LOGMETER_DB is read: still the 104 records ingest put there.
    expect(await runInProcess(['query', ...COUNT], { env })).toEqual({ code: 0, stdout: 'n\n104\n', stderr: '' });
  });

  it('ingest INPUT --db still adds to the database', async () => {
    const other = join(dir, 'grow.duckdb');
    expect((await runInProcess(['ingest', PINO, '--db', other, '-q'])).code).toBe(0);
    expect((await runInProcess(['ingest', SAMPLE, '--db', other, '-q'])).code).toBe(0);
    expect((await runInProcess(['query', '--db', other, ...COUNT])).stdout).toBe('n\n5077\n');
  });
});

describe('input options with a database', () => {
  it('--format, --tz, --max-line-bytes and --full are exit 2 on every reading command: they would change nothing', async () => {
    for (const [flag, args] of [
      ['--tz', ['query', 'overview', '--db', db, '-q', '--tz', 'Europe/Paris']],
      ['--format', ['summary', '--db', db, '-q', '--input-format', 'logfmt']],
      ['--max-line-bytes', ['report', '--db', db, '-q', '--max-line-bytes', '5', '-o', join(dir, 'flags.html')]],
      ['--full', ['metrics', '--db', db, '-q', '--full']],
      ['--format', ['check', '--db', db, '-q', '--assert', 'count > 1', '--format', 'logfmt']],
      ['--tz', ['export', '--db', db, '-q', '--tz', 'UTC', '--parquet', join(dir, 'flags-pq')]],
    ] as const) {
      const r = await runInProcess(args);
      expect([args[0], r.code, r.stderr]).toEqual([
        args[0],
        2,
        `logmeter: ${flag} applies to reading log lines, and the --db database ${db} holds events already read: give it to ingest, or with INPUTs\n`,
      ]);
    }
    expect(existsSync(join(dir, 'flags.html'))).toBe(false);
    const several = await runInProcess(['query', 'overview', '-q', '--tz', 'UTC', '--format', 'logfmt', '--max-line-bytes', '5', '--full'], { env: { LOGMETER_DB: db } });
    expect(several.stderr).toBe(
      `logmeter: --format, --tz, --max-line-bytes, --full apply to reading log lines, and the $LOGMETER_DB database ${db} holds events already read: give them to ingest, or with INPUTs\n`,
    );
    // An output format name given to query's --format selects the output: not an input option.
    expect((await runInProcess(['query', '--db', db, '--format', 'csv', '-q', '--sql', 'SELECT count(*) AS n FROM events'])).stdout).toBe('n\n104\n');
  });

  it("--max-reject-ratio is measured on the database's rejects, as it was on the logs", async () => {
    // 9 records and 1 invalid line (and an empty line, which is not bad input): ratio 1/10.
    const log = join(dir, 'ten.log');
    writeFileSync(log, Array.from({ length: 9 }, (_, i) => JSON.stringify({ msg: `m${i}` })).join('\n') + '\nnot json\n\n');
    const ten = join(dir, 'ten.duckdb');
    expect((await runInProcess(['ingest', log, '--db', ten, '-q'])).code).toBe(0);
    const direct = await runInProcess(['check', log, '-q', '--assert', 'count > 0', '--max-reject-ratio', '0.05']);
    const stored = await runInProcess(['check', '--db', ten, '-q', '--assert', 'count > 0', '--max-reject-ratio', '0.05']);
    expect(stored).toEqual(direct);
    expect(stored).toMatchObject({ code: 3, stderr: 'logmeter: reject ratio 0.1000 exceeds --max-reject-ratio 0.05 (exit 3)\n' });
    expect((await runInProcess(['check', '--db', ten, '-q', '--assert', 'count > 0', '--max-reject-ratio', '0.1'])).code).toBe(0);
    expect((await runInProcess(['summary', '--db', ten, '-q', '--max-reject-ratio', '0.05'])).code).toBe(3);
  });
});

describe('an empty file as the database (`--db "$(mktemp)"`)', () => {
  it('ingest makes the database in it, keeping its mode; a reading command says it is no logmeter database yet', async () => {
    const empty = join(dir, 'mktemp.duckdb');
    writeFileSync(empty, '', { mode: 0o600 });
    const report = await runInProcess(['report', '--db', empty, '-o', join(dir, 'r.html')]);
    expect(report.code).toBe(2);
    expect(report.stderr).toBe(`logmeter: ${empty} is not a logmeter database: it has no events table (logmeter ingest ... --db ${empty} makes one)\n`);
    const ingest = await runInProcess(['ingest', PINO, '--db', empty, '-q']);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(statSync(empty).mode & 0o777).toBe(0o600);
    expect((await runInProcess(['query', '--db', empty, ...COUNT])).stdout).toBe('n\n104\n');
  });
});
