// `query --sql` runs exactly one statement of the user's: several are refused before any runs (a
// DROP among them would run and its result be dropped), an empty one is a usage error, and the
// rollup flags and a rollup name, which mean nothing to the user's SQL, are refused, not ignored.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, runInProcess } from '../helpers/cli.js';

const PINO = join(FIXTURES, 'pino.log'); // 104 records

async function expectUsage(args: string[], message: string) {
  const r = await runInProcess(args);
  expect([args.join(' '), r.code, r.stderr, r.stdout]).toEqual([args.join(' '), 2, `logmeter: ${message}\n`, '']);
}

describe('query --sql', () => {
  it('refuses several statements before running any', async () => {
    await expectUsage(['query', PINO, '-q', '--sql', "SELECT 'first' AS a; SELECT 'second' AS b"], '--sql holds 2 statements: give one statement per --sql (none was run)');
    await expectUsage(['query', PINO, '-q', '--sql', 'SELECT 1; CREATE TABLE t AS SELECT 1; DROP TABLE events'], '--sql holds 3 statements: give one statement per --sql (none was run)');
  });

  it('takes one statement with a trailing semicolon or comment', async () => {
    expect(await runInProcess(['query', PINO, '-q', '-F', 'csv', '--sql', 'SELECT count(*) AS n FROM events; -- all of them'])).toEqual({ code: 0, stdout: 'n\n104\n', stderr: '' });
  });

  it('prints intervals, times and bytes as DuckDB writes them, not as JavaScript objects', async () => {
    const sql = "SELECT max(ts) - min(ts) AS span, TIME '12:00:00.25' AS t, [INTERVAL 90 MINUTE] AS l, 'ab'::BLOB AS b, NULL::INTERVAL AS none, {'time': 1} AS s, TIMESTAMPTZ '2026-03-02 10:00:00+00' AS tz FROM events";
    // The pino fixture runs from 10:00:00 to 12:58:00.
    expect(await runInProcess(['query', PINO, '-q', '-F', 'json', '--sql', sql])).toEqual({
      code: 0,
      stdout: JSON.stringify([{ span: '02:58:00', t: '12:00:00.25', l: '[01:30:00]', b: 'ab', none: null, s: { time: 1 }, tz: '2026-03-02T10:00:00.000Z' }], null, 2) + '\n',
      stderr: '',
    });
  });

  it('keeps two columns of the same name apart in every format, as DuckDB names them (level, level:1)', async () => {
    const sql = "SELECT attrs.level, level, TIME '01:00:00' AS t, TIME '02:00:00' AS t FROM events LIMIT 1";
    expect((await runInProcess(['query', PINO, '-q', '-F', 'csv', '--sql', sql])).stdout).toBe('level,level:1,t,t:1\n30,info,01:00:00,02:00:00\n');
    expect((await runInProcess(['query', PINO, '-q', '--sql', sql])).stdout).toBe('level  level:1  t         t:1\n-----  -------  --------  --------\n30     info     01:00:00  02:00:00\n');
  });

  it('an empty --sql is a usage error', async () => {
    const empty = '--sql is empty: give one SQL statement over events and rejects, e.g. --sql "SELECT count(*) FROM events"';
    await expectUsage(['query', PINO, '-q', '--sql', ''], empty);
    await expectUsage(['query', PINO, '-q', '--sql', '  ; '], empty);
  });

  it('refuses the rollup flags, naming them, rather than ignoring them', async () => {
    await expectUsage(
      ['query', PINO, '-q', '--sql', 'SELECT count(*) AS n FROM events', '--since', '2026-03-01T00:05', '--where', "kind = 'llm_call'", '--by', 'model'],
      '--since, --by, --where apply to named rollups, not to --sql: filter in the SQL itself (WHERE ts >= ...); group in the SQL (GROUP BY ...)',
    );
    // Each flag's hint says what it does in SQL: only the filters are told to filter.
    const hints: [string, string, string][] = [
      ['--until', '2026-03-02', 'filter in the SQL itself (WHERE ts >= ...)'],
      ['--kind', 'request', 'filter in the SQL itself (WHERE ts >= ...)'],
      ['--by', 'model', 'group in the SQL (GROUP BY ...)'],
      ['--bucket', '5m', "bucket in the SQL (GROUP BY time_bucket(INTERVAL '5 minutes', ts))"],
      ['--top', '3', 'limit in the SQL (ORDER BY ... LIMIT 10)'],
      ['--section', 'rows', 'the SQL gives one table'],
      ['--now', '2026-03-02', "write the time in the SQL (TIMESTAMPTZ '2026-03-02 10:00:00Z', or now())"],
      ['--budget', '1USD/day', 'the budget is for logmeter query budget'],
    ];
    for (const [flag, value, hint] of hints) {
      await expectUsage(['query', PINO, '-q', '--sql', 'SELECT 1', flag, value], `${flag} applies to named rollups, not to --sql: ${hint}`);
    }
  });

  it('a rollup name with --sql says they do not go together (not "no such file: latency")', async () => {
    await expectUsage(['query', 'latency', PINO, '--sql', 'SELECT 1'], 'a rollup name (latency) and --sql do not go together: give logmeter query latency ... or --sql "..."');
  });
});
