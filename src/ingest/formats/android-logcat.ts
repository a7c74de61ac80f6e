// Android's logcat, as `adb logcat` prints it: AOSP's liblog logprint.cpp, android_log_formatLogLine
// (its format strings; no device here, so the fixtures are written from them: test/fixtures/loggers/README.md):
//   -v threadtime (the default): `"%s %5d %5d %c %-8s: "`, the time `%m-%d %H:%M:%S.%03ld`, the
//     process and thread ids padded to five, the priority's letter, the tag padded to eight, then the message:
//       03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs...
//       03-17 16:13:38.859  2227  2227 I chatty  : uid=1000 expire 3 lines
//   -v time: `"%s %c/%-8s(%5d): "`:  03-17 16:13:38.811 D/WindowManager( 1702): printFreezingDisplayLogs...
// logcat writes each line of a message with the header again, so every line is a record (a Java
// stack logged with Log.e is one record a frame). Between buffers it writes `--------- beginning of
// main`, read as a record of its own (the buffer as `logcat_buffer`, no time).
//
// The time has no year: it is written as a syslog time (`Mar 17 16:13:38.811`) and read as one,
// this year's or last year's (docs/INGEST.md, "Time"), in the zone the device wrote it in (--tz).
// The priority V, D, I, W, E, F, A is the level TRACE (verbose), DEBUG, INFO, WARN, ERROR, FATAL, FATAL
// (A is assert, wtf()); the tag is the logger, the process and thread ids `process` and `thread_id`.
import type { JsonObject } from './format.js';
import type { Layout, LayoutReading } from './text-layouts.js';
import { messageRecord } from './text-reader.js';

const STAMP = String.raw`(?<month>0[1-9]|1[0-2])-(?<day>[0-3]\d) (?<clock>\d{2}:\d{2}:\d{2}\.\d{3})`;
// The tag as %-8s pads it: spaces after it, before the colon (a tag may hold spaces of its own).
const THREADTIME = new RegExp(String.raw`^${STAMP} +(?<pid>\d+) +(?<tid>\d+) (?<priority>[VDIWEFA]) (?<tag>.*?) *: (?<message>.*)$`);
const TIME = new RegExp(String.raw`^${STAMP} (?<priority>[VDIWEFA])\/(?<tag>.*?) *\( *(?<pid>\d+)\): (?<message>.*)$`);
const DIVIDER = /^-{9} (?<message>beginning of (?<buffer>\w+)|switch to (?<switchTo>\w+))$/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LEVELS: Readonly<Record<string, string>> = { V: 'TRACE', D: 'DEBUG', I: 'INFO', W: 'WARN', E: 'ERROR', F: 'FATAL', A: 'FATAL' };

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
    return messageRecord(header, groups.message ?? '');
  },
  // logcat repeats its header on every line: a line without one is none of its own (kept in the message).
  continuation(record, lines) {
    if (lines.length > 0) record.message = [String(record.message ?? ''), ...lines].join('\n');
  },
};

export const LOGCAT_LAYOUTS: readonly Layout[] = [
  { template: 'MM-DD HH:MM:SS.mmm PID TID P TAG: MESSAGE   (Android logcat -v threadtime)', regex: THREADTIME, reading },
  { template: 'MM-DD HH:MM:SS.mmm P/TAG(PID): MESSAGE   (Android logcat -v time)', regex: TIME, reading },
  // Not a layout of its own to detect by: it counts only beside logcat's lines (claims nothing).
  { template: '--------- beginning of BUFFER   (Android logcat)', regex: DIVIDER, reading },
];
