// logmeter.yml's rollup settings (health, budget, prices, sessions) reach the rollups, a flag on
// the command line wins over the file, and a mistake is exit 2 naming the file, line and column.
// The numbers are worked out by hand from the three calls below.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { loadConfig, rollupConfigFrom } from '../../src/config/load.js';
import { parseConfig } from '../../src/config/config.js';

let dir: string;
let calls: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-rollup-settings-'));
  calls = join(dir, 'calls.jsonl');
  // 3 calls of my-model (a model the price library does not know), all after 06:00 UTC.
  writeFileSync(
    calls,
    [
      { ts: '2024-05-01T10:00:00Z', event: 'llm_call', model: 'my-model', provider: 'acme', input_tokens: 1_000_000, output_tokens: 500_000, duration_ms: 200 },
      { ts: '2024-05-01T11:00:00Z', event: 'llm_call', model: 'my-model', provider: 'acme', input_tokens: 2_000_000, output_tokens: 1_000_000, duration_ms: 1500 },
      { ts: '2024-05-01T12:00:00Z', event: 'llm_call', model: 'my-model', provider: 'acme', input_tokens: 500_000, output_tokens: 0, duration_ms: 300 },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], cwd: string) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: IO = { stdin: Readable.from([]) as IO['stdin'], stdout, stderr, env: {}, cwd };
  const code = await main(args, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

function project(name: string, config: string | undefined): string {
  const root = mkdtempSync(join(dir, `${name}-`));
  if (config !== undefined) writeFileSync(join(root, 'logmeter.yml'), config);
  return root;
}

async function rows(args: string[], cwd: string): Promise<Record<string, unknown>[]> {
  const result = await run([...args, calls, '-q', '-F', 'json'], cwd);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { rows: Record<string, unknown>[] }).rows;
}

const PRICED = `budget: 10Diem/day@06:00
prices:
  My-Model: { input_per_mtok: 1.5, output_per_mtok: 4 }
`;

describe('logmeter.yml rollup settings', () => {
  it('prices: an override prices a model the library does not know', async () => {
    expect((await rows(['query', 'cost'], project('unpriced', undefined)))[0]).toMatchObject({ model: 'my-model', calls: 3, cost_usd: null, unpriced_calls: 3 });
    // 1.0 M in * $1.5 + 0.5 M out * $4 = 3.5; 2 M * 1.5 + 1 M * 4 = 7; 0.5 M * 1.5 = 0.75: $11.25.
    const [row] = await rows(['query', 'cost'], project('priced', PRICED));
    expect(row).toMatchObject({ model: 'my-model', calls: 3, tokens_in: 3_500_000, tokens_out: 1_500_000, priced_calls: 3, unpriced_calls: 0 });
    expect(row?.cost_usd).toBeCloseTo(11.25, 9);
  });

  it('budget: the file budget (10 Diem a day from 06:00) against the override prices', async () => {
    const [row] = await rows(['query', 'budget'], project('budget', PRICED));
    expect(row).toMatchObject({ budget: 10, unit: 'Diem', period_start: '2024-05-01T06:00:00.000Z', period_end: '2024-05-02T06:00:00.000Z', exhausts_before_reset: true, time_to_reset_s: 18 * 3600 });
    expect(row?.spent).toBeCloseTo(11.25, 9);
    expect(row?.remaining).toBeCloseTo(-1.25, 9);
    // 11.25 Diem over the 6 hours from 06:00 to the last call at 12:00.
    expect(row?.burn_rate_per_hour).toBeCloseTo(1.875, 9);
  });

  it('budget: the mapping form, with credits per dollar and a monthly reset day', async () => {
    const config = 'budget:\n  amount: 50\n  unit: credits\n  period: month\n  reset: 15\n  units_per_usd: 2\nprices:\n  my-model:\n    input_per_mtok: 1.5\n    output_per_mtok: 4\n    provider: acme\n';
    const [row] = await rows(['query', 'budget'], project('mapping', config));
    expect(row).toMatchObject({ budget: 50, unit: 'credits', period_start: '2024-04-15T00:00:00.000Z', period_end: '2024-05-15T00:00:00.000Z' });
    expect(row?.spent).toBeCloseTo(22.5, 9);
    expect(row?.remaining).toBeCloseTo(27.5, 9);
  });

  it('--budget on the command line wins over the file', async () => {
    const [row] = await rows(['query', 'budget', '--budget', '20USD/day'], project('flag', PRICED));
    expect(row).toMatchObject({ budget: 20, unit: 'USD', period_start: '2024-05-01T00:00:00.000Z' });
    expect(row?.remaining).toBeCloseTo(8.75, 9);
  });

  it('check: budget_remaining reads the file budget and prices (-1.25 Diem left); --budget wins', async () => {
    const root = project('check', PRICED);
    const over = await run(['check', calls, '-q', '--assert', 'budget_remaining >= 0'], root);
    expect(over.code).toBe(1);
    expect(over.stdout).toMatch(/budget_remaining >= 0\s+-1\.25/);
    const within = await run(['check', calls, '-q', '--assert', 'budget_remaining >= 0', '--budget', '20USD/day'], root);
    expect(within.code).toBe(0);
  });

  it('health: the thresholds in the file change overview.health', async () => {
    // p95 of 200, 300, 1500 ms (linear interpolation) is 1380 ms: above the default 1000 ms.
    const [before] = await rows(['query', 'overview'], project('health-default', undefined));
    expect(before).toMatchObject({ health: 'degraded' });
    expect(before?.latency_p95_ms).toBeCloseTo(1380, 6);
    const [relaxed] = await rows(['query', 'overview'], project('health-relaxed', 'health:\n  p95_degraded_ms: 2000\n'));
    expect(relaxed).toMatchObject({ health: 'healthy' });
    const [strict] = await rows(['query', 'overview'], project('health-strict', 'health:\n  p95_degraded_ms: 500\n  p95_unhealthy_ms: 1200\n'));
    expect(strict).toMatchObject({ health: 'unhealthy' });
  });

  it('maps every section to a RollupConfig in one place', () => {
    const result = parseConfig('health:\n  error_rate_degraded: 0.08\nbudget: 2000000tokens/week@mon\nprices:\n  m: { input_per_mtok: 1, output_per_mtok: 2, provider: p }\nsessions:\n  idle_minutes: 45\naliases:\n  gauge: mem.rss\n');
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(rollupConfigFrom(result.config)).toEqual({
      health: { errorRateDegraded: 0.08 },
      budget: { amount: 2_000_000, unit: 'tokens', period: 'week', reset: 'mon' },
      prices: { m: { input_per_mtok: 1, output_per_mtok: 2, provider: 'p' } },
      sessionIdleMinutes: 45,
      gauges: ['mem.rss'],
    });
    expect(rollupConfigFrom(result.config, { budget: { amount: 1, period: 'day' } }).budget).toEqual({ amount: 1, period: 'day' });
    const cache = parseConfig('prices:\n  m: { input_per_mtok: 3, output_per_mtok: 15, cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 }\n');
    expect(cache.ok && rollupConfigFrom(cache.config).prices).toEqual({ m: { input_per_mtok: 3, output_per_mtok: 15, cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 } });
    const oneHour = parseConfig('prices:\n  m: { input_per_mtok: 3, output_per_mtok: 15, cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 6 }\n');
    expect(oneHour.ok && rollupConfigFrom(oneHour.config).prices).toEqual({ m: { input_per_mtok: 3, output_per_mtok: 15, cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 6 } });
    expect(rollupConfigFrom(loadConfig({ cwd: project('none', undefined) }))).toEqual({});
  });

  it.each([
    ['health:\n  error_rate_degraded: 1.5\n', 'logmeter.yml:2:24: health.error_rate_degraded: expected a number from 0 to 1, found the number 1.5'],
    ['health:\n  p95_degraded_ms: 9000\n', 'logmeter.yml:2:3: health: expected p95_degraded_ms no higher than p95_unhealthy_ms (5000, the default)'],
    ['budget: 10/fortnight\n', 'logmeter.yml:1:9: budget: expected budget 10/fortnight: write AMOUNT[UNIT]/PERIOD[@RESET]'],
    ['budget:\n  amount: 0\n  period: day\n', 'logmeter.yml:2:11: budget.amount: expected a number above 0, found the number 0'],
    ['budget:\n  amount: 5\n  period: week\n  reset: tue 25:00\n', 'logmeter.yml:2:3: budget: expected budget tue 25:00: the reset time is HH:MM in UTC'],
    ['prices:\n  m: { input_per_mtok: -1, output_per_mtok: 2 }\n', 'logmeter.yml:2:24: prices.m.input_per_mtok: expected a number from 0 up, found the number -1'],
    ['prices:\n  m: { input_per_mtok: 1 }\n', 'logmeter.yml:2:6: prices.m.output_per_mtok: expected a "output_per_mtok" key, found none'],
    ['prices:\n  M: { input_per_mtok: 1, output_per_mtok: 1 }\n  m: { input_per_mtok: 2, output_per_mtok: 2 }\n', 'logmeter.yml:3:3: prices.m: expected each model once'],
    ['sessions:\n  idle_minutes: 0\n', 'logmeter.yml:2:17: sessions.idle_minutes: expected a number above 0, found the number 0'],
    ['sessions:\n  idle: 5\n', 'logmeter.yml:2:3: sessions.idle: expected one of the keys idle_minutes'],
  ])('a bad value is exit 2 with the line: %j', async (config, message) => {
    const result = await run(['query', 'budget', calls, '-q', '--budget', '1/day'], project('bad', config));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
