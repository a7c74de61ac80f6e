import { describe, expect, it } from 'vitest';
import { keepsDay, partitionOf, pruneFiles, rangeBounds } from '../../src/export/partitions.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const files = ['2026-03-01', '2026-03-05', '2026-03-08', '2026-03-09', 'unknown'].flatMap((day) =>
  ['llm_call', 'request'].map((kind) => `/data/day=${day}/kind=${kind}/part-1.parquet`),
);
const days = (list: string[]) => [...new Set(list.map((f) => partitionOf(f).day))];

describe('parquet partitions', () => {
  it('reads the day and kind keys of a hive path', () => {
    expect(partitionOf('/x/node=a/day=2026-03-02/kind=file_op/part-9.parquet')).toEqual({ day: '2026-03-02', kind: 'file_op' });
    expect(partitionOf('plain.parquet')).toEqual({});
  });

  it('keeps every file when there is no time range', () => {
    expect(pruneFiles(files, {}, NOW)).toEqual(files);
  });

  it('keeps only the days an absolute --since/--until can touch, widening zone-less times by 14 hours', () => {
    expect(days(pruneFiles(files, { since: '2026-03-08T06:00:00Z' }, NOW))).toEqual(['2026-03-08', '2026-03-09']);
    expect(days(pruneFiles(files, { until: '2026-03-02' }, NOW))).toEqual(['2026-03-01']);
    expect(days(pruneFiles(files, { since: '2026-03-05T00:00:00Z', until: '2026-03-05T23:00:00Z' }, NOW))).toEqual(['2026-03-05']);
    expect(days(pruneFiles(files, { since: '2026-03-09 08:00', until: '2026-03-09 09:00' }, NOW))).toEqual(['2026-03-08', '2026-03-09']);
  });

  it('measures a relative --since from the newest day present when the data is older than now', () => {
    // The newest partition is 2026-03-09: "2d" must still reach back from its end, not from now.
    expect(days(pruneFiles(files, { since: '2d' }, NOW))).toEqual(['2026-03-08', '2026-03-09']);
    expect(days(pruneFiles(files, { since: '24h' }, Date.parse('2026-04-01T00:00:00Z')))).toEqual(['2026-03-08', '2026-03-09']);
  });

  it('reads everything when a bound cannot be understood, rather than dropping data', () => {
    expect(pruneFiles(files, { since: 'last tuesday' }, NOW)).toEqual(files);
    expect(rangeBounds({ since: 'yesterday' }, NOW, undefined)).toEqual({ from: undefined });
    expect(keepsDay('not-a-day', { from: NOW })).toBe(true);
  });

  it('drops records without a time when a range is given, since no time filter matches them', () => {
    expect(keepsDay('unknown', { from: 0 })).toBe(false);
    expect(keepsDay('unknown', {})).toBe(true);
  });
});
