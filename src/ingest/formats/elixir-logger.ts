// Elixir's Logger, its console backend in its default format (real output of Elixir 1.14 in
// test/fixtures/loggers/elixir-logger*.log). Logger.Formatter's default pattern (lib/logger/lib/logger/formatter.ex,
// `@default_pattern "\n$time $metadata[$level] $message\n"`): a blank line, the time of day in
// milliseconds (`10:00:00.123`, no date: ts stays empty and the time is kept as `clock`, as for
// the other layouts without a date), the metadata the backend is told to show (`metadata:
// [:request_id]`) as `key=value ` pairs, the level in brackets (debug info notice warning error
// critical alert emergency; `warn` before 1.11), the message with its own newlines. A format with
// `$date $time` (`2026-03-02 10:00:00.123`) gives the time.
//
// The metadata pairs are the record's fields, before the message's own. The blank line before each
// record is an `empty` reject, as a blank line is in any text log. A message's further lines continue
// it; from a line `** (RuntimeError) boom` on (Exception.format's, as a crash report writes it), the
// lines are the record's `exc_info`.
//
// Phoenix (Plug.Logger, Phoenix.Logger) logs a request as two records: `GET /api/orders` when it
// starts and `Sent 200 in 12ms` when it is sent (`Chunked` for a chunked response; under a
// millisecond in microseconds, `Sent 200 in 812µs`; whole milliseconds, rounded down, above). The
// first gives the method and URL, the second the status and duration and, by the request id both
// carry as metadata, the first's method and URL (request-pairs.ts).
import type { JsonObject } from './format.js';
import { continuedReading, stackFrom } from './continued-record.js';
import type { Layout } from './text-layouts.js';
import { messageRecord, putPair } from './text-reader.js';

const PAIR = String.raw`[\w.]+=\S+`;
const LINE = new RegExp(
  String.raw`^(?:(?<date>\d{4}-\d{2}-\d{2}) )?(?<clock>\d{2}:\d{2}:\d{2}\.\d{3}) (?<metadata>(?:${PAIR} )*)\[(?<level>debug|info|notice|warning|warn|error|critical|alert|emergency)\] (?<message>.*)$`,
);

/**
 * A line only Elixir's Logger writes: python-text's `%(clock)s [%(levelname)-8s] %(message)s` fits
 * `10:00:00.123 [info] msg` too, but Python writes its levels in capitals and its milliseconds
 * after a comma (logging's default_msec_format), and reads neither the metadata nor the exception.
 */
export function writtenByElixir(line: string): boolean {
  return LINE.test(line);
}

/** Plug.Logger's first record of a request: the method and the path, nothing else. */
const REQUEST_START = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE) (\/\S*)$/;
/** Its last: how the response was sent, its status and the time taken. */
const REQUEST_SENT = /^(?:Sent|Chunked) (\d{3}) in (\d+)(ms|µs)$/;

function elixirRecord(header: JsonObject, message: string): JsonObject {
  const record = messageRecord(header, message);
  const start = REQUEST_START.exec(message);
  if (start) Object.assign(record, { method: start[1], url: start[2] });
  const sent = REQUEST_SENT.exec(message);
  if (sent) Object.assign(record, { status_code: Number(sent[1]), duration_ms: sent[3] === 'ms' ? Number(sent[2]) : Number(sent[2]) / 1000 });
  return record;
}

const reading = continuedReading({
  start(groups) {
    const header: JsonObject = {};
    if (groups.date) header.time = `${groups.date} ${groups.clock}`;
    else header.clock = groups.clock as string;
    header.level = groups.level as string;
    for (const pair of (groups.metadata ?? '').trim().split(' ')) {
      const eq = pair.indexOf('=');
      if (eq > 0) putPair(header, pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { header, message: groups.message ?? '' };
  },
  indent: 0,
  split: (first, lines) => stackFrom(first, lines, (line) => line.startsWith('** (')),
  read: elixirRecord,
});

export const ELIXIR_LAYOUTS: readonly Layout[] = [{ template: '[DATE ]TIME [KEY=VALUE ...][level] MESSAGE   (Elixir Logger)', regex: LINE, reading, claims: writtenByElixir, pairsRequests: true }];
