// `check` over JSON lines projects them as DuckDB reads them (records-stream.sql) and numbers the
// lines by the row order of lm_projected. That order holds only while every operator between the
// reader and the table keeps it (a join does not: project-json.sql), and DuckDB reads in parallel only
// past its 32 MB buffer, so the small fixtures cannot show a broken order. This test reads an 80 MB
// generated agent log, 2% of it malformed, and requires the same line numbers, values and rejects as
// a full ingest, from a file and through a pipe, inserted into events or left in place.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Database, quotedIdentifier } from '../../src/db.js';
import { ingest, type IngestOptions } from '../../src/ingest/load.js';
import { generateLog } from '../helpers/generate.js';

// Column sets as rules read them; each gives DuckDB a different plan (with a join, one of these kept
// the order and the other did not).
const COLUMN_SETS = [['kind', 'duration_ms'], ['ok', 'model', 'tokens_in']];
let dir: string;
let log: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-order-'));
  log = join(dir, 'agent.log');
  generateLog(log, ['--lines', '250000', '--malformed', '0.02']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Order-independent digests of the events (their line and `columns`) and rejects an ingest writes. */
async function digest(columns: readonly string[], options: Partial<IngestOptions>): Promise<Record<string, unknown>> {
  const db = await Database.open();
  try {
    await ingest(db, { inputs: [log], stdin: Readable.from([]), ...options });
    const values = ['line', ...columns].map(quotedIdentifier).join(', ');
    const events = await db.one(`SELECT count(*) AS n, sum(hash(${values})) AS h, count(DISTINCT line) AS lines FROM events`);
    const rejects = await db.one('SELECT count(*) AS n, sum(hash(line, reason, bytes, sample)) AS h FROM rejects');
    const kinds = columns.includes('kind') ? await kindCounts(db, columns.includes('op')) : undefined;
    return { events, rejects, kinds };
  } finally {
    db.close();
  }
}

/** Events per `kind|op` (op empty when not read). */
async function kindCounts(db: Database, withOp: boolean): Promise<Record<string, number>> {
  const rows = await db.all(`SELECT kind || '|' || ${withOp ? "coalesce(op, '')" : "''"} AS k, count(*) AS n FROM events GROUP BY ALL`);
  return Object.fromEntries(rows.map((row) => [String(row.k), Number(row.n)]));
}

describe('line numbers of JSON lines projected as they are read', () => {
  for (const columns of COLUMN_SETS) {
    it(`are those of a full ingest, with the same ${columns.join(', ')} and rejects, for a file and for stdin`, async () => {
      const full = await digest(columns, {});
      expect((full.events as { n: number }).n).toBeGreaterThan(240_000);
      expect((full.rejects as { n: number }).n).toBeGreaterThan(4_000);
      expect(await digest(columns, { columns: new Set(columns) })).toEqual(full);
      expect(await digest(columns, { inputs: ['-'], stdin: createReadStream(log), columns: new Set(columns) })).toEqual(full);
      // As `check` reads them: left in place, under an events view (in-place.ts).
      expect(await digest(columns, { columns: new Set(columns), inPlace: true })).toEqual(full);
    }, 120_000);
  }

  it('are kept when the configuration names events, which the projection looks up in lists (a join broke the order)', async () => {
    // file_read lines become sessions; an op alone makes "workflow started" a file operation.
    const names = { kinds: { file_read: 'session' as const }, ops: { 'workflow started': 'begin' } };
    const columns = ['kind', 'op', 'duration_ms'];
    const full = await digest(columns, names);
    const unnamed = await digest(columns, {});
    expect(full.kinds).toMatchObject({ 'session|': (unnamed.kinds as Record<string, number>)['session|']! + (unnamed.kinds as Record<string, number>)['file_op|read']! });
    expect((full.kinds as Record<string, number>)['file_op|begin']).toBeGreaterThan(0);
    expect(await digest(columns, { ...names, columns: new Set(columns) })).toEqual(full);
    expect(await digest(columns, { ...names, inputs: ['-'], stdin: createReadStream(log), columns: new Set(columns) })).toEqual(full);
    expect(await digest(columns, { ...names, columns: new Set(columns), inPlace: true })).toEqual(full);
  }, 180_000);
});
