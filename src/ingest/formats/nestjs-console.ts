// NestJS's built-in logger (ConsoleLogger, packages/common/services/console-logger.service.ts; real
// output of @nestjs/common 11 in test/fixtures/loggers/nestjs-default.log):
//
//   `${pidMessage}${timestamp} ${formattedLogLevel} ${contextMessage}${message}${timestampDiff}`
//   [Nest] 4242  - 03/02/2026, 10:00:00 AM     LOG [RoutesResolver] AppController {/api}: +6ms
//
// pidMessage is `[PREFIX] PID  - ` (the prefix `Nest` unless set); the timestamp is
// Intl.DateTimeFormat in the process's locale, `03/02/2026, 10:00:00 AM` in en-US (a container's
// default); the level is upper case, padded to seven (LOG, ERROR, WARN, DEBUG, VERBOSE, FATAL);
// the context in brackets is the logger; `+6ms` is the time since the previous log line, not a
// duration, kept as `timestamp_diff_ms`. Nest colours every part even when not writing to a
// terminal: the colour codes are gone before a line gets here (terminal-codes.ts). An error logged
// with its stack (the ExceptionsHandler's for a request that threw) writes the stack on the lines
// after: the record's `exc_info`, its first line the error.
//
// A 12-hour time with AM/PM is en-US's month/day/year; another locale's 24-hour date in numbers is
// read in the order its source's dates tell (date-order.ts).
import type { JsonObject } from './format.js';
import { continuedReading, type MessageAndStack } from './continued-record.js';
import type { Layout } from './text-layouts.js';

const LINE =
  /^\[(?<prefix>[^\]\s]+)\] (?<pid>\d+)  - (?<date>\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}), (?<hour>\d{1,2}):(?<minsec>\d{2}:\d{2})(?: (?<ampm>AM|PM))? +(?<level>LOG|ERROR|WARN|DEBUG|VERBOSE|FATAL) (?:\[(?<context>[^\]]*)\] )?(?<message>.*?)(?: \+(?<diff>\d+)ms)?$/;
const LEVELS: Readonly<Record<string, string>> = { LOG: 'INFO', ERROR: 'ERROR', WARN: 'WARNING', DEBUG: 'DEBUG', VERBOSE: 'TRACE', FATAL: 'FATAL' };
const FRAME = /^\s+at \S/;

/** en-US's `03/02/2026` and `3:04:05 PM` as ISO; other locales' dates as written, for date-order.ts. */
function timeOf(date: string, hour: string, minsec: string, ampm: string | undefined): string {
  if (ampm === undefined) return `${date} ${hour.padStart(2, '0')}:${minsec}`;
  const [month, day, year] = date.split(/[/.\-]/) as [string, string, string];
  const h = (Number(hour) % 12) + (ampm === 'PM' ? 12 : 0);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')} ${String(h).padStart(2, '0')}:${minsec}`;
}

/** The frames after an error's message line are its stack, and that line with them its `exc_info`. */
function splitStack(first: string, lines: readonly string[]): MessageAndStack {
  const at = lines.findIndex((line) => FRAME.test(line));
  if (at < 0) return { message: [first, ...lines].join('\n') };
  const message = [first, ...lines.slice(0, at)].join('\n');
  return { message, stack: [message, ...lines.slice(at)].join('\n') };
}

const reading = continuedReading({
  start(groups) {
    const header: JsonObject = {
      time: timeOf(groups.date as string, groups.hour as string, groups.minsec as string, groups.ampm),
      level: LEVELS[groups.level as string] as string,
      pid: groups.pid as string,
    };
    if (groups.context) header.logger = groups.context;
    if (groups.prefix !== 'Nest') header.app = groups.prefix as string;
    if (groups.diff !== undefined) header.timestamp_diff_ms = Number(groups.diff);
    return { header, message: groups.message ?? '' };
  },
  indent: 0,
  split: splitStack,
});

export const NESTJS_LAYOUTS: readonly Layout[] = [{ template: '[Nest] PID  - DATE, TIME LEVEL [CONTEXT] MESSAGE +Nms   (NestJS)', regex: LINE, reading, claims: (line) => LINE.test(line) }];
