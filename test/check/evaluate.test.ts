// Pure evaluation: hand-made query rows in, results out, no database. Covers no-data semantics,
// severities, `by` with one failing group, baselines, and `for:` at its boundaries.

import { describe, expect, test } from 'vitest';
import { checkResult, evaluateRule, groupKey, type GroupResult } from '../../src/check/evaluate.js';
import { BUCKET_COLUMN, type RuleData } from '../../src/check/query.js';
import { parseRulesText } from '../../src/check/rules-file.js';
import { ruleFromAssert, type RuleSpec } from '../../src/check/spec.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);

function rule(expr: string, options: Record<string, string> = {}): RuleSpec {
  const extra = Object.entries(options)
    .map(([k, v]) => `\n    ${k}: ${v}`)
    .join('');
  const [spec] = parseRulesText(`rules:\n  - name: R\n    expr: ${JSON.stringify(expr)}${extra}\n`, 'rules.yml');
  return spec as RuleSpec;
}

function one(spec: RuleSpec, data: RuleData): GroupResult {
  const result = evaluateRule(spec, data);
  expect(result.results).toHaveLength(1);
  return result.results[0] as GroupResult;
}

const single = (value: number | null, samples: number): RuleData => ({ groupColumns: [], overall: [{ value, samples }] });

describe('a rule states what must hold', () => {
  test.each([
    ['p95(duration_ms) < 1000', 999, 'pass'],
    ['p95(duration_ms) < 1000', 1000, 'fail'],
    ['p95(duration_ms) <= 1000', 1000, 'pass'],
    ['count > 7000', 7000, 'fail'],
    ['count >= 7000', 7000, 'pass'],
    ['error_rate == 0', 0, 'pass'],
    ['error_rate != 0', 0, 'fail'],
  ] as const)('%s with %s is %s', (expr, value, status) => {
    expect(one(ruleFromAssert(expr), single(value, 10)).status).toBe(status);
  });
});

describe('no data is not a pass', () => {
  test('a percentile over zero samples fails by default', () => {
    const r = one(ruleFromAssert('p95(duration_ms) < 1000'), single(null, 0));
    expect(r).toMatchObject({ status: 'fail', no_data: true, no_data_reason: 'no_samples', breached: false, observed: null, samples: 0 });
  });

  test.each([
    ['fail', 'error', 'fail'],
    ['fail', 'warn', 'warn'],
    ['warn', 'error', 'warn'],
    ['pass', 'error', 'pass'],
  ] as const)('on_no_data %s with severity %s gives %s', (onNoData, severity, status) => {
    expect(one(rule('p95(duration_ms) < 1000', { on_no_data: onNoData, severity }), single(null, 0)).status).toBe(status);
  });

  test('a count of zero is a value, not missing data', () => {
    const r = one(ruleFromAssert("count < 1 where level = 'fatal'"), single(0, 0));
    expect(r).toMatchObject({ status: 'pass', no_data: false, observed: 0 });
  });

  test('a rule with `by` and no group at all has one no-data result', () => {
    const result = evaluateRule(ruleFromAssert('p95(duration_ms) < 1000 by model'), { groupColumns: ['model'], overall: [] });
    expect(result.results).toEqual([expect.objectContaining({ group: {}, no_data: true, status: 'fail' })]);
  });
});

describe('by groups without a key', () => {
  test('are left out when they have no sample of the metric: avg(tokens_in) by model lists the models', () => {
    const data: RuleData = {
      groupColumns: ['model'],
      overall: [
        { model: 'gpt-4o', value: 100, samples: 1 },
        { model: null, value: null, samples: 0 },
      ],
    };
    const result = evaluateRule(ruleFromAssert('avg(tokens_in) < 5000 by model'), data);
    expect(result.results.map((r) => [r.group, r.status])).toEqual([[{ model: 'gpt-4o' }, 'pass']]);
    expect(result.status).toBe('pass');
  });

  test('stay when they have samples, and a sum of 0 over none of them goes too', () => {
    const data: RuleData = {
      groupColumns: ['provider'],
      overall: [
        { provider: 'openai', value: 40, samples: 2 },
        { provider: null, value: 7, samples: 1 },
      ],
    };
    expect(evaluateRule(ruleFromAssert('sum(tokens_out) > 0 by provider'), data).results.map((r) => r.group)).toEqual([{ provider: 'openai' }, { provider: null }]);
    const none = { groupColumns: ['provider'], overall: [{ provider: 'openai', value: 40, samples: 2 }, { provider: null, value: 0, samples: 0 }] };
    expect(evaluateRule(ruleFromAssert('sum(tokens_out) > 0 by provider'), none).results.map((r) => r.group)).toEqual([{ provider: 'openai' }]);
  });

  test('a keyed group with no samples stays: it is present and has nothing to measure', () => {
    const data: RuleData = { groupColumns: ['kind'], overall: [{ kind: 'other', value: null, samples: 0 }] };
    expect(one(ruleFromAssert('max(duration_ms) > 0 by kind'), data)).toMatchObject({ group: { kind: 'other' }, no_data: true });
  });

  test('when every group is left out, the rule has its one no-data result', () => {
    const data: RuleData = { groupColumns: ['model'], overall: [{ model: null, value: null, samples: 0 }] };
    expect(one(ruleFromAssert('avg(tokens_in) < 5000 by model'), data)).toMatchObject({ group: {}, no_data: true, status: 'fail' });
  });
});

describe('severity', () => {
  test('a warn breach is reported as a warning, an error breach fails', () => {
    expect(one(rule('error_rate < 0.05', { severity: 'warn' }), single(0.1, 10))).toMatchObject({ status: 'warn', breached: true });
    expect(one(rule('error_rate < 0.05', { severity: 'error' }), single(0.1, 10))).toMatchObject({ status: 'fail', breached: true });
  });

  test('the check fails only when an error rule fails', () => {
    const warn = evaluateRule(rule('error_rate < 0.05', { severity: 'warn' }), single(0.1, 10));
    expect(checkResult([warn])).toMatchObject({ status: 'warn', counts: { rules: 1, checks: 1, passed: 0, warnings: 1, failed: 0 } });
    const fail = evaluateRule(ruleFromAssert('error_rate < 0.05'), single(0.1, 10));
    expect(checkResult([warn, fail])).toMatchObject({ status: 'fail', counts: { checks: 2, warnings: 1, failed: 1 } });
  });
});

describe('by', () => {
  test('one failing group fails the rule while the others pass', () => {
    const spec = ruleFromAssert("p95(duration_ms) < 1000 where kind = 'llm_call' by model");
    const result = evaluateRule(spec, {
      groupColumns: ['model'],
      overall: [
        { model: 'claude', value: 800, samples: 11 },
        { model: 'gpt-4o', value: 1200, samples: 14 },
        { model: 'mini', value: 300, samples: 13 },
      ],
    });
    expect(result.status).toBe('fail');
    expect(result.results.map((r) => [r.group.model, r.status, r.observed, r.samples])).toEqual([
      ['claude', 'pass', 800, 11],
      ['gpt-4o', 'fail', 1200, 14],
      ['mini', 'pass', 300, 13],
    ]);
    expect(checkResult([result]).counts).toEqual({ rules: 1, checks: 3, passed: 2, warnings: 0, failed: 1 });
  });

  test('a group with nothing to aggregate is no data on its own', () => {
    const result = evaluateRule(ruleFromAssert('avg(duration_ms) < 1000 by model'), {
      groupColumns: ['model'],
      overall: [
        { model: 'a', value: 10, samples: 1 },
        { model: 'b', value: null, samples: 0 },
      ],
    });
    expect(result.results.map((r) => [r.group.model, r.status, r.no_data])).toEqual([
      ['a', 'pass', false],
      ['b', 'fail', true],
    ]);
  });
});

describe('baseline thresholds', () => {
  const spec = ruleFromAssert('p95(duration_ms) < baseline * 1.2 by model');
  const data: RuleData = {
    groupColumns: ['model'],
    overall: [
      { model: 'a', value: 1150, samples: 5 },
      { model: 'b', value: 1300, samples: 5 },
      { model: 'c', value: 10, samples: 5 },
    ],
  };
  const baseline = new Map([
    [groupKey(['a']), 1000],
    [groupKey(['b']), 1000],
  ]);

  test('compare with the baseline value times the factor, group by group', () => {
    const result = evaluateRule(spec, data, baseline);
    expect(result.baseline_formula).toBe('baseline * 1.2');
    expect(result.results.map((r) => [r.group.model, r.status, r.threshold, r.baseline, r.no_data_reason])).toEqual([
      ['a', 'pass', 1200, 1000, null],
      ['b', 'fail', 1200, 1000, null],
      // not in the baseline: no data, which fails by default
      ['c', 'fail', null, null, 'no_baseline'],
    ]);
  });

  test('without any baseline, every group is no data', () => {
    expect(evaluateRule(spec, data).results.every((r) => r.no_data_reason === 'no_baseline')).toBe(true);
  });
});

describe('for: and every: at their boundaries', () => {
  /** Per-minute error rates from T0; null leaves the minute out (no records). */
  function minutes(values: readonly (number | null)[], extra: Record<string, unknown> = {}): RuleData {
    const buckets = values.flatMap((value, i) => (value === null ? [] : [{ [BUCKET_COLUMN]: T0 + i * MIN, ...extra, value, samples: 10 }]));
    return {
      groupColumns: Object.keys(extra),
      overall: [{ ...extra, value: 0.5, samples: 10 * values.length }],
      buckets,
      range: { first: T0, last: T0 + (values.length - 1) * MIN },
    };
  }
  const fiveMinutes = rule('error_rate < 0.1', { for: '5m', every: '1m' });
  const B = 0.5; // a breached minute
  const ok = 0.01;

  test('five consecutive breached minutes fail `for: 5m`', () => {
    const r = one(fiveMinutes, minutes([ok, B, B, B, B, B, ok]));
    expect(r.status).toBe('fail');
    expect(r.window).toMatchObject({
      needed_buckets: 5,
      buckets: 7,
      breached_buckets: 5,
      longest_breach: { buckets: 5, from: '2026-03-02T10:01:00.000Z', to: '2026-03-02T10:06:00.000Z', worst: B },
    });
  });

  test('four consecutive breached minutes pass `for: 5m`', () => {
    const r = one(fiveMinutes, minutes([ok, B, B, B, B, ok, B, B, B, B]));
    expect(r.status).toBe('pass');
    expect(r.breached).toBe(false);
    expect(r.window).toMatchObject({ breached_buckets: 8, longest_breach: { buckets: 4 } });
  });

  test('a breach that ends at the last bucket still counts', () => {
    expect(one(fiveMinutes, minutes([ok, B, B, B, B, B])).status).toBe('fail');
  });

  test('a breach that starts at the first bucket still counts', () => {
    expect(one(fiveMinutes, minutes([B, B, B, B, B, ok])).status).toBe('fail');
  });

  test('a minute that holds in the middle resets the run', () => {
    expect(one(fiveMinutes, minutes([B, B, B, ok, B, B, B])).status).toBe('pass');
  });

  test('a value exactly at the threshold holds (< 0.1 breaches from 0.1 on)', () => {
    expect(one(fiveMinutes, minutes([0.1, 0.1, 0.1, 0.1, 0.1])).status).toBe('fail');
    expect(one(fiveMinutes, minutes([0.0999, 0.1, 0.1, 0.1, 0.1])).status).toBe('pass');
  });

  test('a minute without records is no data for a rate and breaks the run', () => {
    expect(one(fiveMinutes, minutes([B, B, null, B, B, B])).status).toBe('pass');
  });

  test('observed is the worst bucket; the whole-input value stays in overall', () => {
    const r = one(fiveMinutes, minutes([ok, 0.3, 0.9, 0.2]));
    expect(r).toMatchObject({ observed: 0.9, overall: 0.5, window: { worst_bucket: { value: 0.9, from: '2026-03-02T10:02:00.000Z' } } });
  });

  test('for a count, a minute without records is 0 and can breach', () => {
    // At least one call a minute for 3 minutes: the calls stop after 10:01.
    const spec = rule("count >= 1 where kind = 'llm_call'", { for: '3m', every: '1m' });
    const data: RuleData = {
      groupColumns: [],
      overall: [{ value: 4, samples: 4 }],
      buckets: [
        { [BUCKET_COLUMN]: T0, value: 2, samples: 2 },
        { [BUCKET_COLUMN]: T0 + MIN, value: 2, samples: 2 },
      ],
      range: { first: T0, last: T0 + 4 * MIN },
    };
    const r = one(spec, data);
    expect(r.status).toBe('fail');
    expect(r.observed).toBe(0);
    expect(r.window?.longest_breach).toMatchObject({ buckets: 3, from: '2026-03-02T10:02:00.000Z', to: '2026-03-02T10:05:00.000Z', worst: 0 });
    // two empty minutes only: one short of `for: 3m`
    expect(one(spec, { ...data, range: { first: T0, last: T0 + 3 * MIN } }).status).toBe('pass');
  });

  test('every: alone fails on any single breached bucket', () => {
    const spec = rule('error_rate < 0.1', { every: '1m' });
    expect(spec.window).toMatchObject({ for: '1m', buckets: 1 });
    expect(one(spec, minutes([ok, ok, B, ok])).status).toBe('fail');
  });

  test('for: 10m over every: 5m needs two consecutive five-minute buckets', () => {
    const spec = rule('error_rate < 0.1', { for: '10m', every: '5m' });
    const data = (values: number[]): RuleData => ({
      groupColumns: [],
      overall: [{ value: 0.5, samples: 100 }],
      buckets: values.map((value, i) => ({ [BUCKET_COLUMN]: T0 + i * 5 * MIN, value, samples: 10 })),
      range: { first: T0, last: T0 + (values.length - 1) * 5 * MIN },
    });
    expect(one(spec, data([ok, B, B, ok])).status).toBe('fail');
    expect(one(spec, data([B, ok, B, ok])).status).toBe('pass');
  });

  test('with by, each group has its own runs', () => {
    const spec = rule('error_rate < 0.1 by model', { for: '2m', every: '1m' });
    const row = (model: string, minute: number, value: number) => ({ [BUCKET_COLUMN]: T0 + minute * MIN, model, value, samples: 1 });
    const result = evaluateRule(spec, {
      groupColumns: ['model'],
      overall: [
        { model: 'a', value: 0.5, samples: 3 },
        { model: 'b', value: 0.5, samples: 3 },
      ],
      // a breaches in minutes 0 and 1; b in minutes 0 and 2 only
      buckets: [row('a', 0, B), row('a', 1, B), row('a', 2, ok), row('b', 0, B), row('b', 1, ok), row('b', 2, B)],
      range: { first: T0, last: T0 + 2 * MIN },
    });
    expect(result.results.map((r) => [r.group.model, r.status])).toEqual([
      ['a', 'fail'],
      ['b', 'pass'],
    ]);
  });

  test('records without a time fall in no bucket: with only those, the window has no data', () => {
    const r = one(fiveMinutes, { groupColumns: [], overall: [{ value: 0.5, samples: 3 }], buckets: [], range: null });
    expect(r).toMatchObject({ no_data: true, status: 'fail' });
  });
});
