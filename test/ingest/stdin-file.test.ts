// stdin redirected from a regular file (`logmeter check < run.log`) is read as that file is, with
// DuckDB reading it where it lies: the records, rejects and source name must be those of the same
// bytes through a pipe, whatever shape the file or the redirection has.

import { describe, expect, it } from 'vitest';
import { closeSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BIN } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';

const workdir = useWorkdirs('logmeter-stdin-file');

const EVENTS = 'SELECT source, line, ts, level, event, kind, duration_ms, CAST(attrs AS VARCHAR) AS attrs FROM events ORDER BY line';
const REJECTS = 'SELECT source, line, reason, bytes, sample FROM rejects ORDER BY line';

/** A pino-shaped log with a bad line, a blank one, CRLF endings and a BOM: every scanner path. */
function awkwardLog(): string {
  const lines = [
    JSON.stringify({ level: 30, time: 1772445600000, msg: 'llm call', model: 'gpt-4o', duration_ms: 120 }),
    '{"level":30,"time":1772445601000,"msg":"cut off',
    '',
    JSON.stringify({ level: 50, time: 1772445602000, msg: 'llm call', model: 'gpt-4o', duration_ms: 900, err: { message: 'timeout' } }),
    'plain text',
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** Runs bin/logmeter with stdin from `stdin`: an open file descriptor (a shell's `<`) or bytes through a pipe. */
function run(args: readonly string[], stdin: { fd: number } | { bytes: Buffer }): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    stdio: ['fd' in stdin ? stdin.fd : 'pipe', 'pipe', 'pipe'],
    ...('bytes' in stdin ? { input: stdin.bytes } : {}),
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function withFile<T>(path: string, use: (fd: number) => T, skipBytes = 0): T {
  const fd = openSync(path, 'r');
  try {
    if (skipBytes > 0) readSync(fd, Buffer.alloc(skipBytes), 0, skipBytes, null);
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

const query = (sql: string) => ['query', '-', '-q', '-F', 'json', '--sql', sql];

describe('stdin redirected from a file', () => {
  it('gives the events and rejects the same bytes give through a pipe, under the name -', () => {
    const dir = workdir();
    const log = join(dir, 'run.log');
    const bytes = Buffer.from(awkwardLog());
    writeFileSync(log, bytes);
    for (const sql of [EVENTS, REJECTS]) {
      const redirected = withFile(log, (fd) => run(query(sql), { fd }));
      const piped = run(query(sql), { bytes });
      expect(redirected.stderr).toBe('');
      expect(redirected.code).toBe(0);
      expect(redirected.stdout).toBe(piped.stdout);
    }
    const events = JSON.parse(withFile(log, (fd) => run(query(EVENTS), { fd })).stdout) as { source: string; line: number; event: string }[];
    expect(events.map((e) => [e.source, e.line, e.event])).toEqual([['-', 1, 'llm call'], ['-', 4, 'llm call']]);
  });

  it('is read where it lies, with no copy, when its lines are clean (as a named file is)', () => {
    const dir = workdir();
    const log = join(dir, 'clean.log');
    const lines = [1, 2, 3].map((i) => JSON.stringify({ level: 30, time: 1772445600000 + i * 1000, msg: 'llm call', model: 'gpt-4o', duration_ms: 100 * i }));
    writeFileSync(log, lines.join('\n') + '\n');
    /** --debug's line for the source: whether its lines were copied to a spool for DuckDB. */
    const ingested = (stderr: string) => stderr.split('\n').filter((l) => l.includes('"source ingested"')).map((l) => JSON.parse(l) as { source: string; spooled: boolean });
    const redirected = withFile(log, (fd) => run([...query(EVENTS), '--debug'], { fd }));
    const piped = run([...query(EVENTS), '--debug'], { bytes: Buffer.from(lines.join('\n') + '\n') });
    expect(ingested(redirected.stderr)).toMatchObject([{ source: '-', spooled: false }]);
    expect(ingested(piped.stderr)).toMatchObject([{ source: '-', spooled: true }]);
    expect(redirected.stdout).toBe(piped.stdout);
    expect((JSON.parse(redirected.stdout) as unknown[]).length).toBe(3);
  });

  it('reads on from where the shell left it, as a stream, when something read its start first', () => {
    const dir = workdir();
    const log = join(dir, 'run.log');
    const first = JSON.stringify({ level: 30, time: 1772445600000, msg: 'header' });
    const rest = [1, 2, 3].map((i) => JSON.stringify({ level: 30, time: 1772445600000 + i * 1000, msg: `m${i}` }));
    writeFileSync(log, [first, ...rest].join('\n') + '\n');
    // As `{ read -r header; logmeter ...; } < run.log` leaves it: the first line read already.
    const out = withFile(log, (fd) => run(query('SELECT line, event FROM events ORDER BY line'), { fd }), first.length + 1);
    expect(JSON.parse(out.stdout)).toEqual([{ line: 1, event: 'm1' }, { line: 2, event: 'm2' }, { line: 3, event: 'm3' }]);
  });

  it('decompresses a redirected .gz, and reads a file deleted after the shell opened it', () => {
    const dir = workdir();
    const text = awkwardLog();
    const gz = join(dir, 'run.log.gz');
    writeFileSync(gz, gzipSync(text));
    const piped = run(query(EVENTS), { bytes: Buffer.from(text) });
    expect(withFile(gz, (fd) => run(query(EVENTS), { fd })).stdout).toBe(piped.stdout);
    const gone = join(dir, 'gone.log');
    writeFileSync(gone, text);
    expect(
      withFile(gone, (fd) => {
        rmSync(gone);
        return run(query(EVENTS), { fd });
      }).stdout,
    ).toBe(piped.stdout);
  });

  it('check and ingest --db read it too', () => {
    const dir = workdir();
    const log = join(dir, 'run.log');
    writeFileSync(log, awkwardLog());
    const check = withFile(log, (fd) => run(['check', '--assert', "p95(duration_ms) < 1000 where kind = 'llm_call'", '--assert', 'count == 2'], { fd }));
    expect(check.code).toBe(0);
    const db = join(dir, 'm.duckdb');
    expect(withFile(log, (fd) => run(['ingest', '--db', db, '-q'], { fd })).code).toBe(0);
    const stored = run(['query', '--db', db, '-q', '-F', 'json', '--sql', "SELECT (SELECT count(*) FROM events WHERE source = '-') AS events, (SELECT count(*) FROM rejects WHERE source = '-') AS rejects"], { bytes: Buffer.alloc(0) });
    expect(JSON.parse(stored.stdout)).toEqual([{ events: 2, rejects: 3 }]);
  });
});
