// LOGMETER_MEMORY_LIMIT is checked before DuckDB sees it: DuckDB says only "Failed to set config"
// of a bad one (and takes -1GB for no limit), which names neither the variable nor a fix.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { memoryLimitFromEnv } from '../../src/db.js';
import { FIXTURES, runBinary } from '../helpers/cli.js';

const PINO = join(FIXTURES, 'pino.log');

describe('LOGMETER_MEMORY_LIMIT', () => {
  it('a value that is not a positive size is exit 2, naming the variable and showing a valid one', () => {
    for (const value of ['2gigs', 'abc', '0', '-1GB', '1000', '0MB']) {
      const r = runBinary(['query', 'overview', PINO, '-q'], { env: { LOGMETER_MEMORY_LIMIT: value } });
      expect([value, r.code, r.stderr]).toEqual([
        value,
        2,
        `logmeter: LOGMETER_MEMORY_LIMIT=${value} is not a memory size: give a positive number and a unit, such as LOGMETER_MEMORY_LIMIT=2GB (or 512MB)\n`,
      ]);
    }
  });

  it('sizes DuckDB takes pass as written; empty means unset', () => {
    for (const value of ['2GB', '2 GB', '512mb', '1.5GiB', '2G', '4096KB']) expect(memoryLimitFromEnv(value)).toBe(value);
    expect(memoryLimitFromEnv('')).toBeUndefined();
    expect(memoryLimitFromEnv(undefined)).toBeUndefined();
    expect(runBinary(['query', PINO, '-q', '-F', 'csv', '--sql', 'SELECT count(*) AS n FROM events'], { env: { LOGMETER_MEMORY_LIMIT: '512MB' } }).stdout).toBe('n\n104\n');
  });
});
