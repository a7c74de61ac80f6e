// Ingests files in-process into an in-memory database, for tests that then query events and rejects.

import { afterAll, beforeAll, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Database } from '../../../src/db.js';
import { ingest, type IngestOptions, type IngestSummary } from '../../../src/ingest/load.js';
import { runInProcess } from '../../helpers/cli.js';

export interface Ingested {
  readonly db: Database;
  readonly summary: IngestSummary;
  rows(sql: string, params?: Record<string, string | number>): Promise<Record<string, unknown>[]>;
  close(): void;
}

export async function ingestFiles(inputs: string[], options: Partial<IngestOptions> = {}, stdin: Buffer | string = ''): Promise<Ingested> {
  const db = await Database.open();
  try {
    const summary = await ingest(db, { inputs, stdin: Readable.from([Buffer.from(stdin)]), ...options });
    return { db, summary, rows: (sql, params) => db.all(sql, params), close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A log's counts as ingest found them, and the asked columns of its events. */
export interface LogRead {
  format: string | undefined;
  layout: string | undefined;
  lines: number;
  records: number;
  continuation: number;
  rejects: number;
  rows: Record<string, unknown>[];
}

let written = 0;

/**
 * Ingests a fixture under `fixtures` (by name), or lines written as a file in `dir`; returns its
 * counts and the asked columns of its events in line order, times as ISO text.
 */
export async function readLog(input: string | readonly string[], columns: string, where: { fixtures: string; dir: string }): Promise<LogRead> {
  let path: string;
  if (typeof input === 'string') path = join(where.fixtures, input);
  else {
    path = join(where.dir, `t${written++}.log`);
    writeFileSync(path, `${input.join('\n')}\n`);
  }
  const run = await ingestFiles([path]);
  try {
    const source = run.summary.sources[0];
    const rows = await run.rows(`SELECT ${columns} FROM events ORDER BY line`);
    return {
      format: source?.format,
      layout: source?.layout,
      lines: source?.lines ?? 0,
      records: source?.records ?? 0,
      continuation: source?.continuation_lines ?? 0,
      rejects: source?.rejects ?? 0,
      rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))),
    };
  } finally {
    run.close();
  }
}

/**
 * `readLog` for a test file of logger fixtures under `fixtures`: lines a test writes go to a scratch
 * directory made before the file's tests and removed after them, and every read checks that each
 * line is a record's first line, a line continuing one, or a reject.
 */
export function accountedLogReader(fixtures: string, scratchPrefix: string): (input: string | readonly string[], columns: string) => Promise<LogRead> {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), scratchPrefix));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return async (input, columns) => {
    const r = await readLog(input, columns, { fixtures, dir });
    expect(r.records + r.continuation + r.rejects).toBe(r.lines);
    return r;
  };
}

/** A rule's first result as `logmeter check --json` reports it. */
export interface CheckResult {
  readonly observed: number;
  readonly samples: number;
  readonly status: string;
}

/** `logmeter check --json ARGS`: its exit code and each rule's first result, in the order of the rules. */
export async function checkResults(args: readonly string[], options: { stdin?: string | Buffer } = {}): Promise<{ code: number; results: CheckResult[] }> {
  const r = await runInProcess(['check', '--json', ...args], options);
  const rules = JSON.parse(r.stdout).rules as { results: CheckResult[] }[];
  return { code: r.code, results: rules.map((rule) => rule.results[0] as CheckResult) };
}
