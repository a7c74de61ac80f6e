// The DuckDB edge: buckets are aligned to whole multiples of `every` in UTC, every bucket from the
// input's first record to its last is considered, and cost rules read the priced view.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db.js';
import { evaluateRules } from '../../src/check/index.js';
import { mentionsCost } from '../../src/check/query.js';
import { parseRulesText } from '../../src/check/rules-file.js';
import { parseRule } from '../../src/query-language/rule.js';
import { databaseWith, logFile } from './helpers.js';

// Failures at 10:00:59.999 and 10:01:00.000 fall in neighbouring one-minute buckets; one at 10:04
// leaves 10:02 and 10:03 without records; a success at 10:06 is the last record.
const LOG = [
  { time: '2026-03-02T10:00:00.000Z', msg: 'file_write', path: '/a', bytes: 1 },
  { time: '2026-03-02T10:00:59.999Z', msg: 'file_write_error', path: '/a', error: 'EACCES', level: 'error' },
  { time: '2026-03-02T10:01:00.000Z', msg: 'file_write_error', path: '/a', error: 'EACCES', level: 'error' },
  { time: '2026-03-02T10:04:30.000Z', msg: 'file_write_error', path: '/a', error: 'EACCES', level: 'error' },
  { time: '2026-03-02T10:06:00.000Z', msg: 'file_write', path: '/a', bytes: 1 },
]
  .map((r) => JSON.stringify({ level: 'info', ...r }))
  .join('\n');

let db: Database;
beforeAll(async () => {
  db = await databaseWith([logFile(LOG + '\n')]);
});
afterAll(() => db.close());

async function run(yaml: string) {
  const result = await evaluateRules(db, parseRulesText(`rules:\n${yaml}`, 'rules.yml'));
  return result.rules[0]?.results[0];
}

describe('buckets', () => {
  test('split at whole minutes of UTC: 10:00:59.999 and 10:01:00.000 are in different buckets', async () => {
    const r = await run("  - name: A\n    expr: count(*) < 2 where not ok\n    every: 1m\n");
    // 10:00 holds one failure, 10:01 one, 10:04 one: no minute reaches 2
    expect(r).toMatchObject({ status: 'pass', observed: 1, overall: 3, window: { buckets: 7, breached_buckets: 0 } });
  });

  test('span the whole input, so minutes without records count for a count rule', async () => {
    // "at least one successful write a minute": minutes 10:01 to 10:05 have none
    const r = await run("  - name: A\n    expr: count >= 1 where op = 'write' and ok\n    for: 5m\n");
    expect(r?.status).toBe('fail');
    expect(r?.window?.longest_breach).toMatchObject({ buckets: 5, from: '2026-03-02T10:01:00.000Z', to: '2026-03-02T10:06:00.000Z', worst: 0 });
  });

  test('one minute short of for: passes', async () => {
    const r = await run("  - name: A\n    expr: count >= 1 where op = 'write' and ok\n    for: 6m\n");
    expect(r).toMatchObject({ status: 'pass', window: { longest_breach: { buckets: 5 }, needed_buckets: 6 } });
  });

  test('a rate is no data in a minute without records, which breaks a run', async () => {
    // error rate 0.5 at 10:00, 1 at 10:01, nothing at 10:02-10:03, 1 at 10:04
    const r = await run('  - name: A\n    expr: error_rate < 0.5\n    for: 3m\n');
    expect(r).toMatchObject({ status: 'pass', observed: 1, window: { breached_buckets: 3, longest_breach: { buckets: 2 } } });
  });

  test('five-minute buckets start at multiples of five minutes', async () => {
    const r = await run('  - name: A\n    expr: error_rate < 0.5\n    every: 5m\n');
    // 10:00-10:05: 3 failures of 4; 10:05-10:10: 0 of 1
    expect(r).toMatchObject({ status: 'fail', observed: 0.75, window: { buckets: 2, worst_bucket: { from: '2026-03-02T10:00:00.000Z' } } });
  });
});

describe('cost rules read the priced view', () => {
  test.each([
    ['cost_usd < 1', true],
    ['unpriced_calls == 0', true],
    ['sum(cost_usd) < 1', true],
    ['count > 0 where cost_usd > 1', true],
    ['count > 0 where not (ok and cost_usd is null)', true],
    ['count > 0 by cost_usd', true],
    ['tokens_in < 1', false],
    ["count > 0 where model = 'cost_usd'", false],
  ])('%s: %s', (expr, expected) => {
    expect(mentionsCost(parseRule(expr))).toBe(expected);
  });
});

describe('budget_remaining', () => {
  test('its samples are every usage record of the period, the last one too when its time has microseconds', async () => {
    const call = (time: string) => JSON.stringify({ time, level: 'info', msg: 'llm call', model: 'gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 100 }, cost_usd: 10 });
    for (const times of [['2026-03-02T10:00:00.123456Z'], ['2026-03-02T09:00:00.5Z', '2026-03-02T09:30:00.25Z', '2026-03-02T10:00:00.123456Z']]) {
      const budgetDb = await databaseWith([logFile(times.map(call).join('\n') + '\n')]);
      try {
        const result = await evaluateRules(budgetDb, parseRulesText('budget: 100 USD/day\nrules:\n  - name: B\n    expr: budget_remaining >= 50\n', 'rules.yml'));
        // 100 - 10 per call
        expect(result.rules[0]?.results[0]).toMatchObject({ observed: 100 - 10 * times.length, samples: times.length });
      } finally {
        budgetDb.close();
      }
    }
  });
});

describe('buckets in follow mode (sinceMs, nowMs)', () => {
  test('run on to the last whole bucket before now, so silence after the last record counts', async () => {
    const T = Date.parse('2026-03-02T10:00:00Z');
    // Eight ticks a second apart, 10:00:00 to 10:00:07: buckets 10:00:00 (5) and 10:00:05 (3).
    const ticks = Array.from({ length: 8 }, (_, i) => JSON.stringify({ time: new Date(T + i * 1000).toISOString(), level: 'info', msg: 'tick' })).join('\n');
    const tickDb = await databaseWith([logFile(ticks + '\n')]);
    try {
      const specs = parseRulesText('rules:\n  - name: Silence\n    expr: count >= 1\n    for: 10s\n    every: 5s\n', 'rules.yml');
      const at = async (nowMs?: number) => (await evaluateRules(tickDb, specs, nowMs === undefined ? {} : { sinceMs: nowMs - 60_000, nowMs })).rules[0]?.results[0];
      // Without a clock, the buckets end with the last record: nothing silent.
      expect(await at()).toMatchObject({ status: 'pass', window: { buckets: 2, breached_buckets: 0 } });
      // At 10:00:16 the last whole bucket is 10:00:10: one silent bucket of the two needed.
      expect(await at(T + 16_000)).toMatchObject({ status: 'pass', window: { buckets: 3, breached_buckets: 1 } });
      // At 10:00:25, 10:00:10, :15 and :20 are silent: 0 >= 1 fails for 15 s.
      expect(await at(T + 25_000)).toMatchObject({ status: 'fail', observed: 0, window: { buckets: 5, breached_buckets: 3 } });
      // Once every tick has left the window, the window's whole buckets are all silent.
      const empty = (await evaluateRules(tickDb, specs, { sinceMs: T + 30_000, nowMs: T + 60_000 })).rules[0]?.results[0];
      // 10:00:30 to 10:00:55, six whole buckets.
      expect(empty).toMatchObject({ status: 'fail', observed: 0, window: { buckets: 6, breached_buckets: 6 } });
    } finally {
      tickDb.close();
    }
  });
});
