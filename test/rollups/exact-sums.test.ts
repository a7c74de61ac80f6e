// Totals of doubles (costs, workflow time, mean latencies) are the exact decimal sum, the same on
// every run: DuckDB sums a DOUBLE column in parallel, and before lm_exact_sum (queries/ingest/
// macros.sql) the last digits of a month's cost moved between two reports of the same database.
// The log holds more rows than one of DuckDB's row groups (122,880) so that the sums do run in
// parallel; the expected totals are computed in BigInt from the integers the costs were made of.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runRollup } from '../../src/rollups/index.js';
import { runInProcess } from '../helpers/cli.js';
import { pinoDatabase } from './helpers.js';

const CALLS = 300_000;
// Costs in tenth-millionths of a dollar (7 places) and durations in thousandths of a millisecond:
// the integers are summed exactly in BigInt, and the decimal text of the total parsed once.
const costUnits = (i: number): number => 1 + ((i * 7919) % 250_000);
const durationUnits = (i: number): number => 1 + ((i * 104_729) % 9_000_000);
const MODELS = ['gpt-4o', 'claude-sonnet-4'] as const;

/** The correctly rounded double of `units` / 10^places, as parsing its decimal text gives. */
function decimal(units: bigint, places: number): number {
  const text = units.toString().padStart(places + 1, '0');
  return Number(`${text.slice(0, -places)}.${text.slice(-places)}`);
}

let data: Awaited<ReturnType<typeof pinoDatabase>>;
const expected = { total: 0n, byModel: new Map<string, bigint>(), duration: 0n, durationByModel: new Map<string, bigint>() };

beforeAll(async () => {
  data = await pinoDatabase((log, at) => {
    at('2026-03-02T10:00:00Z');
    for (let i = 0; i < CALLS; i++) {
      const model = MODELS[i % 2]!;
      const cost = costUnits(i);
      const duration = durationUnits(i);
      expected.total += BigInt(cost);
      expected.byModel.set(model, (expected.byModel.get(model) ?? 0n) + BigInt(cost));
      expected.duration += BigInt(duration);
      expected.durationByModel.set(model, (expected.durationByModel.get(model) ?? 0n) + BigInt(duration));
      log.info({ model, provider: model.startsWith('gpt') ? 'openai' : 'anthropic', tokens_in: 10, tokens_out: 5,
        cost_usd: cost / 1e7, duration_ms: duration / 1e3 }, 'llm call completed');
    }
  });
}, 120_000);
afterAll(() => data?.close());

describe('sums of doubles over more rows than one row group', () => {
  test('the cost rollup, the overview and the mean latency are the exact sums, on every run', async () => {
    const runs = [];
    for (let run = 0; run < 3; run++) {
      const cost = await runRollup(data.db, 'cost');
      const overview = await runRollup(data.db, 'overview');
      const latency = await runRollup(data.db, 'latency', { by: 'kind' });
      runs.push({
        byModel: Object.fromEntries(cost.rows.map((r) => [r.model, r.cost_usd])),
        total: overview.rows[0]!.cost_usd,
        mean: latency.rows.find((r) => r.kind === 'llm_call')!.mean,
      });
    }
    expect(runs[0]).toEqual({
      byModel: Object.fromEntries(MODELS.map((m) => [m, decimal(expected.byModel.get(m)!, 7)])),
      total: decimal(expected.total, 7),
      // the mean of the exact sum: one division of two doubles, as lm_exact_avg does
      mean: decimal(expected.duration, 3) / CALLS,
    });
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  test("check's cost_usd and sum over a field are the exact sums too", async () => {
    const result = await runInProcess(['check', data.file, '-q', '--json', '--assert', 'cost_usd < 1', '--assert', 'sum(attrs.cost_usd) < 1']);
    const observed = (JSON.parse(result.stdout) as { rules: { results: { observed: number }[] }[] }).rules.map((r) => r.results[0]!.observed);
    expect(observed).toEqual([decimal(expected.total, 7), decimal(expected.total, 7)]);
  });

  test("metrics' counters and histogram sums are the exact sums too (a duration in seconds: six places)", async () => {
    const result = await runInProcess(['metrics', data.file]);
    const sample = (name: string, model: string) => {
      const line = result.stdout.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`model="${model}"`));
      return Number(line?.split(' ').pop());
    };
    for (const model of MODELS) {
      expect(sample('logmeter_cost_usd_total', model)).toBe(decimal(expected.byModel.get(model)!, 7));
      expect(sample('logmeter_gen_ai_client_operation_duration_seconds_sum', model)).toBe(decimal(expected.durationByModel.get(model)!, 6));
    }
  });
});
