// Runs the compiled SQL against a real in-memory DuckDB with the canonical tables, so the
// fragments are proven valid SQL and their results match values computed by hand.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DuckDBInstance, quotedIdentifier, type DuckDBConnection } from '@duckdb/node-api';
import { EVENT_COLUMNS, REJECT_COLUMNS, type ColumnSpec } from '../../src/schema.js';
import { compileByList, type Params } from '../../src/query-language/columns.js';
import { compileFilter } from '../../src/query-language/filter.js';
import { parseRule, ruleToSql } from '../../src/query-language/rule.js';
import { readSqlFile } from '../../src/sql-files.js';

type Row = Record<string, string | number | boolean | null>;

// `line` doubles as the record's id in the assertions below. 2026-03-01 is a Sunday.
const EVENTS: Row[] = [
  { line: 1, ts: '2026-03-01T10:00:00Z', level: 'info', kind: 'llm_call', model: 'gpt-4o', duration_ms: 100, ok: true, tokens_in: 1000, tokens_out: 200, cost_usd: 0.5, attrs: '{"region":"eu","retries":2}' },
  { line: 2, ts: '2026-03-01T11:00:00Z', level: 'info', kind: 'llm_call', model: 'gpt-4o', duration_ms: 200, ok: true, tokens_in: 2000, tokens_out: 300, cost_usd: 1.0, attrs: '{"region":"us","retries":0}' },
  { line: 3, ts: '2026-03-02T09:30:00Z', level: 'warn', kind: 'llm_call', model: 'gpt-4o', duration_ms: 300, ok: false, status: '429', error: 'rate limited', tokens_in: 500, attrs: '{"region":"eu"}' },
  { line: 4, ts: '2026-03-02T12:00:00Z', level: 'info', kind: 'llm_call', model: 'claude-3', duration_ms: 1000, ok: true, tokens_in: 4000, tokens_out: 100, cost_usd: 2.0, attrs: '{"region":"eu","cached":true}' },
  { line: 5, ts: '2026-03-02T13:00:00Z', level: 'error', kind: 'llm_call', model: 'claude-3', duration_ms: 3000, ok: false, status: '500', error: 'boom', attrs: '{"region":"us"}' },
  { line: 6, ts: '2026-02-28T08:00:00Z', level: 'debug', kind: 'file_op', op: 'read', path: '/tmp/a.txt', duration_ms: 5, ok: true, attrs: '{"x-id":"abc"}' },
  { line: 7, ts: '2026-03-03T08:00:00Z', level: 'error', kind: 'file_op', op: 'write', path: '/home/u/b.txt', duration_ms: 7, ok: false, error: 'EACCES' },
  { line: 8, ts: null, level: 'info', kind: 'workflow', workflow: 'deploy', duration_ms: 60000, ok: true },
  { line: 9, ts: '2026-03-03T10:00:00Z', level: 'info', kind: 'request', route: '/users/{id}', status: '200', duration_ms: 50, ok: true, attrs: '{"region":"eu","items":["a","b"],"a.b":"dot"}' },
  { line: 10, ts: '2026-03-03T10:30:00Z', level: 'warn', kind: 'request', status: '503', ok: null },
];
const REJECTS: Row[] = [
  { source: 'app.log', line: 11, reason: 'invalid_json', bytes: 3, sample: '{{{' },
  { source: 'app.log', line: 12, reason: 'empty', bytes: 0, sample: '' },
];

let instance: DuckDBInstance;
let db: DuckDBConnection;

async function createTable(name: string, columns: readonly ColumnSpec[], rows: Row[]): Promise<void> {
  const names = columns.map((c) => quotedIdentifier(c.name));
  await db.run(`CREATE TABLE ${quotedIdentifier(name)} (${columns.map((c, i) => `${names[i]} ${c.type}`).join(', ')})`);
  for (const row of rows) {
    const placeholders = columns.map((c) => `$${c.name}`).join(', ');
    const values = Object.fromEntries(columns.map((c) => [c.name, row[c.name] ?? null]));
    await db.run(`INSERT INTO ${quotedIdentifier(name)} (${names.join(', ')}) VALUES (${placeholders})`, values);
  }
}

async function rows(sql: string, params: Params): Promise<Record<string, unknown>[]> {
  const reader = await db.runAndReadAll(sql, params);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

async function matchingLines(where: string): Promise<number[]> {
  const { sql, params } = compileFilter(where);
  const result = await rows(`SELECT "line" FROM "events" WHERE ${sql} ORDER BY "line"`, params);
  return result.map((r) => Number(r.line));
}

/** Rule results as plain numbers and strings: [group..., value, samples]. */
async function evaluate(text: string, opts: Parameters<typeof ruleToSql>[1] = {}): Promise<unknown[][]> {
  const { sql, params, groupColumns } = ruleToSql(parseRule(text), opts);
  const result = await rows(sql, params);
  return result.map((r) => [
    ...groupColumns.map((g) => r[g]),
    r.value === null ? null : Number(r.value),
    Number(r.samples),
  ]);
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  // The compiled rules ask the macros logmeter loads before evaluating them (lm_usage_record).
  await db.run(readSqlFile('ingest/macros.sql'));
  await createTable('events', EVENT_COLUMNS, EVENTS);
  await createTable('rejects', REJECT_COLUMNS, REJECTS);
});

afterAll(() => {
  db.closeSync();
  instance.closeSync();
});

describe('compiled filters select the records computed by hand', () => {
  const cases: [string, number[]][] = [
    ["model = 'gpt-4o' and ok", [1, 2]],
    ["kind = 'llm_call'", [1, 2, 3, 4, 5]],
    ['not ok', [3, 5, 7]],
    ["duration_ms >= 1000 or status in ('429','500')", [3, 4, 5, 8]],
    ["attrs.region = 'eu'", [1, 3, 4, 9]],
    ["model like 'gpt-%'", [1, 2, 3]],
    ['error is null', [1, 2, 4, 6, 8, 9, 10]],
    ["level != 'debug' and (kind = 'file_op' or kind = 'workflow')", [7, 8]],
    ["ts >= '2026-03-01T00:00:00Z'", [1, 2, 3, 4, 5, 7, 9, 10]],
    ['tokens_in > 1e3', [2, 4]],
    ["path ~ '^/tmp/'", [6]],
    ['model is not null', [1, 2, 3, 4, 5]],
    ['status >= 500', [5, 10]],
    ['attrs.retries > 1', [1]],
    ['attrs.cached', [4]],
    ['attrs.cached = true', [4]],
    [`attrs."x-id" = 'abc'`, [6]],
    [`attrs."a.b" = 'dot'`, [9]],
    ["attrs.items.1 = 'b'", [9]],
    ['attrs.region is null', [6, 7, 8, 10]],
    ['hour = 10', [1, 9, 10]],
    ['weekday = 1', [3, 4, 5]],
    ["day = '2026-03-02'", [3, 4, 5]],
    ["ts < '2026-03-01'", [6]],
    ["ts >= '2026-03-02T10:00:00+01:00'", [3, 4, 5, 7, 9, 10]],
    ['duration_ms > 1s', [5, 8]],
    ["model = 'x'' or 1=1 --'", []],
    ["not (kind = 'llm_call' or kind = 'request')", [6, 7, 8]],
    ["model not like 'gpt%'", [4, 5]],
    ["model ilike 'GPT-%'", [1, 2, 3]],
    ["status not in ('200', '503')", [3, 5]],
    ["path !~ 'tmp'", [7]],
    // Severity order, not the alphabet's (which would put info and warn above error).
    ["level >= 'warn'", [3, 5, 7, 10]],
    ["level > 'info'", [3, 5, 7, 10]],
    ["level >= 'error'", [5, 7]],
    ["level < 'info'", [6]],
    ["level <= 'info' and kind = 'request'", [9]],
  ];
  test.each(cases)('%s', async (where, expected) => {
    expect(await matchingLines(where)).toEqual(expected);
  });
});

describe('a bare attrs flag and a comparison with true or false select the same records', () => {
  // The QA report's flag.log, plus the spellings DuckDB reads as booleans and two it does not.
  const FLAGS = ['true', 'false', '1', '0', '"yes"', '"no"', '2', '"on"', 'null'];
  async function flagLines(where: string): Promise<number[]> {
    const { sql, params } = compileFilter(where);
    const values = FLAGS.map((v, i) => `(${i + 1}, CAST('{"cached":${v}}' AS JSON))`).join(', ');
    const result = await rows(`SELECT "line" FROM (VALUES ${values}) t("line", "attrs") WHERE ${sql} ORDER BY "line"`, params);
    return result.map((r) => Number(r.line));
  }
  test.each([
    ['attrs.cached', [1, 3, 5]],
    ['attrs.cached = true', [1, 3, 5]],
    ['not attrs.cached', [2, 4, 6]],
    ['attrs.cached = false', [2, 4, 6]],
    ['attrs.cached != true', [2, 4, 6]],
    ['attrs.cached in (true)', [1, 3, 5]],
  ])('%s', async (where, expected) => {
    expect(await flagLines(where)).toEqual(expected);
  });
});

describe('compiled --by lists group the events', () => {
  test('by kind and attrs.region', async () => {
    const { columns, params } = compileByList('kind, attrs.region');
    const select = columns.map((c) => `${c.sql} AS ${quotedIdentifier(c.label)}`).join(', ');
    const result = await rows(`SELECT ${select}, count(*) AS n FROM "events" GROUP BY ALL ORDER BY ALL`, params);
    expect(result.map((r) => [r.kind, r['attrs.region'], Number(r.n)])).toEqual([
      ['file_op', null, 2],
      ['llm_call', 'eu', 3],
      ['llm_call', 'us', 2],
      ['request', 'eu', 1],
      ['request', null, 1],
      ['workflow', null, 1],
    ]);
  });
});

describe('compiled rules compute the values and samples computed by hand', () => {
  test("p95(duration_ms) < 1000 where kind = 'llm_call' by model", async () => {
    // claude-3: 1000, 3000 -> 1000 + 0.95 * 2000; gpt-4o: 100, 200, 300 -> 200 + 0.9 * 100.
    expect(await evaluate("p95(duration_ms) < 1000 where kind = 'llm_call' by model")).toEqual([
      ['claude-3', 2900, 2],
      ['gpt-4o', 290, 3],
    ]);
  });

  test("error_rate < 0.05 where kind = 'file_op'", async () => {
    expect(await evaluate("error_rate < 0.05 where kind = 'file_op'")).toEqual([[0.5, 2]]);
  });

  test('count > 7000', async () => {
    expect(await evaluate('count > 7000')).toEqual([[10, 10]]);
  });

  test("sum(cost_usd) < 5 where model = 'gpt-4o'", async () => {
    expect(await evaluate("sum(cost_usd) < 5 where model = 'gpt-4o'")).toEqual([[1.5, 2]]);
  });

  test('reject_ratio < 0.01', async () => {
    expect(await evaluate('reject_ratio < 0.01')).toEqual([[2 / 12, 12]]);
  });

  test('error_rate counts a record with ok NULL as matching but not failed', async () => {
    expect(await evaluate("error_rate < 1 where kind = 'request'")).toEqual([[0, 2]]);
  });

  test('p99.9 and p50 interpolate linearly', async () => {
    // 100, 200, 300, 1000, 3000: the median is 300; p99.9 sits at 3.996 -> 1000 + 0.996 * 2000.
    expect(await evaluate("p50(duration_ms) < 1s where kind = 'llm_call'")).toEqual([[300, 5]]);
    const [[p999]] = (await evaluate("p99.9(duration_ms) < 1s where kind = 'llm_call'")) as [[number]];
    expect(p999).toBeCloseTo(2992, 6);
  });

  test('avg, min, max and count(column) see only non-null values', async () => {
    expect(await evaluate('avg(duration_ms) > 0')).toEqual([[(100 + 200 + 300 + 1000 + 3000 + 5 + 7 + 60000 + 50) / 9, 9]]);
    expect(await evaluate('min(duration_ms) > 0')).toEqual([[5, 9]]);
    expect(await evaluate('max(duration_ms) > 0')).toEqual([[60000, 9]]);
    expect(await evaluate('count(model) > 0')).toEqual([[5, 5]]);
    expect(await evaluate('count(*) > 0')).toEqual([[10, 10]]);
  });

  test('sums are 0 when no value is present', async () => {
    expect(await evaluate("sum(cost_usd) < 1 where kind = 'file_op'")).toEqual([[0, 0]]);
    expect(await evaluate("p95(duration_ms) < 1 where model = 'nothing'")).toEqual([[null, 0]]);
  });

  test('tokens_in sums per group, nulls last', async () => {
    expect(await evaluate('tokens_in > 0 by model')).toEqual([
      ['claude-3', 4000, 1],
      ['gpt-4o', 3500, 3],
      [null, 0, 0],
    ]);
  });

  test('an attrs field aggregates as a number', async () => {
    expect(await evaluate('avg(attrs.retries) < 2')).toEqual([[1, 2]]);
  });

  test('an attrs field leaves NaN and infinities out of the samples, as it does nulls', async () => {
    // Python's json.dumps writes float nan and inf as NaN and Infinity; a logger may also log them as text.
    await db.run('CREATE TABLE nonfinite AS SELECT * FROM events WHERE false');
    const values = ['120', '"NaN"', '130', '"inf"', '"-Infinity"', '"Infinity"', 'null'];
    for (const [i, v] of values.entries()) await db.run(`INSERT INTO nonfinite ("line", "attrs") VALUES ($line, $attrs)`, { line: i + 1, attrs: `{"ms":${v}}` });
    const opts = { relation: 'nonfinite' };
    // the finite values are 120 and 130
    expect(await evaluate('avg(attrs.ms) < 1', opts)).toEqual([[125, 2]]);
    expect(await evaluate('max(attrs.ms) < 1', opts)).toEqual([[130, 2]]);
    expect(await evaluate('min(attrs.ms) < 1', opts)).toEqual([[120, 2]]);
    expect(await evaluate('sum(attrs.ms) < 1', opts)).toEqual([[250, 2]]);
    // numpy's nanpercentile of [120, 130]: 125 (with the NaN sorted last it would be 130)
    expect(await evaluate('p50(attrs.ms) < 1', opts)).toEqual([[125, 2]]);
  });

  test('groups by pseudo-dimensions', async () => {
    expect(await evaluate("count > 0 where kind = 'llm_call' by weekday, hour")).toEqual([
      // BIGINT groups arrive as JSON strings.
      ['1', '9', 1, 1],
      ['1', '12', 1, 1],
      ['1', '13', 1, 1],
      ['7', '10', 1, 1],
      ['7', '11', 1, 1],
    ]);
    expect(await evaluate("count > 0 where ts is not null by day")).toEqual([
      ['2026-02-28', 1, 1],
      ['2026-03-01', 2, 2],
      ['2026-03-02', 3, 3],
      ['2026-03-03', 3, 3],
    ]);
  });

  test('a group column named value does not clash with the value', async () => {
    expect(await evaluate("count > 0 where kind = 'request' by value")).toEqual([[null, 2, 2]]);
  });

  test('unpriced_calls and cost_usd read the relation the caller passes', async () => {
    expect(await evaluate('unpriced_calls == 0')).toEqual([[2, 5]]);
    expect(await evaluate('cost_usd < 10')).toEqual([[3.5, 3]]);
    await db.run(
      `CREATE VIEW priced AS SELECT * REPLACE (CASE WHEN kind = 'llm_call' THEN coalesce(cost_usd, 0.25) END AS cost_usd) FROM events`,
    );
    expect(await evaluate('unpriced_calls == 0', { relation: 'priced' })).toEqual([[0, 5]]);
    expect(await evaluate('cost_usd < 10', { relation: 'priced' })).toEqual([[4, 5]]);
  });
});

describe('bound values reach DuckDB intact', () => {
  test('any string matches exactly the record that holds it', async () => {
    await db.run('CREATE TABLE probe AS SELECT * FROM events WHERE false');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), async (s) => {
        await db.run('DELETE FROM probe');
        await db.run(`INSERT INTO probe ("line", "model") VALUES (1, $a), (2, 'other')`, { a: s });
        const { sql, params } = compileFilter(`model = '${s.replaceAll("'", "''")}'`);
        expect(sql).toBe('"model" = $p0');
        const matched = await rows(`SELECT "line" FROM probe WHERE ${sql}`, params);
        expect(matched.map((r) => Number(r.line))).toEqual(s === 'other' ? [1, 2] : [1]);
      }),
      { numRuns: 100 },
    );
  });
});
