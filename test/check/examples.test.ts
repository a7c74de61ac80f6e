// The shipped examples/rules: each file is valid, and each seed's rules do what its comments say
// on logs shaped like that system's.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db.js';
import { evaluateRules, parseBudget, readRulesFile, type CheckResult } from '../../src/check/index.js';
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

describe('Sidepanel\'s Diem balance against its 100 Diem daily budget', () => {
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
  const run = async (records: Record<string, unknown>[], budget?: string) => {
    const db = await databaseWith([logFile(jsonLines(records))]);
    try {
      const specs = rules('sidepanel.yml');
      return await evaluateRules(db, budget ? specs.map((s) => ({ ...s, budget: parseBudget(budget) })) : specs);
    } finally {
      db.close();
    }
  };

  test('the file configures the budget its balance rules read', () => {
    expect(rules('sidepanel.yml')[1]).toMatchObject({ name: 'LowDiemBalance', budget: { amount: 100, unit: 'Diem', period: 'day', reset: '00:00' } });
  });

  test('96 spent today leaves 4: LowDiemBalance warns and CriticalDiemBalance fails', async () => {
    // 2 March: 92 spent (yesterday's period). 3 March, the period of the last record: 60 + 36.
    const result = await run([venice(2, 9, 50), venice(2, 23, 42), venice(3, 1, 60), venice(3, 2, 36)]);
    expect(result.rules[1]?.results[0]).toMatchObject({ status: 'warn', observed: 4, samples: 2 });
    expect(result.rules[2]?.results[0]).toMatchObject({ status: 'fail', observed: 4, threshold: 5 });
  });

  test('92 spent today leaves 8: a warning only, so the check passes', async () => {
    const result = await run([venice(3, 1, 50), venice(3, 2, 42)]);
    expect(byName(result)).toMatchObject({ LowDiemBalance: ['warn'], CriticalDiemBalance: ['pass'] });
    expect(result.status).toBe('warn');
  });

  test('yesterday\'s spend does not count against today', async () => {
    const result = await run([venice(2, 9, 99), venice(3, 9, 20)]);
    expect(result.rules[1]?.results[0]).toMatchObject({ status: 'pass', observed: 80 });
  });

  test('a budget reset at 06:00 moves the period boundary', async () => {
    // With the day starting at 06:00, 05:00 belongs to the previous period.
    const result = await run([venice(3, 5, 60), venice(3, 7, 30)], '100 Diem/day@06:00');
    expect(result.rules[1]?.results[0]).toMatchObject({ observed: 70, samples: 1 });
  });

  test('calls without a cost and without a price fail DiemSpendUnpriced instead of counting as free', async () => {
    const result = await run([venice(2, 9, 1), venice(2, 10, null)]);
    expect(result.rules[3]?.results[0]).toMatchObject({ status: 'fail', observed: 1, samples: 2 });
  });
});
