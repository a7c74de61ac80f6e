// The metric families are computed from lm_groups, each source's observations folded once
// (queries/metrics/observation-groups.sql), not from the lm_obs view re-read per family. On a
// database with what can go wrong (label values over the cap with tied counts, values exactly on
// bucket bounds, NaN, infinities, NULLs, records without a time, file operations matched by name),
// every counter's rows and every histogram's series must equal those of the definition they
// replace: the statements as they ran over the view itself, before (REFERENCE below).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database, Row } from '../../src/db.js';
import { chooseBuckets } from '../../src/metrics/buckets.js';
import { FAMILIES, type FamilySpec, type MetricSource } from '../../src/metrics/catalog.js';
import { histogramColumn, histogramSeries } from '../../src/metrics/collect.js';
import { readSqlFile } from '../../src/sql-files.js';
import { loadMacros } from '../../src/sql-macros.js';
import { generateLog } from '../helpers/generate.js';
import { ingestFiles } from '../rollups/helpers.js';

// The statements as they ran before lm_groups, each over the lm_obs view (every event, unpivoted).
const CAPPED_LABELS = `
    CASE WHEN l1 IS NULL THEN NULL WHEN l1 IN (SELECT value FROM lm_top WHERE pos = 1) THEN l1 ELSE 'other' END AS l1,
    CASE WHEN l2 IS NULL THEN NULL WHEN l2 IN (SELECT value FROM lm_top WHERE pos = 2) THEN l2 ELSE 'other' END AS l2,
    CASE WHEN l3 IS NULL THEN NULL WHEN l3 IN (SELECT value FROM lm_top WHERE pos = 3) THEN l3 ELSE 'other' END AS l3`;
const MATCHED = `($match1 IS NULL OR l1 = $match1) AND ($match2 IS NULL OR l2 = $match2) AND ($match3 IS NULL OR l3 = $match3)`;
const USED = `CASE WHEN $use1 THEN l1 END AS l1, CASE WHEN $use2 THEN l2 END AS l2, CASE WHEN $use3 THEN l3 END AS l3`;
const REFERENCE = {
  capLabels: `
CREATE OR REPLACE TEMP TABLE lm_top AS
SELECT pos, value FROM (
  SELECT 1 AS pos, l1 AS value, count(*) AS n FROM lm_obs WHERE l1 IS NOT NULL GROUP BY l1
  UNION ALL SELECT 2, l2, count(*) FROM lm_obs WHERE l2 IS NOT NULL GROUP BY l2
  UNION ALL SELECT 3, l3, count(*) FROM lm_obs WHERE l3 IS NOT NULL GROUP BY l3
)
QUALIFY row_number() OVER (PARTITION BY pos ORDER BY n DESC, value) <= $top_n`,
  aggregate: `
WITH capped AS (SELECT ${CAPPED_LABELS}, v, t FROM lm_obs WHERE col = $col AND v IS NOT NULL AND ${MATCHED})
SELECT ${USED}, sum(v) AS total, arg_max(v, t) AS last, max(v) AS max, count(*) AS n
FROM capped GROUP BY ALL ORDER BY ALL`,
  histogram: `
WITH capped AS (SELECT ${CAPPED_LABELS}, v FROM lm_obs WHERE col = $col AND v IS NOT NULL AND NOT isnan(v) AND ${MATCHED})
SELECT ${USED}, len(list_filter(CAST($bounds AS DOUBLE[]), lambda b: b < v)) AS idx, count(*) AS n, sum(v) AS total
FROM capped GROUP BY ALL ORDER BY ALL`,
};

const TOP_N = 3;
const BUCKETS = chooseBuckets([]);

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-obs-groups-'));
  const log = join(dir, 'agent.log');
  generateLog(log, ['--lines', '4000', '--seed', 'obs-groups', '--start', '2026-03-02T10:00:00Z']);
  db = await ingestFiles([log]);
  await loadMacros(db);
  // What a log can hold that the generator does not write: values on the bounds themselves (0.005 s
  // is the first request bound, 16384 a token bound), NaN and infinite durations, records without a
  // time or a model, models whose counts tie at the cap, and a file read the generator never makes.
  const t = (s: number) => `TIMESTAMPTZ '2026-03-02 12:00:00+00' + INTERVAL ${s} SECOND`;
  const rows = [
    `(${t(1)}, 'request', 'GET', '/edge', '200', 5.0, true, NULL, NULL, NULL, NULL, NULL, NULL)`,
    `(${t(2)}, 'request', 'GET', '/edge', '200', 'NaN'::DOUBLE, true, NULL, NULL, NULL, NULL, NULL, NULL)`,
    `(${t(3)}, 'request', 'GET', '/edge', NULL, 'Infinity'::DOUBLE, false, NULL, NULL, NULL, NULL, NULL, NULL)`,
    `(NULL, 'request', 'POST', '/edge', '500', '-Infinity'::DOUBLE, false, NULL, NULL, NULL, NULL, NULL, NULL)`,
    `(${t(4)}, 'request', NULL, NULL, NULL, NULL, true, NULL, NULL, NULL, NULL, NULL, NULL)`,
    ...['tie-a', 'tie-b', 'tie-c', 'tie-d'].flatMap((model, i) => [
      `(${t(10 + i)}, 'llm_call', NULL, NULL, NULL, 10.0, true, '${model}', 'p', 16384, 1, NULL, NULL)`,
      `(${t(20 + i)}, 'llm_call', NULL, NULL, NULL, 'NaN'::DOUBLE, false, '${model}', NULL, NULL, 2, NULL, NULL)`,
    ]),
    `(NULL, 'llm_call', NULL, NULL, NULL, 81920.0, true, NULL, NULL, 4, NULL, NULL, NULL)`,
    `(${t(30)}, 'file_op', NULL, NULL, NULL, 1.0, true, NULL, NULL, NULL, NULL, 'read', 10)`,
    `(${t(31)}, 'file_op', NULL, NULL, NULL, 'NaN'::DOUBLE, false, NULL, NULL, NULL, NULL, 'write', NULL)`,
    `(NULL, 'file_op', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 7)`,
    `(${t(40)}, 'other', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  ];
  await db.run(`INSERT INTO events (ts, kind, method, route, status, duration_ms, ok, model, provider, tokens_in, tokens_out, op, bytes)
                VALUES ${rows.join(',\n')}`);
});

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function familyParams(spec: FamilySpec): Record<string, string | boolean | null> {
  const match = spec.match ?? [null, null, null];
  return {
    col: spec.column ?? '',
    use1: spec.labels[0] !== null,
    use2: spec.labels[1] !== null,
    use3: spec.labels[2] !== null,
    match1: match[0],
    match2: match[1],
    match3: match[2],
  };
}

/** A histogram's series with float sums rounded, as `comparable` does for rows. */
function comparableSeries(spec: FamilySpec, rows: readonly Row[]): unknown[] {
  const bounds = BUCKETS.get(spec.key) ?? [];
  return histogramSeries(spec, bounds.length, rows).map((s) => ({ ...s, sum: Number.isFinite(s.sum) ? Number(s.sum.toPrecision(12)) : s.sum }));
}

/** The fold of the current lm_obs view, as collect.ts runs it. */
async function fold(families: readonly FamilySpec[]): Promise<void> {
  const histogram = histogramColumn(families, BUCKETS);
  await db.run(readSqlFile('metrics/observation-groups.sql'), {
    hist_col: histogram?.column ?? '',
    hist_bounds: JSON.stringify(histogram?.bounds ?? []),
    with_last: families.some((f) => f.aggregate === 'last'),
  });
}

/**
 * Rows with float sums rounded (summed in another order, they may differ in their last digits) and
 * without `last`, which no family of the catalog reads and which is any one of the values logged at
 * the same latest time, so not the same one from run to run.
 */
function comparable(rows: readonly Row[]): Row[] {
  return rows.map((row) => {
    const out: Row = {};
    for (const [key, value] of Object.entries(row)) {
      if (key === 'last') continue;
      out[key] = key === 'total' && typeof value === 'number' && Number.isFinite(value) ? Number(value.toPrecision(12)) : value;
    }
    return out;
  });
}

const SOURCES = [...new Set(FAMILIES.flatMap((f) => (f.source ? [f.source] : [])))];

describe('metric families from the folded observations', () => {
  test.each(SOURCES)('%s: every family has the rows the view gave, family by family', async (source: MetricSource) => {
    const families = FAMILIES.filter((f) => f.source === source);
    await db.run(readSqlFile(`metrics/${source}.sql`));

    await db.run(REFERENCE.capLabels, { top_n: TOP_N });
    const referenceTop = await db.all('SELECT * FROM lm_top ORDER BY ALL');
    const reference = new Map<string, Row[]>();
    for (const spec of families) {
      const sql = spec.type === 'histogram' ? REFERENCE.histogram : REFERENCE.aggregate;
      const bounds = spec.type === 'histogram' ? { bounds: JSON.stringify(BUCKETS.get(spec.key)) } : {};
      reference.set(spec.key, await db.all(sql, { ...familyParams(spec), ...bounds }));
    }

    await fold(families);
    await db.run(readSqlFile('metrics/cap-labels.sql'), { top_n: TOP_N });
    expect(await db.all('SELECT * FROM lm_top ORDER BY ALL')).toEqual(referenceTop);
    for (const spec of families) {
      const expected = reference.get(spec.key) ?? [];
      expect(expected.length, spec.key).toBeGreaterThan(0);
      if (spec.type === 'histogram') {
        const rows = await db.all(readSqlFile('metrics/histogram.sql'), { ...familyParams(spec), bounds: JSON.stringify(BUCKETS.get(spec.key)) });
        expect(comparableSeries(spec, rows), spec.key).toEqual(comparableSeries(spec, expected));
      } else {
        const rows = await db.all(readSqlFile('metrics/aggregate.sql'), familyParams(spec));
        expect(comparable(rows), spec.key).toEqual(comparable(expected));
      }
    }
  });

  test('the edge rows reach the families: NaN stays out of histograms, a value on a bound is counted at it', async () => {
    await db.run(readSqlFile('metrics/llm-calls.sql'));
    await fold(FAMILIES.filter((f) => f.source === 'llm-calls'));
    const tied = "FROM lm_groups WHERE col = 'duration_seconds' AND l1 LIKE 'tie-%'";
    // 4 durations of 10 ms and 4 NaN: the histogram counts the 4 of 0.01 s, at its first bound
    expect(await db.all(`SELECT sum(n) AS n, sum(h_n) AS h_n ${tied}`)).toEqual([{ n: 8, h_n: 4 }]);
    expect(await db.all(`SELECT sum(h_buckets[0.01]) AS at_first_bound ${tied}`)).toEqual([{ at_first_bound: 4 }]);
  });

  test('each source of the catalog has at most one bucketing, and a second one is refused', () => {
    for (const source of SOURCES) expect(() => histogramColumn(FAMILIES.filter((f) => f.source === source), BUCKETS)).not.toThrow();
    const histogram = (key: string, column: string): FamilySpec => ({ key, help: '', type: 'histogram', source: 'requests', column, labels: [null, null, null] });
    expect(() => histogramColumn([histogram('a', 'duration_seconds'), histogram('b', 'duration_seconds')], new Map([['a', [1]], ['b', [2]]]))).toThrow(/two bucketings/);
    expect(() => histogramColumn([histogram('a', 'duration_seconds'), histogram('b', 'n')], new Map([['a', [1]], ['b', [1]]]))).toThrow(/two bucketings/);
  });
});
