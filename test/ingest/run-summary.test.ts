// What `ingest` prints about one run (its time range, records without a time, rejects by reason, and
// the bad rejects --max-reject-ratio weighs) covers that run's rows only, also where the name already
// holds rows on the same line numbers: stdin piped into the same --db again (cron piping journalctl
// or kubectl logs), and a file logrotate replaced, read again from line 1.

import { describe, expect, it } from 'vitest';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli.js';
import { useWorkdirs } from '../helpers/workdirs.js';

const workdir = useWorkdirs('logmeter-run-summary');

const MINUTE = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');

/** A pino line at minute `m` after T0; `time: null` leaves the time out. */
function record(m: number | null, msg = 'tick'): string {
  return JSON.stringify(m === null ? { level: 30, msg } : { level: 30, time: T0 + m * MINUTE, msg }) + '\n';
}

const iso = (m: number) => new Date(T0 + m * MINUTE).toISOString();

interface Summary {
  lines: number;
  records: number;
  rejects: number;
  rejects_by_reason: Record<string, number>;
  bad_rejects: number;
  records_without_ts: number;
  records_with_unreadable_ts: number;
  first_ts: string | null;
  last_ts: string | null;
}

async function ingest(db: string, inputs: string[], options: { stdin?: string; flags?: string[] } = {}): Promise<{ code: number; summary: Summary; stderr: string }> {
  const result = await runInProcess(['ingest', ...inputs, '--db', db, '--json', ...(options.flags ?? [])], { stdin: options.stdin });
  return { code: result.code, summary: result.stdout ? (JSON.parse(result.stdout) as Summary) : ({} as Summary), stderr: result.stderr };
}

describe("ingest's summary of one run", () => {
  it('counts only the piped lines of this run when stdin goes into the same database again', async () => {
    const db = join(workdir(), 'cron.duckdb');
    const first = await ingest(db, ['-'], { stdin: record(0) + record(1) + 'not json\n' + record(null) });
    expect(first.summary).toMatchObject({ records: 3, rejects: 1, rejects_by_reason: { invalid_json: 1 }, records_without_ts: 1, first_ts: iso(0), last_ts: iso(1) });

    // The second pipe's lines are stdin's lines 1..3 again.
    const second = await ingest(db, ['-'], { stdin: record(60) + '{"cut":\n' + '[1,2]\n' });
    expect(second.code).toBe(0);
    expect(second.summary).toMatchObject({
      records: 1,
      rejects: 2,
      rejects_by_reason: { invalid_json: 1, not_an_object: 1 },
      bad_rejects: 2,
      records_without_ts: 0,
      first_ts: iso(60),
      last_ts: iso(60),
    });

    // A time key whose value is no time is told from no time key, among this run's rows only.
    const third = await ingest(db, ['-'], { stdin: record(61) + JSON.stringify({ level: 30, time: 'yesterday', msg: 'x' }) + '\n' });
    expect(third.summary).toMatchObject({ records: 2, records_without_ts: 1, records_with_unreadable_ts: 1, first_ts: iso(61), last_ts: iso(61) });
  });

  it('counts only the new file after logrotate moved the old one away, on this run and the next', async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    // Yesterday's file: 6 lines, one bad, one without a time.
    writeFileSync(log, record(0) + record(1) + 'garbage\n' + record(null) + record(3) + record(4));
    expect((await ingest(db, [log])).summary).toMatchObject({ records: 5, rejects: 1, first_ts: iso(0), last_ts: iso(4) });

    // logrotate (create): app.log becomes app.log.1, the app writes a new app.log.
    renameSync(log, `${log}.1`);
    writeFileSync(log, record(1440) + record(1441));
    const rotated = await ingest(db, [log]);
    expect(rotated.summary).toMatchObject({
      lines: 2,
      records: 2,
      rejects: 0,
      rejects_by_reason: {},
      bad_rejects: 0,
      records_without_ts: 0,
      first_ts: iso(1440),
      last_ts: iso(1441),
    });

    // Appended to: lines 3..4, which yesterday's rows (a reject, a record without a time) hold too.
    writeFileSync(log, record(1440) + record(1441) + record(1442) + record(1443));
    const appended = await ingest(db, [log]);
    expect(appended.summary).toMatchObject({ lines: 2, records: 2, rejects_by_reason: {}, records_without_ts: 0, first_ts: iso(1442), last_ts: iso(1443) });
  });

  it("weighs this run's bad lines in --max-reject-ratio, not an earlier file's blank ones", async () => {
    const d = workdir();
    const log = join(d, 'app.log');
    const db = join(d, 'store.duckdb');
    // Blank lines are rejects too, but not bad ones: --max-reject-ratio leaves them out.
    writeFileSync(log, '\n\n\n' + record(0));
    await ingest(db, [log]);
    renameSync(log, `${log}.1`);
    // One bad line in four: 0.25 is over 0.1.
    writeFileSync(log, 'junk\n' + record(10) + record(11) + record(12));
    const run = await ingest(db, [log], { flags: ['--max-reject-ratio', '0.1'] });
    expect(run.summary).toMatchObject({ records: 3, rejects: 1, rejects_by_reason: { invalid_json: 1 }, bad_rejects: 1 });
    expect(run.stderr).toContain('reject ratio 0.2500 exceeds --max-reject-ratio 0.1 (exit 3)');
    expect(run.code).toBe(3);
  });

  it('adds the sources that share no lines and those that do into one summary', async () => {
    const d = workdir();
    const a = join(d, 'a.log');
    const b = join(d, 'b.log');
    const db = join(d, 'store.duckdb');
    writeFileSync(a, record(0) + 'bad\n');
    await ingest(db, [a]);
    renameSync(a, `${a}.old`);
    // a.log is new content on lines 1..2 again (its own transaction counts it); b.log is new (by line range).
    writeFileSync(a, record(100) + '[1,2]\n');
    writeFileSync(b, record(50) + record(null) + 'bad\n');
    const run = await ingest(db, [a, b]);
    expect(run.summary).toMatchObject({
      records: 3,
      rejects: 2,
      rejects_by_reason: { invalid_json: 1, not_an_object: 1 },
      records_without_ts: 1,
      first_ts: iso(50),
      last_ts: iso(100),
    });
  });
});
