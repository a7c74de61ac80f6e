// Output that cannot be written (a full disk, an I/O error: `> /dev/full`) is one line on stderr
// and exit 74, never a stack trace, and never exit 1 (thresholds failed). No device is touched:
// the in-process cases use a stream that fails, and the end-to-end cases a small tmpfs of their
// own, which only root may mount (they are skipped otherwise).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { duckdbDiskFull } from '../../src/output/write-errors.js';
import { BIN, FIXTURES } from '../helpers/cli.js';

const PINO = join(FIXTURES, 'pino.log');

/** A stdout on a full disk: every write fails with ENOSPC, as on /dev/full. */
function fullDisk(): Writable {
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
    },
  });
  stream.on('error', () => {}); // the process's own stdout has its listener in src/cli/run.ts
  return stream;
}

async function runWithStdout(args: string[], stdout: Writable) {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: IO = { stdin: Readable.from([]) as IO['stdin'], stdout, stderr, env: {}, cwd: process.cwd() };
  const code = await main(args, io);
  return { code, stderr: err };
}

describe('a stdout that cannot be written', () => {
  it('is exit 74 with one line naming stdout and the cause, for every command that prints', async () => {
    for (const args of [
      ['query', 'overview', PINO, '-q'],
      ['query', PINO, '-q', '-F', 'csv', '--sql', 'SELECT * FROM events'],
      ['summary', PINO, '-q'],
      ['metrics', PINO, '-q'],
      ['ingest', PINO, '-q', '--json'],
      ['report', PINO, '-q', '-o', '-'],
    ]) {
      const r = await runWithStdout(args, fullDisk());
      expect([args.join(' '), r.code, r.stderr]).toEqual([args.join(' '), 74, 'logmeter: cannot write to stdout: no space left on device (exit 74)\n']);
    }
  });
});

describe("DuckDB's full disk", () => {
  it('is exit 74 naming the file (the directory export was given), not an internal error', () => {
    const ingest = new Error(
      'FATAL Error: Failed: database has been invalidated because of a previous fatal error. The database must be restarted prior to being used again.\n' +
        'Original error: "Failed to create checkpoint because of error: Could not write file "/data/x.duckdb": No space left on device"',
    );
    expect(duckdbDiskFull(ingest)?.message).toBe('no space left on device writing /data/x.duckdb; free space and run again (exit 74)');
    expect(duckdbDiskFull(ingest)?.exitCode).toBe(74);
    const exported = new Error('IO Error: Could not write file "out/pq/.staging-98105aca/day=2026-03-01/kind=file_op/part-a5.tmp": No space left on device');
    expect(duckdbDiskFull(exported)?.message).toBe('no space left on device writing out/pq; free space and run again (exit 74)');
    expect(duckdbDiskFull(new Error('Binder Error: column nope not found'))).toBeUndefined();
  });
});

const AS_ROOT = process.getuid?.() === 0;

describe.skipIf(!AS_ROOT)('on a full file system of its own (root: a 256 KB tmpfs)', () => {
  let dir: string;
  let small: string;
  let mounted = false;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'logmeter-full-'));
    small = join(dir, 'small');
    mkdirSync(small);
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', small]).status === 0;
    // Far bigger than the file system, and not to be compressed into it (export writes Parquet).
    const line = (i: number) => JSON.stringify({ level: 30, time: 1772445600000 + i, msg: randomBytes(100).toString('hex') });
    writeFileSync(join(dir, 'big.log'), Array.from({ length: 20_000 }, (_, i) => line(i)).join('\n') + '\n');
    mkdirSync(join(dir, 'tmp'));
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [small]);
    rmSync(dir, { recursive: true, force: true });
  });

  function run(command: string) {
    const r = spawnSync('sh', ['-c', command], { encoding: 'utf8', cwd: dir, env: { ...process.env, TMPDIR: join(dir, 'tmp') } });
    return { code: r.status, stderr: r.stderr };
  }

  it('stdout redirected into it: exit 74, one line, no scratch directory left', () => {
    if (!mounted) return;
    writeFileSync(join(small, 'fill'), Buffer.alloc(200 * 1024));
    const r = run(`"${process.execPath}" "${BIN}" query big.log -q -F csv --sql "SELECT * FROM events" > small/out.csv`);
    rmSync(join(small, 'fill'));
    rmSync(join(small, 'out.csv'), { force: true });
    expect(r).toEqual({ code: 74, stderr: 'logmeter: cannot write to stdout: no space left on device (exit 74)\n' });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('ingest --db and export into it: exit 74 with the cause', () => {
    if (!mounted) return;
    const ingest = run(`"${process.execPath}" "${BIN}" ingest big.log -q --db small/x.duckdb`);
    expect(ingest).toEqual({ code: 74, stderr: expect.stringMatching(/^logmeter: no space left on device writing .*\/small\/x\.duckdb(\.wal)?; free space and run again \(exit 74\)\n$/) });
    spawnSync('sh', ['-c', `rm -rf "${small}"/*`]);
    const exported = run(`"${process.execPath}" "${BIN}" export big.log -q --parquet small/pq`);
    expect(exported).toEqual({ code: 74, stderr: 'logmeter: no space left on device writing small/pq; free space and run again (exit 74)\n' });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });
});
