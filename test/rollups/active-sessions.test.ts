// The overview's active_sessions is counted from the records near `now` and the session records
// (queries/_prelude.sql, active_sessions), not by aggregating every session a database holds. On a
// database filled by two ingests, the second appending records older than the first's (a session's
// end logged late, a session's start long before the range), it must equal the count over every
// session (session_spans.active) for every kind of range, and the numbers worked out by hand.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { writePinoLog } from './helpers.js';

const day = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;

let dir: string;
let dbFile: string;
let allSessionsFile: string;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  // The first hourly run's log. The session idle time is 30 minutes (the default).
  const first = writePinoLog((log, at) => {
    at(day('08:00')); log.info({ session_id: 'open-since-morning' }, 'session started');
    at(day('11:00')); log.info({ session_id: 'idle' }, 'session started');
    at(day('11:20')); log.info({ session_id: 'idle', tool: 'grep' }, 'tool used');
    at(day('11:40')); log.info({ session_id: 'ended-late' }, 'session started');
    at(day('11:45')); log.info({ session_id: 'new' }, 'session started');
    at(day('11:50')); log.info({ session_id: 'open-since-morning', tool: 'grep' }, 'tool used');
    at(day('11:50')); log.info({ session_id: 'ends-after-now' }, 'session started');
    at(day('11:55')); log.info({ session_id: 'ended-late', tool: 'grep' }, 'tool used');
    at(day('11:59')); log.info({ session_id: 'ended-long-ago', tool: 'grep' }, 'tool used');
    at(day('12:10')); log.info({ session_id: 'ends-after-now' }, 'session ended');
  });
  // The next run's log: records that arrive late, older than those already stored.
  const late = writePinoLog((log, at) => {
    at(day('07:00')); log.info({ session_id: 'started-early-seen-late' }, 'session started');
    at(day('09:00')); log.info({ session_id: 'ended-long-ago' }, 'session ended');
    at(day('11:35')); log.info({ session_id: 'started-early-seen-late', tool: 'grep' }, 'tool used');
    at(day('11:58')); log.info({ session_id: 'ended-late' }, 'session ended');
  });
  cleanups.push(first.cleanup, late.cleanup);
  dir = first.dir;
  dbFile = join(dir, 'sessions.duckdb');
  for (const file of [first.file, late.file]) {
    const run = await runInProcess(['ingest', file, '--db', dbFile, '-q']);
    expect(run.code).toBe(0);
  }
  // The definition the overview's count must keep: every session aggregated over all its records.
  allSessionsFile = join(dir, 'all-sessions.sql');
  writeFileSync(allSessionsFile, 'SELECT count(*) AS active_sessions FROM session_spans WHERE active\n');
});

afterAll(() => {
  for (const cleanup of cleanups) cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function activeSessions(range: readonly string[]): Promise<{ overview: unknown; allSessions: unknown }> {
  const overview = await runInProcess(['query', 'overview', '--db', dbFile, ...range, '-q', '-F', 'json']);
  const all = await runInProcess(['query', '--file', allSessionsFile, '--db', dbFile, ...range, '-q', '-F', 'json']);
  expect(overview.code, overview.stderr).toBe(0);
  expect(all.code, all.stderr).toBe(0);
  const count = (stdout: string) => (JSON.parse(stdout) as { rows: Array<{ active_sessions: unknown }> }).rows[0]?.active_sessions;
  return { overview: count(overview.stdout), allSessions: count(all.stdout) };
}

describe('active sessions on a database appended out of order', () => {
  test.each([
    // now = --until 12:00: records in (11:30, 12:00] from open-since-morning (11:50), new (11:45),
    // ends-after-now (its end at 12:10 is after now) and started-early-seen-late (11:35, stored late);
    // ended-late and ended-long-ago ended by then (their ends stored late), idle is idle
    ['a closed range', ['--since', day('11:30'), '--until', day('12:00')], 4],
    // now = the last record in range, 12:10: records after 11:40 begun before --since 11:55 count too
    // (open-since-morning at 11:50, new at 11:45); ends-after-now has ended at 12:10
    ['a range that begins less than the idle time before now', ['--since', day('11:55')], 2],
    // now = 11:36: idle (11:20) and started-early-seen-late (11:35) are active
    ['a --now inside the day', ['--now', day('11:36'), '--since', '1h'], 2],
    // no range: now is the last record, 12:10, as in the second range
    ['no range', [], 2],
  ])('%s: the overview counts what every session aggregated counts', async (_name, range, expected) => {
    const { overview, allSessions } = await activeSessions(range);
    expect(allSessions).toBe(expected);
    expect(overview).toBe(expected);
  });
});
