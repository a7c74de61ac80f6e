// Logs compressed with zstd, xz, bzip2 or lz4: what logrotate writes with `compresscmd` (and archives
// of logs come as), read as gzip is: by name or magic bytes, from a file, a directory walk or stdin,
// followed across rotations by their checkpoints, and not read again when unchanged. The files are
// written by the real commands, which logmeter also decompresses with.

import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBinary, runInProcess } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';
import { rowsOf as rows } from '../helpers/database.js';

const workdir = useWorkdirs('logmeter-compressed');

const CODECS = [
  { name: 'zstd', suffix: '.zst', compress: ['zstd', '-q', '-c'] },
  { name: 'xz', suffix: '.xz', compress: ['xz', '-c'] },
  { name: 'bzip2', suffix: '.bz2', compress: ['bzip2', '-c'] },
  { name: 'lz4', suffix: '.lz4', compress: ['lz4', '-q', '-c'] },
] as const;

/** JSON lines with distinct, increasing sequence numbers so duplicates and gaps are visible. */
function lines(from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) out += JSON.stringify({ time: 1772445600000 + i * 1000, level: i % 7 === 0 ? 50 : 30, msg: 'tick', seq: i, duration_ms: i % 13 }) + '\n';
  return out;
}

function compress(codec: (typeof CODECS)[number], content: string | Buffer): Buffer {
  const [command, ...args] = codec.compress;
  return execFileSync(command, args, { input: content, maxBuffer: 64 << 20 });
}

async function sequence(db: string): Promise<number[]> {
  return (await rows(db, "SELECT (attrs->>'seq')::INT AS seq FROM events ORDER BY seq")).map((r) => Number(r.seq));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** What a user compares: the events and rejects of a run, without the source's name. */
async function canonical(args: string[], stdin?: Buffer): Promise<unknown> {
  const sql = `SELECT line, ts, level, message, ok, duration_ms, attrs FROM events ORDER BY line`;
  const events = await runInProcess(['query', ...args, '-q', '-F', 'json', '--sql', sql], { stdin });
  const rejects = await runInProcess(['query', ...args, '-q', '-F', 'json', '--sql', 'SELECT line, reason, bytes, sample FROM rejects ORDER BY line'], { stdin });
  expect(events.stderr).toBe('');
  return { events: JSON.parse(events.stdout), rejects: JSON.parse(rejects.stdout) };
}

describe.each(CODECS)('a $name-compressed log', (codec) => {
  // A bad line and an empty one too: they are rejected as in the plain file.
  const content = lines(0, 40) + '{"seq": broken\n\n' + lines(40, 50);

  it('reads as the plain file does: by its name, by its magic bytes under another name, and piped in', async () => {
    const d = workdir();
    writeFileSync(join(d, 'app.log'), content);
    writeFileSync(join(d, `app.log.1${codec.suffix}`), compress(codec, content));
    writeFileSync(join(d, 'renamed.log'), compress(codec, content));
    const plain = await canonical([join(d, 'app.log')]);
    expect(plain).toMatchObject({ events: { length: 50 }, rejects: [{ line: 41, reason: 'invalid_json' }, { line: 42, reason: 'empty' }] });
    expect(await canonical([join(d, `app.log.1${codec.suffix}`)])).toEqual(plain);
    expect(await canonical([join(d, 'renamed.log')])).toEqual(plain);
    expect(await canonical(['-'], compress(codec, content))).toEqual(plain);
  });

  it('is found by a directory walk under rotated names, numbered and dated', async () => {
    const d = workdir();
    const logs = join(d, 'logs');
    mkdirSync(logs);
    writeFileSync(join(logs, `app.log.2${codec.suffix}`), compress(codec, lines(0, 10)));
    writeFileSync(join(logs, `api.log-20261123${codec.suffix}`), compress(codec, lines(10, 20)));
    writeFileSync(join(logs, 'app.log'), lines(20, 25));
    const db = join(d, 'store.duckdb');
    const run = await runInProcess(['ingest', logs, '--db', db, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ lines: 25, records: 25, rejects: 0 });
    expect(await sequence(db)).toEqual(range(0, 25));
  });

  it("follows logrotate's compresscmd: app.log -> app.log.1 -> app.log.2" + codec.suffix + ' counts no line twice, and an unchanged archive is not read again', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    const ingest = async () => {
      const run = await runInProcess(['ingest', d, '--db', db, '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout);
    };
    writeFileSync(log, lines(0, 10));
    await ingest();
    // delaycompress: the first rotation keeps the file plain, and the app goes on in a new one.
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(10, 15));
    await ingest();
    // The next rotation compresses app.log.1 as app.log.2.zst (with the lines appended after the last run).
    writeFileSync(`${log}.2${codec.suffix}`, compress(codec, readFileSync(`${log}.1`, 'utf8') + lines(100, 103)));
    // Compressed a while before this run, as by last night's logrotate.
    const lastNight = Date.now() / 1000 - 3600;
    utimesSync(`${log}.2${codec.suffix}`, lastNight, lastNight);
    rmSync(`${log}.1`);
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(15, 18));
    const third = await ingest();
    expect(third.lines).toBe(6);
    expect(await sequence(db)).toEqual([...range(0, 18), ...range(100, 103)]);

    // Nothing written since: the archive is not read again (which would add a row to `sources`).
    const sourcesBefore = await rows(db, 'SELECT count(*) AS n FROM sources');
    const fourth = await ingest();
    expect(fourth).toMatchObject({ lines: 0 });
    expect(await rows(db, 'SELECT count(*) AS n FROM sources')).toEqual(sourcesBefore);

    // Written again with more lines (an archive re-made): only the new ones are read.
    writeFileSync(`${log}.2${codec.suffix}`, compress(codec, lines(0, 10) + lines(100, 106)));
    const later = Date.now() / 1000 + 5;
    utimesSync(`${log}.2${codec.suffix}`, later, later);
    const fifth = await ingest();
    expect(fifth.lines).toBe(3);
    expect(await sequence(db)).toEqual([...range(0, 18), ...range(100, 106)]);
  });

  it('damaged in a directory, is skipped with the decompressor\'s reason and read whole once mended; named, it is exit 2', async () => {
    const d = workdir();
    const logs = join(d, 'logs');
    mkdirSync(logs);
    const whole = compress(codec, lines(0, 200));
    const archive = join(logs, `app.log.1${codec.suffix}`);
    // The first half: what logrotate leaves while it is still compressing.
    writeFileSync(archive, whole.subarray(0, Math.floor(whole.length / 2)));
    writeFileSync(join(logs, 'app.log'), lines(200, 201));
    const db = join(d, 'store.duckdb');
    const first = await runInProcess(['ingest', logs, '--db', db, '-q']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`^logmeter: skipped 1 file whose content cannot be read \\(none of it was stored; the next run tries again\\): ${archive.replace(/[.]/g, '\\.')} \\(${codec.name}: .+\\)\\n$`));
    expect(await sequence(db)).toEqual([200]);
    writeFileSync(archive, whole);
    expect((await runInProcess(['ingest', logs, '--db', db, '-q'])).code).toBe(0);
    expect(await sequence(db)).toEqual(range(0, 201));

    writeFileSync(archive, whole.subarray(0, Math.floor(whole.length / 2)));
    const named = await runInProcess(['ingest', archive]);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(new RegExp(`^logmeter: cannot read ${archive.replace(/[.]/g, '\\.')}: ${codec.name}: .+\\n$`));
  });
});

describe('a compressed log whose decompressor is not installed', () => {
  it('is named with the command and the package to install, in a walk and on its own; stdin too', () => {
    const d = workdir();
    const logs = join(d, 'logs');
    mkdirSync(logs);
    writeFileSync(join(logs, 'app.log'), lines(0, 3));
    const archive = join(logs, 'app.log.1.zst');
    writeFileSync(archive, compress(CODECS[0], lines(3, 6)));
    // A PATH with node alone: no zstd on it.
    const bin = join(d, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const env = { PATH: bin };
    const missing = 'it is zstd-compressed, but the `zstd` command that decompresses it is not installed: apt-get install zstd on Debian and Ubuntu';

    const walk = runBinary(['ingest', logs, '-q'], { env });
    expect(walk.code).toBe(0);
    expect(walk.stderr).toBe(`logmeter: skipped 1 file whose content cannot be read (none of it was stored; the next run tries again): ${archive} (${missing})\n`);
    const named = runBinary(['ingest', archive], { env });
    expect(named).toMatchObject({ code: 2, stderr: `logmeter: cannot read ${archive}: ${missing}\n` });
    const piped = runBinary(['summary'], { env, stdin: readFileSync(archive) });
    expect(piped).toMatchObject({ code: 2, stderr: `logmeter: cannot read -: ${missing}\n` });
  });
});

describe('text that only looks compressed', () => {
  it('a plain log whose first line starts with "BZh" (bzip2\'s first bytes) is read as text', async () => {
    const r = await runInProcess(['ingest', '-', '--json'], { stdin: 'BZh91AY=1 level=info msg="a key that spells bzip2\'s first bytes"\nBZh=2 level=info msg=again\n' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ lines: 2, records: 2, rejects: 0 });
  });
});
