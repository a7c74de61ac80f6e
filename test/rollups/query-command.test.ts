// `logmeter query NAME`, `--list`, `--file` and `--section` through the CLI entry point, in
// process: what people read (aligned tables, thousands separators, notes) and what machines read
// (raw numbers), and the exit code of each mistake.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runBinary, runBinaryStdinOpen, runInProcess } from '../helpers/cli.js';
import { ExitCode } from '../../src/errors.js';
import { messages } from '../../src/messages.js';
import { priceDataVersion } from '../../src/pricing/prices.js';
import { FIXTURES, loadExpected } from './helpers.js';

const PINO = join(FIXTURES, 'pino.log');
const expected = loadExpected('pino') as { records: number; tokens_in: number; tokens_out: number; empty_5min_windows: string[] };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-query-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('query NAME', () => {
  test('prints an aligned table with thousands separators', async () => {
    const { code, stdout, stderr } = await runInProcess(['query', 'tokens', PINO, '-q']);
    expect(stderr).toBe('');
    expect(code).toBe(ExitCode.ok);
    const [header, rule, row] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^calls\s+tokens_in\s+tokens_out\s+tokens_total\s+cache_read_tokens\s+cache_write_tokens$/);
    expect(rule).toMatch(/^-+( +-+){5}$/);
    expect(row).toContain((76_772).toLocaleString('en-US'));
    expect(row).toContain((expected.tokens_in + expected.tokens_out).toLocaleString('en-US'));
  });

  test('prints every section under its title, then the notes', async () => {
    const { code, stdout } = await runInProcess(['query', 'cost', PINO, '-q']);
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toContain('unpriced: ');
    expect(stdout).toContain('periods: ');
    expect(stdout).toContain(messages.priceData(priceDataVersion()));
    expect(stdout).toContain('acme-llm-1');
  });

  test('writes one JSON object with the rows, the other sections and the meta', async () => {
    const { code, stdout } = await runInProcess(['query', 'cost', PINO, '-q', '-F', 'json']);
    expect(code).toBe(ExitCode.ok);
    const out = JSON.parse(stdout) as { rollup: string; meta: { priceData: string; by: string[] }; rows: Record<string, unknown>[]; sections: Record<string, unknown[]> };
    expect(out.rollup).toBe('cost');
    expect(out.meta.priceData).toBe(priceDataVersion());
    expect(out.meta.by).toEqual(['model']);
    expect(Object.keys(out.sections)).toEqual(['unpriced', 'periods']);
    expect(out.rows.find((r) => r.model === 'acme-llm-1')).toMatchObject({ unpriced_calls: 2, cost_usd: null });
    expect(typeof out.rows[0]!.tokens_in).toBe('number');
  });

  test('writes raw numbers in csv, one row per bucket, and the notes on stderr', async () => {
    const { code, stdout, stderr } = await runInProcess(['query', 'rates', PINO, '--bucket', '5m', '-F', 'csv']);
    expect(code).toBe(ExitCode.ok);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('bucket_start,count,errors,error_rate');
    expect(lines).toHaveLength(1 + 36);
    expect(lines.filter((l) => l.endsWith(',0,0,0')).map((l) => l.split(',')[0])).toEqual(expected.empty_5min_windows);
    expect(stderr).not.toContain('bucket:');
    const auto = await runInProcess(['query', 'rates', PINO, '-F', 'csv']);
    expect(auto.stderr).toContain(messages.bucketChosen('5m'));
  });

  test('prints one section as plain rows with --section', async () => {
    const { code, stdout } = await runInProcess(['query', 'cost', PINO, '-q', '-F', 'json', '--section', 'unpriced']);
    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(stdout)).toEqual([
      { model: 'acme-llm-1', provider: 'acme', calls: 2, no_usage: 0, bad_counts: 0, first_seen: '2026-03-02T10:38:25.015Z', last_seen: '2026-03-02T12:21:27.637Z' },
    ]);
  });

  test('takes --since, --until, --by, --kind and --where', async () => {
    const { code, stdout } = await runInProcess([
      'query', 'latency', PINO, '-q', '-F', 'ndjson', '--by', 'model', '--where', "model like 'gpt%'", '--since', '2026-03-02T11:00:00Z', '--until', '2026-03-02T12:00:00Z',
    ]);
    expect(code).toBe(ExitCode.ok);
    const rows = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });

  test('takes a budget with --budget', async () => {
    const { code, stdout } = await runInProcess(['query', 'budget', PINO, '-q', '-F', 'json', '--budget', '1USD/day@00:00', '--section', 'budget']);
    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(stdout)[0]).toMatchObject({ budget: 1, unit: 'USD', period_start: '2026-03-02T00:00:00.000Z' });
  });
});

describe('query --since, --until and --now', () => {
  test('bound the range to the microsecond the events keep, not to the millisecond', async () => {
    // a at .1234 and b at .1236: a bound at .1235 falls between them, with a on the "before" side
    const file = join(dir, 'micros.jsonl');
    writeFileSync(file, '{"time":"2026-03-01T10:00:00.1234Z","level":"info","msg":"a"}\n{"time":"2026-03-01T10:00:00.1236Z","level":"info","msg":"b"}\n');
    const since = JSON.parse((await runInProcess(['query', 'overview', file, '-q', '-F', 'json', '--since', '2026-03-01T10:00:00.1235Z'])).stdout);
    expect([since.meta.since, since.rows[0].records]).toEqual(['2026-03-01T10:00:00.123500Z', 1]);
    const until = JSON.parse((await runInProcess(['query', 'overview', file, '-q', '-F', 'json', '--until', '2026-03-01T10:00:00.1235Z'])).stdout);
    expect([until.meta.until, until.rows[0].records]).toEqual(['2026-03-01T10:00:00.123500Z', 1]);
    // [.1234, .1235) holds a alone: a range shorter than a millisecond is not "empty or backwards"
    const narrow = await runInProcess(['query', 'overview', file, '-q', '-F', 'json', '--since', '2026-03-01T10:00:00.1234Z', '--until', '2026-03-01T10:00:00.1235Z']);
    expect(narrow.code).toBe(ExitCode.ok);
    expect(JSON.parse(narrow.stdout).rows[0].records).toBe(1);
  });

  test('end the range at --now when --until is not given: --since 24h is the day up to --now, nothing after it', async () => {
    // one request every 10 minutes from 2026-03-01T00:00Z to 2026-03-02T23:50Z
    const file = join(dir, 'every-10-min.jsonl');
    const start = Date.UTC(2026, 2, 1);
    writeFileSync(file, Array.from({ length: 288 }, (_, i) => JSON.stringify({ time: new Date(start + i * 600_000).toISOString(), level: 'info', msg: 'request', method: 'GET', route: '/a', status: 200 }) + '\n').join(''));
    const { code, stdout } = await runInProcess(['query', 'overview', file, '-q', '-F', 'json', '--now', '2026-03-02T12:00', '--since', '24h']);
    expect(code).toBe(ExitCode.ok);
    const out = JSON.parse(stdout);
    // the range takes in the record logged at --now, as "current" does: it ends one microsecond later
    expect(out.meta).toMatchObject({ since: '2026-03-01T12:00:00.000Z', until: '2026-03-02T12:00:00.000001Z', now: '2026-03-02T12:00:00.000Z' });
    // 03-01 12:00 to 03-02 12:00, both in: 24 h of 6 an hour, and the one at 12:00; none of the 71 after it
    expect(out.rows[0]).toMatchObject({ records: 145, first_ts: '2026-03-01T12:00:00.000Z', last_ts: '2026-03-02T12:00:00.000Z', requests_per_min_current: 1 });
    const mistake = await runInProcess(['query', 'overview', file, '-q', '--now', '2026-03-02T12:00', '--since', '2026-03-03']);
    expect(mistake.code).toBe(ExitCode.usage);
    expect(mistake.stderr).toBe(`logmeter: ${messages.sinceAfterNow('2026-03-03T00:00:00.000Z', '2026-03-02T12:00:00.000Z')}\n`);
  });
});

describe('query --list and --file', () => {
  test('--list prints each rollup with its description', async () => {
    const { code, stdout } = await runInProcess(['query', '--list']);
    expect(code).toBe(ExitCode.ok);
    for (const name of ['overview', 'rates', 'errors', 'latency', 'tokens', 'cost', 'budget', 'sessions', 'workflows', 'file_ops', 'system', 'rejects']) {
      expect(stdout).toMatch(new RegExp(`^${name} +\\S`, 'm'));
    }
  });

  test('--file runs the user\'s SQL with the same parameters', async () => {
    const file = join(dir, 'models.sql');
    writeFileSync(file, '-- models: calls per model\nSELECT dims, count(*) AS calls FROM filtered WHERE kind = \'llm_call\' GROUP BY dims ORDER BY calls DESC, dims');
    const { code, stdout } = await runInProcess(['query', '--file', file, PINO, '-q', '-F', 'csv', '--by', 'provider']);
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toBe('provider,calls\nopenai,27\nanthropic,11\nacme,2\n');
  });

  test('--help says the percentiles are exact and interpolated', () => {
    // yargs prints help through console.log, so this one runs the built CLI
    const { stdout } = runBinary(['query', '--help']);
    expect(stdout).toContain('quantile_cont');
    expect(stdout).toContain('exact');
  });
});

describe('query mistakes', () => {
  test('exit 2 with one line naming the problem, before reading any input', async () => {
    const cases: [string[], string][] = [
      [['query', 'latnecy', PINO], 'did you mean latency?'],
      [['query', 'rates', PINO, '--bucket', '7x'], '--bucket 7x'],
      // Grafana and pandas read 1M as a month; logmeter's units are case-insensitive, m a minute.
      [['query', 'rates', PINO, '--bucket', '1M'], '--bucket 1M: M could be a minute or a month: write 1m for minutes or 1mo for months'],
      [['query', 'errors', PINO, '--top', 'abc'], '--top must be a positive integer, got abc'],
      [['query', 'errors', PINO, '--top', '0'], '--top must be a positive integer, got 0'],
      [['query', 'rates', PINO, '--since', 'last tuesday'], '--since last tuesday'],
      [['query', 'rates', PINO, '--where', 'modle = 1'], 'did you mean model?'],
      [['query', 'overview', PINO, '--by', 'model'], 'takes no --by'],
      [['query', 'rejects', PINO, '--since', '1h'], 'takes no --since'],
      [['query', 'budget', PINO], '--budget'],
      [['query', 'cost', PINO, '--section', 'nope'], 'has no section nope'],
      [['query', 'overview', '--sql', 'SELECT 1', '--list'], messages.queryModeConflict()],
      [['query'], messages.queryNeedsSql()],
    ];
    for (const [args, text] of cases) {
      const { code, stderr, stdout } = await runInProcess([...args, '-q']);
      expect(code, args.join(' ')).toBe(ExitCode.usage);
      expect(stderr, args.join(' ')).toContain(text);
      expect(stderr.trimEnd().split('\n')[0]).toMatch(/^logmeter: /);
      expect(stdout).toBe('');
    }
  });

  test('an invalid regular expression in --where is exit 2 with a caret under it, before stdin is read', async () => {
    // stdin stays open: a command that read its input first would wait for it and never exit.
    const { code, stderr } = await runBinaryStdinOpen(['query', 'overview', '--where', "model ~ 'gpt-4o(' or model !~ '['"]);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toBe(
      "logmeter: not a regular expression DuckDB can run (RE2 syntax): missing ): gpt-4o(\n  model ~ 'gpt-4o(' or model !~ '['\n          ^^^^^^^^^\n",
    );
  });

  test('every pattern RE2 refuses is exit 2 naming it; one it takes runs', async () => {
    const refused: [string, string][] = [
      ['[', 'missing ]: ['],
      ['a{99999}', 'invalid repetition size: {99999}'],
      ['(?P<x', 'invalid named capture group: (?P<x'],
      ['a\\', 'trailing \\'],
      ['(?=x)', 'invalid perl operator: (?='],
    ];
    for (const [pattern, reason] of refused) {
      const { code, stderr, stdout } = await runInProcess(['query', 'latency', PINO, '-q', '--where', `model !~ '${pattern}'`]);
      expect(code, pattern).toBe(ExitCode.usage);
      expect(stderr.split('\n')[0], pattern).toBe(`logmeter: ${messages.badRegexp(reason)}`);
      expect(stdout).toBe('');
    }
    const { code, stdout } = await runInProcess(['query', 'tokens', PINO, '-q', '-F', 'csv', '--where', "model ~ '^(gpt|claude)-[0-9]'"]);
    expect(code).toBe(ExitCode.ok);
    expect(stdout.split('\n')[0]).toMatch(/^calls,/);
  });

  test('each message names every form the option takes, as docs/ROLLUPS.md lists them', async () => {
    const file = join(dir, 'unbound.sql');
    writeFileSync(file, 'SELECT count(*) AS n FROM filtered WHERE level = $levle');
    const cases: [string[], string][] = [
      [['query', 'rates', PINO, '--bucket', '7x'], '--bucket 7x: use 1m, 5m, 1h or 1d (any N followed by s, m, h, d, w or mo), or day, week, month'],
      [
        ['query', 'rates', PINO, '--since', 'yesterdayy'],
        '--since yesterdayy: give an ISO time (2026-03-02, 2026-03-02T10:00:00Z), a relative one (30m, 24h, 7d, 2w), now, today or yesterday',
      ],
      [['query', 'latency', PINO, '--top', 'abc'], '--top must be a positive integer, got abc'],
      [['query', 'latency', PINO, '--top', '0'], '--top must be a positive integer, got 0'],
    ];
    for (const [args, text] of cases) {
      const { code, stderr } = await runInProcess([...args, '-q']);
      expect([args.join(' '), code, stderr]).toEqual([args.join(' '), ExitCode.usage, `logmeter: ${text}\n`]);
    }
    // --file: the budget's parameters are listed too, bound once a budget is given
    const unbound = await runInProcess(['query', '--file', file, PINO, '-q']);
    expect(unbound.code).toBe(ExitCode.usage);
    expect(unbound.stderr).toMatch(
      /^logmeter: unknown parameter \$levle; the parameters are \$since, .*, and with a budget \(--budget or budget: in logmeter\.yml\) \$budget_amount, \$budget_unit, \$budget_period, \$budget_reset_offset, \$budget_units_per_usd, \$budget_measure\n$/,
    );
    // --format takes an output or an input format name: a mistake lists both
    const format = await runInProcess(['query', 'overview', PINO, '--format', 'bogus', '-q']);
    expect(format.code).toBe(ExitCode.usage);
    expect(format.stderr).toMatch(/^logmeter: unknown format "bogus"; on query, --format names an output format \(table, csv, json, ndjson, markdown\) or an input format \(.*\bpino\b.*\)\n$/);
  });

  test('query --sql still runs the user\'s SQL over the inputs', async () => {
    const { code, stdout } = await runInProcess(['query', '--sql', 'SELECT count(*) AS n FROM events', PINO, '-q', '-F', 'csv']);
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toBe(`n\n${expected.records}\n`);
  });
});
