// The follow feed keeps a sliding window: records that leave it are deleted, and so are the
// rejected lines of polls that left it, and the stdin spool drops what was read, so a session's size
// does not grow with its age. Named pipes are read as stdin is, each under the path given.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { FollowFeed } from '../../src/follow/feed.js';
import { evaluateRules, loadRules } from '../../src/check/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-feed-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-03-02T10:00:00Z');
const line = (atMs: number, url = '/a') =>
  JSON.stringify({ level: 30, time: atMs, msg: 'request completed', req: { method: 'GET', url }, res: { statusCode: 200 }, responseTime: 3 }) + '\n';

async function count(feed: FollowFeed, table: 'events' | 'rejects'): Promise<number> {
  return Number((await feed.db.one(`SELECT count(*) AS n FROM ${table}`))?.n);
}

describe('follow feed', () => {
  it('holds only the records of the last --window, however long it runs', async () => {
    const log = join(dir, 'window.log');
    writeFileSync(log, '');
    const feed = await FollowFeed.open({ inputs: [log], stdin: new PassThrough(), windowMs: 5 * 60_000 });
    try {
      // Half an hour of traffic, one poll a minute, 20 records a minute.
      let maxHeld = 0;
      for (let minute = 0; minute < 30; minute++) {
        let text = '';
        for (let i = 0; i < 20; i++) text += line(T0 + minute * 60_000 + i * 3000);
        appendFileSync(log, text + 'not json\n');
        await feed.poll(new Date(T0 + (minute + 1) * 60_000));
        maxHeld = Math.max(maxHeld, await count(feed, 'events'));
      }
      expect(await count(feed, 'events')).toBe(100);
      expect(maxHeld).toBeLessThanOrEqual(120);
      expect(await count(feed, 'rejects')).toBeLessThanOrEqual(6);
      expect(await feed.rejectsInWindow()).toEqual([{ reason: 'invalid_json', count: 5 }]);
      // One checkpoint row per source, not one per poll.
      expect(Number((await feed.db.one('SELECT count(*) AS n FROM sources'))?.n)).toBe(1);
    } finally {
      feed.close();
    }
  });

  it('drops the backlog\'s bad lines with its records, so rejects and records cover the same window', async () => {
    const log = join(dir, 'backlog.log');
    // Yesterday's 1,000 records with a bad line after every 10th, then 20 records of now and one bad line.
    let text = '';
    for (let i = 0; i < 1000; i++) {
      text += line(T0 - 86_400_000 + i * 1000);
      if (i % 10 === 0) text += `garbage line ${i}\n`;
    }
    for (let i = 0; i < 20; i++) text += line(T0 + i * 1000);
    writeFileSync(log, text + 'not json either\n');
    const feed = await FollowFeed.open({ inputs: [log], stdin: new PassThrough(), windowMs: 15 * 60_000 });
    try {
      await feed.poll(new Date(T0 + 60_000));
      expect(await count(feed, 'events')).toBe(20);
      expect(await feed.rejectsInWindow()).toEqual([{ reason: 'invalid_json', count: 1 }]);
      const specs = loadRules({ asserts: ['reject_ratio < 0.1'], cwd: dir });
      // 1 bad line of 21 read in the window, not 101 of 120.
      expect((await evaluateRules(feed.db, specs)).rules[0]?.results[0]?.observed).toBeCloseTo(1 / 21, 10);
    } finally {
      feed.close();
    }
  });

  it('waits for a file that does not exist yet, and reads the rotated file\'s last lines', async () => {
    const log = join(dir, 'later.log');
    const feed = await FollowFeed.open({ inputs: [log], stdin: new PassThrough(), windowMs: 3_600_000 });
    try {
      await feed.poll(new Date(T0));
      expect(await count(feed, 'events')).toBe(0);
      writeFileSync(log, line(T0 + 1000, '/one') + line(T0 + 2000, '/two'));
      await feed.poll(new Date(T0 + 3000));
      appendFileSync(log, line(T0 + 4000, '/three'));
      renameSync(log, `${log}.1`);
      writeFileSync(log, line(T0 + 5000, '/4'));
      await feed.poll(new Date(T0 + 6000));
      const rows = await feed.db.all('SELECT source, line FROM events ORDER BY ts');
      expect(rows).toEqual([
        { source: log, line: 1 },
        { source: log, line: 2 },
        { source: `${log}.1`, line: 3 },
        { source: log, line: 1 },
      ]);
    } finally {
      feed.close();
    }
  });

  it.each([
    ['logrotate compress: app.log.1.gz', (log: string) => {
      renameSync(log, `${log}.1`);
      writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(`${log}.1`)));
      rmSync(`${log}.1`);
    }],
    ['logrotate dateext: app.log-20260302', (log: string) => renameSync(log, `${log}-20260302`)],
    ['logrotate dateext and compress: app.log-20260302.gz', (log: string) => {
      writeFileSync(`${log}-20260302.gz`, gzipSync(readFileSync(log)));
      rmSync(log);
    }],
    ["Debian's savelog: app.log.0", (log: string) => renameSync(log, `${log}.0`)],
    ['logrotate with compresscmd zstd: app.log.1.zst', (log: string) => {
      writeFileSync(`${log}.1.zst`, execFileSync('zstd', ['-q', '-c'], { input: readFileSync(log) }));
      rmSync(log);
    }],
    ['copytruncate then compress: app.log.1.gz', (log: string) => {
      writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(log)));
      writeFileSync(log, '');
    }],
  ])('reads the lines written just before a rotation that leaves %s', async (_name, rotate) => {
    const logs = join(dir, `rotation-${Math.random().toString(36).slice(2)}`);
    mkdirSync(logs);
    const log = join(logs, 'app.log');
    // Last week's archive beside it was read long ago: it is not read again at start.
    writeFileSync(`${log}.2.gz`, gzipSync(line(T0 - 7 * 86_400_000, '/archived')));
    writeFileSync(log, line(T0 + 1000, '/one') + line(T0 + 2000, '/two'));
    const feed = await FollowFeed.open({ inputs: [log], stdin: new PassThrough(), windowMs: 30 * 86_400_000 });
    try {
      await feed.poll(new Date(T0 + 3000));
      // Appended after that poll, then rotated away before the next: only the rotated file has it.
      appendFileSync(log, line(T0 + 4000, '/three'));
      rotate(log);
      appendFileSync(log, line(T0 + 5000, '/four'));
      await feed.poll(new Date(T0 + 6000));
      await feed.poll(new Date(T0 + 7000));
      const urls = (await feed.db.all('SELECT route FROM events ORDER BY ts')).map((r) => r.route);
      expect(urls).toEqual(['/one', '/two', '/three', '/four']);
    } finally {
      feed.close();
    }
  });

  it.each([
    ['app.log.2', (log: string) => renameSync(`${log}.1`, `${log}.2`)],
    ['app.log.2.gz (delaycompress)', (log: string) => {
      writeFileSync(`${log}.2.gz`, gzipSync(readFileSync(`${log}.1`)));
      rmSync(`${log}.1`);
    }],
    ['app.log.2.xz (delaycompress, compresscmd xz)', (log: string) => {
      writeFileSync(`${log}.2.xz`, execFileSync('xz', ['-c'], { input: readFileSync(`${log}.1`) }));
      rmSync(`${log}.1`);
    }],
  ])('reads the lines written before each of two rotations between polls, the older copy now %s, once each', async (_name, shiftOlder) => {
    const logs = join(dir, `two-rotations-${Math.random().toString(36).slice(2)}`);
    mkdirSync(logs);
    const log = join(logs, 'app.log');
    // An archive from before the session: offered to the next poll (written just now), but no checkpoint resumes it.
    writeFileSync(`${log}.3.gz`, gzipSync(line(T0 - 7 * 86_400_000, '/archived')));
    writeFileSync(log, line(T0 + 1000, '/one') + line(T0 + 2000, '/two'));
    const feed = await FollowFeed.open({ inputs: [log], stdin: new PassThrough(), windowMs: 30 * 86_400_000 });
    try {
      await feed.poll(new Date(T0 + 3000));
      appendFileSync(log, line(T0 + 4000, '/three'));
      renameSync(log, `${log}.1`);
      writeFileSync(log, line(T0 + 5000, '/four'));
      // A size-based rotation again before the next poll: the first file is now two generations back.
      shiftOlder(log);
      renameSync(log, `${log}.1`);
      writeFileSync(log, line(T0 + 6000, '/five'));
      await feed.poll(new Date(T0 + 7000));
      await feed.poll(new Date(T0 + 8000));
      const urls = (await feed.db.all('SELECT route FROM events ORDER BY ts')).map((r) => r.route);
      expect(urls).toEqual(['/one', '/two', '/three', '/four', '/five']);
    } finally {
      feed.close();
    }
  });

  it('says at the first poll which inputs are not there yet, and once that a device cannot be read', async () => {
    const logs = join(dir, `notices-${Math.random().toString(36).slice(2)}`);
    mkdirSync(logs);
    const missing = join(logs, 'misspeled.log');
    const warnings = new PassThrough();
    let said = '';
    warnings.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const feed = await FollowFeed.open({ inputs: [missing, `${logs}/*.jsonl`, '/dev/null'], stdin: new PassThrough(), windowMs: 3_600_000, warnings });
    try {
      await feed.poll(new Date(T0));
      await feed.poll(new Date(T0 + 1000));
      expect(said).toBe(
        `logmeter: ${missing}, ${logs}/*.jsonl: not there yet; --follow waits for them to appear (a misspelt name waits forever; Ctrl-C stops)\n` +
          'logmeter: /dev/null is not a file, a directory or a pipe (a socket or a device?): --follow reads files as they grow and pipes as they arrive, and cannot read it; send its lines through a pipe instead (producer | logmeter ... --follow)\n',
      );
    } finally {
      feed.close();
    }
  });

  it('says once when every record read is older than the window (zone-less times read as UTC on a host behind it)', async () => {
    const log = join(dir, 'behind-utc.log');
    // Logged at 10:00 local time in New York (15:00 UTC), without a zone: read as 10:00 UTC, 5 hours old.
    const local = (minute: number) => `2026-03-02 10:${String(minute).padStart(2, '0')}:00,000 - app - INFO - request\n`;
    writeFileSync(log, local(0) + local(1));
    const warnings = new PassThrough();
    let said = '';
    warnings.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const feed = await FollowFeed.open({ inputs: [log], stdin: new PassThrough(), windowMs: 15 * 60_000, warnings });
    try {
      const nowUtc = Date.parse('2026-03-02T15:02:00Z');
      await feed.poll(new Date(nowUtc));
      appendFileSync(log, local(2));
      await feed.poll(new Date(nowUtc + 60_000));
      expect(await count(feed, 'events')).toBe(0);
      expect(said).toBe(
        'logmeter: the 2 records read are all older than the 15m window (the newest at 2026-03-02T10:01:00.000Z), so the window shows none; a time logged without a zone is read as UTC: give the log\'s zone with --tz ZONE\n',
      );
    } finally {
      feed.close();
    }
  });

  it('counts the rejected lines of a traceback still being written once, when the next poll rebuilds it', async () => {
    const log = join(dir, 'traceback.log');
    const header = (second: number, level: string, message: string) => `2026-03-02 10:00:${String(second).padStart(2, '0')},000 - app - ${level} - ${message}\n`;
    // A chained traceback holds a blank line, which is an \`empty\` reject inside the record.
    writeFileSync(log, header(1, 'INFO', 'started') + header(2, 'ERROR', 'boom') + 'Traceback (most recent call last):\n  File "a.py", line 1\nValueError: x\n\n');
    const feed = await FollowFeed.open({ inputs: [log], stdin: new PassThrough(), windowMs: 3_600_000 });
    try {
      await feed.poll(new Date(T0));
      expect(await feed.rejectsInWindow()).toEqual([{ reason: 'empty', count: 1 }]);
      appendFileSync(log, 'During handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File "b.py", line 2\nKeyError: y\n' + header(5, 'INFO', 'done'));
      await feed.poll(new Date(T0 + 1000));
      expect(await feed.rejectsInWindow()).toEqual([{ reason: 'empty', count: 2 }]);
      expect(await count(feed, 'rejects')).toBe(2);
      const rows = await feed.db.all('SELECT line, ok FROM events ORDER BY line');
      expect(rows).toEqual([
        { line: 1, ok: true },
        { line: 2, ok: false },
        { line: 12, ok: true },
      ]);
    } finally {
      feed.close();
    }
  });

  it('reads gzip on stdin as it arrives, and says so when the stream is corrupt', async () => {
    const stdin = new PassThrough();
    const feed = await FollowFeed.open({ inputs: [], stdin, windowMs: 3_600_000 });
    try {
      let text = '';
      for (let i = 0; i < 50; i++) text += line(T0 + i * 1000);
      const packed = gzipSync(text);
      // Cut mid-stream at a poll: the half read so far is whole lines of the log, never gzip bytes.
      stdin.write(packed.subarray(0, 20));
      await new Promise((resolve) => setImmediate(resolve));
      await feed.poll(new Date(T0 + 60_000));
      stdin.end(packed.subarray(20));
      await new Promise((resolve) => stdin.once('finish', resolve));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await feed.poll(new Date(T0 + 60_000));
      expect(await count(feed, 'events')).toBe(50);
      expect(await count(feed, 'rejects')).toBe(0);
      expect(feed.finished).toBe(true);
    } finally {
      feed.close();
    }
    const corrupt = new PassThrough();
    const broken = await FollowFeed.open({ inputs: [], stdin: corrupt, windowMs: 3_600_000 });
    try {
      corrupt.end(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x67, 0x61]));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(broken.finished).toBe(false);
      await expect(broken.poll(new Date(T0))).rejects.toThrow('cannot read -: unexpected end of file');
    } finally {
      broken.close();
    }
  });

  it('reads the last line of stdin when stdin ends after a poll has read that line\'s start', async () => {
    const stdin = new PassThrough();
    const feed = await FollowFeed.open({ inputs: [], stdin, windowMs: 3_600_000 });
    try {
      stdin.write(line(T0 + 1000, '/one') + line(T0 + 2000, '/two').trimEnd());
      await new Promise((resolve) => setImmediate(resolve));
      await feed.poll(new Date(T0 + 60_000));
      // The second line may still be being written: held back.
      expect(await count(feed, 'events')).toBe(1);
      stdin.end();
      for (const deadline = Date.now() + 10_000; !feed.finished && Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
        await feed.poll(new Date(T0 + 60_000));
      }
      expect(feed.finished).toBe(true);
      // Nothing more of it can come once stdin has ended: it is a whole line.
      expect((await feed.db.all('SELECT route FROM events ORDER BY line')).map((r) => r.route)).toEqual(['/one', '/two']);
    } finally {
      feed.close();
    }
  });

  it('says once that a .gz in a followed directory cannot be read yet, and reads it when it is whole', async () => {
    const logs = join(dir, 'rotated');
    mkdirSync(logs);
    writeFileSync(join(logs, 'app.log'), line(T0));
    let text = '';
    for (let i = 0; i < 10; i++) text += line(T0 + i * 1000, '/old');
    const packed = gzipSync(text);
    // logrotate's delaycompress: gzip is still writing app.log.1.gz when the poll comes.
    writeFileSync(join(logs, 'app.log.1.gz'), packed.subarray(0, packed.length / 2));
    const warnings = new PassThrough();
    let said = '';
    warnings.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const feed = await FollowFeed.open({ inputs: [logs], stdin: new PassThrough(), windowMs: 3_600_000, warnings });
    try {
      await feed.poll(new Date(T0 + 60_000));
      await feed.poll(new Date(T0 + 61_000));
      expect(await count(feed, 'events')).toBe(1);
      expect(said).toBe(
        `logmeter: skipped 1 file whose content cannot be read (none of it was stored; every poll tries again): ${join(logs, 'app.log.1.gz')} (unexpected end of file)\n`,
      );
      writeFileSync(join(logs, 'app.log.1.gz'), packed);
      await feed.poll(new Date(T0 + 62_000));
      expect(await count(feed, 'events')).toBe(11);
    } finally {
      feed.close();
    }
  });

  it('cuts the stdin spool once it was read, numbering lines on and reading each line once', async () => {
    const stdin = new PassThrough();
    const feed = await FollowFeed.open({ inputs: [], stdin, windowMs: 3_600_000, spoolCompactBytes: 2048 });
    try {
      const polls = 12;
      const perPoll = 10;
      let carried = '';
      let largest = 0;
      for (let poll = 0; poll < polls; poll++) {
        let text = carried;
        for (let i = 0; i < perPoll; i++) {
          const n = poll * perPoll + i;
          text += line(T0 + n * 1000, `/${n}`);
        }
        // Every other poll ends mid-line, as a pipe hands data over: the rest comes with the next.
        carried = poll % 2 === 1 ? text.slice(-40) : '';
        stdin.write(carried ? text.slice(0, -40) : text);
        await new Promise((resolve) => setImmediate(resolve));
        await feed.poll(new Date(T0 + (poll + 1) * perPoll * 1000));
        largest = Math.max(largest, feed.spoolBytes);
      }
      stdin.end(carried);
      await new Promise((resolve) => setImmediate(resolve));
      await feed.poll(new Date(T0 + (polls + 1) * perPoll * 1000));
      const total = polls * perPoll;
      // Without the cut the spool would hold all 12 polls (~20 KB); it holds about one more than the limit.
      expect(largest).toBeLessThan(2048 + 2 * perPoll * line(T0).length);
      const rows = await feed.db.all("SELECT count(*) AS n, count(DISTINCT line) AS lines, min(line) AS first, max(line) AS last, count(*) FILTER (WHERE epoch_ms(ts) = $t0 + (line - 1) * 1000) AS in_place FROM events WHERE source = '-'", { t0: T0 });
      expect(rows).toEqual([{ n: total, lines: total, first: 1, last: total, in_place: total }]);
      expect(await count(feed, 'rejects')).toBe(0);
    } finally {
      feed.close();
    }
  });

  it('gives the same records with the spool cut as without, tracebacks still being written included', async () => {
    const header = (second: number, level: string, message: string) =>
      `2026-03-02 10:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')},000 - app - ${level} - ${message}\n`;
    async function follow(spoolCompactBytes: number): Promise<{ events: unknown[]; rejects: unknown[]; spool: number }> {
      const stdin = new PassThrough();
      const feed = await FollowFeed.open({ inputs: [], stdin, windowMs: 3_600_000, spoolCompactBytes, format: 'python-text' });
      try {
        for (let poll = 0; poll < 10; poll++) {
          let text = '';
          for (let i = 0; i < 5; i++) text += header(poll * 10 + i, 'INFO', `step ${poll}-${i}`);
          // Each poll ends inside a traceback; its last line comes with the next poll.
          stdin.write(text + header(poll * 10 + 6, 'ERROR', 'boom') + 'Traceback (most recent call last):\n  File "a.py", line 1\n');
          await new Promise((resolve) => setImmediate(resolve));
          await feed.poll(new Date(T0 + (poll + 1) * 10_000));
          stdin.write('ValueError: x\n');
        }
        stdin.end();
        await new Promise((resolve) => setImmediate(resolve));
        await feed.poll(new Date(T0 + 200_000));
        return {
          events: await feed.db.all('SELECT line, level, message, error FROM events ORDER BY line'),
          rejects: await feed.db.all('SELECT line, reason FROM rejects ORDER BY line'),
          spool: feed.spoolBytes,
        };
      } finally {
        feed.close();
      }
    }
    const whole = await follow(1e12);
    const cut = await follow(256);
    expect(whole.events).toHaveLength(60);
    expect(cut.events).toEqual(whole.events);
    expect(cut.rejects).toEqual(whole.rejects);
    expect(cut.spool).toBeLessThan(whole.spool / 4);
  });
});

describe('follow feed on named pipes', () => {
  /** Polls until `done` holds: what a pipe's writer wrote reaches the feed in the background. */
  async function pollUntil(feed: FollowFeed, what: string, done: () => Promise<boolean> | boolean): Promise<void> {
    for (const deadline = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 20))) {
      await feed.poll(new Date(T0 + 60_000));
      if (await done()) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  }

  function fifoAt(name: string): string {
    const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.fifo`);
    execFileSync('mkfifo', [path]);
    return path;
  }

  const send = (pipe: WriteStream, data: string | Buffer) => new Promise<void>((resolve, reject) => pipe.write(data, (error) => (error ? reject(error) : resolve())));
  const close = (pipe: WriteStream) => new Promise<void>((resolve) => pipe.end(resolve));

  it('reads a named pipe as it arrives, under the path given, and is finished when its writer closes', async () => {
    const fifo = fifoAt('app');
    const feed = await FollowFeed.open({ inputs: [fifo], stdin: new PassThrough(), windowMs: 3_600_000 });
    // Opened for writing only once the feed has opened it for reading, as a producer's would be.
    const pipe = createWriteStream(fifo);
    try {
      // Nothing written yet: a producer starting up, not a window without data.
      expect(feed.awaitingStreams).toBe(true);
      await send(pipe, line(T0 + 1000, '/one') + line(T0 + 2000, '/two') + 'not json\n');
      await pollUntil(feed, 'the first burst', async () => (await count(feed, 'events')) === 2);
      expect(feed.awaitingStreams).toBe(false);
      expect(feed.finished).toBe(false);
      // The last line has no newline: the end of the pipe ends it, as the end of stdin does.
      await send(pipe, line(T0 + 3000, '/three').trimEnd());
      await close(pipe);
      await pollUntil(feed, 'the end of the pipe', () => feed.finished);
      expect(await feed.db.all('SELECT source, line, route FROM events ORDER BY line')).toEqual([
        { source: fifo, line: 1, route: '/one' },
        { source: fifo, line: 2, route: '/two' },
        { source: fifo, line: 4, route: '/three' },
      ]);
      expect(await feed.db.all('SELECT source, line, reason FROM rejects')).toEqual([{ source: fifo, line: 3, reason: 'invalid_json' }]);
    } finally {
      pipe.destroy();
      feed.close();
    }
  });

  it('reads two pipes and a file at once, each under its own name, and keeps polling the file once the pipes end', async () => {
    const a = fifoAt('a');
    const b = fifoAt('b');
    const log = join(dir, 'beside-pipes.log');
    writeFileSync(log, line(T0 + 1000, '/file') + line(T0 + 2000, '/file'));
    const feed = await FollowFeed.open({ inputs: [a, b, log], stdin: new PassThrough(), windowMs: 3_600_000 });
    const pipeA = createWriteStream(a);
    const pipeB = createWriteStream(b);
    const bySource = async () => Object.fromEntries((await feed.db.all('SELECT source, count(*) AS n FROM events GROUP BY source')).map((r) => [r.source, Number(r.n)]));
    try {
      await send(pipeA, line(T0 + 3000, '/a') + line(T0 + 4000, '/a') + line(T0 + 5000, '/a'));
      await send(pipeB, line(T0 + 6000, '/b'));
      await pollUntil(feed, '6 records', async () => (await count(feed, 'events')) === 6);
      expect(await bySource()).toEqual({ [a]: 3, [b]: 1, [log]: 2 });
      await close(pipeA);
      await close(pipeB);
      appendFileSync(log, line(T0 + 7000, '/file'));
      await pollUntil(feed, "the file's new line", async () => (await count(feed, 'events')) === 7);
      expect(await bySource()).toEqual({ [a]: 3, [b]: 1, [log]: 3 });
      // A file may still grow: the pipes' end is not the session's.
      expect(feed.finished).toBe(false);
    } finally {
      pipeA.destroy();
      pipeB.destroy();
      feed.close();
    }
  });

  it('decompresses gzip sent through a pipe as it arrives, as on stdin', async () => {
    const fifo = fifoAt('gz');
    const feed = await FollowFeed.open({ inputs: [fifo], stdin: new PassThrough(), windowMs: 3_600_000 });
    const pipe = createWriteStream(fifo);
    try {
      let text = '';
      for (let i = 0; i < 50; i++) text += line(T0 + i * 1000, `/${i}`);
      const packed = gzipSync(text);
      await send(pipe, packed.subarray(0, 20));
      await feed.poll(new Date(T0 + 60_000));
      await send(pipe, packed.subarray(20));
      await close(pipe);
      await pollUntil(feed, 'the end of the pipe', () => feed.finished);
      expect(await feed.db.all('SELECT count(*) AS n, count(DISTINCT ts) AS times, min(source) AS source FROM events')).toEqual([{ n: 50, times: 50, source: fifo }]);
    } finally {
      pipe.destroy();
      feed.close();
    }
  });
});
