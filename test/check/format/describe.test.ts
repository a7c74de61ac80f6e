// How numbers read in results: a threshold as written, and an observed value never rounded into
// reading as equal to its threshold (or on the wrong side of it).

import { describe, expect, test } from 'vitest';
import { checkResult, evaluateRule } from '../../../src/check/evaluate.js';
import { distinguishedNumber, exactNumber, resultSentence } from '../../../src/check/format/describe.js';
import { renderTable } from '../../../src/check/format/table.js';
import { ruleFromAssert } from '../../../src/check/spec.js';

function judged(expr: string, value: number) {
  return checkResult([evaluateRule(ruleFromAssert(expr), { groupColumns: [], overall: [{ value, samples: 19_999 }] })]);
}

describe('numbers in results', () => {
  test('an observed value just past the threshold shows the digits that put it there', () => {
    // 1000 errors in 19,999 records: 0.0500025..., rounded to 0.05 it would read "0.05, must be < 0.05"
    const result = judged('error_rate < 0.05', 1000 / 19_999);
    const rule = result.rules[0]!;
    expect(resultSentence(rule.results[0]!, rule)).toBe('0.050003, must be < 0.05 (19,999 samples)');
  });

  test('a value just under the threshold does not round up to it', () => {
    const result = judged('avg(duration_ms) < 0.0001', 9.999e-5);
    expect(renderTable(result)).toMatch(/✓ pass\s+avg\(duration_ms\) < 0\.0001\s+0\.00009999\s+< 0\.0001\s+19,999/);
  });

  test('the threshold is printed as written, every digit kept', () => {
    const result = judged('error_rate <= 0.0000999', 0.05);
    expect(renderTable(result)).toMatch(/<= 0\.0000999 /);
    expect(exactNumber(1234.5678)).toBe('1,234.5678');
    expect(exactNumber(1000)).toBe('1,000');
  });

  test('values far from the threshold keep their short rounding', () => {
    expect(distinguishedNumber(12342.123, 1000)).toBe('12,342.12');
    expect(distinguishedNumber(0.10526, 0.05)).toBe('0.1053');
    expect(distinguishedNumber(0.05, 0.05)).toBe('0.05');
  });

  test('== shows a difference that rounding would hide', () => {
    expect(distinguishedNumber(0.05000001, 0.05)).toBe('0.05000001');
  });
});
