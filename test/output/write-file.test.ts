// -o FILE (report, metrics, --grafana-dashboard): a new or regular file is replaced atomically and
// keeps its mode; a FIFO or device is written through, not replaced; a symlink is followed, so its
// target changes and the link stays a link. No device node is touched: a FIFO stands in for one.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputFile } from '../../src/output/write-file.js';
import { BIN, FIXTURES, runBinary } from '../helpers/cli.js';
import { OutputError, UsageError } from '../../src/errors.js';
import { outputWriteError } from '../../src/output/write-errors.js';

const PINO = join(FIXTURES, 'pino.log');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-writefile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeOutputFile', () => {
  it('writes a new file, making its directory, and leaves no temp file', () => {
    writeOutputFile(join(dir, 'a', 'b', 'out.txt'), 'hello\n');
    expect(readFileSync(join(dir, 'a', 'b', 'out.txt'), 'utf8')).toBe('hello\n');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['out.txt']);
  });

  it('keeps the permission bits of a file it replaces (a private report stays private)', () => {
    const file = join(dir, 'private.html');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeOutputFile(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o640);
    writeOutputFile(file, 'newer');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('follows a symlink: the target is replaced and the link stays a link', () => {
    writeFileSync(join(dir, '2026-03-01.html'), 'old');
    chmodSync(join(dir, '2026-03-01.html'), 0o640);
    symlinkSync('2026-03-01.html', join(dir, 'latest.html'));
    writeOutputFile(join(dir, 'latest.html'), 'new');
    expect(lstatSync(join(dir, 'latest.html')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'latest.html'))).toBe('2026-03-01.html');
    expect(readFileSync(join(dir, '2026-03-01.html'), 'utf8')).toBe('new');
    expect(statSync(join(dir, '2026-03-01.html')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['2026-03-01.html', 'latest.html']);
  });

  it('follows a link to a file not made yet, and makes it where the link points', () => {
    symlinkSync('target.prom', join(dir, 'link.prom'));
    writeOutputFile(join(dir, 'link.prom'), 'x 1\n');
    expect(lstatSync(join(dir, 'link.prom')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.prom'), 'utf8')).toBe('x 1\n');
  });

  it('a directory in the way is a usage error (exit 2); a full disk or an I/O error is exit 74', () => {
    expect(() => writeOutputFile(dir, 'x')).toThrow(UsageError);
    const full = Object.assign(new Error("ENOSPC: no space left on device, write '/x/.r.html.1.tmp'"), { code: 'ENOSPC', syscall: 'write' });
    const error = outputWriteError('r.html', full);
    expect(error).toBeInstanceOf(OutputError);
    expect([error.exitCode, error.message]).toEqual([74, 'cannot write r.html: ENOSPC: no space left on device']);
    const eio = outputWriteError('r.html', Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO', syscall: 'write' }));
    expect(eio.exitCode).toBe(74);
  });
});

describe('-o through the CLI', () => {
  it('report -o FIFO writes into the FIFO (as into /dev/null or /dev/stdout) and leaves it a FIFO', async () => {
    const fifo = join(dir, 'out.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let bytes = 0;
    reader.stdout.on('data', (d: Buffer) => (bytes += d.length));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    const child = spawn(process.execPath, [BIN, 'report', PINO, '-o', fifo, '-q']);
    const code = await new Promise((resolve) => child.on('close', resolve));
    await readerDone;
    expect(code).toBe(0);
    expect(bytes).toBeGreaterThan(10_000);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.fifo']);
  });

  it('metrics -o through a link like /dev/stdout (a link to a FIFO) writes to the FIFO and keeps the link', async () => {
    const fifo = join(dir, 'fd1');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    symlinkSync(fifo, join(dir, 'stdout'));
    const reader = spawn('cat', [fifo]);
    let text = '';
    reader.stdout.on('data', (d: Buffer) => (text += d.toString()));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    const child = spawn(process.execPath, [BIN, 'metrics', PINO, '-o', join(dir, 'stdout'), '-q']);
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    await readerDone;
    expect(text).toMatch(/^# HELP logmeter_/m);
    expect(lstatSync(join(dir, 'stdout')).isSymbolicLink()).toBe(true);
  });

  it('report and --grafana-dashboard keep a 0600 file 0600', () => {
    for (const [args, file] of [
      [['report', PINO, '-q', '-o'], join(dir, 'r.html')],
      [['metrics', '-q', '--grafana-dashboard'], join(dir, 'g.json')],
    ] as const) {
      writeFileSync(file, 'old');
      chmodSync(file, 0o600);
      const r = runBinary([...args, file]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(file, 'utf8')).not.toBe('old');
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });
});
