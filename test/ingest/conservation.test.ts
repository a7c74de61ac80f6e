// The conservation law: for every source, each physical line belongs to a record or to a reject.
// Property-tested on arbitrary byte soup mixed with valid lines, and checked on every edge case the
// ingest contract names (invalid UTF-8, binary junk, no final newline, CRLF, BOM, huge lines, .gz,
// stdin, mixed formats in one directory, re-opening a persistent database).

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { Database } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';
import { runInProcess } from '../helpers/cli.js';
import { accountBytes } from '../helpers/independent.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCounter = 0;
function writeLog(bytes: Buffer | string, name = `f${fileCounter++}.log`): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function ingestFiles(inputs: string[], stdin: Buffer = Buffer.alloc(0), maxLineBytes?: number) {
  const db = await Database.open();
  try {
    const summary = await ingest(db, { inputs, stdin: Readable.from([stdin]), maxLineBytes });
    const events = await db.all('SELECT source, line FROM events ORDER BY source, line');
    const rejects = await db.all('SELECT source, line, reason FROM rejects ORDER BY source, line');
    return { summary, events, rejects };
  } finally {
    db.close();
  }
}

/** Every line number 1..lines appears exactly once across events and rejects of the source. */
function expectEveryLineOnce(lines: number, events: { line: unknown }[], rejects: { line: unknown }[]) {
  const numbers = [...events, ...rejects].map((r) => Number(r.line)).sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: lines }, (_, i) => i + 1));
}

const validLine = fc
  .record({
    level: fc.constantFrom(10, 20, 30, 40, 50, 60),
    time: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
    msg: fc.string(),
    model: fc.option(fc.constantFrom('gpt-4o', 'claude-3-5-sonnet-20241022'), { nil: undefined }),
    latency_ms: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
  })
  .map((o) => Buffer.from(JSON.stringify(o)));
const junkLine = fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).filter((b) => b !== 0x0a));
const lineEnding = fc.constantFrom('\n', '\r\n');

describe('conservation', () => {
  it('every physical line of arbitrary byte soup becomes a record or a reject, and the counts match an independent reading', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.oneof({ weight: 3, arbitrary: validLine }, { weight: 2, arbitrary: junkLine }), lineEnding), { maxLength: 40 }),
        fc.boolean(),
        fc.boolean(),
        async (lines, finalNewline, bom) => {
          const parts = lines.map(([l, end], i) => Buffer.concat([l, Buffer.from(i < lines.length - 1 || finalNewline ? end : '')]));
          const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), ...parts]);
          const path = writeLog(bytes);
          const { summary, events, rejects } = await ingestFiles([path]);
          const account = accountBytes(bytes);
          expect(summary.lines).toBe(account.lines);
          expect(summary.records).toBe(account.objects);
          expect(summary.records + summary.rejects).toBe(summary.lines);
          expectEveryLineOnce(summary.lines, events, rejects);
        },
      ),
      // A line of colour codes alone (empty once they are gone), and a record whose text holds one.
      { numRuns: 40, examples: [[[[Buffer.from([27, 0x5b, 0x6d]), '\n'], [Buffer.from('{"msg":"\u001b[32mok\u001b[0m \u001b"}'), '\n']], true, false]] },
    );
  });

  it('keeps the books balanced for the same soup read from stdin and from gzip', async () => {
    const bytes = Buffer.from('{"a":1}\n\xff\xfe\n\n{"b":2}\r\nnot json\n[1,2]\n{"c":3}', 'latin1');
    const account = accountBytes(bytes);
    const gz = writeLog(gzipSync(bytes), 'soup.log.gz');
    const fromGzip = await ingestFiles([gz]);
    const fromStdin = await ingestFiles([], bytes);
    for (const { summary, events, rejects } of [fromGzip, fromStdin]) {
      expect(summary.lines).toBe(7);
      expect(summary.records).toBe(account.objects);
      expect(summary.rejects_by_reason).toEqual({ empty: 1, invalid_json: 1, invalid_utf8: 1, not_an_object: 1 });
      expectEveryLineOnce(7, events, rejects);
    }
    expect(fromStdin.events[0]?.source).toBe('-');
    expect(fromGzip.events[0]?.source).toBe(gz);
  });

  it('decompresses gzip piped to stdin (`gzip -c app.log | logmeter summary`), the magic bytes split between chunks or not', async () => {
    const log = '{"level":30,"time":1772445600000,"msg":"llm call","model":"gpt-4o","tokens_in":12}\nnot json\n{"level":50,"time":1772445601000,"msg":"boom"}\n';
    const gz = gzipSync(log);
    for (const chunks of [[gz], [gz.subarray(0, 1), gz.subarray(1, 2), gz.subarray(2)]]) {
      const db = await Database.open();
      try {
        const summary = await ingest(db, { inputs: [], stdin: Readable.from(chunks) });
        expect([summary.lines, summary.records, summary.rejects_by_reason]).toEqual([3, 2, { invalid_json: 1 }]);
        expect(await db.all('SELECT line, event, tokens_in FROM events ORDER BY line')).toEqual([
          { line: 1, event: 'llm call', tokens_in: 12 },
          { line: 3, event: 'boom', tokens_in: null },
        ]);
      } finally {
        db.close();
      }
    }
  });
});

describe('edge cases of real files', () => {
  it('reads a truncated last line without a newline as a line', async () => {
    const { summary } = await ingestFiles([writeLog('{"msg":"a"}\n{"msg":"b"}')]);
    expect([summary.lines, summary.records]).toEqual([2, 2]);
  });

  it('strips CRLF line endings and a UTF-8 BOM', async () => {
    const path = writeLog(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"msg":"a","time":1700000000000}\r\n{"msg":"b"}\r\n')]));
    const { summary } = await ingestFiles([path]);
    expect([summary.lines, summary.records, summary.rejects]).toEqual([2, 2, 0]);
  });

  it('strips a UTF-8 BOM at a line start inside the file too (cat of two files that start with one)', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const file = (a: string, b: string) => Buffer.concat([bom, Buffer.from(`{"msg":"${a}"}\n{"msg":"${b}"}\n`)]);
    const { summary } = await ingestFiles([writeLog(Buffer.concat([file('a', 'b'), file('c', 'd')]))]);
    expect([summary.lines, summary.records, summary.rejects]).toEqual([4, 4, 0]);
  });

  it('rejects invalid UTF-8 and binary junk with their reasons, and stores a safe sample', async () => {
    const path = writeLog(Buffer.concat([Buffer.from('{"msg":"ok"}\n'), Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from([0x00, 0x01, 0x02, 0x7f, 0x0a]), Buffer.from('{"msg":"\u00e9"}\n')]));
    const db = await Database.open();
    try {
      const summary = await ingest(db, { inputs: [path], stdin: Readable.from([]) });
      expect(summary.records).toBe(2);
      expect(summary.rejects_by_reason).toEqual({ invalid_utf8: 1, invalid_json: 1 });
      const samples = await db.all('SELECT line, reason, sample FROM rejects ORDER BY line');
      expect(samples[0]).toEqual({ line: 2, reason: 'invalid_utf8', sample: '\\xc3(' });
      expect(samples[1]?.reason).toBe('invalid_json');
    } finally {
      db.close();
    }
  });

  it('keeps a 200 KB line as a record and turns a line over the limit into a too_long reject', async () => {
    const big = JSON.stringify({ msg: 'big', blob: 'x'.repeat(200_000) });
    const huge = JSON.stringify({ msg: 'huge', blob: 'y'.repeat(3_000_000) });
    const path = writeLog(`${big}\n${huge}\n{"msg":"after"}\n`);
    const { summary, rejects } = await ingestFiles([path], Buffer.alloc(0), 1_000_000);
    expect([summary.lines, summary.records]).toEqual([3, 2]);
    expect(rejects).toEqual([{ source: path, line: 2, reason: 'too_long' }]);
    const withDefaultLimit = await ingestFiles([path]);
    expect(withDefaultLimit.summary.records).toBe(3);
  });

  it('detects the format of each source in a directory of mixed logs, recursively, .gz included', async () => {
    const logs = join(dir, 'mixed');
    mkdirSync(join(logs, 'nested'), { recursive: true });
    writeFileSync(join(logs, 'api.log'), '{"level":30,"time":1700000000000,"pid":1,"hostname":"h","msg":"hi"}\n');
    writeFileSync(join(logs, 'nested', 'worker.jsonl.gz'), gzipSync('{"asctime":"2026-03-02 10:00:00,123","levelname":"INFO","message":"hi"}\n'));
    writeFileSync(join(logs, 'app.log.1'), '{"event":"hi","timestamp":"2026-03-02T10:00:00Z","level":"info"}\n');
    writeFileSync(join(logs, 'notes.md'), 'not a log\n');
    const { summary } = await ingestFiles([logs]);
    expect(summary.sources.map((s) => [s.source.slice(logs.length + 1), s.format])).toEqual([
      ['api.log', 'pino'],
      ['app.log.1', 'structlog'],
      ['nested/worker.jsonl.gz', 'python-json'],
    ]);
  });

  it("reads the rotated names logrotate's dateext, savelog and Python's TimedRotatingFileHandler write, and leaves other suffixes alone", async () => {
    const logs = join(dir, 'dated');
    mkdirSync(logs);
    const line = (msg: string) => `{"level":30,"time":1700000000000,"msg":"${msg}"}\n`;
    const rotated = ['app.log-20261123.gz', 'app.log-2026112310', 'app.log.0', 'worker.log.2026-11-23', 'worker.log.2026-11-23_10-00'];
    for (const name of rotated) writeFileSync(join(logs, name), name.endsWith('.gz') ? gzipSync(line(name)) : line(name));
    writeFileSync(join(logs, 'app.log'), line('current'));
    for (const name of ['app.log.bak', 'app.log-old', 'app.log-2026']) writeFileSync(join(logs, name), line(name));
    const { summary } = await ingestFiles([logs]);
    expect(summary.sources.map((s) => s.source.slice(logs.length + 1)).sort()).toEqual(['app.log', ...rotated].sort());
    expect(summary.records).toBe(rotated.length + 1);
  });

  it('follows links to files in a directory, as a Kubernetes node keeps them, but not links to directories', async () => {
    // /var/log/containers/*.log are links into /var/log/pods/<pod>/<container>/0.log.
    const node = join(dir, 'node');
    const pod = join(node, 'pods', 'default_agent-1_uid', 'agent');
    mkdirSync(pod, { recursive: true });
    mkdirSync(join(node, 'containers'));
    writeFileSync(join(pod, '0.log'), '2026-03-02T10:00:00.000000001Z stdout F {"level":30,"time":1700000000000,"msg":"hi"}\n');
    symlinkSync(join(pod, '0.log'), join(node, 'containers', 'agent-1_default_agent-abc.log'));
    symlinkSync(node, join(node, 'containers', 'loop')); // a loop, if directory links were followed
    const { summary } = await ingestFiles([join(node, 'containers')]);
    expect(summary.sources.map((s) => [s.source.slice(node.length + 1), s.format, s.records])).toEqual([['containers/agent-1_default_agent-abc.log', 'pino', 1]]);
  });

  it('reads a zone-less time as UTC unless --tz says otherwise', async () => {
    const path = writeLog('{"asctime":"2026-03-02 10:00:00,250","levelname":"WARNING","message":"m"}\n');
    const utc = await runInProcess(['query', path, '-q', '-F', 'json', '--sql', 'SELECT ts, level FROM events']);
    expect(JSON.parse(utc.stdout)).toEqual([{ ts: '2026-03-02T10:00:00.250Z', level: 'warn' }]);
    const paris = await runInProcess(['query', path, '-q', '--tz', 'Europe/Paris', '-F', 'json', '--sql', 'SELECT ts FROM events']);
    expect(JSON.parse(paris.stdout)).toEqual([{ ts: '2026-03-02T09:00:00.250Z' }]);
  });
});

describe('a persistent database', () => {
  it('is created when missing, and re-opened to add more sources', async () => {
    const db = join(dir, 'store.duckdb');
    const a = writeLog('{"msg":"a"}\n{"msg":"b"}\n');
    const b = writeLog('{"msg":"c"}\n');
    expect((await runInProcess(['ingest', a, '--db', db, '-q'])).code).toBe(0);
    expect((await runInProcess(['ingest', b, '--db', db, '-q'])).code).toBe(0);
    const result = await runInProcess(['query', '--db', db, '-F', 'json', '--sql', 'SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source']);
    expect(JSON.parse(result.stdout)).toEqual([
      { source: a, n: 2 },
      { source: b, n: 1 },
    ]);
  });
});
