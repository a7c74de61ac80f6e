// Ruby's standard Logger in its default format, which Rails' production logger writes too (real
// output in test/fixtures/loggers/ruby-logger.log). Logger::Formatter (ruby/logger,
// lib/logger/formatter.rb):
//   Format = "%s, [%s #%d] %5s -- %s: %s\n"
//   Format % [severity[0, 1], format_datetime(time), Process.pid, severity, progname, msg2str(msg)]
//   DatetimeFormat = "%Y-%m-%dT%H:%M:%S.%6N"
// so `I, [2026-03-02T10:00:00.123456 #12345]  INFO -- app: message`: the severity's letter, the local
// time without its zone (read as UTC, or in --tz), the pid, the severity right-aligned to five, the
// progname (empty unless set), the message as given, its own newlines kept. A logged exception is
// `message (Class)` and its backtrace, a frame a line (msg2str). Severities: DEBUG INFO WARN ERROR
// FATAL and ANY (Logger::UNKNOWN, above FATAL: "an unknown message that should always be logged"),
// read as fatal, the named level at or below it.
//
// Rails' TaggedLogging (config.log_tags) writes each tag in brackets before the message
// (`[9f1c2d3e-...] Started GET "/api/orders" for 127.0.0.1 at ...`): a tag that is a UUID is the
// `request_id` (Rails' :request_id tag is one), all of them `tags`. Rails' request lines give the
// request: `Started GET "/path"` its method and route, `Completed 200 OK in 2345ms` its status and
// duration, and the method and route of the `Started` line of its request (request-pairs.ts), which
// makes it the request.
import type { JsonObject } from './format.js';
import { continuedReading, type MessageAndStack } from './continued-record.js';
import { asctimeOf, TIME, type Layout } from './text-layouts.js';
import { messageRecord } from './text-reader.js';

const LINE = new RegExp(
  String.raw`^[DIWEFAU], \[(?<time>${TIME}) +#(?<pid>\d+)\] +(?<level>DEBUG|INFO|WARN|ERROR|FATAL|ANY|UNKNOWN) -- (?<progname>.*?): (?<message>.*)$`,
);
/** A backtrace frame (`/srv/app/worker.rb:2:in `call_llm'`; Ruby 3.4 quotes `'Class#method'`). */
const FRAME = /^\S.*:\d+:in [`'].*'$/;
const TAGS = /^(?:\[[^\]\s]+\] )+/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STARTED = /^Started ([A-Z]+) "([^"]+)" for (\S+)/;
const COMPLETED = /^Completed (\d{3}) [^\n]*? in (\d+(?:\.\d+)?)ms\b/;

function rubyRecord(header: JsonObject, message: string): JsonObject {
  const tags = TAGS.exec(message);
  const record = { ...header };
  let text = message;
  if (tags) {
    const words = [...tags[0].matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] as string);
    record.tags = words.join(' ');
    const id = words.find((word) => UUID.test(word));
    if (id) record.request_id = id;
    text = message.slice(tags[0].length);
  }
  const read = messageRecord(record, text);
  const started = STARTED.exec(text);
  if (started) Object.assign(read, { method: started[1], url: started[2], remote_addr: started[3] });
  const completed = COMPLETED.exec(text);
  if (completed) Object.assign(read, { status_code: Number(completed[1]), duration_ms: Number(completed[2]) });
  return read;
}

/** How DebugExceptions logs the exception a request raised: `RuntimeError (upstream model timeout):`, then the frames. */
const RAILS_EXCEPTION = /^[A-Z][\w:]* \(.*\):$/;

/**
 * A record's lines after its first: TaggedLogging writes the tags before each of them too, which
 * are the first line's and go; a request's exception as DebugExceptions logs it (a first line of
 * tags only, then `Class (message):` and the frames) is the record's error and stack; an exception
 * logged alone (`message (Class)`, then only frames) too.
 */
function splitRubyRecord(first: string, lines: readonly string[]): MessageAndStack {
  const tags = TAGS.exec(first)?.[0];
  const own = tags === undefined ? lines : lines.map((line) => (line.startsWith(tags) ? line.slice(tags.length) : line));
  if (tags !== undefined && first.slice(tags.length).trim() === '') {
    const at = own.findIndex((line) => line.trim() !== '');
    const head = own[at];
    if (head !== undefined && RAILS_EXCEPTION.test(head)) {
      const error = head.slice(0, -1);
      return { message: tags + error, stack: [error, ...own.slice(at + 1).filter((line) => line.trim() !== '')].join('\n') };
    }
  }
  return own.every((line) => FRAME.test(line)) ? { message: first, stack: [first, ...own].join('\n') } : { message: [first, ...own].join('\n') };
}

const reading = continuedReading({
  start(groups) {
    const level = groups.level === 'ANY' || groups.level === 'UNKNOWN' ? 'FATAL' : (groups.level as string);
    const header: JsonObject = { time: asctimeOf(groups.time as string), level, process: groups.pid as string };
    if (groups.level !== level) header.severity = groups.level as string;
    if (groups.progname) header.logger = groups.progname;
    return { header, message: groups.message ?? '' };
  },
  indent: 0,
  split: splitRubyRecord,
  read: rubyRecord,
});

export const RUBY_LAYOUTS: readonly Layout[] = [{ template: 'L, [TIME #PID] LEVEL -- PROGNAME: MESSAGE   (Ruby Logger, Rails)', regex: LINE, reading, pairsRequests: true }];
