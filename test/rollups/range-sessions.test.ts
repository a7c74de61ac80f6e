// The sessions rollup aggregates only the sessions seen in the range (range_session_spans in
// queries/_prelude.sql: the sessions with a record in [since, until), each over all its records)
// and counts the active ones from the records near `now` (active_sessions), not every session a
// database holds. On a database filled by two ingests, the second appending records older than the
// first's (a session's start long before the range, an end logged late), its sections must equal
// the rollup as it was, over every session (REFERENCE, the old queries/sessions.sql), for every kind
// of range and --by, and the numbers worked out by hand.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { writePinoLog } from './helpers.js';

const REFERENCE = `-- sessions-reference: the sessions rollup over every session (session_spans)
-- @by day
-- @bucket none
WITH
seen AS (
  SELECT * FROM session_spans WHERE events > 0
)
SELECT count(*) AS sessions,
       (SELECT count(*) FROM session_spans WHERE active) AS active,
       count(ended) AS ended,
       lm_exact_avg(duration_ms) AS avg_duration_ms,
       avg(events) AS avg_events,
       avg(tokens) AS avg_tokens,
       avg(llm_calls) AS avg_llm_calls
FROM seen

-- @section created: sessions created per --by group
SELECT p.dims, count(*) AS created
FROM session_spans AS p, args AS a
WHERE p.started IS NOT NULL
  AND (a.since IS NULL OR p.started >= a.since)
  AND (a.until IS NULL OR p.started < a.until)
GROUP BY p.dims
ORDER BY p.dims
`;

const at = (day: number, hhmm: string) => `2026-03-0${day}T${hhmm}:00.000Z`;

let dir: string;
let dbFile: string;
let referenceFile: string;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  const call = (session_id: string, tokens: number, model = 'gpt-4o') => ({
    session_id, model, provider: 'openai', duration_ms: 800, usage: { prompt_tokens: tokens, completion_tokens: 10 },
  });
  // The first run's log. The range of most cases below is [03-02 11:00, 03-02 12:00).
  const first = writePinoLog((log, time) => {
    time(at(1, '08:00')); log.info({ session_id: 'open-for-days' }, 'session started');
    time(at(1, '09:00')); log.info({ session_id: 'ended-before' }, 'session started');
    time(at(1, '09:30')); log.info(call('ended-before', 100), 'llm call');
    time(at(1, '10:00')); log.info({ session_id: 'ended-before', duration_ms: 3_600_000 }, 'session ended');
    time(at(1, '23:00')); log.info({ session_id: 'ends-in-range' }, 'session started');
    time(at(2, '10:59')); log.info({ session_id: 'open-for-days', tool: 'grep' }, 'tool used');
    time(at(2, '11:00')); log.info(call('open-for-days', 200, 'claude-3-5-sonnet-20241022'), 'llm call');
    time(at(2, '11:05')); log.info(call('ends-in-range', 300), 'llm call');
    time(at(2, '11:10')); log.info({ session_id: 'ends-in-range' }, 'session closed');
    time(at(2, '11:20')); log.info({ session_id: 'ends-after' }, 'session started');
    time(at(2, '11:50')); log.info(call('ends-after', 400), 'llm call');
    time(at(2, '12:00')); log.info({ session_id: 'starts-at-until' }, 'session started');
    time(at(2, '13:00')); log.info({ session_id: 'ends-after', duration_ms: 6_000_000 }, 'session ended');
    time(null); log.info({ session_id: 'no-time' }, 'session started');
  });
  // The next run's log: records older than those already stored.
  const late = writePinoLog((log, time) => {
    time(at(1, '07:00')); log.info({ session_id: 'seen-late' }, 'session started');
    time(at(1, '12:00')); log.info({ session_id: 'ended-long-ago' }, 'session started');
    time(at(1, '12:30')); log.info({ session_id: 'ended-long-ago' }, 'session expired');
    time(at(2, '11:30')); log.info(call('seen-late', 500), 'llm call');
    time(at(2, '11:40')); log.info({ session_id: 'seen-late', tokens_in: 9000, tokens_out: 900 }, 'session ended');
    time(at(2, '11:45')); log.info({ session_id: 'ended-long-ago', tool: 'grep' }, 'tool used');
  });
  cleanups.push(first.cleanup, late.cleanup);
  dir = first.dir;
  dbFile = join(dir, 'sessions.duckdb');
  for (const file of [first.file, late.file]) {
    const run = await runInProcess(['ingest', file, '--db', dbFile, '-q']);
    expect(run.code, run.stderr).toBe(0);
  }
  referenceFile = join(dir, 'sessions-reference.sql');
  writeFileSync(referenceFile, REFERENCE);
});

afterAll(() => {
  for (const cleanup of cleanups) cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Sections { sessions: unknown[]; created: unknown[] }

async function sections(args: readonly string[]): Promise<Sections> {
  const r = await runInProcess(['query', ...args, '--db', dbFile, '-q', '-F', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout) as { rows: unknown[]; sections: Record<string, unknown[]> };
  return { sessions: result.rows, created: result.sections.created ?? [] };
}

const RANGES: Array<[string, string[]]> = [
  ['a closed range', ['--since', at(2, '11:00'), '--until', at(2, '12:00')]],
  ['a range open at its end', ['--since', at(2, '11:00')]],
  ['a range open at its start', ['--until', at(2, '11:30')]],
  ['a --now inside the range', ['--now', at(2, '11:36'), '--since', at(2, '11:00'), '--until', at(2, '11:36')]],
  ['a range holding no session record', ['--since', at(2, '14:00'), '--until', at(2, '15:00')]],
  ['no range', []],
];

describe('the sessions rollup on a database appended out of order', () => {
  test.each(RANGES)('%s: every section equals the rollup over every session', async (_name, range) => {
    for (const by of [[], ['--by', 'weekday'], ['--by', 'model']]) {
      const actual = await sections(['sessions', ...range, ...by]);
      const reference = await sections(['--file', referenceFile, ...range, ...by]);
      expect(actual, by.join(' ')).toEqual(reference);
    }
  });

  test('a closed range: the numbers worked out by hand', async () => {
    const { sessions, created } = await sections(['sessions', '--since', at(2, '11:00'), '--until', at(2, '12:00')]);
    // seen in [11:00, 12:00): open-for-days (11:00), ends-in-range (11:05, 11:10), ends-after (11:20,
    // 11:50), seen-late (11:30, 11:40) and ended-long-ago (11:45, stored late); not ended-before (all on
    // 03-01), starts-at-until (12:00 is outside), no-time.
    // ended: ends-in-range (11:10, no duration: 11:10 - 03-01 23:00 = 12h10m), ends-after (its end at
    // 13:00 logs 6,000,000 ms), seen-late (11:40 - 03-01 07:00 = 28h40m), ended-long-ago (03-01 12:30,
    // 30 minutes).
    // active at now = until, 12:00: begun, not ended by 12:00, a record in the last 30 minutes:
    // ends-after (11:50) and starts-at-until (its start at 12:00 is at now, though outside the range);
    // open-for-days was last seen at 11:00.
    expect(sessions).toEqual([{
      sessions: 5,
      active: 2,
      ended: 4,
      avg_duration_ms: (43_800_000 + 6_000_000 + 103_200_000 + 1_800_000) / 4,
      avg_events: (1 + 2 + 2 + 2 + 1) / 5,
      avg_tokens: (210 + 310 + 410 + 510) / 4,
      avg_llm_calls: (1 + 1 + 1 + 1 + 0) / 5,
    }]);
    // created in the range: ends-after (11:20) only, a Monday
    expect(created).toEqual([{ day: '2026-03-02', created: 1 }]);
  });
});
