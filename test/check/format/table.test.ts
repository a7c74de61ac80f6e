// The human table: ✓/✗ per rule and group, observed, threshold, samples, a note where needed.

import { describe, expect, test } from 'vitest';
import { renderTable } from '../../../src/check/format/table.js';
import { sampleResult } from './fixture.js';

describe('the human table', () => {
  const text = renderTable(sampleResult());
  const lines = text.trimEnd().split('\n');

  test('has a header, one aligned line per rule and group, and a summary line', () => {
    expect(lines[0]).toMatch(/^status\s+rule\s+group\s+observed\s+threshold\s+samples\s+note$/);
    expect(lines).toHaveLength(1 + 7 + 2);
    expect(lines.at(-1)).toBe('7 checks from 6 rules: 2 passed, 2 warnings, 3 failed');
  });

  test('marks passes with ✓, failures with ✗ and warnings with !', () => {
    expect(lines.slice(1, 8).map((l) => l.slice(0, 6))).toEqual(['✗ fail', '✓ pass', '✗ fail', '! warn', '✓ pass', '! warn', '✗ fail']);
  });

  test('shows observed, threshold and samples in their columns', () => {
    expect(lines[1]).toMatch(/^✗ fail\s+FewRecords\s+104\s+> 7,000\s+104$/);
    expect(lines[2]).toMatch(/^✓ pass\s+Latency\s+model=claude\s+800\.5\s+< 1,000\s+11$/);
    expect(lines[6]).toMatch(/Quiet\s+no data\s+< 10\s+0\s+no data: nothing to measure \(on_no_data: warn\)$/);
  });

  test('a group value with a line break stays on one line', () => {
    expect(lines[3]).toContain('model=gpt-4o <"&\'>, 100%: x y');
  });
});
