// `logmeter ingest`'s summary of the records it could not place in time: those with no time key
// apart from those whose time key holds a value that is no time logmeter reads, as `formats
// --explain` counts them, over the records of this run only.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-ingest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXPLAIN_HINT = '(logmeter formats --explain FILE shows the first)';

describe('logmeter ingest, records without a timestamp', () => {
  it('tells the records with no time key from those whose time it cannot read, in JSON and text sources', async () => {
    const json = join(dir, 'app.jsonl');
    writeFileSync(json, [
      '{"time":"2026-03-01T10:00:00Z","msg":"read"}',
      '{"time":"2026-03-01 10:00:00 ICT","msg":"a zone logmeter does not list"}',
      '{"time":"the first of March","msg":"a time in words"}',
      '{"msg":"no time key"}',
    ].join('\n') + '\n');
    const text = join(dir, 'app.log');
    writeFileSync(text, [
      '2026-03-01 10:00:01,123 - app - INFO - read',
      '2026-03-01 10:00:02,123 CST - app - INFO - US Central, China or Cuba',
      'INFO:root:a basicConfig line has no time',
    ].join('\n') + '\n');
    // Without a timestamp: JSON lines 2, 3 (unreadable) and 4 (no key); text lines 2 (unreadable) and 3 (no key).
    const result = await runInProcess(['ingest', json, text]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.split('\n');
    expect(lines).toContain('  time      2026-03-01T10:00:00.000Z .. 2026-03-01T10:00:01.123Z');
    expect(lines).toContain(`  no time   5 records without a timestamp: 2 with no time key, 3 whose time key holds no time logmeter reads ${EXPLAIN_HINT}`);
    const summary = JSON.parse((await runInProcess(['ingest', json, text, '--json'])).stdout);
    expect(summary).toMatchObject({ records: 7, records_without_ts: 5, records_with_unreadable_ts: 3 });
  });

  it('says which kind each is when no record has a time, and names only the kinds there are', async () => {
    const log = join(dir, 'untimed.jsonl');
    writeFileSync(log, '{"msg":"a"}\n{"time":"later","msg":"b"}\n{"msg":"c"}\n');
    const some = await runInProcess(['ingest', log]);
    expect(some.stderr.split('\n')).toContain(
      `  time      none of the 3 records has a timestamp: 2 with no time key, 1 whose time key holds no time logmeter reads ${EXPLAIN_HINT}`,
    );
    const keyless = join(dir, 'keyless.jsonl');
    writeFileSync(keyless, '{"msg":"a"}\n');
    expect((await runInProcess(['ingest', keyless])).stderr.split('\n')).toContain('  time      the one record has no timestamp: 1 with no time key');
    const timed = join(dir, 'timed.jsonl');
    writeFileSync(timed, '{"time":"2026-03-01T10:00:00Z","msg":"a"}\n');
    expect((await runInProcess(['ingest', timed])).stderr).not.toContain('without a timestamp');
  });

  it('counts only the records this run read into a --db, not those of earlier runs', async () => {
    const log = join(dir, 'growing.jsonl');
    const db = join(dir, 'growing.duckdb');
    writeFileSync(log, '{"time":"2026-03-01T10:00:00Z","msg":"a"}\n{"time":"soon","msg":"b"}\n{"msg":"c"}\n');
    const first = JSON.parse((await runInProcess(['ingest', log, '--db', db, '--json'])).stdout);
    expect(first).toMatchObject({ records: 3, records_without_ts: 2, records_with_unreadable_ts: 1 });
    appendFileSync(log, '{"time":"2026-03-01T10:01:00Z","msg":"d"}\n{"time":"2026-03-01 10:02:00 XYZT","msg":"e"}\n');
    const second = JSON.parse((await runInProcess(['ingest', log, '--db', db, '--json'])).stdout);
    expect(second).toMatchObject({ records: 2, records_without_ts: 1, records_with_unreadable_ts: 1 });
  });
});
