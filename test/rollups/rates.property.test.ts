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
});
