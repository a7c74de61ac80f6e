// A text log read in two parts on two threads (src/ingest/formats/spool-parts.ts) gives what one
// reader gives: the same spooled records under the same line numbers, the same rejects, counts, key
// paths, date evidence, event kinds and last record. Checked on the bench generator's logfmt and
// Python logs (33 MB each, over the 16 MB from which a source is split) and, with the threshold at 0,
// on real logs whose records run across lines or pair (tracebacks, Rails' two records a request,
// oslo.log's prefixed tracebacks, logcat's repeated headers), where a cut may fall inside what one
// reader holds: then the second part is dropped and the first reader reads on. The worker runs the
// compiled dist/ (npm run build).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadStream, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanSource } from '../../src/ingest/line-scanner.js';
import { detectFormat, detectionInput } from '../../src/ingest/formats/index.js';
import { spoolRecordsInOrder, type SpoolOptions, type SpoolResult } from '../../src/ingest/formats/record-spool.js';
import { spoolRecords, type PartedSpoolResult } from '../../src/ingest/formats/spool-parts.js';
import type { ScanReject } from '../../src/ingest/line-scanner.js';
import type { RecordFormat } from '../../src/ingest/formats/format.js';
import { generateLog } from '../helpers/generate.js';
import { FIXTURES, runInProcess } from '../helpers/cli.js';

const LOGGERS = fileURLToPath(new URL('../fixtures/loggers/', import.meta.url));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-spool-parts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A spool's lines as `line<0x01>json` strings, in a stable order (the parts are separate files). */
function spooledLines(path: string, lineOffset = 0): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const at = l.indexOf('\u0001');
      return `${Number(l.slice(0, at)) + lineOffset}\u0001${l.slice(at + 1)}`;
    });
}

interface Read {
  readonly result: SpoolResult;
  readonly records: string[];
  readonly rejects: ScanReject[];
  readonly parts: number;
  /** The longest line written to any of the spool's files, in bytes. */
  readonly longestWritten: number;
}

function longestLineOf(paths: readonly string[]): number {
  let longest = 0;
  for (const path of paths) for (const line of readFileSync(path, 'utf8').split('\n')) longest = Math.max(longest, Buffer.byteLength(line));
  return longest;
}

/** Scans a file as ingest does, then spools its records in one piece or, where it can, in two parts. */
async function spool(file: string, inParts: boolean, name: string): Promise<Read> {
  const scan = await scanSource(createReadStream(file), { maxLineBytes: 1 << 20, spoolDir: dir, spoolName: `${name}.staged`, directPath: file, onReject: () => {} });
  const format = detectFormat(detectionInput(scan.sample, scan.head)) as RecordFormat;
  expect(format.family).toBe('records');
  const rejects: ScanReject[] = [];
  const options: SpoolOptions = {
    format,
    stagedPath: scan.stagedPath,
    spoolPath: join(dir, `${name}.records`),
    lineOffset: 0,
    document: false,
    patterns: [],
    maxBytes: 1 << 20,
    sample: scan.sample,
    badLines: [],
    resumed: false,
    onReject: (r) => rejects.push(r),
  };
  if (!inParts) {
    const result = await spoolRecordsInOrder(options);
    return { result, records: spooledLines(options.spoolPath), rejects, parts: 1, longestWritten: longestLineOf([options.spoolPath]) };
  }
  const result: PartedSpoolResult = await spoolRecords(options);
  const records = [...spooledLines(options.spoolPath), ...result.extraParts.flatMap((p) => spooledLines(p.path, p.lineOffset))];
  const longestWritten = longestLineOf([options.spoolPath, ...result.extraParts.map((p) => p.path)]);
  return { result, records, rejects, parts: 1 + result.extraParts.length, longestWritten };
}

/** Reads `file` both ways and requires the same result; returns how many parts the parted read used. */
async function sameBothWays(file: string, name: string): Promise<number> {
  const whole = await spool(file, false, `${name}-whole`);
  const parted = await spool(file, true, `${name}-parted`);
  expect(parted.records).toEqual(whole.records);
  expect(parted.rejects.sort((a, b) => a.line - b.line)).toEqual(whole.rejects.sort((a, b) => a.line - b.line));
  const summary = (r: SpoolResult) => ({
    records: r.records,
    recordLines: r.recordLines,
    continuationLines: r.continuationLines,
    rejects: r.rejects,
    keyPaths: r.keyPaths.map((k) => [k.segments.join('.'), [...k.types].sort()]),
    dates: r.dates.told(),
    datesSeen: r.dates.seen,
    patternKinds: [...r.patternKinds].sort(),
    layout: r.layout,
    reopenLine: r.reopenLine,
  });
  expect(summary(parted.result)).toEqual(summary(whole.result));
  // DuckDB's reader is sized by the longest spool line: each part's own lines (numbered from its
  // first, so they may be a digit shorter than the whole spool's) fit it.
  expect(parted.result.longestLine).toBeLessThanOrEqual(whole.result.longestLine);
  expect(parted.result.longestLine).toBeGreaterThanOrEqual(parted.longestWritten);
  return parted.parts;
}

describe('a large text log read in two parts', () => {
  beforeAll(() => {
    for (const format of ['logfmt', 'python-text']) generateLog(join(dir, `100k.${format}.log`), ['--lines', '100000', '--format', format]);
  });

  it.each(['logfmt', 'python-text'])('%s: the generator at 100k lines is cut in two and reads the same', async (format) => {
    expect(await sameBothWays(join(dir, `100k.${format}.log`), format)).toBe(2);
  });

  it('gives ingest the same events and rejects (logfmt at 100k, through the CLI)', async () => {
    const file = join(dir, '100k.logfmt.log');
    const events = 'SELECT count(*) AS n, sum(hash(line, ts, kind, event, model, tokens_in, duration_ms, ok, status, attrs::VARCHAR)) AS h FROM events';
    const rejects = 'SELECT line, reason, sample FROM rejects ORDER BY line';
    const run = async () => Promise.all([events, rejects].map(async (sql) => JSON.parse((await runInProcess(['query', file, '--sql', sql, '-F', 'json'])).stdout) as unknown));
    // The threshold is read from the process's environment (the CLI's io.env is not it).
    process.env.LOGMETER_SPOOL_PARTS_MIN_BYTES = String(Number.MAX_SAFE_INTEGER);
    let whole: unknown[];
    try {
      whole = await run();
    } finally {
      delete process.env.LOGMETER_SPOOL_PARTS_MIN_BYTES;
    }
    expect(whole[0]).toEqual([{ n: 99452, h: expect.anything() }]);
    expect((whole[1] as unknown[]).length).toBeGreaterThan(0);
    expect(await run()).toEqual(whole);
  });
});

describe('logs whose records run across lines, cut anywhere', () => {
  const before = process.env.LOGMETER_SPOOL_PARTS_MIN_BYTES;
  beforeAll(() => {
    process.env.LOGMETER_SPOOL_PARTS_MIN_BYTES = '0';
  });
  afterAll(() => {
    if (before === undefined) delete process.env.LOGMETER_SPOOL_PARTS_MIN_BYTES;
    else process.env.LOGMETER_SPOOL_PARTS_MIN_BYTES = before;
  });

  it.each([
    'celery-worker-5.2.log',
    'gunicorn-error.log',
    'django-verbose.log',
    'rails-production.log',
    'oslo-service.log',
    'oslo-wsgi.log',
    'android-logcat-threadtime.log',
    'sidekiq-jobs.log',
    'java-spring-boot-3.log',
    'nestjs-default.log',
  ])('%s reads the same in parts as whole', async (name) => {
    cut.set(name, await sameBothWays(join(LOGGERS, name), name));
  });

  it('OTLP export requests, several records a line, are cut between lines', async () => {
    expect(await sameBothWays(join(FIXTURES, 'otlp.jsonl'), 'otlp')).toBe(2);
  });

  // Where the middle falls inside a record or a request the second reader cannot see, the first
  // reads on (one part); elsewhere the log is cut. Both happen among these logs.
  const cut = new Map<string, number>();
  it('cuts some of them in two, and reads others in one piece where the middle is no clean break', () => {
    expect(cut.size).toBe(10);
    expect([...cut.values()]).toContain(2);
    expect([...cut.values()]).toContain(1);
  });
});
