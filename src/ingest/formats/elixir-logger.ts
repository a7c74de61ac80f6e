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
import type { JsonObject } from './format.js';
import { continuedReading, stackFrom } from './continued-record.js';
import type { Layout } from './text-layouts.js';
import { putPair } from './text-reader.js';

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
});

export const ELIXIR_LAYOUTS: readonly Layout[] = [{ template: '[DATE ]TIME [KEY=VALUE ...][level] MESSAGE   (Elixir Logger)', regex: LINE, reading, claims: writtenByElixir }];
