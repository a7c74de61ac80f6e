// sessions_active is counted by queries/metrics/sessions-active.sql at the newest record's time,
// given as `now` (collect.ts), not by the whole overview. It must be the overview's active_sessions
// of the same database, and the number worked out by hand, also when the newest record is a
// session's end, to the millisecond, and when records arrive late and out of order.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { writePinoLog } from '../rollups/helpers.js';

const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;

let dir: string;
let dbFile: string;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  const first = writePinoLog((log, time) => {
    time(at('08:00')); log.info({ session_id: 'open-since-morning' }, 'session started');
    time(at('11:40')); log.info({ session_id: 'open-since-morning', tool: 'grep' }, 'tool used');
    time(at('11:45')); log.info({ session_id: 'ended' }, 'session started');
    time(at('11:50')); log.info({ session_id: 'idle' }, 'session started');
    time(at('12:10')); log.info({ session_id: 'recent', tool: 'grep' }, 'tool used');
    time(at('12:20')); log.info({ session_id: 'ends-at-the-end' }, 'session started');
    time(at('12:30')); log.info({ session_id: 'starts-at-the-end' }, 'session started');
    // the newest record, 123 ms after the minute: a `now` cut to the second would leave it open
    time('2026-03-02T12:30:00.123Z'); log.info({ session_id: 'ends-at-the-end' }, 'session ended');
  });
  // a later ingest: the end of 'ended', logged late, and a record of 'idle' older than the newest
  const late = writePinoLog((log, time) => {
    time(at('11:55')); log.info({ session_id: 'ended' }, 'session ended');
    time(null); log.info({ session_id: 'no-time' }, 'session started');
  });
  cleanups.push(first.cleanup, late.cleanup);
  dir = first.dir;
  dbFile = join(dir, 'sessions.duckdb');
  for (const file of [first.file, late.file]) {
    const run = await runInProcess(['ingest', file, '--db', dbFile, '-q']);
    expect(run.code, run.stderr).toBe(0);
  }
});

afterAll(() => {
  for (const cleanup of cleanups) cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sessions_active', () => {
  test("is the overview's active_sessions at the newest record", async () => {
    const metrics = await runInProcess(['metrics', '--db', dbFile, '-q']);
    expect(metrics.code, metrics.stderr).toBe(0);
    const active = Number(/^logmeter_sessions_active (\S+)$/m.exec(metrics.stdout)?.[1]);
    const overview = await runInProcess(['query', 'overview', '--db', dbFile, '-q', '-F', 'json']);
    expect(overview.code, overview.stderr).toBe(0);
    expect(active).toBe((JSON.parse(overview.stdout) as { rows: Array<{ active_sessions: number }> }).rows[0]?.active_sessions);
    // now = 12:30:00.123; a session is active with a record in (12:00:00.123, now] and no end by
    // then: recent (12:10) and starts-at-the-end (12:30); not ends-at-the-end (ended at now itself),
    // open-since-morning and idle (last seen by 11:50), ended (its end stored late), no-time
    expect(active).toBe(2);
  });
});
