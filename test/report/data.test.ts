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
    expect(chartBucket(9 * 365 * 24 * HOUR)).toBe('month');
  });

  it('past 120 months, runs of months: one record stamped 9999 keeps the charts to 120 points', () => {
    const range = Date.parse('9999-01-01T00:00:00Z') - Date.parse('2026-03-02T10:00:00Z');
    // 97,000 months of 30 days, 809 to a bucket, rounded up to whole years.
    expect(chartBucket(range)).toBe('816mo');
    expect(range / (816 * 30 * 24 * HOUR)).toBeLessThan(120);
  });
});
