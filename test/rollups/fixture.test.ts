// Every rollup over the pino fixture (test/fixtures/logs/pino.log), compared with values computed
// here from the scenario the log was written from (gen/scenario.json), its expected.json, and the
// log's own lines: never from logmeter's output.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db.js';
import { priceCalls, priceDataVersion } from '../../src/pricing/prices.js';
import { runRollup } from '../../src/rollups/index.js';
import { FIXTURES, ingestFiles, loadExpected, loadScenario, mean, percentile, pick, sum, type ScenarioEvent } from './helpers.js';

const expected = loadExpected('pino') as {
  records: number;
  kinds: Record<string, number>;
  failures: number;
  failures_by_kind: Record<string, number>;
  tokens_in: number;
  tokens_out: number;
  llm_latency_ms: Record<string, number[]>;
  cost_usd: number;
  cost_records: number;
  file_bytes_written: number;
  workflow_runs: number;
  workflow_successes: number;
  first_ts: string;
  last_ts: string;
  empty_5min_windows: string[];
};
const scenario = loadScenario();
const ofType = (type: string) => scenario.filter((e) => e.type === type);
const calls = ofType('llm_call');
const pinoLines = readFileSync(join(FIXTURES, 'pino.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const MINUTE = 60_000;

let db: Database;
beforeAll(async () => {
  db = await ingestFiles([join(FIXTURES, 'pino.log')]);
});
afterAll(() => db?.close());

/** The cost of a call as the pricing library computes it, one call at a time; null when unpriced. */
function libraryCost(call: ScenarioEvent): number | null {
  if (typeof call.cost_usd === 'number') return call.cost_usd;
  const [price] = priceCalls([
    { provider: call.provider as string, model: call.model as string, ts: new Date(call.ts), tokens_in: (call.tokens_in as number) ?? 0, tokens_out: (call.tokens_out as number) ?? 0 },
  ]);
  return price?.cost_usd ?? null;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

describe('overview over the pino fixture', () => {
  test('counts records, errors, calls and tokens as the scenario logged them', async () => {
    const { rows } = await runRollup(db, 'overview');
    const row = rows[0]!;
    expect(rows).toHaveLength(1);
    expect(row.records).toBe(expected.records);
    expect(row.rejects).toBe(0);
    expect(row.records_without_ts).toBe(0);
    expect(row.first_ts).toBe(expected.first_ts);
    expect(row.last_ts).toBe(expected.last_ts);
    expect(row.llm_calls).toBe(expected.kinds.llm_call);
    expect(row.errors).toBe(expected.failures);
    expect(row.error_rate).toBeCloseTo(expected.failures / expected.records, 12);
    expect(row.tokens_in).toBe(expected.tokens_in);
    expect(row.tokens_out).toBe(expected.tokens_out);
  });

  test('measures requests per minute over every minute of the range, empty ones included', async () => {
    const { rows } = await runRollup(db, 'overview');
    const requests = ofType('http_request').map((e) => e.ts_ms);
    const first = Math.floor(Date.parse(expected.first_ts) / MINUTE);
    const last = Math.floor(Date.parse(expected.last_ts) / MINUTE);
    const perMinute = countBy(requests, (ms) => String(Math.floor(ms / MINUTE)));
    const end = Date.parse(expected.last_ts);
    expect(rows[0]!.rate_basis).toBe('request');
    expect(rows[0]!.requests_per_min_avg).toBeCloseTo(requests.length / (last - first + 1), 12);
    expect(rows[0]!.requests_per_min_peak).toBe(Math.max(...perMinute.values()));
    expect(rows[0]!.requests_per_min_current).toBe(requests.filter((ms) => ms > end - MINUTE && ms <= end).length);
    expect(rows[0]!.latency_p95_ms).toBeCloseTo(percentile(ofType('http_request').map((e) => e.duration_ms as number), 0.95), 9);
  });

  test('judges health from the error rate and p95 latency against the thresholds', async () => {
    const judge = (errorRate: number, p95: number, t: { er: [number, number]; p: [number, number] }) =>
      errorRate > t.er[1] || p95 > t.p[1] ? 'unhealthy' : errorRate > t.er[0] || p95 > t.p[0] ? 'degraded' : 'healthy';
    const errorRate = expected.failures / expected.records;
    const p95 = percentile(ofType('http_request').map((e) => e.duration_ms as number), 0.95);
    const byDefault = await runRollup(db, 'overview');
    expect(byDefault.rows[0]!.health).toBe(judge(errorRate, p95, { er: [0.05, 0.1], p: [1000, 5000] }));
    const strict = await runRollup(db, 'overview', { config: { health: { errorRateUnhealthy: 0.08 } } });
    expect(strict.rows[0]!.health).toBe('unhealthy');
    const lenient = await runRollup(db, 'overview', { config: { health: { errorRateDegraded: 0.2, errorRateUnhealthy: 0.3 } } });
    expect(lenient.rows[0]!.health).toBe(judge(errorRate, p95, { er: [0.2, 0.3], p: [1000, 5000] }));
  });

  test('adds logged and computed costs, leaving the unknown model out and counted', async () => {
    const { rows, meta } = await runRollup(db, 'overview');
    const costs = calls.map(libraryCost);
    expect(rows[0]!.cost_usd).toBeCloseTo(sum(costs.filter((c): c is number => c !== null)), 9);
    expect(rows[0]!.unpriced_calls).toBe(costs.filter((c) => c === null).length);
    expect(rows[0]!.unpriced_calls).toBe(calls.filter((c) => c.model === 'acme-llm-1').length);
    expect(meta.priceData).toBe(priceDataVersion());
  });

  test('counts the sessions active at a given time: begun, not ended, and seen in the last 30 minutes', async () => {
    const at = Date.parse('2026-03-02T12:00:00Z');
    const bySession = new Map<string, number[]>();
    for (const line of pinoLines) {
      if (typeof line.session_id !== 'string' || (line.time as number) > at) continue;
      bySession.set(line.session_id, [...(bySession.get(line.session_id) ?? []), line.time as number]);
    }
    const ended = new Set(pinoLines.filter((l) => l.msg === 'session ended' && (l.time as number) <= at).map((l) => l.session_id));
    const active = [...bySession].filter(([id, times]) => !ended.has(id) && Math.max(...times) > at - 30 * MINUTE).length;
    expect(active).toBeGreaterThan(0);
    const { rows } = await runRollup(db, 'overview', { until: '2026-03-02T12:00:00Z' });
    expect(rows[0]!.active_sessions).toBe(active);
    const whole = await runRollup(db, 'overview');
    expect(whole.rows[0]!.active_sessions).toBe(0);
  });
});

describe('rates over the pino fixture', () => {
  test('gives one row per 5-minute bucket, the empty ones with 0', async () => {
    const { rows, columns, meta } = await runRollup(db, 'rates', { bucket: '5m' });
    expect(columns).toEqual(['bucket_start', 'count', 'errors', 'error_rate']);
    const W = 5 * MINUTE;
    const first = Math.floor(Date.parse(expected.first_ts) / W) * W;
    const last = Math.floor(Date.parse(expected.last_ts) / W) * W;
    const starts: string[] = [];
    for (let t = first; t <= last; t += W) starts.push(new Date(t).toISOString());
    const counts = countBy(scenario, (e) => new Date(Math.floor(e.ts_ms / W) * W).toISOString());
    const errors = countBy(scenario.filter((e) => !e.ok), (e) => new Date(Math.floor(e.ts_ms / W) * W).toISOString());
    expect(pick(rows, ['bucket_start', 'count', 'errors'])).toEqual(starts.map((s) => [s, counts.get(s) ?? 0, errors.get(s) ?? 0]));
    expect(rows.filter((r) => r.count === 0).map((r) => r.bucket_start)).toEqual(expected.empty_5min_windows);
    expect(rows.every((r) => r.error_rate === (r.count === 0 ? 0 : (r.errors as number) / (r.count as number)))).toBe(true);
    expect(meta.bucket).toBe('5m');
    expect(meta.bucketChosen).toBe(false);
  });

  test('chooses a bucket for the range when none is given, and says so', async () => {
    const { meta, rows } = await runRollup(db, 'rates');
    expect(meta.bucketChosen).toBe(true);
    expect(meta.bucket).toBe('5m');
    expect(meta.notes.join('\n')).toContain('5m');
    expect(sum(rows.map((r) => r.count as number))).toBe(expected.records);
  });

  test('splits each bucket by --by, filling every group with 0 where it is absent', async () => {
    const { rows, columns } = await runRollup(db, 'rates', { bucket: '1h', by: 'kind' });
    expect(columns).toEqual(['bucket_start', 'kind', 'count', 'errors', 'error_rate']);
    const kinds = Object.keys(expected.kinds).filter((k) => expected.kinds[k]! > 0).sort();
    expect(rows).toHaveLength(3 * kinds.length);
    for (const kind of kinds) {
      const perHour = countBy(scenario.filter((e) => e.kind === kind), (e) => new Date(Math.floor(e.ts_ms / 3_600_000) * 3_600_000).toISOString());
      const mine = rows.filter((r) => r.kind === kind);
      expect(mine.map((r) => r.count)).toEqual(mine.map((r) => perHour.get(r.bucket_start as string) ?? 0));
    }
  });
});

describe('latency over the pino fixture', () => {
  test('gives exact numpy-linear percentiles of each model\'s call latencies', async () => {
    const { rows, columns, meta } = await runRollup(db, 'latency', { by: 'model' });
    expect(meta.kind).toEqual(['llm_call']);
    expect(columns).toEqual(['model', 'count', 'p50', 'p90', 'p95', 'p99', 'max', 'mean']);
    const models = Object.keys(expected.llm_latency_ms).sort();
    expect(rows.map((r) => r.model)).toEqual(models);
    for (const row of rows) {
      const values = expected.llm_latency_ms[row.model as string]!;
      expect(row.count).toBe(values.length);
      for (const [column, q] of [['p50', 0.5], ['p90', 0.9], ['p95', 0.95], ['p99', 0.99]] as const) {
        expect(row[column], `${String(row.model)} ${column}`).toBeCloseTo(percentile(values, q), 9);
      }
      expect(row.max).toBe(Math.max(...values));
      expect(row.mean).toBeCloseTo(mean(values), 9);
    }
  });

  test('takes another kind with --kind', async () => {
    const { rows } = await runRollup(db, 'latency', { kind: 'request' });
    const durations = ofType('http_request').map((e) => e.duration_ms as number);
    expect(rows[0]!.count).toBe(durations.length);
    expect(rows[0]!.p99).toBeCloseTo(percentile(durations, 0.99), 9);
  });

  test('splits by bucket when --bucket is given', async () => {
    const { rows, columns } = await runRollup(db, 'latency', { bucket: '1h' });
    expect(columns[0]).toBe('bucket_start');
    for (const row of rows) {
      const start = Date.parse(row.bucket_start as string);
      const values = calls.filter((c) => c.ts_ms >= start && c.ts_ms < start + 3_600_000).map((c) => c.latency_ms as number);
      expect(row.p95).toBeCloseTo(percentile(values, 0.95), 9);
    }
  });
});

describe('tokens and cost over the pino fixture', () => {
  test('adds tokens per model over calls only, not the sessions\' totals', async () => {
    const { rows } = await runRollup(db, 'tokens', { by: 'model' });
    const models = [...new Set(calls.map((c) => c.model as string))].sort();
    expect(pick(rows, ['model', 'calls', 'tokens_in', 'tokens_out', 'tokens_total'])).toEqual(
      models.map((m) => {
        const mine = calls.filter((c) => c.model === m);
        const tin = sum(mine.map((c) => (c.tokens_in as number) ?? 0));
        const tout = sum(mine.map((c) => (c.tokens_out as number) ?? 0));
        return [m, mine.length, tin, tout, tin + tout];
      }),
    );
    const total = await runRollup(db, 'tokens');
    expect(pick(total.rows, ['tokens_in', 'tokens_out'])).toEqual([[expected.tokens_in, expected.tokens_out]]);
  });

  test('prices each model, a logged cost winning, and lists the unknown model as unpriced', async () => {
    const { rows, sections, meta } = await runRollup(db, 'cost');
    expect(meta.by).toEqual(['model']);
    expect(meta.priceData).toBe(priceDataVersion());
    for (const row of rows) {
      const mine = calls.filter((c) => c.model === row.model);
      const costs = mine.map(libraryCost);
      expect(row.calls).toBe(mine.length);
      expect(row.logged_calls).toBe(mine.filter((c) => typeof c.cost_usd === 'number').length);
      expect(row.priced_calls).toBe(costs.filter((c) => c !== null).length);
      expect(row.unpriced_calls).toBe(costs.filter((c) => c === null).length);
      if (costs.every((c) => c === null)) expect(row.cost_usd).toBeNull();
      else expect(row.cost_usd as number).toBeCloseTo(sum(costs.filter((c): c is number => c !== null)), 12);
    }
    expect(sum(rows.map((r) => r.logged_calls as number))).toBe(expected.cost_records);
    const unpriced = sections.find((s) => s.name === 'unpriced')!;
    expect(pick(unpriced.rows, ['model', 'provider', 'calls'])).toEqual([['acme-llm-1', 'acme', 2]]);
    expect(meta.notes.some((n) => n.includes('acme-llm-1'))).toBe(true);
  });

  test('sums the logged costs as expected.json has them, and prices the calls without one on top', async () => {
    const { rows } = await runRollup(db, 'cost', { by: 'none', where: 'cost_usd is not null and model != \'acme-llm-1\'' });
    expect(rows[0]!.priced_calls).toBe(rows[0]!.calls);
    const total = await runRollup(db, 'cost', { by: 'none' });
    // --where cost_usd is the computed cost in tokens too (it was the logged one only): the priced calls,
    // more than the ones that logged a cost.
    const priced = await runRollup(db, 'tokens', { where: 'cost_usd is not null' });
    expect(priced.rows[0]!.calls).toBe(total.rows[0]!.priced_calls);
    expect(priced.rows[0]!.calls as number).toBeGreaterThan(expected.cost_records);
    const loggedSum = sum(calls.filter((c) => typeof c.cost_usd === 'number').map((c) => c.cost_usd as number));
    expect(loggedSum).toBeCloseTo(expected.cost_usd, 9);
    expect(total.rows[0]!.cost_usd as number).toBeGreaterThan(loggedSum);
  });

  test('gives today, this week and this month up to the last record', async () => {
    const { sections } = await runRollup(db, 'cost');
    const periods = sections.find((s) => s.name === 'periods')!;
    const all = sum(calls.map(libraryCost).filter((c): c is number => c !== null));
    expect(pick(periods.rows, ['period', 'start', 'calls'])).toEqual([
      ['today', '2026-03-02T00:00:00.000Z', 40],
      ['week', '2026-03-02T00:00:00.000Z', 40],
      ['month', '2026-03-01T00:00:00.000Z', 40],
    ]);
    for (const row of periods.rows) expect(row.cost_usd as number).toBeCloseTo(all, 12);
  });
});

describe('errors, file operations and workflows over the pino fixture', () => {
  test('gives the error rate per kind and the failures by message', async () => {
    const { rows, sections } = await runRollup(db, 'errors');
    for (const row of rows) {
      expect(row.count).toBe(expected.kinds[row.kind as string]);
      expect(row.errors).toBe(expected.failures_by_kind[row.kind as string]);
    }
    expect(sum(rows.map((r) => r.errors as number))).toBe(expected.failures);
    const messages = sections.find((s) => s.name === 'messages')!;
    expect(sum(messages.rows.map((r) => r.count as number))).toBe(expected.failures);
    expect(messages.rows.find((r) => r.message === 'tests failed: 3 of 41')).toMatchObject({ kind: 'workflow', count: 1 });
  });

  test('counts every file operation, failed ones included, with bytes and the p95 duration', async () => {
    const { rows, sections } = await runRollup(db, 'file_ops');
    const ops = ofType('file_op');
    for (const row of rows) {
      const mine = ops.filter((o) => o.op === row.op);
      expect(row.count).toBe(mine.length);
      expect(row.errors).toBe(mine.filter((o) => !o.ok).length);
      expect(row.bytes).toBe(sum(mine.map((o) => (o.bytes as number) ?? 0)));
      expect(row.p95_ms).toBeCloseTo(percentile(mine.map((o) => o.duration_ms as number), 0.95), 9);
    }
    expect(rows.find((r) => r.op === 'write')!.bytes).toBe(expected.file_bytes_written);
    const paths = sections.find((s) => s.name === 'paths')!;
    expect(paths.rows.map((r) => r.path).sort()).toEqual(ops.filter((o) => !o.ok).map((o) => o.path).sort());
  });

  test('counts workflow runs by their type, taken from the start record, with percentiles', async () => {
    const { rows, sections } = await runRollup(db, 'workflows');
    const runs = ofType('workflow_completed');
    expect(sum(rows.map((r) => r.runs as number))).toBe(expected.workflow_runs);
    expect(sum(rows.map((r) => r.success as number))).toBe(expected.workflow_successes);
    for (const row of rows) {
      const mine = runs.filter((r) => r.workflow === row.workflow);
      expect(row.runs).toBe(mine.length);
      expect(row.failed).toBe(mine.filter((r) => !r.success).length);
      expect(row.success_rate).toBe(mine.filter((r) => r.success).length / mine.length);
      expect(row.p50).toBeCloseTo(percentile(mine.map((r) => r.duration_ms as number), 0.5), 9);
      expect(row.p95).toBeCloseTo(percentile(mine.map((r) => r.duration_ms as number), 0.95), 9);
    }
    const agents = sections.find((s) => s.name === 'agents')!;
    for (const row of agents.rows) {
      expect(row.time_ms).toBe(sum(runs.filter((r) => r.agent === row.agent).map((r) => r.duration_ms as number)));
    }
    const lines = sections.find((s) => s.name === 'lines')!;
    expect(sum(lines.rows.map((r) => r.lines_changed as number))).toBe(sum(runs.map((r) => r.lines_changed as number)));
  });
});

describe('sessions and system samples over the pino fixture', () => {
  test('averages sessions\' duration, events and tokens, and counts them created per day and weekday', async () => {
    const { rows, sections } = await runRollup(db, 'sessions');
    const ended = ofType('session_ended');
    const ids = ofType('session_created').map((e) => e.session_id as string);
    const tokens = ids.map((id) => sum(calls.filter((c) => c.session_id === id).map((c) => ((c.tokens_in as number) ?? 0) + ((c.tokens_out as number) ?? 0))));
    const events = ids.map((id) => pinoLines.filter((l) => l.session_id === id).length);
    expect(rows[0]).toMatchObject({ sessions: 3, active: 0, ended: 3 });
    expect(rows[0]!.avg_duration_ms).toBeCloseTo(mean(ended.map((e) => e.duration_ms as number)), 9);
    expect(rows[0]!.avg_tokens).toBeCloseTo(mean(tokens), 9);
    expect(rows[0]!.avg_events).toBeCloseTo(mean(events), 9);
    expect(rows[0]!.avg_llm_calls).toBeCloseTo(calls.length / 3, 9);
    expect(pick(sections.find((s) => s.name === 'created')!.rows, ['day', 'created'])).toEqual([['2026-03-02', 3]]);
    const weekday = await runRollup(db, 'sessions', { by: 'weekday' });
    expect(pick(weekday.sections.find((s) => s.name === 'created')!.rows, ['weekday', 'created'])).toEqual([[1, 3]]);
    const models = sections.find((s) => s.name === 'models')!;
    for (const row of models.rows) expect(row.share).toBeCloseTo(calls.filter((c) => c.model === row.model).length / calls.length, 12);
  });

  test('gives the last, average and largest sample of each metric per hour', async () => {
    const { rows } = await runRollup(db, 'system', { bucket: '1h' });
    const samples = ofType('metric_sample');
    expect(rows).toHaveLength(samples.length);
    for (const row of rows) {
      const start = Date.parse(row.bucket_start as string);
      const mine = samples.filter((s) => s.metric === row.metric && s.ts_ms >= start && s.ts_ms < start + 3_600_000);
      expect(row.samples).toBe(mine.length);
      expect(row.last).toBe(mine.at(-1)!.value);
      expect(row.max).toBe(Math.max(...mine.map((s) => s.value as number)));
    }
  });

  test('derives concurrent sessions per hour from their start and end records', async () => {
    const { sections } = await runRollup(db, 'system', { bucket: '1h' });
    const gauges = sections.find((s) => s.name === 'gauges')!.rows.filter((r) => r.gauge === 'sessions');
    const spans = ofType('session_created').map((c) => [c.ts_ms, ofType('session_ended').find((e) => e.session_id === c.session_id)!.ts_ms] as const);
    const level = (t: number) => spans.filter(([a, b]) => a <= t && t < b).length;
    const end = Date.parse(expected.last_ts);
    for (const row of gauges) {
      const from = Date.parse(row.bucket_start as string);
      const to = Math.min(from + 3_600_000, end + 0.001);
      // time-weighted average, integrated second by second (every change in the scenario is on a whole second)
      let area = 0;
      for (let t = from; t < to; t += 1000) area += level(t) * Math.min(1000, to - t);
      expect(row.avg as number, String(row.bucket_start)).toBeCloseTo(area / (to - from), 6);
      expect(row.current).toBe(level(Math.min(to, end + 1) - 1));
    }
    expect(Math.max(...gauges.map((r) => r.peak as number))).toBe(2);
  });
});

describe.each(['structlog', 'python-json', 'loguru'])('the same rollups over the %s fixture', (name) => {
  const other = loadExpected(name) as typeof expected & { log: string };
  let odb: Database;
  beforeAll(async () => {
    odb = await ingestFiles([join(FIXTURES, other.log)]);
  });
  afterAll(() => odb?.close());

  test('give the same headline numbers and latency percentiles as the scenario', async () => {
    const { rows } = await runRollup(odb, 'overview');
    expect(rows[0]).toMatchObject({ records: other.records, errors: other.failures, tokens_in: other.tokens_in, tokens_out: other.tokens_out, first_ts: other.first_ts, last_ts: other.last_ts });
    const latency = await runRollup(odb, 'latency', { by: 'model' });
    for (const row of latency.rows) {
      const values = other.llm_latency_ms[row.model as string]!;
      expect(row.p95, `${name} ${String(row.model)}`).toBeCloseTo(percentile(values, 0.95), 9);
    }
    const rates = await runRollup(odb, 'rates', { bucket: '5m' });
    expect(rates.rows.filter((r) => r.count === 0).map((r) => r.bucket_start)).toEqual(other.empty_5min_windows);
  });
});

