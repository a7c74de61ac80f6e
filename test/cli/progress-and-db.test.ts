// The progress line appears only on a terminal and --quiet silences it; LOGMETER_DB names the
// default database for every command.

import { describe, expect, it } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { runBinary, runInProcess } from '../helpers/cli.js';
import { Database } from '../../src/db.js';

function bigLog(dir: string): string {
  const path = join(dir, 'big.log');
  const line = JSON.stringify({ level: 30, time: 1_700_000_000_000, msg: 'x', pad: 'p'.repeat(200) }) + '\n';
  writeFileSync(path, line.repeat(40_000));
  return path;
}

async function runWithTty(args: string[]): Promise<string> {
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  stderr.isTTY = true;
  const chunks: Buffer[] = [];
  stderr.on('data', (c: Buffer) => chunks.push(c));
  const io: IO = { stdin: Readable.from([]), stdout: new PassThrough(), stderr, env: {}, cwd: process.cwd() };
  await main(args, io);
  return Buffer.concat(chunks).toString('utf8');
}

describe('progress on stderr', () => {
  it('shows a reading line on a terminal, and nothing with --quiet or without a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-progress-'));
    try {
      const path = bigLog(dir);
      const shown = await runWithTty(['ingest', path]);
      expect(shown).toMatch(/\r\x1b\[2Kreading .*big\.log: [\d.]+ MB \(\d+%\)/);
      expect(await runWithTty(['ingest', path, '--quiet'])).toBe('');
      const notTty = await runInProcess(['ingest', path]);
      expect(notTty.stderr).not.toContain('reading ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LOGMETER_DB', () => {
  it('is the database of ingest and query when --db is not given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-envdb-'));
    try {
      const db = join(dir, 'env.duckdb');
      const env = { LOGMETER_DB: db };
      expect((await runInProcess(['ingest', '-', '-q'], { stdin: '{"msg":"a"}\n{"msg":"b"}\n', env })).code).toBe(0);
      const r = await runInProcess(['query', '-F', 'csv', '--sql', 'SELECT count(*) AS n FROM events'], { env });
      expect(r.stdout).toBe('n\n2\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--db on a reading command', () => {
  it('that does not exist is a usage error, and no file is created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-nodb-'));
    try {
      const db = join(dir, 'typo.duckdb');
      for (const command of [['query', '--sql', 'SELECT 1'], ['report', '-o', join(dir, 'r.html')], ['summary'], ['metrics'], ['export', '--parquet', join(dir, 'pq')]]) {
        const r = await runInProcess([...command, '--db', db]);
        expect(r.stderr).toBe(`logmeter: no such database: ${db} (logmeter ingest ... --db ${db} creates it)\n`);
        expect(r.code).toBe(2);
      }
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('that is empty (an unset variable in a cron line) is a usage error, on ingest too', async () => {
    for (const command of [['ingest', '-'], ['query', '--sql', 'SELECT 1']]) {
      const r = await runInProcess([...command, '--db', ''], { stdin: '{"msg":"a"}\n' });
      expect(r.stderr).toBe('logmeter: --db needs a file name (it was empty: an unset variable?)\n');
      expect(r.code).toBe(2);
    }
  });

  it('held by another process: says so in plain words (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-lock-'));
    const db = join(dir, 'busy.duckdb');
    try {
      expect((await runInProcess(['ingest', '-', '--db', db, '-q'], { stdin: '{"msg":"a"}\n' })).code).toBe(0);
      const holder = await Database.open({ file: db });
      try {
        const r = runBinary(['query', '--db', db, '--sql', 'SELECT 1']);
        expect(r.stderr).toBe(`logmeter: another logmeter process (PID ${process.pid}) is using ${db}; run this again when it has finished (one ingest at a time, and no reading command while one runs)\n`);
        expect(r.code).toBe(2);
      } finally {
        holder.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
