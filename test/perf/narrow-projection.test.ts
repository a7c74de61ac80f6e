// `check` over piped logs fills only the events columns its rules read (src/check/columns-read.ts,
// src/ingest/projection.ts), and stages JSON lines parsed (stage-parsed.sql) unless attrs is read.
// A narrowed column must hold exactly what a full ingest puts there, and the rejects must be the same,
// for every column on its own (so a slot missing from projection.ts's COLUMN_SLOTS shows), over logs
// of every format and the agent log the benchmark generates.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Database, quotedIdentifier } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';
import { EVENT_COLUMNS } from '../../src/schema.js';
import { columnsRead } from '../../src/check/columns-read.js';
import { ruleFromAssert } from '../../src/check/spec.js';
import { runInProcess } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INPUTS = [
  'test/perf/fixtures/agent-1500.log',
  'test/perf/fixtures/edge-cases.log',
  // One record per rule of kind, time, duration and ok that depends on a field other than the event name.
  'test/perf/fixtures/kinds-by-field.log',
  // Every kind of line that is not a record, and records on either side of them.
  'test/perf/fixtures/bad-lines.log',
  'test/fixtures/logs/bunyan.log',
  'test/fixtures/logs/winston.log',
  'test/fixtures/logs/python-json.log',
  'test/fixtures/logs/structlog.log',
  'test/fixtures/logs/logfmt.log',
  'test/fixtures/logs/python-text.log',
  'test/fixtures/logs/otlp.jsonl',
  // OTLP metric points: kind, ok and the usage columns read the metric_point slot.
  'test/fixtures/logs/otlp-collector-metrics.jsonl',
  '../shared/corpus/litellm/spend_logs_payload.json',
];

async function columnValues(input: string, columns?: ReadonlySet<string>, inPlace = false): Promise<Record<string, string[]>> {
  const db = await Database.open();
  try {
    await ingest(db, { inputs: [join(ROOT, input)], stdin: Readable.from([]), ...(columns ? { columns } : {}), inPlace });
    const names = columns ? [...columns] : EVENT_COLUMNS.map((c) => c.name);
    // Aliased apart from the column names, or ORDER BY line would sort the text of line.
    const rows = await db.all(`SELECT ${names.map((n, i) => `CAST(${quotedIdentifier(n)} AS VARCHAR) AS c${i}`).join(', ')} FROM events ORDER BY source, line`);
    const values: Record<string, string[]> = {};
    names.forEach((name, i) => (values[name] = rows.map((row) => String(row[`c${i}`]))));
    // Every reject, as a full ingest writes it: narrowed JSON lines are staged parsed (stage-parsed.sql).
    const rejects = await db.all('SELECT line, reason, bytes, sample FROM rejects ORDER BY source, line');
    values.__rejects = rejects.map((r) => JSON.stringify(r));
    return values;
  } finally {
    db.close();
  }
}

describe('a narrowed projection fills its columns as a full ingest does', () => {
  for (const input of INPUTS) {
    it(`matches column by column for ${input}`, async () => {
      const full = await columnValues(input);
      expect(full.kind?.length, 'the input has records').toBeGreaterThan(0);
      for (const { name } of EVENT_COLUMNS) {
        const narrow = await columnValues(input, new Set([name]));
        expect(narrow[name], `${input}: ${name}`).toEqual(full[name]);
        expect(narrow.__rejects, `${input}: rejects with only ${name}`).toEqual(full.__rejects);
      }
      // As `check` reads piped logs: JSON lines left in place under an events view (in-place.ts).
      for (const set of [['kind', 'duration_ms', 'ok', 'source', 'line'], ['attrs', 'ts', 'model', 'source', 'line']]) {
        const inPlace = await columnValues(input, new Set(set), true);
        for (const name of set) expect(inPlace[name], `${input}: ${name} read in place`).toEqual(full[name]);
        expect(inPlace.__rejects, `${input}: rejects read in place`).toEqual(full.__rejects);
      }
    }, 60_000);
  }

  it('leaves the columns no rule reads NULL', async () => {
    const narrow = await columnValues(INPUTS[0] as string, new Set(['kind', 'duration_ms']));
    expect(narrow.kind?.length).toBeGreaterThan(0);
    const db = await Database.open();
    try {
      await ingest(db, { inputs: [join(ROOT, INPUTS[0] as string)], stdin: Readable.from([]), columns: new Set(['kind', 'duration_ms']) });
      const row = await db.one('SELECT count(model) AS model, count(ts) AS ts, count(attrs) AS attrs, count(kind) AS kind FROM events');
      expect(row).toEqual({ model: 0, ts: 0, attrs: 0, kind: narrow.kind?.length });
    } finally {
      db.close();
    }
  });
});

describe('the columns a check reads', () => {
  const read = (...asserts: string[]) => {
    const columns = columnsRead(asserts.map(ruleFromAssert));
    return columns ? [...columns].sort() : undefined;
  };

  it('are the metric, where and by columns of every rule', () => {
    expect(read("p95(duration_ms) < 1000 where kind = 'llm_call'")).toEqual(['duration_ms', 'kind']);
    expect(read('error_rate < 0.05 by model', "count < 10 where level in ('error', 'fatal')")).toEqual(['level', 'model', 'ok']);
    expect(read('max(attrs.queue_depth) < 5 by day')).toEqual(['attrs', 'ts']);
    expect(read('reject_ratio < 0.01')).toEqual([]);
  });

  it('are all of them when a rule reads cost or the budget', () => {
    expect(read('p95(duration_ms) < 1000', 'cost_usd < 10')).toBeUndefined();
    expect(read('count < 5 where cost_usd > 1')).toBeUndefined();
    expect(read('unpriced_calls == 0')).toBeUndefined();
  });

  it('give check the same answers on piped logs as on a full database', async () => {
    const input = join(ROOT, INPUTS[0] as string);
    const rules = ["p95(duration_ms) < 1000 where kind = 'llm_call'", 'error_rate < 0.01 by model', 'count(*) > 0 by day', 'reject_ratio < 0.5'];
    const args = rules.flatMap((rule) => ['--assert', rule]);
    const piped = await runInProcess(['check', input, '--json', ...args]);
    const db = join(await import('node:os').then((os) => os.tmpdir()), `narrow-${process.pid}.duckdb`);
    await runInProcess(['ingest', input, '--db', db, '-q']);
    const fromDb = await runInProcess(['check', '--db', db, '--json', ...args]);
    (await import('node:fs')).rmSync(db, { force: true });
    expect(piped.code).toBe(1);
    expect(JSON.parse(piped.stdout)).toEqual(JSON.parse(fromDb.stdout));
  });
});
