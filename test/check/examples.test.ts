// The shipped examples/rules: each file is valid, and each seed's rules do what its comments say
// on logs shaped like that system's.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db.js';
import { evaluateRules, readRulesFile, type CheckResult } from '../../src/check/index.js';
import { FIXTURES, ROOT } from '../helpers/cli.js';
import { databaseWith, jsonLines, logFile } from './helpers.js';

const DIR = join(ROOT, 'examples', 'rules');
const rules = (name: string) => readRulesFile(join(DIR, name), `examples/rules/${name}`);
const byName = (result: CheckResult) => Object.fromEntries(result.rules.map((r) => [r.name, r.results.map((g) => g.status)]));

test('every example file is a valid rules file', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
  expect(files.sort()).toEqual(['dream-os.yml', 'orchestrator.yml', 'sidepanel.yml', 'vibezen.yml']);
  for (const file of files) expect(rules(file).length).toBeGreaterThan(0);
});

test('the seeds\' alerts are all there, by name', () => {
  expect(rules('dream-os.yml').map((r) => r.name)).toEqual(['HighErrorRate', 'HighFileErrorRate']);
  expect(rules('sidepanel.yml').map((r) => r.name)).toEqual(['HighErrorRate', 'LowDiemBalance', 'CriticalDiemBalance', 'DiemSpendUnpriced', 'HighLatency']);
  expect(rules('vibezen.yml').map((r) => r.name)).toEqual(['ErrorRate', 'ResponseTime', 'CacheHitRate']);
  expect(rules('orchestrator.yml').map((r) => r.name)).toEqual(['HighErrorRate', 'HighErrorRateByWorkflow']);
});

describe('over the agent-system pino log', () => {
  let db: Database;
  beforeAll(async () => {
    db = await databaseWith([`${FIXTURES}pino.log`]);
  });
  afterAll(() => db.close());

  test('orchestrator: 1 of 5 workflow runs failed (20% > 10%), and only the refactor type breaches', async () => {
    const result = await evaluateRules(db, rules('orchestrator.yml'));
    expect(result.rules[0]?.results[0]).toMatchObject({ status: 'fail', observed: 0.2, samples: 5 });
    expect(result.rules[1]?.results.map((r) => [r.group.workflow, r.status])).toEqual([
      ['bug_fix', 'pass'],
      ['code_review', 'pass'],
      ['refactor', 'warn'],
      ['test_generation', 'pass'],
    ]);
  });

  test('Dream.OS: single bad minutes are not five in a row', async () => {
    const result = await evaluateRules(db, rules('dream-os.yml'));
    expect(byName(result)).toEqual({ HighErrorRate: ['pass'], HighFileErrorRate: ['pass'] });
    expect(result.rules[1]?.results[0]?.window?.longest_breach?.buckets).toBe(1);
  });
});

describe('Sidepanel\'s Diem balance against a 100 Diem daily allowance', () => {
  const venice = (day: number, hour: number, cost: number | null) => ({
    time: new Date(Date.UTC(2026, 2, day, hour)).toISOString(),
    msg: 'chat completion',
    provider: 'venice',
    model: 'llama-3.3-70b',
    latency_ms: 300,
    prompt_tokens: 100,
    completion_tokens: 20,
    ...(cost === null ? {} : { cost_usd: cost }),
  });
  const run = async (records: Record<string, unknown>[]) => {
    const db = await databaseWith([logFile(jsonLines(records))]);
    try {
      return await evaluateRules(db, rules('sidepanel.yml'));
    } finally {
      db.close();
    }
  };

  test('a day that spends 92 leaves less than 10: LowDiemBalance warns; 96 leaves less than 5: CriticalDiemBalance fails', async () => {
    // 2 March: 50 + 42 = 92 spent. 3 March: 60 + 36 = 96. Spend resets at 00:00 UTC.
    const result = await run([venice(2, 9, 50), venice(2, 23, 42), venice(3, 1, 60), venice(3, 2, 36)]);
    const low = result.rules[1]?.results[0];
    const critical = result.rules[2]?.results[0];
    expect(low).toMatchObject({ status: 'warn', observed: 96, overall: 188 });
    expect(low?.window).toMatchObject({ buckets: 2, breached_buckets: 2 });
    expect(critical).toMatchObject({ status: 'fail', observed: 96 });
    expect(critical?.window?.longest_breach).toMatchObject({ buckets: 1, from: '2026-03-03T00:00:00.000Z' });
  });

  test('spend spread over days stays within each day\'s allowance', async () => {
    const result = await run([venice(2, 9, 80), venice(3, 9, 80), venice(4, 9, 80)]);
    expect(byName(result)).toMatchObject({ LowDiemBalance: ['pass'], CriticalDiemBalance: ['pass'], DiemSpendUnpriced: ['pass'] });
  });

  test('calls without a cost and without a price fail DiemSpendUnpriced instead of counting as free', async () => {
    const result = await run([venice(2, 9, 1), venice(2, 10, null)]);
    expect(result.rules[3]?.results[0]).toMatchObject({ status: 'fail', observed: 1, samples: 2 });
  });
});
