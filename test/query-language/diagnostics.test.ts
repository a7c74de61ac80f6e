import { describe, expect, test } from 'vitest';
import { closest, editDistance } from '../../src/query-language/diagnostics.js';

describe('editDistance', () => {
  test('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  test('counts a swap of adjacent letters as one edit', () => {
    expect(editDistance('modle', 'model')).toBe(1);
  });
});

describe('closest', () => {
  test('suggests a near miss, ignoring case', () => {
    expect(closest('duraton_ms', ['duration_ms', 'tokens_in'])).toBe('duration_ms');
    expect(closest('MODEL', ['model'])).toBe('model');
  });

  test('suggests nothing when every candidate is far off', () => {
    expect(closest('latency', ['count', 'error_rate'])).toBeUndefined();
  });
});
