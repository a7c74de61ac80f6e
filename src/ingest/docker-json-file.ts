// Docker's json-file log driver (/var/lib/docker/containers/ID/ID-json.log, and a Kubernetes node's
// /var/log/containers on Docker): each line wraps what the container printed,
// {"log":"<the line>\n","stream":"stdout","time":"2026-03-02T10:00:00.123456789Z"}. When what it
// printed is a JSON object (the application's structured log), the line is read as that object, with
// the stream and time under `log_prefix` as log-prefix.ts keeps a prefix's; the aliases take
// log_prefix.time as the time only where the record has none. A wrapped line that is not an object
// (plain text) stays the wrapper, less the newline at the end of `log`: a record whose message is
// `log`; a source that wraps mostly text a text format reads (a Python or nginx container) is read
// by that format, each line's `log` without its wrapper (splitDockerWrapper, prefixed-text.ts). A line the container printed past 16 KiB is written as several wrappers, each `log` but the
// last without its newline; stage-split-lines.sql joins them into the first before this rewrite.

import { isObjectText, mostLines, withLogPrefix, type LineJoin, type LinePart, type StagedLineSql } from './log-prefix.js';

const DOCKER_KEYS = new Set(['log', 'stream', 'time', 'attrs']);

/**
 * Whether a source's sample is Docker json-file lines, some of them wrapping JSON objects. The
 * wrapper is told by its own envelope, whatever it wraps: a container whose process crashed writes
 * its stack as plain lines among the records, and those records must keep their fields however
 * large the stack's share is. A source that wraps no object at all is read as the wrappers (json).
 */
export function isDockerJsonFile(sample: readonly string[]): boolean {
  return mostLines(sample, (line) => dockerEnvelope(line) !== undefined) && sample.some((line) => unwrapDockerLine(line) !== line);
}

/** The wrapper's fields, when the line is one: `log`, `stream` and `time`, and no other key than `attrs`. */
function dockerEnvelope(line: string): { log: string; stream: string; time: string } | undefined {
  if (!line.startsWith('{"log":"')) return undefined;
  let wrapper: unknown;
  try {
    wrapper = JSON.parse(line);
  } catch {
    return undefined;
  }
  const w = wrapper as Record<string, unknown>;
  if (typeof w.log !== 'string' || typeof w.stream !== 'string' || typeof w.time !== 'string') return undefined;
  if (Object.keys(w).some((k) => !DOCKER_KEYS.has(k))) return undefined;
  return { log: w.log, stream: w.stream, time: w.time };
}

/** Whether the line is a json-file wrapper. */
export function isDockerWrapper(line: string): boolean {
  return dockerEnvelope(line) !== undefined;
}

/**
 * A wrapper's `log` without its newline, for a text format to read (prefixed-text.ts), and its
 * stream and time for log_prefix. With `keepTime`, the time opens the text instead, for a text that
 * has no time of its own (`GET /health 200`): a layout of an ISO time and a message reads it.
 */
export function splitDockerWrapper(line: string, keepTime = false): { parts: Record<string, string>; rest: string } | undefined {
  const w = line.startsWith('{"log":"') ? dockerEnvelope(line) : undefined;
  if (!w) return undefined;
  const log = w.log.endsWith('\n') ? w.log.slice(0, -1) : w.log;
  return keepTime ? { parts: { stream: w.stream }, rest: `${w.time} ${log}` } : { parts: { time: w.time, stream: w.stream }, rest: log };
}

/** A wrapper as a part of a line (its `log` without a newline, or any wrapper: the one that may end a run). */
function dockerLinePart(line: string): LinePart | undefined {
  const w = dockerEnvelope(line);
  // Its bytes: its log as the joined wrapper escapes it.
  return w && { stream: w.stream, open: !w.log.endsWith('\n'), head: w.time, body: w.log, bytes: Buffer.byteLength(JSON.stringify(w.log)) - 2 };
}

/** Docker's split lines: a run of parts makes a wrapper of their logs, with the first part's stream and time (dockerStagedLineSql). */
export const DOCKER_LINE_JOIN: LineJoin = {
  partOf: dockerLinePart,
  joinedBytes: (first, bytes) => Buffer.byteLength(JSON.stringify({ log: '', stream: first.stream, time: first.head })) + bytes,
  joined: (first, body) => JSON.stringify({ log: body, stream: first.stream, time: first.head }),
};

/** The line as the staging rewrites it (dockerStagedLineSql): the object it wraps, or itself. */
export function unwrapDockerLine(line: string): string {
  if (!line.startsWith('{"log":"{')) return line;
  const w = dockerEnvelope(line);
  if (!w) return line;
  const inner = w.log.replace(/\n+$/, '');
  return isObjectText(inner) ? withLogPrefix({ time: w.time, stream: w.stream }, inner.slice(inner.indexOf('{'))) : line;
}

/**
 * stage-lines.sql's placeholders for a json-file source: the wrapper's fields (prefix_parts), and
 * the wrapped object with log_prefix first (line_text, lm_unprefix with only time and stream), or
 * the wrapper without the newline. json_valid first: json_transform stops at a malformed line.
 */
export function dockerStagedLineSql(): StagedLineSql {
  const inner = 'rtrim(m.log, chr(10))';
  return {
    prefixParts: `CASE WHEN random() < 1 AND starts_with(text, '{"log":"') AND json_valid(text)
      THEN json_transform(text, '{"log": "VARCHAR", "stream": "VARCHAR", "time": "VARCHAR"}') END`,
    lineText: `CASE WHEN m.log IS NULL OR m.stream IS NULL OR m.time IS NULL THEN text
      WHEN lm_is_object(${inner}) THEN lm_unprefix(${inner}, strpos(m.log, '{'),
        {'pod': '', 'container': '', 'compose': '', 'stern_pod': '', 'stern_container': '', 'time': m.time, 'stream': m.stream, 'host': '', 'unit': ''})
      ELSE json_object('log', ${inner}, 'stream', m.stream, 'time', m.time)::VARCHAR END`,
    // A part: a wrapper whose log has no newline at its end. The joined line is a wrapper again, with
    // the first part's stream and time.
    partial: `m.log IS NOT NULL AND m.stream IS NOT NULL AND m.time IS NOT NULL AND NOT ends_with(m.log, chr(10))`,
    part: `CASE WHEN m.log IS NOT NULL AND m.stream IS NOT NULL AND m.time IS NOT NULL
      THEN {'stream': m.stream, 'open': NOT ends_with(m.log, chr(10))} END`,
    partHead: 'm.time',
    partBody: 'm.log',
    // The joined wrapper's bytes: the first part's wrapper with an empty log, and each part's log as joined escapes it.
    partBytes: 'strlen(to_json(body)::VARCHAR) - 2',
    joinedBytes: `strlen(json_object('log', '', 'stream', stream, 'time', head)::VARCHAR) + bytes`,
    joined: `json_object('log', body, 'stream', stream, 'time', head)::VARCHAR`,
  };
}
