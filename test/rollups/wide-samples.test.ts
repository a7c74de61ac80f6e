// The prelude reads each wide metric sample's keys and values once (wide_keys) and names the
// distinct keys once (wide_gauges), instead of naming every key of every sample with three regular
// expressions and parsing the record once per key. On samples with what can go wrong (camelCase and
// kebab-case keys, values as text, nested objects, booleans, keys that name no gauge, narrow
// samples beside wide ones, records without a time), the system rollup's sections must equal those
// over metric_samples as it was defined before (REFERENCE).

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { writePinoLog } from './helpers.js';

const OLD_METRIC_SAMPLES = `
  SELECT ts, bucket_start, dims, metric, value
  FROM filtered
  WHERE metric IS NOT NULL AND value IS NOT NULL
  UNION ALL
  SELECT w.ts, w.bucket_start, w.dims, w.gauge AS metric, TRY_CAST(w.attrs ->> w.key AS DOUBLE) AS value
  FROM (
    SELECT f.ts, f.bucket_start, f.dims, f.attrs, k.key,
           lower(regexp_replace(regexp_replace(regexp_replace(k.key, '([A-Z]+)([A-Z][a-z])', '\\1_\\2', 'g'),
                 '([a-z0-9])([A-Z])', '\\1_\\2', 'g'), '[-\\s]+', '_', 'g')) AS gauge
    FROM filtered AS f, unnest(json_keys(f.attrs)) AS k(key)
    WHERE f.kind = 'metric' AND f.metric IS NULL AND f.attrs IS NOT NULL
  ) AS w
  WHERE list_contains(string_split($gauges, ','), w.gauge) AND TRY_CAST(w.attrs ->> w.key AS DOUBLE) IS NOT NULL`;

// queries/system.sql's main and latest sections, over the old definition
const REFERENCE = `-- system-reference: the system rollup's samples over metric_samples as it was
-- @bucket auto
WITH samples AS (${OLD_METRIC_SAMPLES})
SELECT bucket_start, dims, metric, count(*) AS samples, arg_max(value, ts) AS last,
       lm_exact_avg(value) AS avg, min(value) AS min, max(value) AS max
FROM samples WHERE ts IS NOT NULL
GROUP BY bucket_start, dims, metric
ORDER BY bucket_start, dims, metric

-- @section latest: the latest sample of each metric
WITH samples AS (${OLD_METRIC_SAMPLES})
SELECT dims, metric, count(*) AS samples, arg_max(value, ts) AS last, max(ts) AS last_ts
FROM samples WHERE ts IS NOT NULL
GROUP BY dims, metric
ORDER BY dims, metric
`;

let dir: string;
let dbFile: string;
let referenceFile: string;
let cleanup: () => void = () => undefined;

beforeAll(async () => {
  const log = writePinoLog((l, time) => {
    for (let i = 0; i < 30; i++) {
      time(`2026-03-02T10:${String(i).padStart(2, '0')}:0${i % 7}.000Z`);
      l.info({
        cpu_usage: 10 + i, memoryUsage: 1000 + i * 3, 'goroutine-count': String(40 + (i % 5)),
        activeConnections: i % 2 === 0 ? i : 'many', queue_depth: { now: i }, healthy: true, region: 'eu', host: `h${i % 3}`,
      }, 'system sample');
      // a narrow sample too, half a minute later (at the same time, which one is the latest is open)
      if (i % 4 === 0) {
        time(`2026-03-02T10:${String(i).padStart(2, '0')}:30.000Z`);
        l.info({ metric: 'cpu_usage', value: 90 + i, host: `h${i % 3}` }, 'sample');
      }
    }
    time(null); l.info({ cpu_usage: 1, memory_usage: 2 }, 'system sample');
  });
  cleanup = log.cleanup;
  dir = log.dir;
  dbFile = join(dir, 'samples.duckdb');
  const run = await runInProcess(['ingest', log.file, '--db', dbFile, '-q']);
  expect(run.code, run.stderr).toBe(0);
  referenceFile = join(dir, 'system-reference.sql');
  writeFileSync(referenceFile, REFERENCE);
});

afterAll(() => {
  cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function sections(args: readonly string[]): Promise<{ main: unknown[]; latest: unknown[] }> {
  const r = await runInProcess(['query', ...args, '--db', dbFile, '-q', '-F', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout) as { rows: unknown[]; sections: Record<string, unknown[]> };
  return { main: result.rows, latest: result.sections.latest ?? [] };
}

describe('wide metric samples read once per sample, named once per key', () => {
  test.each([
    ['the whole log', []],
    ['a range and a bucket', ['--since', '2026-03-02T10:05:00Z', '--until', '2026-03-02T10:20:00Z', '--bucket', '5m']],
    ['by host', ['--by', 'host', '--bucket', '10m']],
  ])('%s: the system rollup equals its definition over the old metric_samples', async (_name, args) => {
    const actual = await sections(['system', ...args]);
    const reference = await sections(['--file', referenceFile, ...args]);
    expect(actual.main.length).toBeGreaterThan(0);
    expect(actual).toEqual(reference);
  });

  test('the gauges found: camelCase and kebab-case keys named in snake_case, numbers as text read, the rest left out', async () => {
    const { latest } = await sections(['system']);
    expect((latest as Array<{ metric: string }>).map((r) => r.metric)).toEqual(['active_connections', 'cpu_usage', 'goroutine_count', 'memory_usage']);
  });
});
