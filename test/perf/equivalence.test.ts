// Speed work must not change answers: the canonical rows of a small generated agent log and of a
// file of edge cases (exponent numbers, duplicate keys, nested errors, non-object JSON, a truncated
// last line) are pinned in golden files, and every record's attrs must still be the record as logged.
//
// After an intended change of ingest semantics, regenerate the golden files and review the diff:
//   LOGMETER_UPDATE_GOLDEN=1 npx vitest run test/perf/equivalence.test.ts

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess } from '../helpers/cli.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const UPDATE = process.env.LOGMETER_UPDATE_GOLDEN === '1';
const INPUTS = ['agent-1500.log', 'edge-cases.log'];

const EVENTS_SQL = "SELECT * EXCLUDE (attrs, source), regexp_extract(source, '[^/]+$') AS file FROM events ORDER BY source, line";
const REJECTS_SQL = "SELECT * EXCLUDE (source), regexp_extract(source, '[^/]+$') AS file FROM rejects ORDER BY source, line";
const ATTRS_SQL = 'SELECT line, attrs FROM events ORDER BY line';

async function rows(input: string, sql: string, format = 'csv'): Promise<string[]> {
  const result = await runInProcess(['query', join(HERE, 'fixtures', input), '-q', '-F', format, '--sql', sql]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout.split('\n').filter((line) => line.length > 0);
}

/** Compares with the golden file line by line, so a failure names the first row that changed. */
function expectGolden(name: string, actual: string[]): void {
  const path = join(HERE, 'golden', name);
  if (UPDATE || !existsSync(path)) {
    writeFileSync(path, actual.join('\n') + '\n');
    return;
  }
  const expected = readFileSync(path, 'utf8').split('\n').filter((line) => line.length > 0);
  const first = actual.findIndex((row, i) => row !== expected[i]);
  if (first !== -1 || actual.length !== expected.length) {
    const at = first === -1 ? Math.min(actual.length, expected.length) : first;
    expect({ row: at + 1, actual: actual[at], rows: actual.length }, `golden/${name} differs (LOGMETER_UPDATE_GOLDEN=1 regenerates it)`).toEqual({
      row: at + 1,
      actual: expected[at],
      rows: expected.length,
    });
  }
}

describe('ingest results stay the same while ingest gets faster', () => {
  for (const input of INPUTS) {
    const stem = input.replace(/\.log$/, '');

    it(`gives the pinned events for ${input}`, async () => {
      expectGolden(`${stem}.events.csv`, await rows(input, EVENTS_SQL));
    });

    it(`gives the pinned rejects for ${input}`, async () => {
      expectGolden(`${stem}.rejects.csv`, await rows(input, REJECTS_SQL));
    });

    it(`keeps every record of ${input} in attrs as it was logged`, async () => {
      const lines = readFileSync(join(HERE, 'fixtures', input), 'utf8').split('\n');
      for (const row of await rows(input, ATTRS_SQL, 'ndjson')) {
        const { line, attrs } = JSON.parse(row) as { line: number; attrs: unknown };
        let logged: unknown;
        try {
          logged = JSON.parse(lines[line - 1] as string);
        } catch {
          continue; // DuckDB also reads NaN and trailing commas, which JSON.parse refuses
        }
        expect(typeof attrs === 'string' ? JSON.parse(attrs) : attrs, `line ${line}`).toEqual(logged);
      }
    });
  }
});
