// The bucket the report's charts over time share when --bucket is not given.

import { describe, expect, it } from 'vitest';
import { chartBucket } from '../../src/report/data.js';

const HOUR = 3_600_000;

describe('chartBucket()', () => {
  it('is the finest bucket that keeps the range to 120 buckets', () => {
    expect(chartBucket(HOUR / 2)).toBe('1m');
    expect(chartBucket(2 * HOUR)).toBe('1m');
    expect(chartBucket(3 * HOUR)).toBe('5m');
    expect(chartBucket(12 * HOUR)).toBe('15m');
    expect(chartBucket(72 * HOUR)).toBe('1h');
    expect(chartBucket(8 * 24 * HOUR)).toBe('3h');
    expect(chartBucket(400 * 24 * HOUR)).toBe('week');
  });
});
