// The request loggers of Go's two most used web frameworks, as their defaults write (real output of
// Gin 1.8 and chi 5.0 in test/fixtures/loggers/{gin,chi}-*.log):
//
//   Gin's Logger() (gin/logger.go, defaultLogFormatter):
//     "[GIN] %v |%s %3d %s| %13v | %15s |%s %-7s %s %#v\n%s"
//     time ("2006/01/02 - 15:04:05"), status, latency (a Go duration), client IP, method, the path
//     with its query as a Go-quoted string, then the request's error messages on the next line;
//     colour codes around the status and method when writing to a terminal (gone before a line gets
//     here: terminal-codes.ts). In debug mode, its default, Gin also writes `[GIN-debug] ...` lines
//     (a warning, each route) that carry no time.
//   chi's middleware.Logger (middleware/logger.go, DefaultLogFormatter), through Go's log package:
//     2006/01/02 15:04:05 [host/id-000001] "GET http://host/path?q HTTP/1.1" from 127.0.0.1:5678 - 200 12B in 41.2µs
//     the request id only behind middleware.RequestID, the bytes written and the time taken.
//
// A handler's panic, as each framework's recoverer writes it (to stderr, which a container's log
// holds beside stdout): Gin's Recovery() a `[Recovery] TIME panic recovered:` line through Go's log,
// then the request's headers, the panic's value and its stack; chi's Recoverer a ` panic: VALUE`
// line and its stack (PrintPrettyStack), without a time. Either is one error record, the value its
// `error` and the value and stack its `exc_info`; the request's access line follows it.
//
// Each access line is a request: method, URL, status, length and duration (`1m2.5s`, `300.47ms`,
// `18.4µs`, `110ns`, as time.Duration prints it) in milliseconds. The event is the method and the
// path, as an access line's is. Go writes the local time without a zone: read as UTC unless --tz.
import type { JsonObject } from './format.js';
import type { Layout, LayoutReading } from './text-layouts.js';

const GIN = /^\[GIN\] (?<date>\d{4}\/\d{2}\/\d{2}) - (?<clock>\d{2}:\d{2}:\d{2}) \| *(?<status>\d{3}) \| *(?<latency>\S+) \| *(?<client>\S*) \| *(?<method>[A-Z]+) +(?<path>"(?:[^"\\]|\\.)*")$/;
const GIN_DEBUG = /^\[GIN-debug\] (?:\[(?<warning>WARNING)\] )?(?<message>.*)$/;
const CHI = new RegExp(
  String.raw`^(?<date>\d{4}\/\d{2}\/\d{2}) (?<clock>\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) (?:\[(?<requestId>[^\]]+)\] )?"(?<method>[A-Z]+) (?<url>\S+) (?<protocol>HTTP\/[\d.]+)" from (?<remote>\S+) - (?<status>\d{3}) (?<bytes>\d+)B in (?<elapsed>\S+)$`,
);

const GIN_RECOVERY = /^(?<date>\d{4}\/\d{2}\/\d{2}) (?<clock>\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) \[Recovery\] .*panic recovered:$/;
const CHI_PANIC = /^ panic: (?<value>.*)$/;
/** A frame of the stack Gin's Recovery() prints: `/src/app/main.go:40 (0x7912e6)`. */
const GIN_FRAME = /^\S.*:\d+ \(0x[0-9a-f]+\)$/;

const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/gy;
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go time.Duration as its String() writes it (`1h2m3.5s`, `300.47835ms`, `18.438µs`, `0s`), in milliseconds. */
export function goDurationMs(text: string): number | undefined {
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let at = 0;
  for (let part = DURATION_PART.exec(text); part; part = DURATION_PART.exec(text)) {
    total += Number(part[1]) * (UNIT_MS[part[2] as string] as number);
    at = DURATION_PART.lastIndex;
  }
  return at > 0 && at === text.length ? total : undefined;
}

/** A Go-quoted string (%#v of a string), or the text inside the quotes where JSON cannot read Go's escapes. */
function unquoted(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}

function requestRecord(time: string, method: string, url: string, status: string, durationText: string): JsonObject {
  const path = url.replace(/^https?:\/\/[^/]*/, '');
  const record: JsonObject = { time, event: `${method} ${path}`, method, url, status_code: Number(status) };
  const duration = goDurationMs(durationText);
  if (duration !== undefined) record.duration_ms = duration;
  else record.latency = durationText;
  return record;
}

const goTime = (groups: Readonly<Record<string, string | undefined>>) => `${(groups.date as string).replaceAll('/', '-')} ${groups.clock as string}`;

/** Lines after a record that start none: Gin's error messages after its access line, the rest of a debug warning. */
function continuation(record: JsonObject, lines: readonly string[]): void {
  const text = lines.filter((line) => line.trim() !== '').join('\n');
  if (text !== '') record.message = record.message === undefined ? text : `${String(record.message)}\n${text}`;
}

const ginReading: LayoutReading = {
  header(groups) {
    const record = requestRecord(goTime(groups), groups.method as string, unquoted(groups.path as string), groups.status as string, groups.latency as string);
    if (groups.client) record.client_ip = groups.client;
    return record;
  },
  continuation,
};

const ginDebugReading: LayoutReading = {
  header: (groups) => ({ level: groups.warning ? 'WARNING' : 'DEBUG', logger: 'gin', event: groups.message ?? '' }),
  continuation,
};

const ginRecoveryReading: LayoutReading = {
  header: (groups) => ({ time: goTime(groups), level: 'ERROR', logger: 'gin', event: 'panic recovered' }),
  continuation(record, lines) {
    // The request line and headers, then the panic's value and the stack, a frame as `file:line (pc)`
    // and its source line (the blank line between headers and value is an `empty` reject, never here).
    const request = /^([A-Z]+) (\S+) HTTP\/[\d.]+$/.exec(lines[0] ?? '');
    if (request) Object.assign(record, { method: request[1], url: request[2] });
    const frame = lines.findIndex((line) => GIN_FRAME.test(line));
    const value = frame > 0 ? lines[frame - 1] : undefined;
    if (value !== undefined) Object.assign(record, { error: value, exc_info: [value, ...lines.slice(frame)].join('\n') });
  },
};

const chiPanicReading: LayoutReading = {
  header: (groups) => ({ level: 'ERROR', logger: 'chi', event: 'panic', error: groups.value ?? '' }),
  continuation(record, lines) {
    const stack = lines.filter((line) => line.trim() !== '').map((line) => line.trimEnd());
    record.exc_info = [`panic: ${String(record.error)}`, ...stack].join('\n');
  },
};

const chiReading: LayoutReading = {
  header(groups) {
    const record = requestRecord(goTime(groups), groups.method as string, groups.url as string, groups.status as string, groups.elapsed as string);
    Object.assign(record, { protocol: groups.protocol, remote_addr: groups.remote, content_length: Number(groups.bytes) });
    if (groups.requestId) record.request_id = groups.requestId;
    return record;
  },
  continuation,
};

const layout = (template: string, regex: RegExp, reading: LayoutReading): Layout => ({ template, regex, reading, claims: (line) => regex.test(line) });

export const GO_WEB_LAYOUTS: readonly Layout[] = [
  layout('[GIN] YYYY/MM/DD - HH:MM:SS | STATUS | LATENCY | CLIENT | METHOD "PATH"   (Gin)', GIN, ginReading),
  layout('[GIN-debug] [WARNING] MESSAGE   (Gin, debug mode)', GIN_DEBUG, ginDebugReading),
  layout('YYYY/MM/DD HH:MM:SS [Recovery] ... panic recovered:   (Gin)', GIN_RECOVERY, ginRecoveryReading),
  layout('YYYY/MM/DD HH:MM:SS [REQUEST-ID] "METHOD URL PROTOCOL" from ADDR - STATUS NB in DURATION   (chi)', CHI, chiReading),
  layout(' panic: VALUE   (chi Recoverer)', CHI_PANIC, chiPanicReading),
];
