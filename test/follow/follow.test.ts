// The follow modes against a log written in real time by a child process: rotation, unfinished
// lines, a sliding window, state changes, and a clean exit on Ctrl-C (SIGINT). Named pipes and
// `<(...)` given as inputs are read as they arrive, as stdin is.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, ROOT } from '../helpers/cli.js';

const WRITER = fileURLToPath(new URL('./writer.mjs', import.meta.url));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-follow-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Running {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

function start(command: string, args: readonly string[], stdin: 'ignore' | 'pipe' = 'ignore'): Running {
  const child = spawn(command, args, { cwd: ROOT, stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits for `ok` on `watched`'s output; fails at once, with what it printed, if it exits first. */
async function until(what: string, ok: () => boolean, watched: Running, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const seen = () => `${lastFrame(watched.stdout())}${watched.stderr()}`;
  while (!ok()) {
    if (watched.child.exitCode !== null) throw new Error(`exited (${watched.child.exitCode}) before ${what}:\n${seen()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen:\n${seen()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until `log` holds a whole line. */
async function hasRecords(log: string): Promise<void> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if (existsSync(log) && readFileSync(log, 'utf8').includes('\n')) return;
  }
  throw new Error(`${log} got no records`);
}

function lastFrame(text: string): string {
  const frames = text.split(/(?=┌─ LOGMETER)/);
  return frames[frames.length - 1] ?? '';
}

describe('summary --follow', () => {
  it('follows a file through rotation and unfinished lines, counts every line, and exits 0 on Ctrl-C', async () => {
    const log = join(dir, 'app.log');
    const plan = { phases: [{ count: 40, everyMs: 25, status: 200 }, { count: 10, everyMs: 25, status: 503 }], rotateAfter: 25, partial: true };
    const writer = start(process.execPath, [WRITER, log, JSON.stringify(plan)]);
    // Started once the log is there: one missing at the first poll is waited for with a notice.
    await hasRecords(log);
    const summary = start(process.execPath, [BIN, 'summary', '--follow', '--every', '100ms', '--window', '5m', log]);
    expect(await writer.exited).toBe(0);
    await until('all 50 records on the dashboard', () => /records 50 {3}errors 10 \(20\.0%\)/.test(lastFrame(summary.stdout())), summary);
    const frame = lastFrame(summary.stdout());
    expect(frame).toMatch(/● UNHEALTHY/);
    expect(frame).toMatch(/rejected lines 0/);
    summary.child.kill('SIGINT');
    expect(await summary.exited).toBe(0);
    expect(summary.stderr()).toBe('');
    // Never more records than lines written: an unfinished line was never read as a record.
    for (const m of summary.stdout().matchAll(/records (\d+)/g)) expect(Number(m[1])).toBeLessThanOrEqual(50);
  });

  it('reads stdin as it arrives and stops by itself when stdin ends', async () => {
    const summary = start(process.execPath, [BIN, 'summary', '--follow', '--every', '100ms'], 'pipe');
    const writer = start(process.execPath, [WRITER, '-', JSON.stringify({ phases: [{ count: 30, everyMs: 20, status: 200 }] })]);
    writer.child.stdout?.pipe(summary.child.stdin as NodeJS.WritableStream);
    expect(await writer.exited).toBe(0);
    expect(await summary.exited).toBe(0);
    expect(lastFrame(summary.stdout())).toMatch(/records 30 /);
  });
});

describe('check --follow', () => {
  it('prints FIRING when the error rate breaches and RESOLVED when old errors leave the window', async () => {
    const log = join(dir, 'check.log');
    const plan = { phases: [{ count: 10, everyMs: 50, status: 200 }, { count: 15, everyMs: 50, status: 500 }, { count: 120, everyMs: 50, status: 200 }] };
    const writer = start(process.execPath, [WRITER, log, JSON.stringify(plan)]);
    // Started once the log has records: a first evaluation without data would print NO DATA first.
    await hasRecords(log);
    const check = start(process.execPath, [BIN, 'check', '--follow', '--every', '100ms', '--window', '2s', '--assert', 'error_rate < 0.3', log]);
    await until('RESOLVED', () => /RESOLVED/.test(check.stdout()), check, 30_000);
    check.child.kill('SIGINT');
    expect(await check.exited).toBe(0);
    writer.child.kill();
    await writer.exited;
    const lines = check.stdout().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ FIRING {3}error_rate < 0\.3 0\.\d+ < 0\.3 \(error\)$/);
    expect(lines[lines.length - 1]).toMatch(/ RESOLVED error_rate < 0\.3 /);
    expect(check.stderr()).toMatch(/^checking 1 rule every 100ms over the last 2s; Ctrl-C stops\n$/);
  });

  it('POSTs each state change to --webhook as JSON, and goes on when the receiver fails', async () => {
    // A receiver on loopback that answers the first POST with an error and the others with 204.
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        res.statusCode = bodies.length === 1 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
    try {
      const log = join(dir, 'webhook.log');
      const plan = { phases: [{ count: 10, everyMs: 50, status: 200 }, { count: 15, everyMs: 50, status: 500 }, { count: 120, everyMs: 50, status: 200 }] };
      const writer = start(process.execPath, [WRITER, log, JSON.stringify(plan)]);
      await hasRecords(log);
      const check = start(process.execPath, [BIN, 'check', '--follow', '--every', '100ms', '--window', '2s', '--assert', 'error_rate < 0.3', '--webhook', hook, log]);
      await until('RESOLVED posted', () => bodies.some((b) => b.includes('"resolved"')), check, 30_000);
      check.child.kill('SIGINT');
      expect(await check.exited).toBe(0);
      writer.child.kill();
      await writer.exited;
      const events = bodies.map((b) => JSON.parse(b) as Record<string, unknown>);
      expect(events.map((e) => e.state)).toEqual(['firing', 'resolved']);
      // Each event's text is the line printed for it.
      expect(events.map((e) => e.text)).toEqual(check.stdout().trimEnd().split('\n'));
      expect(events[0]).toMatchObject({ source: 'logmeter', rule: 'error_rate < 0.3', expr: 'error_rate < 0.3', group: {}, op: '<', threshold: 0.3, severity: 'error', window_ms: 2000 });
      expect(events[0]?.observed).toBeGreaterThanOrEqual(0.3);
      expect(events[1]?.observed).toBeLessThan(0.3);
      expect(check.stderr()).toBe(
        'checking 1 rule every 100ms over the last 2s; Ctrl-C stops\n' +
          // The URL's path is left out: Slack-style receivers keep their secret there.
          `logmeter: webhook ${new URL(hook).origin}/…: HTTP 500 Internal Server Error; the state change is printed above, following goes on\n`,
      );
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('--follow on named pipes and <(...)', () => {
  /** `count` pino lines stamped now, errors (level 50) or not: short, so a burst is one atomic pipe write (under 4 KiB). */
  const records = (count: number, level: 30 | 50) => `${JSON.stringify({ level, time: Date.now(), msg: 'm' })}\n`.repeat(count);

  function fifo(name: string): string {
    const path = join(dir, name);
    execFileSync('mkfifo', [path]);
    return path;
  }

  const send = (pipe: WriteStream, text: string) => new Promise<void>((resolve, reject) => pipe.write(text, (error) => (error ? reject(error) : resolve())));

  it('summary --follow reads a FIFO in bursts as they arrive, and stops by itself when its writer closes', async () => {
    const path = fifo('summary.fifo');
    const summary = start(process.execPath, [BIN, 'summary', '--follow', '--every', '100ms', path]);
    // Opens once logmeter has opened the FIFO for reading, as a producer's write end would.
    const pipe = createWriteStream(path);
    await send(pipe, records(20, 30));
    await until('the first burst', () => /records 20 +errors 0 /.test(lastFrame(summary.stdout())), summary);
    await send(pipe, records(5, 50));
    await until('the second burst', () => /records 25 +errors 5 \(20\.0%\)/.test(lastFrame(summary.stdout())), summary);
    pipe.end();
    expect(await summary.exited).toBe(0);
    expect(summary.stderr()).toBe('');
  });

  it('check --follow judges each burst from a FIFO, and decides on the last poll when its writer closes', async () => {
    const path = fifo('check.fifo');
    const check = start(process.execPath, [BIN, 'check', '--follow', '--every', '100ms', '--assert', 'error_rate < 0.3', path]);
    const pipe = createWriteStream(path);
    // 10 errors of 20 records: 0.5.
    await send(pipe, records(10, 50) + records(10, 30));
    await until('FIRING', () => /FIRING/.test(check.stdout()), check);
    // 10 errors of 100 records: 0.1.
    await send(pipe, records(80, 30));
    await until('RESOLVED', () => /RESOLVED/.test(check.stdout()), check);
    pipe.end();
    expect(await check.exited).toBe(0);
    expect(check.stdout()).toMatch(/^\S+Z FIRING {3}error_rate < 0\.3 0\.5 < 0\.3 \(error\)\n\S+Z RESOLVED error_rate < 0\.3 0\.1 < 0\.3 \(error\)\n$/);
    expect(check.stderr()).toBe('checking 1 rule every 100ms over the last 15m; Ctrl-C stops\n');
  });

  it('summary --follow reads two FIFOs and a file together, and keeps polling the file once the FIFOs close', async () => {
    const a = fifo('a.fifo');
    const b = fifo('b.fifo');
    const log = join(dir, 'beside-fifos.log');
    writeFileSync(log, records(4, 30));
    const summary = start(process.execPath, [BIN, 'summary', '--follow', '--every', '100ms', a, b, log]);
    const pipeA = createWriteStream(a);
    const pipeB = createWriteStream(b);
    await send(pipeA, records(3, 30));
    await send(pipeB, records(2, 50));
    await until('4 + 3 + 2 records', () => /records 9 +errors 2 /.test(lastFrame(summary.stdout())), summary);
    await Promise.all([new Promise((r) => pipeA.end(r)), new Promise((r) => pipeB.end(r))]);
    appendFileSync(log, records(1, 50));
    await until("the file's new record", () => /records 10 +errors 3 \(30\.0%\)/.test(lastFrame(summary.stdout())), summary);
    summary.child.kill('SIGINT');
    expect(await summary.exited).toBe(0);
    expect(summary.stderr()).toBe('');
  });

  it('reads <(...) and /dev/stdin named as inputs (the pipes a shell hands over), and stops when both end', async () => {
    const plan = (count: number, status: number) => JSON.stringify({ phases: [{ count, everyMs: 10, status }] });
    // bash's `<(...)` is /dev/fd/N; /dev/stdin is the pipe from `|`.
    const script = '"$1" "$2" - "$3" | "$1" "$4" summary --follow --every 100ms /dev/stdin <("$1" "$2" - "$5")';
    const summary = start('bash', ['-c', script, 'bash', process.execPath, WRITER, plan(30, 200), BIN, plan(10, 503)]);
    expect(await summary.exited).toBe(0);
    expect(lastFrame(summary.stdout())).toMatch(/records 40 +errors 10 \(25\.0%\)/);
    expect(lastFrame(summary.stdout())).toMatch(/ 2 inputs /);
    // The writers' own lines only: nothing from logmeter.
    expect(summary.stderr().split('\n').filter(Boolean).sort()).toEqual(['wrote 10', 'wrote 30']);
  });

  it("names a lone <(...) by its /dev/fd path in the status line, not by the bare number of its last part", async () => {
    const plan = JSON.stringify({ phases: [{ count: 3, everyMs: 10, status: 200 }] });
    const summary = start('bash', ['-c', '"$1" "$4" summary --follow --every 100ms <("$1" "$2" - "$3")', 'bash', process.execPath, WRITER, plan, BIN]);
    expect(await summary.exited).toBe(0);
    // A window that crosses midnight prints both dates and leaves less room, so the title may end in "…".
    expect(summary.stdout()).toMatch(/^┌─ LOGMETER · \/dev\/fd\/\d+ · every 1(?:00ms |[^─]*… )/m);
  });
});
