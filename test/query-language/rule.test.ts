import { describe, expect, test } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { describeRule, parseRule, resolveThreshold, ruleToSql, type Rule } from '../../src/query-language/rule.js';
import { describeFilter } from '../../src/query-language/filter.js';
import { caret, usageErrorOf } from './helpers.js';

const sliced = (rule: Rule, at: { start: number; end: number } | undefined) =>
  at ? rule.source.slice(at.start, at.end) : undefined;

describe('the rule language parses every documented example exactly as written', () => {
  test("p95(duration_ms) < 1000 where kind = 'llm_call' by model", () => {
    const rule = parseRule("p95(duration_ms) < 1000 where kind = 'llm_call' by model");
    expect(rule).toMatchObject({
      metric: { type: 'aggregate', agg: 'p95', quantile: 0.95, column: { kind: 'column', name: 'duration_ms' } },
      op: '<',
      threshold: { type: 'value', value: 1000 },
      by: ['model'],
    });
    expect(rule.where && describeFilter(rule.where)).toBe("kind = 'llm_call'");
    expect(sliced(rule, rule.spans.metric)).toBe('p95(duration_ms)');
    expect(sliced(rule, rule.spans.op)).toBe('<');
    expect(sliced(rule, rule.spans.threshold)).toBe('1000');
    expect(sliced(rule, rule.spans.where)).toBe("where kind = 'llm_call'");
    expect(sliced(rule, rule.spans.by)).toBe('by model');
  });

  test("error_rate < 0.05 where kind = 'file_op'", () => {
    const rule = parseRule("error_rate < 0.05 where kind = 'file_op'");
    expect(rule).toMatchObject({ metric: { type: 'named', named: 'error_rate' }, op: '<', threshold: { value: 0.05 }, by: [] });
    expect(rule.where && describeFilter(rule.where)).toBe("kind = 'file_op'");
    expect(rule.spans.by).toBeUndefined();
  });

  test('count > 7000', () => {
    const rule = parseRule('count > 7000');
    expect(rule).toMatchObject({ source: 'count > 7000', metric: { type: 'named', named: 'count' }, op: '>', threshold: { type: 'value', value: 7000 } });
    expect(rule.where).toBeUndefined();
  });

  test("sum(cost_usd) < 5 where model = 'gpt-4o'", () => {
    const rule = parseRule("sum(cost_usd) < 5 where model = 'gpt-4o'");
    expect(rule).toMatchObject({ metric: { type: 'aggregate', agg: 'sum', quantile: null, column: { name: 'cost_usd' } }, threshold: { value: 5 } });
    expect(rule.where && describeFilter(rule.where)).toBe("model = 'gpt-4o'");
  });

  test('reject_ratio < 0.01', () => {
    expect(parseRule('reject_ratio < 0.01')).toMatchObject({ metric: { type: 'named', named: 'reject_ratio' }, op: '<', threshold: { value: 0.01 } });
  });
});

describe('the rule language', () => {
  test('reads every aggregate and percentile', () => {
    const quantiles: [string, string, number | null][] = [
      ['count(model)', 'count', null],
      ['count(*)', 'count', null],
      ['sum(tokens_in)', 'sum', null],
      ['avg(duration_ms)', 'avg', null],
      ['min(duration_ms)', 'min', null],
      ['max(duration_ms)', 'max', null],
      ['p50(duration_ms)', 'p50', 0.5],
      ['p90(duration_ms)', 'p90', 0.9],
      ['p99(duration_ms)', 'p99', 0.99],
      ['p99.9(duration_ms)', 'p99.9', 0.999],
      ['p0(duration_ms)', 'p0', 0],
      ['p100(duration_ms)', 'p100', 1],
    ];
    for (const [metric, agg, quantile] of quantiles) {
      expect(parseRule(`${metric} > 1`).metric).toMatchObject({ type: 'aggregate', agg, quantile });
    }
    expect(parseRule('count(*) > 1').metric).toMatchObject({ column: null });
  });

  test('reads every named metric', () => {
    for (const named of ['count', 'error_rate', 'workflow_failure_rate', 'reject_ratio', 'unpriced_calls', 'cost_usd', 'tokens_in', 'tokens_out']) {
      expect(parseRule(`${named} >= 0`).metric).toMatchObject({ type: 'named', named });
    }
  });

  test('reads every comparison', () => {
    for (const op of ['<', '<=', '>', '>=', '==', '!=']) expect(parseRule(`count ${op} 1`).op).toBe(op);
  });

  test('reads keywords and metric names in any case', () => {
    const rule = parseRule("P95(duration_ms) < 1 WHERE kind = 'request' BY model");
    expect(describeRule(rule)).toBe("p95(duration_ms) < 1 where kind = 'request' by model");
  });

  test('reads baseline thresholds as a factor and an offset', () => {
    expect(parseRule('count < baseline * 1.2').threshold).toMatchObject({ type: 'baseline', factor: 1.2, offset: 0 });
    expect(parseRule('p95(duration_ms) < baseline + 100').threshold).toMatchObject({ factor: 1, offset: 100 });
    expect(parseRule('p95(duration_ms) < baseline - 50ms').threshold).toMatchObject({ factor: 1, offset: -50 });
    expect(parseRule('p95(duration_ms) < baseline + 1s').threshold).toMatchObject({ factor: 1, offset: 1000 });
    expect(parseRule('error_rate <= baseline').threshold).toMatchObject({ factor: 1, offset: 0 });
  });

  test('resolves a threshold against a baseline value', () => {
    expect(resolveThreshold(parseRule('count < 5').threshold)).toBe(5);
    expect(resolveThreshold(parseRule('count < baseline * 1.5').threshold, 200)).toBe(300);
    expect(resolveThreshold(parseRule('count < baseline + 100').threshold, 200)).toBe(300);
    expect(() => resolveThreshold(parseRule('count < baseline').threshold)).toThrow(TypeError);
  });

  test('converts duration units in thresholds over duration_ms to milliseconds', () => {
    expect(parseRule('p95(duration_ms) < 1s').threshold).toMatchObject({ value: 1000 });
    expect(parseRule('avg(duration_ms) < 500ms').threshold).toMatchObject({ value: 500 });
    expect(parseRule('max(duration_ms) < 1.5m').threshold).toMatchObject({ value: 90_000 });
  });

  test('groups by several columns, attrs fields and pseudo-dimensions', () => {
    const rule = parseRule('count > 1 by model, attrs.region, weekday');
    expect(rule.by).toEqual(['model', 'attrs.region', 'weekday']);
    expect(rule.byColumns.map((c) => c.kind)).toEqual(['column', 'field', 'derived']);
  });

  test('aggregates an attrs field as a number, finite values only', () => {
    expect(ruleToSql(parseRule('avg(attrs.retries) < 2'))).toEqual({
      sql: [
        'SELECT CAST(lm_exact_avg(CASE WHEN isfinite(TRY_CAST(json_extract_string("attrs", $p0) AS DOUBLE)) THEN TRY_CAST(json_extract_string("attrs", $p0) AS DOUBLE) END) AS DOUBLE) AS "value", ' +
          'count(CASE WHEN isfinite(TRY_CAST(json_extract_string("attrs", $p0) AS DOUBLE)) THEN TRY_CAST(json_extract_string("attrs", $p0) AS DOUBLE) END) AS "samples"',
        'FROM "events"',
      ].join('\n'),
      params: { p0: '$.retries' },
      groupColumns: [],
    });
  });

  test('prints a rule canonically', () => {
    expect(describeRule(parseRule("p99.9(duration_ms)<2s where kind='llm_call' and not ok by model,day"))).toBe(
      "p99.9(duration_ms) < 2000 where kind = 'llm_call' and not ok by model, day",
    );
    expect(describeRule(parseRule('count(*) >= baseline - 5'))).toBe('count(*) >= baseline - 5');
    expect(describeRule(parseRule('count >= baseline * 2'))).toBe('count >= baseline * 2');
  });
});

describe('ruleToSql', () => {
  test('computes a percentile per group with the fraction bound', () => {
    expect(ruleToSql(parseRule("p95(duration_ms) < 1000 where kind = 'llm_call' by model"))).toEqual({
      sql: [
        'SELECT "model" AS "model", CAST(quantile_cont("duration_ms", $p0) AS DOUBLE) AS "value", count("duration_ms") AS "samples"',
        'FROM "events"',
        'WHERE "kind" = $p1',
        'GROUP BY 1',
        'ORDER BY 1',
      ].join('\n'),
      params: { p0: 0.95, p1: 'llm_call' },
      groupColumns: ['model'],
    });
  });

  test('computes error_rate as the share of matching records with ok = false', () => {
    expect(ruleToSql(parseRule("error_rate < 0.05 where kind = 'file_op'")).sql).toBe(
      [
        'SELECT CAST(CAST(count(*) FILTER (WHERE "ok" = false) AS DOUBLE) / nullif(count(*), 0) AS DOUBLE) AS "value", count(*) AS "samples"',
        'FROM "events"',
        'WHERE "kind" = $p0',
      ].join('\n'),
    );
  });

  test('computes count, and sums that are 0 over nothing', () => {
    expect(ruleToSql(parseRule('count > 7000')).sql).toBe('SELECT CAST(count(*) AS DOUBLE) AS "value", count(*) AS "samples"\nFROM "events"');
    expect(ruleToSql(parseRule("sum(cost_usd) < 5 where model = 'gpt-4o'")).sql).toBe(
      'SELECT CAST(coalesce(lm_exact_sum("cost_usd"), 0) AS DOUBLE) AS "value", count("cost_usd") AS "samples"\nFROM "events"\nWHERE "model" = $p0',
    );
  });

  test('computes reject_ratio over the rejects and events tables', () => {
    expect(ruleToSql(parseRule('reject_ratio < 0.01'), { rejectsRelation: 'bad_lines' }).sql).toBe(
      [
        'SELECT CAST(r.n AS DOUBLE) / nullif(r.n + e.n, 0) AS "value", r.n + e.n AS "samples"',
        'FROM (SELECT count(*) AS n FROM "bad_lines") AS r, (SELECT count(*) AS n FROM "events") AS e',
      ].join('\n'),
    );
  });

  test('reads cost and unpriced calls from the relation the caller passes', () => {
    expect(ruleToSql(parseRule('unpriced_calls == 0'), { relation: 'priced_events' }).sql).toBe(
      [
        `SELECT CAST(count(*) FILTER (WHERE "kind" = 'llm_call' AND "cost_usd" IS NULL) AS DOUBLE) AS "value", count(*) FILTER (WHERE "kind" = 'llm_call') AS "samples"`,
        'FROM "priced_events"',
      ].join('\n'),
    );
    // Usage records only (the lm_usage_record macro, as the rollups' is_usage): a session's total
    // cost is not added again. test/query-language/duckdb.test.ts runs it.
    const usage = `lm_usage_record("kind", "tokens_in", "tokens_out", "cost_usd")`;
    expect(ruleToSql(parseRule('cost_usd < 10'), { relation: 'priced_events' }).sql).toBe(
      `SELECT CAST(coalesce(lm_exact_sum(CASE WHEN ${usage} THEN "cost_usd" END), 0) AS DOUBLE) AS "value", count("cost_usd") FILTER (WHERE ${usage}) AS "samples"\nFROM "priced_events"`,
    );
  });

  test('quotes a relation name rather than splicing it', () => {
    expect(ruleToSql(parseRule('count > 1'), { relation: 'x"; drop table events; --' }).sql).toContain(
      'FROM "x""; drop table events; --"',
    );
  });

  test('renames a group column that would clash with value or samples', () => {
    const { sql, groupColumns } = ruleToSql(parseRule('count > 1 by value, metric'));
    expect(groupColumns).toEqual(['by_value', 'metric']);
    expect(sql).toContain('SELECT "value" AS "by_value", "metric" AS "metric",');
  });

  test('binds the parameters under the given prefix', () => {
    expect(ruleToSql(parseRule("p50(duration_ms) > 1 where model = 'x' by attrs.region"), { paramPrefix: 'r_' }).params).toEqual({
      r_0: '$.region',
      r_1: 0.5,
      r_2: 'x',
    });
  });
});

describe('rule errors quote the rule and put a caret under the fault', () => {
  const cases: [string, string, string][] = [
    ['p95(duraton_ms) < 1000', 'unknown column duraton_ms; did you mean duration_ms?', '    ^^^^^^^^^^'],
    ['count >> 5', 'expected a number or baseline after >, found >', '       ^'],
    ['p95(model) < 1000', 'p95 needs a number column; model is text', '    ^^^^^'],
    ['avg(ok) < 1', 'avg needs a number column; ok is true or false', '    ^^'],
    ['max(ts) < 1', 'max needs a number column; ts is a timestamp', '    ^^'],
    ["reject_ratio < 0.01 where kind = 'x'", 'reject_ratio covers all input; it takes no where', '                    ^^^^^'],
    ['reject_ratio < 0.01 by model', 'reject_ratio covers all input; it takes no by', '                    ^^'],
    ['median(duration_ms) < 5', 'unknown aggregate median; did you mean p50?', '^^^^^^'],
    ['avrg(duration_ms) < 5', 'unknown aggregate avrg; did you mean avg?', '^^^^'],
    ['frobnicate(duration_ms) < 5', 'unknown aggregate frobnicate; use count, sum, avg, min, max or a percentile such as p95', '^^^^^^^^^^'],
    [
      'latency < 5',
      'unknown metric latency; use count, error_rate, workflow_failure_rate, reject_ratio, unpriced_calls, cost_usd, tokens_in, tokens_out or an aggregate such as p95(duration_ms)',
      '^^^^^^^',
    ],
    ['eror_rate < 0.1', 'unknown metric eror_rate; did you mean error_rate?', '^^^^^^^^^'],
    ['duration_ms < 5', 'duration_ms is a column; aggregate it, e.g. p95(duration_ms) or sum(duration_ms)', '^^^^^^^^^^^'],
    ['p95 < 5', 'p95 needs a column, e.g. p95(duration_ms)', '^^^'],
    ['error_rate(ok) < 1', 'error_rate takes no column; write error_rate alone', '          ^'],
    ['count = 5', 'write == to compare for equality', '      ^'],
    ['count <> 5', 'write != for "not equal"', '      ^^'],
    ['p95(duration_ms) => 1000', '=> is not an operator; did you mean >=?', '                 ^^'],
    ['count =< 5', '=< is not an operator; did you mean <=?', '      ^^'],
    ["p95(duration_ms) < 1 by model where kind = 'llm_call'", 'where comes before by: METRIC OP THRESHOLD where FILTER by COLUMN', '                              ^^^^^'],
    ['count', 'expected a comparison: <, <=, >, >=, == or !=, found the end of the expression', '     ^'],
    ['count <', 'expected a number or baseline after <, found the end of the expression', '       ^'],
    ["count < '5'", "expected a number or baseline after <, found '5'", '        ^^^'],
    ['p150(duration_ms) < 1', 'p150 is not a percentile; use p0 to p100', '^^^^'],
    ['sum(*) > 1', 'sum needs a column, e.g. sum(duration_ms)', '    ^'],
    ['p95(duration_ms < 5', 'expected ), found <', '                ^'],
    ['avg(attrs) > 1', 'attrs is the whole logged record; aggregate one of its fields, e.g. attrs.region', '    ^^^^^'],
    ['count > 5 where', 'expected a column name, found the end of the expression', '               ^'],
    ['count > 5 by model model', 'expected a comma or the end of the list, found model', '                   ^^^^^'],
    ['count > 5 where ok model', 'expected and, or, by, or the end of the rule, found model', '                   ^^^^^'],
    ['count > 5 limit 3', 'expected where, by, or the end of the rule, found limit', '          ^^^^^'],
    ['count > 5 by model, model', 'model is listed twice', '                    ^^^^^'],
    ['count > 5 by attrs', 'attrs is the whole logged record; group by one of its fields, e.g. attrs.region', '             ^^^^^'],
    ['count > 1s', 'a unit (1s) only applies to duration_ms, not count', '        ^^'],
    ['count(duration_ms) > 1s', 'a unit (1s) only applies to duration_ms, not count(duration_ms)', '                     ^^'],
    ['p95(duration_ms) < baseline * 2s', 'a baseline factor is a plain number, e.g. baseline * 1.2', '                              ^^'],
    ['count < baseline * x', 'expected a number, found x', '                   ^'],
    ["p95(duration_ms) < 1000 where modle = 'x'", 'unknown column modle; did you mean model?', '                              ^^^^^'],
    ["count > 1 where model = 'a'; drop table events", 'unexpected character ;', '                           ^'],
    ['(count) > 1', 'expected a metric such as count, error_rate or p95(duration_ms), found (', '^'],
  ];
  test.each(cases)('%s', (text, problem, underline) => {
    const error = usageErrorOf(() => parseRule(text));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe(caret(problem, text, underline));
  });
});
