// Sidekiq's default log format (Sidekiq::Logger::Formatters::Pretty; real output of Sidekiq 6.4 in
// test/fixtures/loggers/sidekiq-jobs.log):
//
//   "#{time.utc.iso8601(3)} pid=#{pid} tid=#{tid}#{format_context} #{severity}: #{message}\n"
//   2026-03-02T10:00:01.484Z pid=12345 tid=9wl class=HardJob jid=b4a5... elapsed=1.235 INFO: done
//
// logfmt pairs (the time before them is a prefix, log-prefix.ts) followed by a severity and a
// message, which logfmt's grammar would read as the bare keys `INFO:` and `done`. Each job Sidekiq
// runs is logged `start`, then `done` or `fail` with its `elapsed` time in seconds (JobLogger), which
// is the record's duration; `fail` is a failure, as its word says. The message's own pairs are
// fields, as in any message. A job run is what logmeter calls a workflow run: the job's class is its
// `workflow` and its jid the `workflow_id` (on the job's own lines too), and JobLogger's three
// events are `workflow` records (JOB_EVENT_KINDS), `done` and `fail` ending the run.
import type { Kind } from '../../schema.js';
import type { JsonObject } from './format.js';
import { parseLogfmt, splitMessage } from './key-values.js';

const SEVERITY_MESSAGE = / (DEBUG|INFO|WARN|ERROR|FATAL|UNKNOWN): (.*)$/;

/** JobLogger's events, in a log where it wrote them: each a workflow record. */
export const JOB_EVENT_KINDS: Readonly<Record<string, Kind>> = { start: 'workflow', done: 'workflow', fail: 'workflow' };

/** Whether the record is one of JobLogger's own (a job's start, done or fail). */
export function isJobEvent(record: JsonObject): boolean {
  return record.workflow_id !== undefined && typeof record.msg === 'string' && record.msg in JOB_EVENT_KINDS;
}

/** The record of a line Sidekiq's Pretty formatter wrote (pid= and tid= first), or undefined for any other line. */
export function sidekiqRecord(text: string): JsonObject | undefined {
  if (!text.startsWith('pid=')) return undefined;
  const severity = SEVERITY_MESSAGE.exec(text);
  if (!severity) return undefined;
  const { pairs, startsWithPair } = parseLogfmt(text.slice(0, severity.index));
  // A severity inside a quoted value (`msg="x INFO: y"`) leaves a cut pair: not this writer's line.
  if (!startsWithPair || pairs[1]?.key !== 'tid' || pairs.some((pair) => pair.value === true)) return undefined;
  const record: JsonObject = {};
  for (const { key, value } of pairs) {
    // JobLogger's elapsed is seconds (`elapsed=1.235`); a bare number would read as milliseconds.
    if (key === 'elapsed' && typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value)) record.elapsed_seconds = Number(value);
    else record[key] = value;
  }
  if (typeof record.class === 'string' && typeof record.jid === 'string') Object.assign(record, { workflow: record.class, workflow_id: record.jid });
  record.level = severity[1] === 'UNKNOWN' ? 'FATAL' : (severity[1] as string);
  const { prose, pairs: messagePairs } = splitMessage(severity[2] as string);
  record.msg = prose;
  for (const { key, value } of messagePairs) if (!(key in record)) record[key] = value;
  return record;
}
