// The common parameters and the configuration's parts, parsed without a database.

import { describe, expect, test } from 'vitest';
import { ExitCode, UsageError } from '../../src/errors.js';
import { budgetParams, healthThresholds, parseBudgetSpec, resetOffset, DEFAULT_HEALTH } from '../../src/rollups/config.js';
import { chooseBucket, compileBy, parseBucket, parseKinds, parseTime, parseTimePoint, resolveParams } from '../../src/rollups/params.js';

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError, and nothing was thrown');
}

const clock = () => new Date('2026-03-02T12:00:00Z');

describe('buckets', () => {
  test('read the issue\'s 1m, 5m, 1h and 1d, any N with a unit, and day, week and month', () => {
    expect(parseBucket('1m')).toEqual({ text: '1m', interval: '1 minutes', seconds: 60 });
    expect(parseBucket('5m').seconds).toBe(300);
    expect(parseBucket('1h').interval).toBe('1 hours');
    expect(parseBucket('1d').interval).toBe('1 days');
    expect(parseBucket('2w').interval).toBe('14 days');
    expect(parseBucket('90s').seconds).toBe(90);
    expect(parseBucket('week')).toMatchObject({ interval: '7 days' });
    expect(parseBucket('month')).toMatchObject({ interval: '1 month' });
    expect(parseBucket('3mo').interval).toBe('3 months');
  });

  test('refuse anything else with exit 2', () => {
    for (const bad of ['', '0m', '5', 'm', '1y', '5 minutes', '-1h']) {
      const error = usageError(() => parseBucket(bad));
      expect(error.exitCode, bad).toBe(ExitCode.usage);
      expect(error.message).toContain('use 1m, 5m, 1h or 1d');
    }
  });

  test('are chosen as the finest that keeps a range under 150 buckets', () => {
    expect(chooseBucket(0).text).toBe('1m');
    expect(chooseBucket(3 * 3600).text).toBe('5m');
    expect(chooseBucket(24 * 3600).text).toBe('1h');
    expect(chooseBucket(30 * 86_400).text).toBe('1d');
    expect(chooseBucket(400 * 86_400).text).toBe('week');
    expect(chooseBucket(10 * 365 * 86_400).text).toBe('month');
    // Past 150 months, runs of months: 20 years are 243 months, 2 to a bucket.
    expect(chooseBucket(20 * 365 * 86_400).text).toBe('2mo');
    expect(chooseBucket(60 * 365 * 86_400).text).toBe('6mo');
  });

  test('keep any range, up to a record stamped 9999, under 150 buckets', () => {
    const year = 365.25 * 86_400;
    for (const years of [13, 40, 100, 1000, 7973, 9999]) {
      const bucket = chooseBucket(years * year);
      expect([years, years * year / bucket.seconds < 150]).toEqual([years, true]);
    }
    expect(chooseBucket(7973 * 365.25 * 86_400).text).toBe('648mo');
  });
});

describe('times', () => {
  test('read the years below 100 as themselves (a range from a log starting in the year 1 is not refused)', () => {
    expect(parseTime('--since', '0001-01-01T00:00:00.000Z', clock).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(parseTime('--since', '0099-12-31', clock).toISOString()).toBe('0099-12-31T00:00:00.000Z');
  });

  test('read ISO times with and without a zone (UTC), and dates as midnight UTC', () => {
    expect(parseTime('--since', '2026-03-02T10:00:00Z', clock).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(parseTime('--since', '2026-03-02 10:00', clock).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(parseTime('--since', '2026-03-02', clock).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(parseTime('--since', '2026-03-02T10:00:00.123456+02:00', clock).toISOString()).toBe('2026-03-02T08:00:00.123Z');
    expect(parseTime('--since', '2026-03-02T10:00:00+0530', clock).toISOString()).toBe('2026-03-02T04:30:00.000Z');
  });

  test('read relative times as before the clock, and now, today and yesterday', () => {
    expect(parseTime('--since', '24h', clock).toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(parseTime('--since', '7d', clock).toISOString()).toBe('2026-02-23T12:00:00.000Z');
    expect(parseTime('--since', '30m', clock).toISOString()).toBe('2026-03-02T11:30:00.000Z');
    expect(parseTime('--until', 'now', clock).toISOString()).toBe('2026-03-02T12:00:00.000Z');
    expect(parseTime('--since', 'today', clock).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(parseTime('--since', 'yesterday', clock).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  test('keep the microseconds of an ISO time, as the events do, and cut the digits past them', () => {
    expect(parseTimePoint('--since', '2026-03-02T10:00:00.1235Z', clock)).toMatchObject({ micros: 500, iso: '2026-03-02T10:00:00.123500Z' });
    expect(parseTimePoint('--since', '2026-03-02T10:00:00.123456789+02:00', clock).iso).toBe('2026-03-02T08:00:00.123456Z');
    expect(parseTimePoint('--since', '2026-03-02T10:00:00.5Z', clock).iso).toBe('2026-03-02T10:00:00.500Z');
    expect(parseTimePoint('--since', '24h', clock).iso).toBe('2026-03-01T12:00:00.000Z');
    // .1234 and .1235 are different bounds, though the same millisecond
    const a = resolveParams({ since: '2026-03-02T10:00:00.1234Z', until: '2026-03-02T10:00:00.1235Z' });
    expect([a.since?.iso, a.until?.iso]).toEqual(['2026-03-02T10:00:00.123400Z', '2026-03-02T10:00:00.123500Z']);
    expect(usageError(() => resolveParams({ since: '2026-03-02T10:00:00.1235Z', until: '2026-03-02T10:00:00.1234Z' })).message).toContain('must be before');
  });

  test('refuse impossible dates and other text with a message naming the flag', () => {
    for (const bad of ['2026-02-30', 'last week', '2026-13-01', '12:00']) {
      const error = usageError(() => parseTime('--until', bad, clock));
      expect(error.message).toMatch(/^--until /);
    }
  });
});

describe('kinds and --by', () => {
  test('accept known kinds, lists, and all', () => {
    expect(parseKinds('llm_call')).toEqual(['llm_call']);
    expect(parseKinds('llm_call, request')).toEqual(['llm_call', 'request']);
    expect(parseKinds(['file_op', 'file_op'])).toEqual(['file_op']);
    expect(parseKinds('all')).toBe('all');
    expect(parseKinds(undefined)).toBeNull();
    expect(usageError(() => parseKinds('llm')).message).toContain('unknown kind llm');
  });

  test('compile --by through the query language, binding attrs paths, and none to nothing', () => {
    const { dims, params } = compileBy('model, attrs.region');
    expect(dims.map((d) => d.label)).toEqual(['model', 'attrs.region']);
    expect(Object.values(params)).toEqual(['$.region']);
    expect(dims[1]!.sql).not.toContain('region');
    expect(compileBy('none')).toEqual({ dims: [], params: {} });
    expect(compileBy('day').dims[0]!.sql).toContain('%Y-%m-%d');
  });

  test('refuse a range that is empty or backwards', () => {
    const error = usageError(() => resolveParams({ since: '2026-03-02T10:00:00Z', until: '2026-03-02T10:00:00Z' }));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(usageError(() => resolveParams({ top: 0 })).message).toContain('--top');
  });

  test('reads a relative --since or --until back from --now when one is given: the last day of an archived log', () => {
    const clock = () => new Date('2026-11-24T08:00:00Z');
    const r = resolveParams({ since: '24h', until: '1h', now: '2026-03-08T22:10:00Z' }, clock);
    expect(r.since?.iso).toBe('2026-03-07T22:10:00.000Z');
    expect(r.until?.iso).toBe('2026-03-08T21:10:00.000Z');
    expect(resolveParams({ since: '24h' }, clock).since?.iso).toBe('2026-11-23T08:00:00.000Z');
  });

  test('end the range at --now, taking it in, when --until is not given', () => {
    const clock = () => new Date('2026-11-24T08:00:00Z');
    const r = resolveParams({ since: '24h', now: '2026-03-08T22:10:00Z' }, clock);
    expect([r.since?.iso, r.until?.iso, r.now?.iso]).toEqual(['2026-03-07T22:10:00.000Z', '2026-03-08T22:10:00.000001Z', '2026-03-08T22:10:00.000Z']);
    // a --now at the last microsecond of a millisecond: the end is the next millisecond
    expect(resolveParams({ now: '2026-03-08T22:10:00.123999Z' }).until?.iso).toBe('2026-03-08T22:10:00.124Z');
    // --since at --now is a range of one instant; after it, a usage error that names --now
    expect(resolveParams({ since: '2026-03-08T22:10:00Z', now: '2026-03-08T22:10:00Z' }).until?.iso).toBe('2026-03-08T22:10:00.000001Z');
    expect(usageError(() => resolveParams({ since: '2026-03-09', now: '2026-03-08T22:10:00Z' })).message).toContain('must not be after --now');
    expect(resolveParams({ since: '24h' }, clock).until).toBeNull();
  });
});

describe('budgets', () => {
  test('turn a reset time into an offset from the period\'s natural start', () => {
    expect(resetOffset('day', undefined)).toBe('0 days 0 seconds');
    expect(resetOffset('day', '06:30')).toBe('0 days 23400 seconds');
    expect(resetOffset('week', 'wed 09:00')).toBe('2 days 32400 seconds');
    expect(resetOffset('week', 'monday')).toBe('0 days 0 seconds');
    expect(resetOffset('month', '15')).toBe('14 days 0 seconds');
    expect(resetOffset('month', '1 12:00')).toBe('0 days 43200 seconds');
    expect(usageError(() => resetOffset('month', '31')).message).toContain('1 to 28');
    expect(usageError(() => resetOffset('day', '25:00')).message).toContain('HH:MM');
  });

  test('read --budget specs, defaulting to USD', () => {
    expect(parseBudgetSpec('100/day')).toEqual({ amount: 100, period: 'day' });
    expect(parseBudgetSpec('50USD/day@06:00')).toEqual({ amount: 50, unit: 'USD', period: 'day', reset: '06:00' });
    expect(parseBudgetSpec('100 Diem/daily')).toEqual({ amount: 100, unit: 'Diem', period: 'day' });
    expect(parseBudgetSpec('2000000tokens/week@mon')).toEqual({ amount: 2_000_000, unit: 'tokens', period: 'week', reset: 'mon' });
    expect(usageError(() => parseBudgetSpec('a lot')).exitCode).toBe(ExitCode.usage);
    expect(usageError(() => parseBudgetSpec('0/day')).message).toContain('above 0');
  });

  test('bind cost budgets in their unit and token budgets as tokens', () => {
    expect(budgetParams({ amount: 10, period: 'month', reset: '15' })).toEqual({
      budget_amount: 10,
      budget_unit: 'USD',
      budget_period: '1 month',
      budget_reset_offset: '14 days 0 seconds',
      budget_units_per_usd: 1,
      budget_measure: 'cost',
    });
    expect(budgetParams({ amount: 100, unit: 'credits', unitsPerUsd: 50, period: 'day' })).toMatchObject({ budget_units_per_usd: 50, budget_measure: 'cost' });
    expect(budgetParams({ amount: 1e6, unit: 'tokens', period: 'day' })).toMatchObject({ budget_measure: 'tokens' });
  });
});

describe('health thresholds', () => {
  test('default to VIBEZEN\'s and the orchestrator\'s alert levels, and take overrides', () => {
    expect(healthThresholds(undefined)).toEqual(DEFAULT_HEALTH);
    expect(healthThresholds({ health: { p95DegradedMs: 250 } })).toEqual({ ...DEFAULT_HEALTH, p95DegradedMs: 250 });
    expect(usageError(() => healthThresholds({ health: { errorRateDegraded: -1 } })).exitCode).toBe(ExitCode.usage);
  });
});
