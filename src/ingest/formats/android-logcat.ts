// Android's logcat, as `adb logcat` prints it: AOSP's liblog logprint.cpp, android_log_formatLogLine
// (its format strings; no device here, so the fixtures are written from them: test/fixtures/loggers/README.md):
//   -v threadtime (the default): `"%s %5d %5d %c %-8s: "`, the time `%m-%d %H:%M:%S.%03ld`, the
//     process and thread ids padded to five, the priority's letter, the tag padded to eight, then the message:
//       03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs...
//       03-17 16:13:38.859  2227  2227 I chatty  : uid=1000 expire 3 lines
//   -v time: `"%s %c/%-8s(%5d): "`:  03-17 16:13:38.811 D/WindowManager( 1702): printFreezingDisplayLogs...
// logcat writes each line of a message with the header again (the same time, ids, priority and tag):
// such lines are one record, so a crash that AndroidRuntime logs as one Log.e of thirty lines counts
// as one error, its Java stack the record's `stack`, not thirty. Two messages the same thread logs
// under the same tag within one millisecond read as one record too: the line cannot tell them apart.
// Between buffers it writes `--------- beginning of main`, read as a record of its own (the buffer as
// `logcat_buffer`, no time).
//
// The time has no year: it is written as a syslog time (`Mar 17 16:13:38.811`) and read as one,
// this year's or last year's (docs/INGEST.md, "Time"), in the zone the device wrote it in (--tz).
// The priority V, D, I, W, E, F, A is the level TRACE (verbose), DEBUG, INFO, WARN, ERROR, FATAL, FATAL
// (A is assert, wtf()); the tag is the logger, the process and thread ids `process` and `thread_id`.
import type { JsonObject } from './format.js';
import type { Layout, LayoutReading } from './text-layouts.js';
import { readJavaRecord } from './java-text.js';

const STAMP = String.raw`(?<month>0[1-9]|1[0-2])-(?<day>[0-3]\d) (?<clock>\d{2}:\d{2}:\d{2}\.\d{3})`;
// The tag as %-8s pads it: spaces after it, before the colon (a tag may hold spaces of its own).
const THREADTIME = new RegExp(String.raw`^${STAMP} +(?<pid>\d+) +(?<tid>\d+) (?<priority>[VDIWEFA]) (?<tag>.*?) *: (?<message>.*)$`);
const TIME = new RegExp(String.raw`^${STAMP} (?<priority>[VDIWEFA])\/(?<tag>.*?) *\( *(?<pid>\d+)\): (?<message>.*)$`);
const DIVIDER = /^-{9} (?<message>beginning of (?<buffer>\w+)|switch to (?<switchTo>\w+))$/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LEVELS: Readonly<Record<string, string>> = { V: 'TRACE', D: 'DEBUG', I: 'INFO', W: 'WARN', E: 'ERROR', F: 'FATAL', A: 'FATAL' };

/** A record's header as read, its first line's message, and what the header of each of its lines repeats (keyOf). */
interface Entry {
  readonly header: JsonObject;
  readonly message: string;
  readonly key: string;
}
const entries = new WeakMap<JsonObject, Entry>();

type Groups = Readonly<Record<string, string | undefined>>;

/** The header's fields but the message: equal on every line of one message. */
function keyOf(groups: Groups): string {
  return [groups.month, groups.day, groups.clock, groups.pid, groups.tid ?? '', groups.priority, groups.tag].join(' ');
}

/** The line's header and message, if it has logcat's header. */
function parsed(line: string): { groups: Groups; key: string } | undefined {
  const groups = (THREADTIME.exec(line) ?? TIME.exec(line))?.groups;
  return groups ? { groups, key: keyOf(groups) } : undefined;
}

const reading: LayoutReading = {
  header(groups) {
    if (groups.buffer !== undefined || groups.switchTo !== undefined) {
      return { message: groups.message as string, event: groups.message as string, logcat_buffer: (groups.buffer ?? groups.switchTo) as string };
    }
    const header: JsonObject = {
      time: `${MONTHS[Number(groups.month) - 1]} ${groups.day} ${groups.clock}`,
      level: LEVELS[groups.priority as string] as string,
      logger: groups.tag as string,
      process: groups.pid as string,
    };
    if (groups.tid) header.thread_id = groups.tid;
    const message = groups.message ?? '';
    const record = readJavaRecord(header, message, []);
    entries.set(record, { header, message, key: keyOf(groups) });
    return record;
  },
  // The next line of the same message: the same header to the millisecond.
  continues(record, line) {
    const entry = entries.get(record);
    return entry !== undefined && parsed(line)?.key === entry.key;
  },
  // The message's lines less their headers (a line without one is kept whole), a Java stack among them the record's `stack`.
  continuation(record, lines) {
    const entry = entries.get(record);
    if (!entry || lines.length === 0) return;
    const more = lines.map((line) => {
      const next = parsed(line);
      return next?.key === entry.key ? (next.groups.message ?? '') : line;
    });
    const again = readJavaRecord(entry.header, entry.message, more);
    for (const key of Object.keys(record)) delete record[key];
    Object.assign(record, again);
  },
};

export const LOGCAT_LAYOUTS: readonly Layout[] = [
  { template: 'MM-DD HH:MM:SS.mmm PID TID P TAG: MESSAGE   (Android logcat -v threadtime)', regex: THREADTIME, reading },
  { template: 'MM-DD HH:MM:SS.mmm P/TAG(PID): MESSAGE   (Android logcat -v time)', regex: TIME, reading },
  // Not a layout of its own to detect by: it counts only beside logcat's lines (claims nothing).
  { template: '--------- beginning of BUFFER   (Android logcat)', regex: DIVIDER, reading },
];
