// The CLI contract every command shares: documented exit codes, one clear line on stderr and no
// stack trace, stdin as input, and a quiet exit 0 when stdout is closed early (| head).

import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { suggestedMemoryLimit } from '../../src/cli/memory-hint.js';
import { BIN, FIXTURES, runBinary, runInProcess } from '../helpers/cli.js';

const PINO = join(FIXTURES, 'pino.log');

describe('exit codes', () => {
  it('0: a readable log ingests, with the summary on stderr', async () => {
    const r = await runInProcess(['ingest', PINO]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^read 104 lines from 1 source in [\d.]+ s \([\d,]+ lines\/s\)\n  records   104\n  rejects   0\n  formats   pino\n  time      2026-03-02T10:00:00.000Z \.\. 2026-03-02T12:58:00.000Z\n$/);
  });

  it('0: --json prints the machine-readable summary on stdout', async () => {
    const r = await runInProcess(['ingest', PINO, '--json']);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ lines: 104, records: 104, rejects: 0, rejects_by_reason: {} });
    expect(summary.sources).toEqual([expect.objectContaining({ source: PINO, format: 'pino', lines: 104, records: 104, rejects: 0 })]);
    expect(r.stderr).toBe('');
  });

  it('2: an unknown flag, format or time zone, or a missing file, is a usage error in one line', async () => {
    for (const args of [
      ['ingest', PINO, '--no-such-flag'],
      ['ingest', PINO, '--format', 'xml'],
      ['ingest', PINO, '--tz', 'Mars/Olympus'],
      ['ingest', '/no/such/file.log'],
      ['ingest', '/no/such/*.log'],
      ['ingest', PINO, '--max-reject-ratio', '2'],
      ['query', PINO, '--sql', 'SELECT nope FROM events'],
    ]) {
      const r = await runInProcess(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr.trimEnd().split('\n').length, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^logmeter: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await runInProcess(['ingest', PINO, '--format', 'xml'])).stderr).toMatch(
      /^logmeter: unknown format "xml"; known formats: .*\bbunyan, pino, python-json, structlog, loguru, zap, slog, winston, json\b.*\n$/,
    );
  });

  it('3: input with no readable record, or too many bad lines for --max-reject-ratio', async () => {
    const garbage = await runInProcess(['ingest', '-'], { stdin: 'not json\nstill not\n' });
    expect(garbage.code).toBe(3);
    expect(garbage.stderr).toContain('logmeter: no records could be read from 2 lines (exit 3)');
    // A one-line JSON array over the line limit (json.dump of many records): the reason and the flag to raise.
    const long = await runInProcess(['summary', '-', '--max-line-bytes', '100'], { stdin: JSON.stringify(Array.from({ length: 10 }, (_, i) => ({ msg: `r${i}` }))) + '\n' });
    expect(long.code).toBe(3);
    expect(long.stderr).toBe('logmeter: no records could be read from the one line (exit 3): rejected as 1 too_long; a too_long line is longer than --max-line-bytes (16 MiB unless given): give a larger --max-line-bytes to read it\n');
    const empty = await runInProcess(['ingest', '-'], { stdin: '' });
    expect(empty.code).toBe(3);
    const someBad = await runInProcess(['ingest', '-', '-q', '--max-reject-ratio', '0.1'], { stdin: '{"a":1}\nbad\n\n' });
    expect(someBad.code).toBe(3);
    expect(someBad.stderr).toBe('logmeter: reject ratio 0.5000 exceeds --max-reject-ratio 0.1 (exit 3)\n');
    // Empty lines balance the books but are not bad input.
    const blanks = await runInProcess(['ingest', '-', '-q', '--max-reject-ratio', '0'], { stdin: '{"a":1}\n\n\n' });
    expect(blanks.code).toBe(0);
  });

  it('3, not "no such file": a device given as input (/dev/null) is read, and is empty', async () => {
    const r = await runInProcess(['summary', '/dev/null']);
    expect(r).toMatchObject({ code: 3, stderr: 'logmeter: no input: nothing was read (exit 3)\n' });
  });
});

describe('operands and stdin', () => {
  it('takes what follows -- as inputs, even a file named like an option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-dashdash-'));
    try {
      writeFileSync(join(dir, '--db'), '{"level":30,"time":1772445600000,"msg":"a"}\n');
      const r = runBinary(['query', '-F', 'csv', '--sql', 'SELECT source FROM events', '--', '--db'], { cwd: dir });
      expect(r).toEqual({ code: 0, stdout: 'source\n--db\n', stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ingest with no input and a terminal on stdin says what it needs (exit 2) instead of waiting', async () => {
    const stdin = Object.assign(Readable.from([]), { isTTY: true });
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
    const code = await main(['ingest'], { stdin, stdout: new PassThrough(), stderr, env: {}, cwd: process.cwd() });
    expect(text).toBe('logmeter: give log files to read, or pipe logs on stdin (- reads a terminal)\n');
    expect(code).toBe(2);
  });
});

describe('the built binary', () => {
  it('70: DuckDB out of its memory says which setting to raise, in one line', () => {
    const r = runBinary(['summary', PINO], { env: { LOGMETER_MEMORY_LIMIT: '16MB' } });
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(/^logmeter: DuckDB ran out of memory within LOGMETER_MEMORY_LIMIT=16MB \(.+\); give it more with LOGMETER_MEMORY_LIMIT, such as LOGMETER_MEMORY_LIMIT=2GB\n$/);
  });

  it('70: out of memory inside ingest\'s transaction is named as such, not as "Current transaction is aborted" (a later statement hid it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-oom-'));
    try {
      const log = join(dir, 'big.log');
      const line = (msg: string, blob: string) => JSON.stringify({ time: '2026-03-01T00:00:01Z', msg, blob }) + '\n';
      writeFileSync(log, line('before', '') + line('huge', 'x'.repeat(6_000_000)).repeat(3));
      for (const args of [['ingest', log, '--db', join(dir, 'a.duckdb')], ['query', log, '-q', '--sql', 'SELECT count(*) FROM events']]) {
        const r = runBinary(args, { env: { LOGMETER_MEMORY_LIMIT: '128MB' } });
        expect(r.code).toBe(70);
        expect(r.stderr).toMatch(/^logmeter: DuckDB ran out of memory within LOGMETER_MEMORY_LIMIT=128MB \(.+\); give it more with LOGMETER_MEMORY_LIMIT, such as LOGMETER_MEMORY_LIMIT=2GB\n$/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a large --max-line-bytes costs what the file needs: a one-line log reads with --max-line-bytes 1000000000 (DuckDB was sized by the flag and ran out of memory)', () => {
    const r = runBinary(['query', '-', '-q', '-F', 'csv', '--max-line-bytes', '1000000000', '--sql', 'SELECT count(*) AS n FROM events'], { stdin: '{"level":"info","msg":"a","time":"2026-03-01T00:00:00Z"}\n' });
    expect(r).toEqual({ code: 0, stdout: 'n\n1\n', stderr: '' });
  });

  it('the memory hint asks for enough: what DuckDB had plus what it asked for, at least 2GB', () => {
    expect(suggestedMemoryLimit('could not allocate block of size 7.4 GiB (953.6 MiB/953.6 MiB used)')).toBe('16GB');
    expect(suggestedMemoryLimit('could not allocate block of size 1.8 GiB (610.3 MiB/610.3 MiB used)')).toBe('4GB');
    expect(suggestedMemoryLimit('failed to allocate data of size 32.0 KiB (610.3 MiB/610.3 MiB used)')).toBe('2GB');
    expect(suggestedMemoryLimit('some other wording')).toBe('2GB');
  });

  it('reads stdin when no input is given, like cat app.log | logmeter ...', () => {
    const r = runBinary(['query', '-q', '-F', 'csv', '--sql', 'SELECT count(*) AS n FROM events'], { stdin: '{"msg":"a"}\n{"msg":"b"}\n' });
    expect(r).toEqual({ code: 0, stdout: 'n\n2\n', stderr: '' });
  });

  it('prints --version and --help and exits 0', () => {
    expect(runBinary(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = runBinary(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('Exit codes: 0 ok, 1 thresholds failed, 2 usage error, 3 unusable input, 70 internal error, 74 disk full.');
  });

  it('ends quietly with exit 0 when stdout is closed early (| head)', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ msg: 'm' + i, i })).join('\n');
    const child = spawn(process.execPath, [BIN, 'query', '-', '-q', '-F', 'ndjson', '--sql', 'SELECT * FROM events'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(lines);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it.each([['metrics'], ['report']])('%s -o /dev/stdout into a closed pipe ends quietly with exit 0, as -o - does', (command) => {
    // A shell pipe (spawn's own stdio are sockets, which /dev/stdout cannot be opened on); `true`
    // has closed its end long before logmeter has read the log and writes.
    const r = spawnSync('bash', ['-c', `"$0" "$1" ${command} "$2" -q -o /dev/stdout | true; echo "rc=\${PIPESTATUS[0]}" >&2`, process.execPath, BIN, PINO], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('rc=0\n');
  });
});
