// Rules files: what a valid file gives, and every mistake reported as exit 2 with the file, the
// line, and for a bad expression the rule quoted with a caret under the fault.

import { describe, expect, test } from 'vitest';
import { ExitCode, UsageError } from '../../src/errors.js';
import { parseRulesText } from '../../src/check/rules-file.js';
import { parseDuration, ruleFromAssert, ruleWindow } from '../../src/check/spec.js';
import { loadRules } from '../../src/check/index.js';
import { logFile } from './helpers.js';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function problem(text: string): string {
  try {
    parseRulesText(text, 'rules.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.usage);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('a valid rules file', () => {
  test('gives one checked rule per item, with defaults and the line it was written on', () => {
    const specs = parseRulesText(
      [
        '# comment',
        'rules:',
        '  - name: HighLatency',
        "    expr: p95(duration_ms) < 1s where kind = 'request'",
        '    severity: warn',
        '    for: 5m',
        '    every: 1m',
        '    on_no_data: pass',
        '    description: P95 above a second',
        '  - expr: count > 7000',
      ].join('\n'),
      'rules.yml',
    );
    expect(specs).toHaveLength(2);
    expect(specs[0]).toMatchObject({
      name: 'HighLatency',
      severity: 'warn',
      onNoData: 'pass',
      description: 'P95 above a second',
      window: { for: '5m', every: '1m', forMs: 300_000, everyMs: 60_000, buckets: 5 },
      origin: { file: 'rules.yml', line: 3 },
      rule: { op: '<', threshold: { type: 'value', value: 1000 } },
    });
    expect(specs[1]).toMatchObject({ name: 'count > 7000', severity: 'error', onNoData: 'fail', window: null, origin: { line: 10 } });
  });
});

describe('mistakes in a rules file are exit 2 with the file and line', () => {
  test('a bad expression quotes the rule with a caret under the fault', () => {
    expect(problem('rules:\n  - name: Slow\n    expr: p95(duraton_ms) < 1000\n')).toBe(
      'rules.yml:3: rule Slow: unknown column duraton_ms; did you mean duration_ms?\n  p95(duraton_ms) < 1000\n      ^^^^^^^^^^',
    );
  });

  test('a bad operator is caught before any input is read', () => {
    expect(problem('rules:\n  - name: Eq\n    expr: count = 5\n')).toBe('rules.yml:3: rule Eq: write == to compare for equality\n  count = 5\n        ^');
  });

  test.each([
    ['rules: [\n', /^rules\.yml:2:1: not valid YAML/],
    ['- expr: count > 1\n', /^rules\.yml:1: expected a top-level rules: list/],
    ['rule:\n  - expr: count > 1\n', /^rules\.yml:1: unknown key "rule"; a rules file has rules: and budget:/],
    ['budget: lots\nrules:\n  - expr: count > 1\n', /^rules\.yml:1: budget: budget lots: write AMOUNT\[UNIT\]\/PERIOD\[@RESET\]/],
    ['budget: 100/day@25:00\nrules:\n  - expr: count > 1\n', /^rules\.yml:1: budget: .*HH:MM/],
    ['rules:\n  - name: A\n    expr: budget_remaining > 1 where ok\n', /^rules\.yml:3: rule A: budget_remaining is the configured budget's; it takes no where/],
    ['rules:\n  - name: A\n    expr: budget_remaining > 1\n    every: 1h\n', /^rules\.yml:4: rule A: budget_remaining is the budget's current period; it takes no for: or every:/],
    ['rules: []\n', /^rules\.yml:1: rules: is empty/],
    ['rules:\n  - count > 1\n', /^rules\.yml:2: each rule is a mapping/],
    ['rules:\n  - name: A\n    epxr: count > 1\n', /^rules\.yml:3: unknown rule key "epxr"; did you mean expr\?/],
    ['rules:\n  - name: A\n    expression: count > 1\n', /^rules\.yml:3: unknown rule key "expression"; a rule takes name, expr, severity/],
    ['rules:\n  - alert: A\n    expr: count > 1\n', /^rules\.yml:2: unknown rule key "alert"; did you mean name\?/],
    ['rules:\n  - name: A\n', /^rules\.yml:2: this rule has no expr:/],
    ['rules:\n  - name: A\n    expr: count > 1\n    severity: warning\n', /^rules\.yml:4: severity must be error or warn, not "warning"; write warn/],
    ['rules:\n  - name: A\n    expr: count > 1\n    severity: critical\n', /write error$/],
    ['rules:\n  - name: A\n    expr: count > 1\n    on_no_data: ignore\n', /^rules\.yml:4: on_no_data must be fail, pass or warn/],
    ['rules:\n  - name: A\n    expr: count > 1\n    for: 5 minutes\n', /^rules\.yml:4: rule A: for: must be a duration such as 30s, 5m, 1h or 1d/],
    ['rules:\n  - name: A\n    expr: count > 1\n    for: 5\n', /^rules\.yml:4: for must be a duration such as 5m/],
    ['rules:\n  - name: A\n    expr: count > 1\n    for: 90s\n', /^rules\.yml:4: rule A: for: 90s is not a whole number of every: 1m buckets/],
    ['rules:\n  - name: A\n    expr: reject_ratio < 0.01\n    for: 5m\n', /^rules\.yml:4: rule A: reject_ratio covers all input and has no time/],
    ['rules:\n  - name: A\n    expr: count > 1\n  - name: A\n    expr: count > 2\n', /^rules\.yml:4: rule name "A" is already used on line 2/],
    ['rules:\n  - name: A\n    expr: count > 1\n    labels: {severity: warning}\n', /^rules\.yml:4: unknown rule key "labels"; did you mean severity\?/],
  ])('%j', (text, expected) => {
    expect(problem(text)).toMatch(expected);
  });
});

describe('syntax errors point at the line the parser stopped at', () => {
  function syntaxProblem(text: string, file: string): string {
    try {
      parseRulesText(text, file);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as UsageError).message;
    }
    throw new Error('expected a UsageError');
  }

  test('YAML: a key indented under a value is reported on its rule, not on line 1', () => {
    const text = 'rules:\n  - name: a\n    expr: count > 1\n  - name: b\n    expr: count > 1\n     severity: warn\n';
    expect(syntaxProblem(text, 'y2.yml')).toBe('y2.yml:5:11: not valid YAML: Nested mappings are not allowed in compact mappings');
  });

  test('YAML: a tab used as indentation', () => {
    expect(syntaxProblem('rules:\n\t- name: a\n', 'tab.yml')).toBe('tab.yml:2:1: not valid YAML: Tabs are not allowed as indentation');
  });

  test('JSON: a missing comma is a JSON error at its line and column', () => {
    const text = '{"rules": [\n {"name": "a", "expr": "count > 1"},\n {"name": "b" "expr": "count > 1"}\n]}\n';
    expect(syntaxProblem(text, 'y4.json')).toBe("y4.json:3:15: not valid JSON: Expected ',' or '}' after property value");
  });

  test('JSON: a trailing comma, for which V8 states no position, is reported where it stops, on one line', () => {
    const text = '{\n  "rules": [\n    {"name": "A", "expr": "count > 1"},\n  ]\n}\n';
    // the `]` on line 4, column 3: V8's quote of the text around it is left out
    expect(syntaxProblem(text, 'rr.json')).toBe("rr.json:4:3: not valid JSON: Unexpected token ']'");
  });

  test('JSON: a file cut short is reported at its end', () => {
    expect(syntaxProblem('{"rules": [\n  {"expr": "count > 1"}', 'cut.json')).toMatch(/^cut\.json:2:\d+: not valid JSON: /);
  });

  test('JSON: a repeated key, which JSON.parse lets by, is still called JSON', () => {
    expect(syntaxProblem('{"rules": [], "rules": []}', 'dup.json')).toMatch(/^dup\.json:1:\d+: not valid JSON: Map keys must be unique/);
  });
});

describe('budgets', () => {
  test('budget: applies to every rule of its file; --budget overrides it', () => {
    const file = logFile('budget: 100 Diem/day@00:00\nrules:\n  - name: Low\n    expr: budget_remaining >= 10\n', 'rules.yml');
    const [spec] = loadRules({ rulesFiles: ['rules.yml'], cwd: dirname(file) });
    expect(spec?.budget).toEqual({ amount: 100, unit: 'Diem', period: 'day', reset: '00:00' });
    const [overridden] = loadRules({ rulesFiles: ['rules.yml'], budget: '50USD/week@mon', cwd: dirname(file) });
    expect(overridden?.budget).toEqual({ amount: 50, unit: 'USD', period: 'week', reset: 'mon' });
  });

  test('budget_remaining without a budget is exit 2 before any input is read', () => {
    expect(() => loadRules({ asserts: ['budget_remaining >= 10'], cwd: '/' })).toThrow(
      new UsageError('rule budget_remaining >= 10 reads budget_remaining; give the budget with budget: in the rules file or --budget, e.g. 100 Diem/day@00:00'),
    );
    expect(loadRules({ asserts: ['budget_remaining >= 10'], budget: '100/day', cwd: '/' })[0]?.budget).toMatchObject({ amount: 100 });
  });
});

describe('durations and windows', () => {
  test.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1.5m', 90_000],
  ])('%s is %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  test.each(['', '5', 'm', '-1m', '0s', '5 min', '1w'])('%j is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());

  test('for: alone takes every: 1m, or its own length when shorter', () => {
    expect(ruleWindow('5m', undefined)).toMatchObject({ every: '1m', buckets: 5 });
    expect(ruleWindow('30s', undefined)).toMatchObject({ every: '30s', buckets: 1 });
    expect(ruleWindow(undefined, undefined)).toBeNull();
  });
});

describe('--assert and loading', () => {
  test('an --assert expression is a rule named by itself, severity error', () => {
    expect(ruleFromAssert('count > 7000')).toMatchObject({ name: 'count > 7000', severity: 'error', onNoData: 'fail', window: null });
  });

  test('a bad --assert says so, quoting the expression with a caret', () => {
    expect(() => ruleFromAssert('p95(duration_ms) <> 5')).toThrow(
      new UsageError('--assert: write != for "not equal"\n  p95(duration_ms) <> 5\n                   ^^'),
    );
  });

  test('loadRules reads files relative to cwd, then asserts, and refuses no rules or a name twice', () => {
    const file = logFile('rules:\n  - name: A\n    expr: count > 1\n', 'rules.yml');
    const specs = loadRules({ rulesFiles: ['rules.yml'], asserts: ['count < 9'], cwd: dirname(file) });
    expect(specs.map((s) => s.name)).toEqual(['A', 'count < 9']);
    expect(() => loadRules({ cwd: '/' })).toThrow(UsageError);
    expect(() => loadRules({ asserts: ['count > 1', 'count > 1'], cwd: '/' })).toThrow(/two rules are named "count > 1"/);
    // the same name in two files says where both are
    const other = join(dirname(file), 'other.yml');
    writeFileSync(other, 'rules:\n  - name: B\n    expr: count > 1\n  - name: A\n    expr: count > 2\n');
    expect(() => loadRules({ rulesFiles: ['rules.yml', 'other.yml'], cwd: dirname(file) })).toThrow(
      new UsageError('two rules are named "A" (rules.yml:2 and other.yml:4); give each rule its own name'),
    );
    expect(() => loadRules({ rulesFiles: ['missing.yml'], cwd: dirname(file) })).toThrow('rules file not found: missing.yml');
  });
});
