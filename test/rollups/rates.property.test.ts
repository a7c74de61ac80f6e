// The books balance: for any records and any filter, the counts of the rates rollup over its
// buckets add up to the number of records the same filter selects, counted here in JavaScript.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Database } from '../../src/db.js';
import { runRollup } from '../../src/rollups/index.js';
import { sum } from './helpers.js';

interface Rec {
  ts: string | null;
  kind: string;
  ok: boolean;
  model: string | null;
  region: string | null;
}

const START = Date.parse('2026-03-02T00:00:00Z');
const SPAN = 2 * 86_400_000;

const record: fc.Arbitrary<Rec> = fc.record({
  ts: fc.option(fc.integer({ min: 0, max: SPAN - 1 }).map((ms) => new Date(START + ms).toISOString()), { freq: 4 }),
  kind: fc.constantFrom('llm_call', 'request', 'file_op', 'other'),
  ok: fc.boolean(),
  model: fc.option(fc.constantFrom('gpt-4o', 'claude', 'acme'), { freq: 3 }),
  region: fc.option(fc.constantFrom('eu', 'us'), { freq: 3 }),
});

/** A filter as rollup parameters, and the same filter as a JavaScript predicate. */
interface Filter {
  params: { since?: string; until?: string; kind?: string; where?: string; by?: string; bucket?: string };
  keep: (r: Rec) => boolean;
}

const time = fc.integer({ min: -3_600_000, max: SPAN + 3_600_000 }).map((ms) => START + ms);
const filter: fc.Arbitrary<Filter> = fc
  .record({
    since: fc.option(time, { nil: undefined }),
    length: fc.option(fc.integer({ min: 1, max: SPAN }), { nil: undefined }),
    kind: fc.option(fc.constantFrom('llm_call', 'request', 'llm_call,file_op'), { nil: undefined }),
    where: fc.option(fc.constantFrom('ok', "model = 'gpt-4o'", "attrs.region = 'eu' or not ok", 'model is null'), { nil: undefined }),
    by: fc.option(fc.constantFrom('model', 'attrs.region', 'kind, model', 'hour'), { nil: undefined }),
    bucket: fc.option(fc.constantFrom('1m', '5m', '1h', '1d'), { nil: undefined }),
  })
  .map(({ since, length, kind, where, by, bucket }) => {
    const until = since !== undefined && length !== undefined ? since + length : undefined;
    const wheres: Record<string, (r: Rec) => boolean> = {
      ok: (r) => r.ok,
      "model = 'gpt-4o'": (r) => r.model === 'gpt-4o',
      "attrs.region = 'eu' or not ok": (r) => r.region === 'eu' || !r.ok,
      'model is null': (r) => r.model === null,
    };
    const keep = (r: Rec) => {
      const ms = r.ts === null ? null : Date.parse(r.ts);
      if (since !== undefined && (ms === null || ms < since)) return false;
      if (until !== undefined && (ms === null || ms >= until)) return false;
      if (kind !== undefined && !kind.split(',').includes(r.kind)) return false;
      return where === undefined || wheres[where]!(r);
    };
    const params: Filter['params'] = {
      ...(since !== undefined ? { since: new Date(since).toISOString() } : {}),
      ...(until !== undefined ? { until: new Date(until).toISOString() } : {}),
      ...(kind !== undefined ? { kind } : {}),
      ...(where !== undefined ? { where } : {}),
      ...(by !== undefined ? { by } : {}),
      ...(bucket !== undefined ? { bucket } : {}),
    };
    return { params, keep };
  });

let db: Database;
beforeAll(async () => {
  db = await Database.open();
});
afterAll(() => db?.close());

async function load(records: readonly Rec[]): Promise<void> {
  await db.run('DELETE FROM events');
  const rows = records.map((r, i) => ({ ...r, line: i + 1, attrs: JSON.stringify(r.region === null ? {} : { region: r.region }) }));
  await db.run(
    `INSERT INTO events BY NAME
     SELECT CAST(ts AS TIMESTAMPTZ) AS ts, kind, ok, model, CAST(attrs AS JSON) AS attrs, line, 'gen' AS source
     FROM (SELECT unnest(from_json(CAST($rows AS JSON), '[{"ts":"VARCHAR","kind":"VARCHAR","ok":"BOOLEAN","model":"VARCHAR","attrs":"VARCHAR","line":"BIGINT"}]'), recursive := true))`,
    { rows: JSON.stringify(rows) },
  );
}

describe('the rates rollup', () => {
  test('adds up over its buckets to the count of records the same filter selects', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 60 }), filter, async (records, { params, keep }) => {
        await load(records);
        const { rows } = await runRollup(db, 'rates', params);
        const expected = records.filter(keep).length;
        expect(sum(rows.map((r) => r.count as number))).toBe(expected);
        expect(sum(rows.map((r) => r.errors as number))).toBe(records.filter((r) => keep(r) && !r.ok).length);
      }),
      { numRuns: 150 },
    );
  });

  test('puts each record in the bucket DuckDB\'s time_bucket gives it, months included', async () => {
    await fc.assert(
      fc.asyncProperty(
        // before and after DuckDB's origin (2000-01-03), within a few hundred buckets
        fc.constantFrom(Date.parse('1995-06-15T13:17:00Z'), Date.parse('2000-01-02T23:59:59Z'), START),
        fc.array(fc.double({ min: -150, max: 150, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(['90s', 90], ['1m', 60], ['5m', 300], ['1h', 3600], ['7h', 25_200], ['1d', 86_400], ['2d', 172_800], ['week', 604_800], ['month', 2_592_000], ['3mo', 7_776_000]),
        async (base, offsets, [bucket, width]) => {
          const records = offsets.map((k) => ({ ts: new Date(base + Math.round(k * width * 1000)).toISOString(), kind: 'other', ok: true, model: null, region: null }));
          await load(records);
          const { rows, meta } = await runRollup(db, 'rates', { bucket });
          const interval = (await import('../../src/rollups/params.js')).parseBucket(bucket).interval;
          const expected = await db.all(
            `SELECT strftime(time_bucket(CAST($iv AS INTERVAL), ts AT TIME ZONE 'UTC'), '%Y-%m-%dT%H:%M:%S.000Z') AS b, count(*) AS n
             FROM events GROUP BY 1 ORDER BY 1`,
            { iv: interval },
          );
          expect(meta.bucket).toBe(bucket);
          expect(rows.filter((r) => (r.count as number) > 0).map((r) => [r.bucket_start, r.count])).toEqual(expected.map((e) => [e.b, e.n]));
        },
      ),
      { numRuns: 40 },
    );
  });
});
