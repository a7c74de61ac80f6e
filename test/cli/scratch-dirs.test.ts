// No scratch directory ($TMPDIR/logmeter-*, with DuckDB's spill files in it) outlives the process,
// however it ends: Ctrl-C or SIGTERM while a query spills, or a reader that closes the pipe early
// (`| head -1`). Each case runs with TMPDIR pointing at a fresh directory and looks inside it.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES, runBinary } from '../helpers/cli.js';

const PINO = join(FIXTURES, 'pino.log');
/** A sort far bigger than the memory limit below: DuckDB spills it into its temp directory. */
const SPILLING_SQL = 'SELECT count(*) FROM (SELECT i, md5(i::varchar) s FROM range(40000000) t(i) ORDER BY s)';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'logmeter-scratchtest-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under dir, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String);
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 50))) {
    if (condition()) return true;
  }
  return false;
}

describe('scratch directories', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`are removed, spill files and all, on ${signal} while a query spills`, async () => {
      const child = spawn(process.execPath, [BIN, 'query', PINO, '-q', '--sql', SPILLING_SQL], {
        env: { ...process.env, TMPDIR: scratch, LOGMETER_MEMORY_LIMIT: '64MB' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, sig) => resolve([code, sig])));
      const spilled = await until(() => filesUnder(scratch).some((f) => f.includes('duckdb_temp')), 30_000);
      expect(spilled, 'DuckDB never spilled: nothing to test').toBe(true);
      child.kill(signal);
      // Ended by the signal, as a shell expects (exit 130 or 143 there), and quietly.
      expect(await closed).toEqual([null, signal]);
      expect(stderr).toBe('');
      // DuckDB's threads may spill once more before the process dies: what they leave is removed
      // right after it (scratch.ts), within a moment.
      await until(() => filesUnder(scratch).length === 0, 5_000);
      expect(filesUnder(scratch)).toEqual([]);
    }, 60_000);
  }

  it('are removed when a closed pipe (| head -1) ends the command early', async () => {
    const child = spawn(process.execPath, [BIN, 'query', PINO, PINO, PINO, PINO, '-q', '-F', 'csv', '--sql', 'SELECT * FROM events, range(40)'], {
      env: { ...process.env, TMPDIR: scratch },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(existsSync(scratch) && filesUnder(scratch)).toEqual([]);
  });

  it.each([
    ['missing', (dir: string) => join(dir, 'nonexistent'), 'no such file or directory'],
    ['a file', (dir: string) => {
      writeFileSync(join(dir, 'a-file'), '');
      return join(dir, 'a-file');
    }, 'not a directory'],
  ])('cannot be made when $TMPDIR is %s: one line naming it, exit 2, for follow and one-shot commands alike', (_what, tmp, reason) => {
    const TMPDIR = tmp(scratch);
    for (const args of [['summary', PINO], ['check', '--assert', 'count > 0', PINO], ['summary', '--follow', PINO]]) {
      const r = runBinary(args, { env: { TMPDIR } });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`logmeter: cannot make a scratch directory in $TMPDIR=${TMPDIR} (${reason}); point TMPDIR at a directory logmeter may write, or unset it\n`);
    }
  });
});
