// The rollup files themselves: every one documents what it returns and the parameters it uses,
// and headers, sections and user files are read the way docs/ROLLUPS.md says.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Database } from '../../src/db.js';
import { ExitCode, UsageError } from '../../src/errors.js';
import { loadRollup, parseRollup, rollupNames } from '../../src/rollups/catalog.js';
import { prelude, sectionStatement } from '../../src/rollups/compose.js';
import { createPricedEvents, rollupList, runRollupFile } from '../../src/rollups/index.js';
import { runRollup } from '../../src/rollups/index.js';

const REQUIRED = ['overview', 'rates', 'errors', 'latency', 'tokens', 'cost', 'budget', 'sessions', 'workflows', 'file_ops', 'system', 'rejects'];
// Bound by the runner for every statement (queries/_prelude.sql); a rollup need not document them.
const COMMON = ['since', 'until', 'bucket', 'bucket_us', 'now', 'kinds', 'session_idle', 'gauges'];

async function usageError(run: () => unknown): Promise<UsageError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError, and nothing was thrown');
}

let db: Database;
let dir: string;
beforeAll(async () => {
  db = await Database.open();
  await createPricedEvents(db);
  dir = mkdtempSync(join(tmpdir(), 'logmeter-catalog-'));
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built-in rollups', () => {
  test('are the twelve the issue asks for, each listed with a one-line description', () => {
    expect(rollupNames()).toEqual([...REQUIRED].sort());
    for (const { name, description } of rollupList()) {
      expect(description.length, name).toBeGreaterThan(20);
      expect(description, name).not.toContain('\n');
    }
  });

  test('document, with @param, exactly the parameters of their own that their SQL uses', async () => {
    for (const name of rollupNames()) {
      const spec = loadRollup(name);
      const used = new Set<string>();
      for (const section of spec.sections) {
        const sql = sectionStatement(prelude({ source: spec.source, where: null, dims: [] }), section.sql);
        const prepared = await db.connection.prepare(sql);
        for (let i = 1; i <= prepared.parameterCount; i++) used.add(prepared.parameterName(i));
        prepared.destroySync();
      }
      const own = [...used].filter((p) => !COMMON.includes(p)).sort();
      expect(own, name).toEqual(spec.params.map((p) => p.name).sort());
    }
  });

  test('say in their header what they return, column by column', () => {
    for (const name of rollupNames()) {
      const spec = loadRollup(name);
      expect(spec.doc, name).toMatch(/Columns:/);
      for (const section of spec.sections.slice(1)) expect(section.description.length, `${name}.${section.name}`).toBeGreaterThan(10);
    }
  });

  test('run on an empty database without failing', async () => {
    for (const name of rollupNames()) {
      const params = name === 'budget' ? { config: { budget: { amount: 5, period: 'day' as const } } } : {};
      const result = await runRollup(db, name, params);
      expect(result.sections.length, name).toBeGreaterThan(0);
    }
  });
});

describe('a rollup header', () => {
  test('gives the description, the defaults and the sections', () => {
    const spec = parseRollup(
      ['-- mine: what it returns', '--', '-- Columns: a, b.', '-- @by model', '-- @kind llm_call', '-- @bucket auto', '-- @source priced_events', '-- @param $top how many',
        'SELECT 1 AS a;', '', '-- @section more: a second table', 'SELECT 2 AS b'].join('\n'),
      'mine',
      'mine.sql',
    );
    expect(spec).toMatchObject({ name: 'mine', description: 'what it returns', defaultBy: 'model', defaultKind: 'llm_call', bucket: 'auto', source: 'priced_events' });
    expect(spec.params).toEqual([{ name: 'top', description: 'how many' }]);
    expect(spec.sections.map((s) => [s.name, s.sql])).toEqual([['mine', 'SELECT 1 AS a'], ['more', 'SELECT 2 AS b']]);
  });

  test('with a directive it does not know is a usage error naming the file', async () => {
    const error = await usageError(() => parseRollup('-- x: y\n-- @bukket auto\nSELECT 1', 'x', 'x.sql'));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('x.sql');
  });
});

describe('a rollup name', () => {
  test('that does not exist is a usage error that suggests the closest one', async () => {
    const error = await usageError(() => runRollup(db, 'latnecy'));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('did you mean latency?');
  });
});

describe('a user\'s own rollup file', () => {
  test('gets the same parameters and relations as the built-in ones', async () => {
    const file = join(dir, 'per-level.sql');
    writeFileSync(file, [
      '-- per-level: records per level',
      'SELECT bucket_start, dims, level, count(*) AS n FROM filtered GROUP BY ALL ORDER BY ALL',
      '-- @section span: the range',
      'SELECT range_start FROM span',
    ].join('\n'));
    await db.run('DELETE FROM events');
    await db.run(`INSERT INTO events (ts, level, kind, model, ok) VALUES
      ('2026-03-02T10:00:00Z', 'info', 'llm_call', 'a', true), ('2026-03-02T10:30:00Z', 'error', 'llm_call', 'a', false),
      ('2026-03-02T11:10:00Z', 'info', 'request', NULL, true)`);
    const result = await runRollupFile(db, file, { bucket: '1h', by: 'model', where: "kind = 'llm_call'" });
    expect(result.name).toBe('per-level');
    expect(result.columns).toEqual(['bucket_start', 'model', 'level', 'n']);
    expect(result.rows).toEqual([
      { bucket_start: '2026-03-02T10:00:00.000Z', model: 'a', level: 'error', n: 1 },
      { bucket_start: '2026-03-02T10:00:00.000Z', model: 'a', level: 'info', n: 1 },
    ]);
    expect(result.sections[1]!.rows).toEqual([{ range_start: '2026-03-02T10:00:00.000Z' }]);
    await db.run('DELETE FROM events');
  });

  test('that uses a parameter nobody binds is a usage error listing the ones there are', async () => {
    const file = join(dir, 'bad.sql');
    writeFileSync(file, 'SELECT count(*) FROM filtered WHERE level = $levle');
    const error = await usageError(() => runRollupFile(db, file));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('unknown parameter $levle');
    expect(error.message).toContain('$since');
  });

  test('with broken SQL is a usage error, not an internal one', async () => {
    const file = join(dir, 'broken.sql');
    writeFileSync(file, 'SELEC 1');
    const error = await usageError(() => runRollupFile(db, file));
    expect(error.message).toMatch(/^query failed/);
    const missing = await usageError(() => runRollupFile(db, join(dir, 'nope.sql')));
    expect(missing.message).toContain('cannot read query file');
  });
});
