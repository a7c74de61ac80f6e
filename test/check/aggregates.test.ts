// Every metric and aggregate of the rule language, measured by evaluateRules over a small log
// whose values are worked out by hand in the comments, then over a real pino log against the
// values its generator computed independently.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db.js';
import { evaluateRules, ruleFromAssert, type CheckResult } from '../../src/check/index.js';
import { priceCalls } from '../../src/pricing/prices.js';
import { FIXTURES, runInProcess } from '../helpers/cli.js';
import { runRollup } from '../../src/rollups/index.js';
import { databaseWith, logFile, percentileLinear } from './helpers.js';

// Ten records, one invalid line and one empty line.
//   llm_call x7: model-a 100/200/300/400 ms, tokens 10/20/30/40 in and 1/2/3/4 out, $0.01 each;
//                acme-llm-1 1000 ms with 100 in / 50 out (no cost, unknown model: unpriced);
//                acme-llm-1 3000 ms, HTTP 500: failed, no tokens (not billed: $0);
//                gpt-4o with 1000 in / 500 out, no latency, no cost (priced from the price table).
//   file_op x2:  a write of 100 bytes in 5 ms, and a file_write_error (failed).
//   request x1:  GET 200 in 12 ms.
export const HAND_LOG = [
  '{"time":"2026-03-02T10:00:00Z","level":"info","msg":"llm call","provider":"openai","model":"model-a","latency_ms":100,"prompt_tokens":10,"completion_tokens":1,"cost_usd":0.01}',
  '{"time":"2026-03-02T10:01:00Z","level":"info","msg":"llm call","provider":"openai","model":"model-a","latency_ms":200,"prompt_tokens":20,"completion_tokens":2,"cost_usd":0.01}',
  '{"time":"2026-03-02T10:02:00Z","level":"info","msg":"llm call","provider":"openai","model":"model-a","latency_ms":300,"prompt_tokens":30,"completion_tokens":3,"cost_usd":0.01}',
  '{"time":"2026-03-02T10:03:00Z","level":"info","msg":"llm call","provider":"openai","model":"model-a","latency_ms":400,"prompt_tokens":40,"completion_tokens":4,"cost_usd":0.01}',
  '{"time":"2026-03-02T10:04:00Z","level":"info","msg":"llm call","provider":"acme","model":"acme-llm-1","latency_ms":1000,"prompt_tokens":100,"completion_tokens":50}',
  '{"time":"2026-03-02T10:05:00Z","level":"error","msg":"llm call","provider":"acme","model":"acme-llm-1","latency_ms":3000,"status":500,"error":"boom"}',
  '{"time":"2026-03-02T10:06:00Z","level":"info","msg":"llm call","provider":"openai","model":"gpt-4o","prompt_tokens":1000,"completion_tokens":500}',
  '{"time":"2026-03-02T10:07:00Z","level":"info","msg":"file_write","path":"/tmp/a","bytes":100,"duration_ms":5}',
  '{"time":"2026-03-02T10:08:00Z","level":"error","msg":"file_write_error","path":"/tmp/b","error":"EACCES"}',
  'not json at all',
  '{"time":"2026-03-02T10:09:00Z","level":"info","msg":"request","method":"GET","url":"/api/x/12","status":200,"duration_ms":12}',
  '',
  '',
].join('\n');

// The gpt-4o call's price, from the library's per-call calculation (the check prices in SQL).
const GPT4O_COST = priceCalls([{ provider: 'openai', model: 'gpt-4o', ts: new Date('2026-03-02T10:06:00Z'), tokens_in: 1000, tokens_out: 500 }])[0]
  ?.cost_usd as number;

let db: Database;

beforeAll(async () => {
  db = await databaseWith([logFile(HAND_LOG)]);
});

afterAll(() => db.close());

async function measure(expr: string): Promise<{ group: Record<string, unknown>; observed: number | null; samples: number }[]> {
  const result: CheckResult = await evaluateRules(db, [ruleFromAssert(expr)]);
  return (result.rules[0]?.results ?? []).map((r) => ({ group: { ...r.group }, observed: r.observed, samples: r.samples }));
}

// LLM latencies sorted: 100 200 300 400 1000 3000 (n = 6, numpy linear: position (n - 1) * q).
describe('every aggregate matches the value worked out by hand', () => {
  const cases: [string, number | null, number][] = [
    ['count > 0', 10, 10],
    ["count(*) > 0 where kind = 'llm_call'", 7, 7],
    ["count(duration_ms) > 0 where kind = 'llm_call'", 6, 6],
    ["sum(duration_ms) > 0 where kind = 'llm_call'", 5000, 6],
    ["avg(duration_ms) > 0 where kind = 'llm_call'", 5000 / 6, 6],
    ["min(duration_ms) > 0 where kind = 'llm_call'", 100, 6],
    ["max(duration_ms) > 0 where kind = 'llm_call'", 3000, 6],
    // position 2.5: 300 + 0.5 * (400 - 300)
    ["p50(duration_ms) > 0 where kind = 'llm_call'", 350, 6],
    // position 3.75: 400 + 0.75 * (1000 - 400)
    ["p75(duration_ms) > 0 where kind = 'llm_call'", 850, 6],
    // position 4.5: 1000 + 0.5 * (3000 - 1000)
    ["p90(duration_ms) > 0 where kind = 'llm_call'", 2000, 6],
    // position 4.75
    ["p95(duration_ms) > 0 where kind = 'llm_call'", 2500, 6],
    // position 4.95
    ["p99(duration_ms) > 0 where kind = 'llm_call'", 2900, 6],
    // position 4.995
    ["p99.9(duration_ms) > 0 where kind = 'llm_call'", 2990, 6],
    ["p0(duration_ms) > 0 where kind = 'llm_call'", 100, 6],
    ["p100(duration_ms) > 0 where kind = 'llm_call'", 3000, 6],
    // 1 failed call of 7
    ["error_rate < 1 where kind = 'llm_call'", 1 / 7, 7],
    // the failed call and the file_write_error, of 10 records
    ['error_rate < 1', 2 / 10, 10],
    ["error_rate < 1 where kind = 'file_op'", 1 / 2, 2],
    // one invalid line of 10 records + 1 bad line; the empty line is not bad input
    ['reject_ratio < 1', 1 / 11, 11],
    // the two acme-llm-1 calls; samples are the 7 llm calls
    ['unpriced_calls < 10', 1, 7],
    // four logged $0.01 and the priced gpt-4o call
    ['cost_usd < 10', 0.04 + GPT4O_COST, 6],
    ["sum(cost_usd) < 10 where model = 'gpt-4o'", GPT4O_COST, 1],
    ["sum(cost_usd) < 10 where model = 'acme-llm-1'", 0, 1],
    // 10 + 20 + 30 + 40 + 100 + 1000; 1 + 2 + 3 + 4 + 50 + 500
    ['tokens_in > 0', 1200, 6],
    ['tokens_out > 0', 560, 6],
    ["sum(bytes) > 0 where kind = 'file_op'", 100, 1],
    ["count > 0 where kind = 'request' and status >= 200", 1, 1],
  ];

  test.each(cases)('%s measures %s over %s samples', async (expr, value, samples) => {
    const [result] = await measure(expr);
    expect(result?.samples).toBe(samples);
    if (value === null) expect(result?.observed).toBeNull();
    else expect(result?.observed).toBeCloseTo(value, 12);
  });

  test('the gpt-4o price is a real positive price (the library knows the model)', () => {
    // 1000 input and 500 output tokens at gpt-4o's list price: $2.50 and $10 per million.
    expect(GPT4O_COST).toBeCloseTo(0.0075, 12);
  });

  test('by gives one value per group, and no data for a group with nothing to aggregate', async () => {
    expect(await measure("p95(duration_ms) < 1000 where kind = 'llm_call' by model")).toEqual([
      // [1000, 3000]: position 0.95
      { group: { model: 'acme-llm-1' }, observed: 2900, samples: 2 },
      { group: { model: 'gpt-4o' }, observed: null, samples: 0 },
      // [100, 200, 300, 400]: position 2.85: 300 + 0.85 * 100
      { group: { model: 'model-a' }, observed: 385, samples: 4 },
    ]);
  });

  test('by leaves out the (none) group of records that have no sample of the metric', async () => {
    // The file operations and the request have neither a model nor tokens: they are not a group of avg(tokens_in).
    expect(await measure('avg(tokens_in) < 5000 by model')).toEqual([
      // the second acme call logged no tokens
      { group: { model: 'acme-llm-1' }, observed: 100, samples: 1 },
      { group: { model: 'gpt-4o' }, observed: 1000, samples: 1 },
      // (10 + 20 + 30 + 40) / 4
      { group: { model: 'model-a' }, observed: 25, samples: 4 },
    ]);
    // Counts sample every record: the three records without a model are a group of count.
    expect(await measure('count > 0 by model')).toContainEqual({ group: { model: null }, observed: 3, samples: 3 });
  });

  test('a percentile over no samples is no data, not zero', async () => {
    expect(await measure("p95(duration_ms) < 1000 where kind = 'metric'")).toEqual([{ group: {}, observed: null, samples: 0 }]);
  });
});

describe('workflow_failure_rate counts runs, not the records a run logs', () => {
  // Three runs of `ingest` (a start, a progress record, then its end) and two of `deploy`:
  //   ingest r1: started, running, completed in 2 s                      -> a run, succeeded
  //   ingest r2: started, failed with no duration (Celery logs none)     -> a run, failed
  //   ingest r3: started, completed in 1 s                               -> a run, succeeded
  //   deploy d1: failed after 5 s                                        -> a run, failed
  //   deploy d2: started only (still going)                              -> no run
  // Runs: 4, failed 2: 0.5 (error_rate over the 10 workflow records would say 2 / 10).
  const RUNS_LOG = [
    ['ingest', 'r1', 'workflow started', 'started', null, true],
    ['ingest', 'r1', 'workflow step', 'running', null, true],
    ['ingest', 'r1', 'workflow completed', 'completed', 2000, true],
    ['ingest', 'r2', 'workflow started', 'started', null, true],
    ['ingest', 'r2', 'workflow failed', 'failed', null, false],
    ['ingest', 'r3', 'workflow started', 'started', null, true],
    ['ingest', 'r3', 'workflow completed', 'completed', 1000, true],
    ['deploy', 'd1', 'workflow started', 'started', null, true],
    ['deploy', 'd1', 'workflow failed', 'failed', 5000, false],
    ['deploy', 'd2', 'workflow started', 'started', null, true],
  ]
    .map(([workflow, id, msg, status, duration, ok], i) =>
      JSON.stringify({ time: `2026-03-02T10:0${i}:00Z`, msg, workflow, workflow_id: id, status, ...(duration === null ? {} : { duration_ms: duration }), ...(ok ? {} : { level: 'error' }) }),
    )
    .join('\n');
  let runs: Database;
  beforeAll(async () => {
    runs = await databaseWith([logFile(RUNS_LOG)]);
  });
  afterAll(() => runs.close());
  const rate = async (expr: string) =>
    ((await evaluateRules(runs, [ruleFromAssert(expr)])).rules[0]?.results ?? []).map((r) => ({ group: { ...r.group }, observed: r.observed, samples: r.samples }));

  test('over all runs, and by workflow type', async () => {
    expect(await rate('workflow_failure_rate <= 0.1')).toEqual([{ group: {}, observed: 0.5, samples: 4 }]);
    expect(await rate('workflow_failure_rate <= 0.1 by workflow')).toEqual([
      { group: { workflow: 'deploy' }, observed: 1, samples: 1 },
      { group: { workflow: 'ingest' }, observed: 1 / 3, samples: 3 },
    ]);
    expect(await rate("error_rate <= 0.1 where kind = 'workflow'")).toEqual([{ group: {}, observed: 2 / 10, samples: 10 }]);
  });

  test('with no run in range it is no data, not 0', async () => {
    expect(await rate("workflow_failure_rate <= 0.1 where workflow = 'nothing'")).toEqual([{ group: {}, observed: null, samples: 0 }]);
  });

  test('piped into check, where only the columns the rules read are filled, the answer is the same', async () => {
    const r = await runInProcess(['check', logFile(RUNS_LOG), '--assert', 'workflow_failure_rate <= 0.1', '--json']);
    const json = JSON.parse(r.stdout) as { rules: { results: { observed: number; samples: number }[] }[] };
    expect(json.rules[0]?.results[0]).toMatchObject({ observed: 0.5, samples: 4 });
    expect(r.code).toBe(1);
  });
});

describe('tokens_in, tokens_out and cost_usd count usage records only, as the tokens and cost rollups do', () => {
  // One call of 100 in / 10 out costing $0.5, then its session's summary repeating those totals,
  // then a metric sample carrying a call's usage (VIBEZEN's token_usage) of 5 in / 1 out, $0.25.
  const SESSION_LOG = [
    '{"level":30,"time":1772445600000,"session_id":"s1","model":"gpt-4o","usage":{"prompt_tokens":100,"completion_tokens":10},"cost_usd":0.5,"msg":"llm call completed"}',
    '{"level":30,"time":1772445601000,"session_id":"s1","tokens_in":100,"tokens_out":10,"cost_usd":0.5,"msg":"session ended"}',
    '{"level":30,"time":1772445602000,"metric":"token_usage","model":"gpt-4o","tokens_in":5,"tokens_out":1,"cost_usd":0.25,"msg":"token usage"}',
  ].join('\n') + '\n';
  let sessions: Database;
  beforeAll(async () => {
    sessions = await databaseWith([logFile(SESSION_LOG)]);
  });
  afterAll(() => sessions.close());

  const one = async (expr: string) => (await evaluateRules(sessions, [ruleFromAssert(expr)])).rules[0]?.results[0];

  test('a session\'s totals are not added to its calls\' tokens', async () => {
    // 100 + 5 and 10 + 1: the session summary's 100 and 10 are left out
    expect(await one('tokens_in <= 105')).toMatchObject({ status: 'pass', observed: 105, samples: 2 });
    expect(await one('tokens_out <= 11')).toMatchObject({ status: 'pass', observed: 11, samples: 2 });
  });

  test('they equal the tokens rollup\'s totals', async () => {
    const [row] = (await runRollup(sessions, 'tokens')).rows;
    expect(row).toMatchObject({ tokens_in: 105, tokens_out: 11 });
    expect((await one('tokens_in > 0'))?.observed).toBe(Number(row?.tokens_in));
  });

  test('cost_usd leaves out the session\'s total cost too, and equals the cost rollup\'s', async () => {
    // 0.5 + 0.25
    expect(await one('cost_usd <= 0.75')).toMatchObject({ status: 'pass', observed: 0.75, samples: 2 });
    const cost = (await runRollup(sessions, 'cost')).rows.reduce((sum, r) => sum + Number(r.cost_usd), 0);
    expect(cost).toBeCloseTo(0.75, 12);
  });

  test('sum(tokens_in) stays the plain sum of the column, summaries included', async () => {
    expect(await one('sum(tokens_in) > 0')).toMatchObject({ observed: 205, samples: 3 });
  });

  test('piped into check, where only the columns the rules read are filled, the answer is the same', async () => {
    const r = await runInProcess(['check', logFile(SESSION_LOG), '--assert', 'tokens_in <= 100', '--assert', 'tokens_out <= 11', '--json']);
    const json = JSON.parse(r.stdout) as { rules: { results: { observed: number }[] }[] };
    expect(json.rules.map((rule) => rule.results[0]?.observed)).toEqual([105, 11]);
    expect(r.code).toBe(1);
  });
});

describe('over a real pino log, aggregates agree with the generator\'s own numbers', () => {
  const expected = JSON.parse(readFileSync(`${FIXTURES}pino.expected.json`, 'utf8')) as {
    records: number;
    failures: number;
    tokens_in: number;
    tokens_out: number;
    kinds: Record<string, number>;
    failures_by_kind: Record<string, number>;
    llm_latency_ms: Record<string, number[]>;
    workflow_runs: number;
    workflow_successes: number;
  };
  let pino: Database;
  beforeAll(async () => {
    pino = await databaseWith([`${FIXTURES}pino.log`]);
  });
  afterAll(() => pino.close());

  const run = async (expr: string) => (await evaluateRules(pino, [ruleFromAssert(expr)])).rules[0]?.results ?? [];

  test('workflow_failure_rate: the runs that failed, of the runs the generator ended', async () => {
    expect((await run('workflow_failure_rate < 1'))[0]).toMatchObject({ samples: expected.workflow_runs });
    expect((await run('workflow_failure_rate < 1'))[0]?.observed).toBeCloseTo((expected.workflow_runs - expected.workflow_successes) / expected.workflow_runs, 12);
  });

  test('count, error_rate, tokens_in and tokens_out', async () => {
    expect((await run('count > 0'))[0]?.observed).toBe(expected.records);
    expect((await run('error_rate < 1'))[0]?.observed).toBeCloseTo(expected.failures / expected.records, 12);
    expect((await run("error_rate < 1 where kind = 'file_op'"))[0]?.observed).toBeCloseTo(
      (expected.failures_by_kind.file_op ?? 0) / (expected.kinds.file_op ?? 1),
      12,
    );
    expect((await run("tokens_in > 0 where kind = 'llm_call'"))[0]?.observed).toBe(expected.tokens_in);
    expect((await run("tokens_out > 0 where kind = 'llm_call'"))[0]?.observed).toBe(expected.tokens_out);
  });

  test('p50, p95 and p99 of LLM latency by model, against numpy\'s linear method', async () => {
    for (const [agg, q] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
      const results = await run(`${agg}(duration_ms) < 1000 where kind = 'llm_call' by model`);
      const models = Object.keys(expected.llm_latency_ms).sort();
      expect(results.map((r) => r.group.model)).toEqual(models);
      for (const r of results) {
        const latencies = expected.llm_latency_ms[r.group.model as string] as number[];
        expect(r.samples).toBe(latencies.length);
        expect(r.observed).toBeCloseTo(percentileLinear(latencies, q), 9);
      }
    }
  });
});
