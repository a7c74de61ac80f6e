import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Database } from '../../src/db.js';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { globSync } from 'tinyglobby';
import { FIXTURES, runBinary, runInProcess } from '../helpers/cli.js';
import { openWorkspace } from '../../src/cli/workspace.js';
import type { IO } from '../../src/cli/io.js';
import { EVENT_COLUMNS } from '../../src/schema.js';
import { Readable, PassThrough } from 'node:stream';

const PINO = join(FIXTURES, 'pino.log');
const BUNYAN = join(FIXTURES, 'bunyan.log');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'pino.expected.json'), 'utf8')) as { kinds: Record<string, number> };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quietIO = (): IO => ({ stdin: Readable.from([]) as IO['stdin'], stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: process.cwd() });

async function sql(args: string[], query: string): Promise<Record<string, unknown>[]> {
  const r = await runInProcess(['query', ...args, '--sql', query, '-F', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Two days of records: 2026-03-01 (3 llm calls) and 2026-03-02 (2 requests, 1 without a time). */
function twoDayLog(): string {
  const file = join(dir, 'two-days.log');
  const lines = [
    { time: Date.parse('2026-03-01T23:00:00Z'), level: 30, msg: 'llm call', model: 'm1', latency_ms: 100, usage: { prompt_tokens: 1 } },
    { time: Date.parse('2026-03-01T23:30:00Z'), level: 30, msg: 'llm call', model: 'm1', latency_ms: 200, usage: { prompt_tokens: 2 } },
    { time: Date.parse('2026-03-01T23:59:59Z'), level: 30, msg: 'llm call', model: 'm2', latency_ms: 300, usage: { prompt_tokens: 3 } },
    { time: Date.parse('2026-03-02T00:00:00Z'), level: 30, msg: 'request completed', req: { method: 'GET', url: '/a' }, res: { statusCode: 200 }, responseTime: 4 },
    { time: Date.parse('2026-03-02T08:00:00Z'), level: 50, msg: 'request completed', req: { method: 'GET', url: '/b' }, res: { statusCode: 500 }, responseTime: 9 },
    { level: 30, msg: 'no time at all' },
  ];
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

describe('export --parquet', () => {
  it('writes one hive partition per day and kind, holding that kind\'s records', async () => {
    const out = join(dir, 'a');
    const r = await runInProcess(['export', PINO, '--parquet', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`exported 104 rows to 7 files in 7 partitions under ${out}\n`);
    const files = globSync(`${out}/**/*.parquet`);
    const kinds = files.map((f) => /day=2026-03-02\/kind=([a-z_]+)\//.exec(f)?.[1]).sort();
    expect(kinds).toEqual(Object.keys(expected.kinds).sort());
    const rows = await sql(['--from-parquet', `${out}/**/*.parquet`], 'SELECT kind, count(*)::INT AS n FROM events GROUP BY kind');
    expect(Object.fromEntries(rows.map((r) => [r.kind, r.n]))).toEqual(expected.kinds);
  });

  it('reads back every column of every row unchanged, with the canonical types', async () => {
    const out = join(dir, 'b');
    expect((await runInProcess(['export', PINO, '--parquet', out])).code).toBe(0);
    const cols = EVENT_COLUMNS.map((c) => c.name).join(', ');
    const original = await sql([PINO], `SELECT ${cols} FROM events ORDER BY line`);
    const back = await sql(['--from-parquet', `${out}/**/*.parquet`], `SELECT ${cols} FROM events ORDER BY line`);
    expect(back).toEqual(original);
    const types = await sql(['--from-parquet', out], "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events'");
    expect(types.map((t) => [t.column_name, t.data_type])).toEqual(
      EVENT_COLUMNS.map((c) => [c.name, c.type === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : c.type]),
    );
  });

  it('appends safely: rows already exported are not written again, new ones are', async () => {
    const out = join(dir, 'c');
    await runInProcess(['export', PINO, '--parquet', out]);
    const again = await runInProcess(['export', PINO, '--parquet', out, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 0, already: 104, files: [] });
    const more = await runInProcess(['export', PINO, BUNYAN, '--parquet', out, '--json']);
    expect(JSON.parse(more.stdout)).toMatchObject({ rows: 104, already: 104 });
    const rows = await sql(['--from-parquet', `${out}/**/*.parquet`], 'SELECT source, count(*)::INT AS n FROM events GROUP BY source ORDER BY source');
    expect(rows).toEqual([{ source: BUNYAN, n: 104 }, { source: PINO, n: 104 }]);
  });

  it('leaves nothing a *.parquet reader can see when an export dies before publishing', async () => {
    const out = join(dir, 'd');
    await runInProcess(['export', PINO, '--parquet', out]);
    // What a killed export leaves: a staging directory of .tmp files.
    mkdirSync(join(out, '.staging-dead/day=2026-03-02/kind=other'), { recursive: true });
    writeFileSync(join(out, '.staging-dead/day=2026-03-02/kind=other/part-x.tmp'), 'half a file');
    const rows = await sql(['--from-parquet', `${out}/**/*.parquet`], 'SELECT count(*)::INT AS n FROM events');
    expect(rows).toEqual([{ n: 104 }]);
  });

  it('is exit 2 naming the file when DIR holds a Parquet file cut short or written by another tool', async () => {
    const log = twoDayLog();
    const partition = (out: string) => join(out, 'day=2026-03-02', 'kind=request');
    // A file cut short by a sync: an empty one.
    const cut = join(dir, 'cut-short');
    mkdirSync(partition(cut), { recursive: true });
    writeFileSync(join(partition(cut), 'part-partial.parquet'), '');
    const first = await runInProcess(['export', log, '--parquet', cut]);
    expect(first.code).toBe(2);
    const cutFile = join(partition(cut), 'part-partial.parquet');
    expect(first.stderr).toMatch(new RegExp(`^logmeter: --parquet ${cut}: cannot read ${cutFile} as a logmeter export \\(.*too small.*\\); move it out of the directory, or export into another one\n$`));
    // A valid Parquet file with columns of its own.
    const foreign = join(dir, 'foreign');
    mkdirSync(partition(foreign), { recursive: true });
    const other = join(partition(foreign), 'part-other.parquet');
    const db = await Database.open();
    try {
      await db.run(`COPY (SELECT 1 AS a, 'x' AS b) TO '${other.replaceAll("'", "''")}' (FORMAT parquet)`);
    } finally {
      db.close();
    }
    const second = await runInProcess(['export', log, '--parquet', foreign]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`^logmeter: --parquet ${foreign}: cannot read ${other} as a logmeter export \\(Binder Error: .*\\); move it out`));
    expect(second.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('puts records without a time under day=unknown', async () => {
    const out = join(dir, 'e');
    await runInProcess(['export', twoDayLog(), '--parquet', out]);
    expect(globSync(`${out}/**/*.parquet`, { absolute: true }).map((f) => f.slice(out.length + 1).replace(/\/part-.*$/, '')).sort()).toEqual([
      'day=2026-03-01/kind=llm_call',
      'day=2026-03-02/kind=request',
      'day=unknown/kind=other',
    ]);
  });
});

describe('export --parquet after incremental ingests and rotations', () => {
  const run = async (args: string[]) => {
    const r = await runInProcess(args);
    expect(r.code, r.stderr).toBe(0);
    return r;
  };

  it('exports the records without a time of a rotated file\'s successor, which share their source and line with the first file\'s', async () => {
    const logs = join(dir, 'timeless');
    mkdirSync(logs);
    const db = join(dir, 'timeless.duckdb');
    const out = join(dir, 'timeless-pq');
    const timeless = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => JSON.stringify({ msg: `no time ${from + i}` }) + '\n').join('');
    writeFileSync(join(logs, 'app.log'), timeless(1, 4));
    await run(['ingest', logs, '--db', db, '-q']);
    await run(['export', '--db', db, '--parquet', out, '-q']);
    renameSync(join(logs, 'app.log'), join(logs, 'app.log.1'));
    writeFileSync(join(logs, 'app.log'), timeless(4, 6));
    await run(['ingest', logs, '--db', db, '-q']);
    const second = await run(['export', '--db', db, '--parquet', out]);
    expect(second.stderr).toBe(`exported 2 rows to 1 files in 1 partitions under ${out} (3 rows were there already)\n`);
    const rows = await sql(['--from-parquet', `${out}/**/*.parquet`], "SELECT attrs->>'msg' AS msg FROM events ORDER BY msg");
    expect(rows.map((r) => r.msg)).toEqual(['no time 1', 'no time 2', 'no time 3', 'no time 4', 'no time 5']);
  });

  it('writes a record cut by an ingest once, whole, after the next ingest completed it and the file was rotated', async () => {
    const logs = join(dir, 'cut');
    mkdirSync(logs);
    const db = join(dir, 'cut.duckdb');
    const out = join(dir, 'cut-pq');
    const log = join(logs, 'app.log');
    writeFileSync(log, '2026-03-02 10:00:00,001 - app - INFO - started\n2026-03-02 10:00:01,001 - app - ERROR - boom\nTraceback (most recent call last):\n  File "x.py", line 1, in <module>\n');
    await run(['ingest', logs, '--db', db, '-q']);
    // The cut traceback is the file's last record: it waits.
    const first = await run(['export', '--db', db, '--parquet', out, '--json']);
    expect(JSON.parse(first.stdout)).toMatchObject({ rows: 1, already: 0, open: 1 });
    appendFileSync(log, '    foo()\nValueError: bad\n');
    renameSync(log, `${log}.1`);
    writeFileSync(log, '');
    await run(['ingest', logs, '--db', db, '-q']);
    await run(['export', '--db', db, '--parquet', out, '-q']);
    writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(`${log}.1`)));
    rmSync(`${log}.1`);
    await run(['ingest', logs, '--db', db, '-q']);
    const last = await run(['export', '--db', db, '--parquet', out, '--json']);
    expect(JSON.parse(last.stdout)).toMatchObject({ rows: 1, already: 1, open: 0 });
    const rows = await sql(['--from-parquet', `${out}/**/*.parquet`], "SELECT source, line, event, attrs->>'exc_info' AS exc FROM events ORDER BY line");
    expect(rows).toEqual([
      { source: log, line: 1, event: 'started', exc: null },
      {
        source: `${log}.1.gz`,
        line: 2,
        event: 'boom',
        exc: 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n    foo()\nValueError: bad',
      },
    ]);
  });
});

describe('export --parquet after ingest --full', () => {
  const run = async (args: string[]) => {
    const r = await runInProcess(args);
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  const line = (msg: string, second: number) => JSON.stringify({ level: 30, time: Date.parse('2026-03-02T10:00:00Z') + second * 1000, msg }) + '\n';
  const exportedRows = async (out: string) => sql(['--from-parquet', out], 'SELECT source, line, event FROM events ORDER BY event');

  it('does not write a row again when --full stores it under another spelling of its path', async () => {
    const logs = join(dir, 'spelled');
    mkdirSync(logs);
    const db = join(dir, 'spelled.duckdb');
    const out = join(dir, 'spelled-pq');
    writeFileSync(join(logs, 'app.log'), line('a1', 0) + line('a2', 1));
    await run(['ingest', join(logs, 'app.log'), '--db', db, '-q']);
    await run(['export', '--db', db, '--parquet', out, '-q']);
    // Spelled as given (join would normalise them): the source is the name as written.
    for (const spelling of [`${logs}/./app.log`, `${logs}/../spelled/app.log`, relative(process.cwd(), join(logs, 'app.log'))]) {
      await run(['ingest', spelling, '--db', db, '--full', '-q']);
      const again = await run(['export', '--db', db, '--parquet', out, '--json']);
      expect(JSON.parse(again.stdout), spelling).toMatchObject({ rows: 0, already: 2 });
    }
    // Two records, each once, under the name they were first exported with.
    expect(await exportedRows(out)).toEqual([
      { source: join(logs, 'app.log'), line: 1, event: 'a1' },
      { source: join(logs, 'app.log'), line: 2, event: 'a2' },
    ]);
  });

  it('does not write a rotated file\'s rows again when --full stores them under its new name', async () => {
    const logs = join(dir, 'renamed');
    mkdirSync(logs);
    const db = join(dir, 'renamed.duckdb');
    const out = join(dir, 'renamed-pq');
    const log = join(logs, 'app.log');
    writeFileSync(log, line('a1', 0) + line('a2', 1));
    await run(['ingest', log, '--db', db, '-q']);
    renameSync(log, `${log}.1`);
    writeFileSync(log, line('b1', 2) + line('b2', 3));
    // The incremental ingest keeps the first name for app.log.1's rows; --full stores them as app.log.1.
    await run(['ingest', log, `${log}.1`, '--db', db, '-q']);
    await run(['export', '--db', db, '--parquet', out, '-q']);
    await run(['ingest', log, `${log}.1`, '--db', db, '--full', '-q']);
    await run(['export', '--db', db, '--parquet', out, '-q']);
    const events = (await exportedRows(out)).map((r) => r.event);
    expect(events).toEqual(['a1', 'a2', 'b1', 'b2']);
  });
});

describe('--from-parquet', () => {
  let out: string;
  beforeAll(async () => {
    out = join(dir, 'pruned');
    expect((await runInProcess(['export', twoDayLog(), '--parquet', out])).code).toBe(0);
    // Break the first day's file: a command that opened it would fail.
    for (const f of globSync(`${out}/day=2026-03-01/**/*.parquet`)) writeFileSync(f, 'not parquet');
  });

  it("opens only the partitions of the command's time range", async () => {
    const ws = await openWorkspace({ inputs: [], fromParquet: `${out}/**/*.parquet`, timeRange: { since: '2026-03-02T06:00:00Z' } }, quietIO());
    try {
      const rows = await ws.db.all("SELECT count(*)::INT AS n FROM events WHERE ts >= '2026-03-02T06:00:00Z'");
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      ws.close();
    }
  });

  it('reads the broken partition, and says so in one line, when the range needs it', async () => {
    const r = await runInProcess(['query', '--from-parquet', `${out}/**/*.parquet`, '--sql', 'SELECT count(*) FROM events']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^logmeter: --from-parquet .*: cannot read the files as logmeter events: /);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('is a usage error with inputs or --db, or when nothing matches', async () => {
    const withInput = await runInProcess(['query', PINO, '--from-parquet', `${out}/**/*.parquet`, '--sql', 'SELECT 1']);
    expect(withInput.code).toBe(2);
    expect(withInput.stderr).toMatch(/--from-parquet reads events from Parquet; give it without log inputs or --db/);
    const none = await runInProcess(['query', '--from-parquet', join(dir, 'nowhere/**/*.parquet'), '--sql', 'SELECT 1']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no Parquet file matches/);
  });

  it('reads back a directory whose name holds glob characters, given as itself or in a pattern', async () => {
    const written = join(dir, 'globby');
    expect((await runInProcess(['export', twoDayLog(), '--parquet', written, '-q'])).code).toBe(0);
    for (const name of ['pq (2)', 'a*b', 'br[1]', 'st{a,b}', '!neg', 'a,"x"']) {
      const copy = join(dir, 'globby-names', name);
      cpSync(written, copy, { recursive: true });
      for (const given of [copy, `${copy}/`, `${copy}/**/*.parquet`]) {
        // twoDayLog's six records.
        expect(await sql(['--from-parquet', given], 'SELECT count(*)::INT AS n FROM events'), given).toEqual([{ n: 6 }]);
      }
    }
  });

  it('says what matched nothing without blaming the shell, which left the pattern whole', async () => {
    const empty = join(dir, 'empty-dir');
    mkdirSync(empty);
    const cases: [string, string][] = [
      [join(dir, 'no-such-dir'), 'no such file or directory'],
      [empty, 'the directory holds no .parquet file'],
      [join(empty, '**/*.parquet'), 'no Parquet file matches the pattern'],
    ];
    for (const [given, reason] of cases) {
      const r = await runInProcess(['query', '--from-parquet', given, '--sql', 'SELECT 1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`logmeter: --from-parquet ${given}: ${reason}\n`);
    }
  });

  it('is refused by ingest (exit 2, one line), which neither reads stdin instead nor creates the database', async () => {
    const db = join(dir, 'from-parquet.duckdb');
    const message = 'logmeter: ingest does not load --from-parquet: Parquet written by export --parquet holds events only (no rejects, no checkpoints); give --from-parquet to query, report, check, summary, metrics or export instead\n';
    for (const args of [['ingest', '--from-parquet', `${out}/**/*.parquet`, '--db', db], ['ingest', PINO, '--from-parquet', `${out}/**/*.parquet`, '--db', db]]) {
      const r = await runInProcess(args, { stdin: readFileSync(PINO) });
      expect(r.stderr).toBe(message);
      expect(r.code).toBe(2);
    }
    expect(existsSync(db)).toBe(false);
    // and ingest --help does not offer it
    const help = runBinary(['ingest', '--help']);
    expect(help.stdout).toContain('--max-line-bytes');
    expect(help.stdout).not.toContain('--from-parquet');
  });

  it('measures no reject ratio: the Parquet holds no rejects, so reject_ratio is no data and --max-reject-ratio is refused', async () => {
    const good = join(dir, 'no-rejects');
    // pino.log with one invalid line appended: a ratio the Parquet cannot show
    const log = join(dir, 'pino-and-junk.log');
    writeFileSync(log, readFileSync(PINO, 'utf8') + 'not json\n');
    expect((await runInProcess(['export', log, '--parquet', good, '-q'])).code).toBe(0);
    const check = await runInProcess(['check', '--from-parquet', good, '--assert', 'reject_ratio < 0.01', '--json']);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).rules[0].results[0]).toMatchObject({ status: 'fail', no_data: true, observed: null, samples: 0 });
    const gate = await runInProcess(['check', '--from-parquet', good, '--assert', 'count > 0', '--max-reject-ratio', '0.5']);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toBe(
      'logmeter: --max-reject-ratio needs the rejects, and --from-parquet holds events only (the rejects stay in the database export read); give it with --db or INPUTs\n',
    );
    const tz = await runInProcess(['summary', '--from-parquet', good, '--tz', 'UTC']);
    expect(tz.code).toBe(2);
    expect(tz.stderr).toBe('logmeter: --tz applies to reading log lines, and --from-parquet holds events already read: give it to ingest, or with INPUTs\n');
  });

  it('feeds check and metrics the same events', async () => {
    const good = join(dir, 'good');
    await runInProcess(['export', PINO, '--parquet', good]);
    const check = await runInProcess(['check', '--from-parquet', `${good}/**/*.parquet`, '--assert', 'count == 104']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const metrics = await runInProcess(['metrics', '--from-parquet', good]);
    expect(metrics.stdout).toMatch(/^logmeter_events_total\{kind="llm_call"\} 40$/m);
  });

  it('reads an export written before the cache token columns existed, with those columns empty', async () => {
    const out = join(dir, 'before-cache');
    expect((await runInProcess(['export', twoDayLog(), '--parquet', out])).code).toBe(0);
    // rewrite every file as an older logmeter wrote it: without the cache token columns
    await withoutColumns(`${out}/**/*.parquet`, 'cache_read_tokens, cache_write_tokens, cache_write_1h_tokens');
    const rows = await sql(['--from-parquet', out], "SELECT count(*)::INT AS n, count(cache_read_tokens)::INT AS cached, sum(tokens_in)::INT AS tokens_in FROM events WHERE kind = 'llm_call'");
    expect(rows).toEqual([{ n: 3, cached: 0, tokens_in: 6 }]);
    const cost = await runInProcess(['query', 'tokens', '--from-parquet', out, '--section', 'tokens', '-F', 'json', '-q']);
    expect(cost.code, cost.stderr).toBe(0);
    expect(JSON.parse(cost.stdout)).toEqual([expect.objectContaining({ tokens_in: 6, cache_read_tokens: 0, cache_write_tokens: 0 })]);
  });

  it('exports the 1-hour cache writes, and reads an export from before their column as none, priced as all writes were then', async () => {
    const log = join(dir, 'one-hour.log');
    // Anthropic's usage as the SDK gives it: 1,000 of the 1,200 cache writes went to the 1-hour cache.
    const usage = { input_tokens: 25, cache_creation_input_tokens: 1200, cache_read_input_tokens: 40_000, output_tokens: 300, cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 1000 } };
    const call = (day: string) => ({ time: Date.parse(`${day}T10:00:00Z`), level: 30, msg: 'llm call', provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', latency_ms: 900, usage });
    writeFileSync(log, [call('2026-03-01'), call('2026-03-02')].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const out = join(dir, 'one-hour');
    expect((await runInProcess(['export', log, '--parquet', out])).code).toBe(0);
    const costs = async () => {
      const r = await runInProcess(['query', 'cost', '--from-parquet', out, '--section', 'cost', '-F', 'json', '-q']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout)[0].cost_usd as number;
    };
    expect(await sql(['--from-parquet', out], 'SELECT cache_write_tokens::INT AS w, cache_write_1h_tokens::INT AS h FROM events ORDER BY ts')).toEqual([
      { w: 1200, h: 1000 },
      { w: 1200, h: 1000 },
    ]);
    // per call: 25 × $3 + 40,000 × $0.30 + 200 × $3.75 + 1,000 × $6 + 300 × $15 per Mtok
    expect(await costs()).toBeCloseTo(2 * 0.023325, 12);
    // the first day as a logmeter before the 1-hour column wrote it: its writes all at the 5-minute price
    await withoutColumns(`${out}/day=2026-03-01/**/*.parquet`, 'cache_write_1h_tokens');
    expect(await sql(['--from-parquet', out], 'SELECT cache_write_1h_tokens::INT AS h FROM events ORDER BY ts')).toEqual([{ h: null }, { h: 1000 }]);
    expect(await costs()).toBeCloseTo(0.023325 + (25 * 3 + 40_000 * 0.3 + 1200 * 3.75 + 300 * 15) / 1e6, 12);
    // and a whole export without it
    await withoutColumns(`${out}/day=2026-03-02/**/*.parquet`, 'cache_write_1h_tokens');
    expect(await costs()).toBeCloseTo(2 * 0.021075, 12);
  });
});

/** Rewrites the Parquet files `pattern` matches as an older logmeter wrote them: without `columns`. */
async function withoutColumns(pattern: string, columns: string): Promise<void> {
  const db = await Database.open();
  try {
    for (const file of globSync(pattern)) {
      await db.run(`COPY (SELECT * EXCLUDE (${columns}) FROM read_parquet($file)) TO $target (FORMAT parquet)`, { file, target: `${file}.old` });
      renameSync(`${file}.old`, file);
    }
  } finally {
    db.close();
  }
}
