// -o: stdout, a file, or a strftime template filled from the report's end time (UTC), for cron.

import { describe, expect, it } from 'vitest';
import { expandOutputPath, isStdout } from '../../src/report/output-path.js';
import { UsageError } from '../../src/errors.js';

const END = new Date('2026-03-02T07:05:09.250Z'); // a Monday

describe('expandOutputPath()', () => {
  it('fills a dated report name from the end time', () => {
    expect(expandOutputPath('reports/%Y-%m-%d.html', END)).toBe('reports/2026-03-02.html');
    expect(expandOutputPath('r-%F_%H%M%S.html', END)).toBe('r-2026-03-02_070509.html');
  });

  it('knows the week, weekday, day of year, epoch and a literal %', () => {
    expect(expandOutputPath('%G-W%V-%u %a %b %j %s %y %T 100%%', END)).toBe('2026-W10-1 Mon Mar 061 1772435109 26 07:05:09 100%');
  });

  it('uses the ISO week-numbering year around new year', () => {
    expect(expandOutputPath('%G-W%V', new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(expandOutputPath('%G-W%V', new Date('2024-12-30T12:00:00Z'))).toBe('2025-W01');
  });

  it('leaves a name without fields as it is', () => {
    expect(expandOutputPath('report.html', END)).toBe('report.html');
  });

  it('rejects an unknown field as a usage error (exit 2)', () => {
    expect(() => expandOutputPath('r-%Q.html', END)).toThrow(UsageError);
    expect(() => expandOutputPath('r-%Q.html', END)).toThrow(/unknown field %Q/);
    try {
      expandOutputPath('r-%', END);
    } catch (error) {
      expect((error as UsageError).exitCode).toBe(2);
    }
  });
});

describe('isStdout()', () => {
  it('is true only for -', () => {
    expect(isStdout('-')).toBe(true);
    expect(isStdout('./-')).toBe(false);
  });
});
