// GitHub Actions output: workflow-command annotations and the markdown job summary.

import { describe, expect, test } from 'vitest';
import { renderAnnotations, renderMarkdownSummary } from '../../../src/check/format/github.js';
import { sampleResult } from './fixture.js';

describe('annotations', () => {
  const lines = renderAnnotations(sampleResult()).trimEnd().split('\n');

  test('one per failing or warning result: ::error for failures, ::warning for warnings', () => {
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['::error', '::error', '::warning', '::warning', '::error']);
  });

  test('point at the rule in its rules file and title it', () => {
    expect(lines[0]).toBe(
      '::error file=ci/rules.yml,line=2,title=logmeter check%3A FewRecords::count > 7000: 104, must be > 7,000 (104 samples)',
    );
  });

  test('escape properties (% CR LF : ,) and data (% CR LF)', () => {
    expect(lines[1]).toBe(
      "::error file=ci/rules.yml,line=4,title=logmeter check%3A Latency [model=gpt-4o <\"&'>%2C 100%25%3A x%0Ay]::p95(duration_ms) < 1000 where kind = 'llm_call' by model: 12,342.1, must be < 1,000 (14 samples)",
    );
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });

  test('a rules file path is made relative to the checkout, from wherever check ran', () => {
    const [line] = renderAnnotations(sampleResult(), undefined, { root: '/repo', cwd: '/repo/services/api' }).split('\n');
    expect(line).toMatch(/^::error file=services\/api\/ci\/rules\.yml,line=2,/);
    const [outside] = renderAnnotations(sampleResult(), undefined, { root: '/repo', cwd: '/elsewhere' }).split('\n');
    expect(outside).toMatch(/^::error file=ci\/rules\.yml,line=2,/);
  });

  test('nothing to say when everything passes', () => {
    const result = sampleResult();
    const passing = { ...result, rules: result.rules.map((r) => ({ ...r, results: r.results.filter((g) => g.status === 'pass') })) };
    expect(renderAnnotations(passing)).toBe('');
  });
});

describe('markdown summary', () => {
  const md = renderMarkdownSummary(sampleResult());

  test('a heading with the outcome, the counts, and a row per rule and group', () => {
    const lines = md.trimEnd().split('\n');
    expect(lines[0]).toBe('### ❌ logmeter check: fail');
    expect(lines[2]).toBe('7 checks from 6 rules: 2 passed, 2 warnings, 3 failed');
    expect(lines[4]).toBe('| | rule | group | observed | threshold | samples | note |');
    expect(lines.slice(6)).toHaveLength(7);
    expect(lines[6]).toBe('| ❌ | FewRecords |  | 104 | > 7,000 | 104 |  |');
  });

  test('escapes pipes and line breaks inside cells', () => {
    const result = sampleResult();
    const rule = result.rules[0]!;
    const piped = renderMarkdownSummary({ ...result, rules: [{ ...rule, name: 'a|b\nc' }] });
    expect(piped).toContain('| ❌ | a\\|b c |');
  });
});
