// Test helpers for the rollups: an independent percentile (numpy's default "linear" method), logs
// written by the real pino logger at chosen times, and databases ingested from them.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { Database } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
export const SCENARIO_FILE = fileURLToPath(new URL('../fixtures/gen/scenario.json', import.meta.url));

/**
 * numpy.percentile(values, q * 100) with the default method 'linear': sort, take the virtual index
 * h = (n - 1) q, and interpolate between the values at floor(h) and ceil(h).
 */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A database holding the given log files, ingested by logmeter's own pipeline. */
export async function ingestFiles(files: readonly string[]): Promise<Database> {
  const db = await Database.open();
  try {
    await ingest(db, { inputs: files, stdin: Readable.from([]) });
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export type PinoLogger = pino.Logger;

/**
 * Writes a log with the real pino logger: `write(log, at)` logs records, calling `at(iso)` to set
 * the time of the records that follow (`at(null)`: no time). Returns the file and a cleanup function.
 */
export function writePinoLog(write: (log: PinoLogger, at: (iso: string | null) => void) => void): { file: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'logmeter-rollups-'));
  const file = join(dir, 'app.log');
  let ms: number | null = Date.UTC(2026, 2, 2, 10, 0, 0);
  const dest = pino.destination({ dest: file, sync: true, append: false });
  // at(null): the records that follow carry no time at all
  const log = pino({ level: 'debug', base: { pid: 1, hostname: 'test-host', service: 'svc' }, timestamp: () => (ms === null ? '' : `,"time":${ms}`) }, dest);
  write(log, (iso) => {
    ms = iso === null ? null : Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`bad time ${iso}`);
  });
  dest.flushSync();
  return { file, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A database ingested from a pino log written by `write`; close() also removes the log. */
export async function pinoDatabase(write: Parameters<typeof writePinoLog>[0]): Promise<{ db: Database; file: string; lines: Record<string, unknown>[]; close: () => void }> {
  const { file, cleanup } = writePinoLog(write);
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  const db = await ingestFiles([file]);
  return { db, file, lines, close: () => { db.close(); cleanup(); } };
}

export interface ScenarioEvent {
  readonly seq: number;
  readonly ts: string;
  readonly ts_ms: number;
  readonly type: string;
  readonly kind: string;
  readonly ok: boolean;
  readonly [field: string]: unknown;
}

export function loadScenario(): ScenarioEvent[] {
  return (JSON.parse(readFileSync(SCENARIO_FILE, 'utf8')) as { events: ScenarioEvent[] }).events;
}

export function loadExpected(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as Record<string, unknown>;
}

/** Rows as [column values...] in the given order, for compact assertions. */
export function pick(rows: readonly Record<string, unknown>[], columns: readonly string[]): unknown[][] {
  return rows.map((r) => columns.map((c) => r[c]));
}
