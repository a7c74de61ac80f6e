// Test helpers for check: a database holding a given log, and rules from text.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll } from 'vitest';
import { Database } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';

const made: string[] = [];

// Imported afresh by each test file (vitest isolates modules per file), so this runs after each
// file's tests and leaves nothing in $TMPDIR.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logmeter-check-test-'));
  made.push(dir);
  return dir;
}

/** Writes `text` to a log file in a fresh directory and returns its path. */
export function logFile(text: string, name = 'run.log'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** An in-memory database (or the given file) with these log files ingested. */
export async function databaseWith(inputs: readonly string[], file?: string): Promise<Database> {
  const db = await Database.open(file ? { file } : {});
  await ingest(db, { inputs, stdin: Readable.from([]) });
  return db;
}

/** One JSON log line per record, a minute apart from 2026-03-02T10:00:00Z unless `time` is given. */
export function jsonLines(records: readonly Record<string, unknown>[], start = Date.UTC(2026, 2, 2, 10, 0, 0)): string {
  return records.map((r, i) => JSON.stringify({ time: new Date(start + i * 60_000).toISOString(), level: 'info', ...r })).join('\n') + '\n';
}

/**
 * numpy's default ("linear") percentile: sort, position (n - 1) * q, interpolate between the
 * neighbours. Written out here so tests do not trust DuckDB's quantile_cont to check itself.
 */
export function percentileLinear(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}
