// The text that Java services log with, as their common writers format it (real output of each is in
// test/fixtures/loggers/java-*.log, test/fixtures/gen/java_loggers.sh):
//
//   Spring Boot's console and file layout (spring-boot, org/springframework/boot/logging/logback/
//   defaults.xml, its log4j2 files alike; colours gone before a line gets here, terminal-codes.ts):
//     3.4 on: %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p ${PID:-} --- %esb(){APPLICATION_NAME}%esb{APPLICATION_GROUP}[%15.15t] ${LOG_CORRELATION_PATTERN:-}%-40.40logger{39} : %m%n%wEx
//     2026-03-02T10:00:00.123+01:00  INFO 12345 --- [demo] [           main] com.example.demo.DemoApplication         : Starting ...
//   3.0 and 3.1 write no application name (nor does 3.2 on without spring.application.name), 2.x
//   its time as `yyyy-MM-dd HH:mm:ss.SSS`; the level right-aligned to five (%5p), the thread padded
//   and cut to 15 from the left (`nio-8080-exec-1`), the logger cut to 39 (`o.s.w.s.DispatcherServlet`)
//   and padded to 40, then ` : `. Micrometer Tracing adds `[traceId-spanId] ` before the logger
//   (blank inside the brackets outside a span). %wEx writes a line before and after a stack trace.
//
//   logback with no configuration (BasicConfigurator's TTLLLayout) and log4j2's DefaultConfiguration,
//   `%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n`, with a date as most configurations
//   set one (`%d{yyyy-MM-dd HH:mm:ss.SSS}`, `%d`'s own `2026-03-02 10:00:00,123`):
//     10:00:00.123 [main] INFO  com.example.App - Starting app
//   the level before the thread (`%d %-5level [%t] %c{1.} - %msg%n`), or after the logger as the
//   log4j2 manual's RollingFile examples write it (`%d %p %c{1.} [%t] %m%n`).
//
//   java.util.logging's SimpleFormatter (java.util.logging.SimpleFormatter.format), in the locale
//   the JVM runs in (the month, AM/PM and level names are the locale's: only English is read):
//     default: `%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp %2$s%n%4$s: %5$s%6$s%n`, two lines a record:
//       Mar 02, 2026 10:00:00 AM com.example.App main
//       INFO: Starting app
//     its javadoc's one-line example `%1$tY-%1$tm-%1$td %1$tH:%1$tM:%1$tS %4$-6s %2$s %5$s%6$s%n`
//     (`2026-03-02 10:00:00 INFO   com.example.App main Starting app`) and the one-line format most
//     often set, `[%1$tF %1$tT] [%4$-7s] %5$s %n` (`[2026-03-02 10:00:00] [INFO   ] Starting app `).
//
// Each reads as the other text layouts do: the time (a time of day alone is the `clock`, no time),
// the level as written (JUL's SEVERE, WARNING, INFO, CONFIG, FINE, FINER, FINEST are error, warn,
// info, info, debug, trace, trace, as jul-to-slf4j maps them: lm_level), the logger (JUL's source
// class, its method as `func_name`), the thread as `thread_name`, Spring's process id as `process`
// and application name as `app` (so the `service`, as syslog's program is), the message's pairs as
// fields. The lines after a header continue its record: a message of several lines is read whole,
// and a Java stack trace among them (`java.lang.IllegalStateException: boom`, `\tat ...`,
// `Caused by: ...`, `\t... 3 more`) is the record's `stack`, whose first line is its `error`.
import type { JsonObject } from './format.js';
import { asctimeOf, TIME, type Layout, type LayoutReading } from './text-layouts.js';
import { messageRecord } from './text-reader.js';

const LEVEL = '(?<level>TRACE|DEBUG|INFO|WARN|ERROR|FATAL)';
const JUL_LEVEL = '(?<level>SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST)';
/** A date and time, or a time of day alone (`%d{HH:mm:ss.SSS}`), which places no record. */
const STAMP = String.raw`(?:(?<time>${TIME})|(?<clock>\d{2}:\d{2}:\d{2}[.,]\d{3}))`;
/** A logger's name as logback and log4j2 write it, whole or abbreviated (`c.e.d.LlmClient`). */
const LOGGER = String.raw`(?<logger>[\w$.\-]+)`;
const THREAD = String.raw`\[(?<thread>[^\]]*)\]`;
const MESSAGE = '(?:(?<message>.*))?';

/**
 * A correlation id (`[traceId-spanId] `, blank outside a span) is no thread: where a bracket follows
 * the thread's, the thread is the one before it, not an application name before the thread.
 */
const NOT_CORRELATION = String.raw`(?! *[0-9a-f]{16,32}-[0-9a-f]{16}\])(?! *\])`;
const SPRING = new RegExp(
  String.raw`^(?<time>${TIME}) +${LEVEL} +(?:(?<pid>\d+) +)?--- (?:\[(?<app>[^\]]*)\] )?(?:\[(?<appGroup>[^\]]*)\] )?` +
    String.raw`\[ *${NOT_CORRELATION}(?<thread>[^\]]*)\] +(?:\[(?:(?<traceId>[0-9a-f]{16,32})-(?<spanId>[0-9a-f]{16})| *)\] )?(?<logger>\S+) +:(?: ${MESSAGE})?$`,
);
const THREAD_LEVEL_LOGGER = new RegExp(String.raw`^${STAMP} ${THREAD} +${LEVEL} +${LOGGER} +-(?: ${MESSAGE})?$`);
const LEVEL_THREAD_LOGGER = new RegExp(String.raw`^${STAMP} +${LEVEL} +${THREAD} +${LOGGER} +-(?: ${MESSAGE})?$`);
const LEVEL_LOGGER_THREAD = new RegExp(String.raw`^(?<time>${TIME}) +${LEVEL} +${LOGGER} +${THREAD} ${MESSAGE}$`);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const JUL_HEADER = new RegExp(String.raw`^(?<julTime>(?:${MONTHS.join('|')}) \d{2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M) (?<source>[\w$.\-]+)(?: (?<method>[\w$<>\-]+))?$`);
/** The second line of a default SimpleFormatter record: the level and the message's first line. */
const JUL_LEVEL_LINE = new RegExp(String.raw`^${JUL_LEVEL}: (?<message>.*)$`);
const JUL_ONE_LINE = new RegExp(String.raw`^(?<time>${TIME}) ${JUL_LEVEL} +(?<source>[\w$.\-]+) (?<method>[\w$<>\-]+) ${MESSAGE}$`);
const JUL_BRACKETED = new RegExp(String.raw`^\[(?<time>${TIME})\] \[${JUL_LEVEL} *\] ${MESSAGE}$`);

/** A class as Java names one: packages in lower case, then the class (`com.example.App`, `c.e.d.LlmClient`); log4j1-text.ts's Hadoop lines too. */
export const JAVA_CLASS = /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*$/;
/** JUL's level words no other writer uses. */
const JUL_ONLY_LEVEL = /^(?:SEVERE|CONFIG|FINE|FINER|FINEST)$/;

/** `Mar 02, 2026 1:05:00 PM` as ISO (`2026-03-02 13:05:00`), a local time as SimpleFormatter writes it. */
export function julTimeOf(text: string): string | undefined {
  const m = /^(\w{3}) (\d{2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ([AP])M$/.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] as string) + 1;
  const hour = (Number(m[4]) % 12) + (m[7] === 'P' ? 12 : 0);
  return `${m[3]}-${String(month).padStart(2, '0')}-${m[2]} ${String(hour).padStart(2, '0')}:${m[5]}:${m[6]}`;
}

/** The first line of a stack trace Java prints: a class, and its message after `: ` (`Exception in thread "x"` before it when uncaught). */
const STACK_HEAD = /^(?:Exception in thread "[^"]*" )?[A-Za-z_$][\w$]*(?:\.[\w$]+)+(?::.*)?$/;
const STACK_FRAME = /^\s+(?:at \S|\.\.\. \d+ (?:more|common frames omitted))/;

/**
 * The lines of a record after its header, as the rest of its message and the stack trace that
 * follows it: the stack starts at a class name followed by a frame, and runs to the last line that
 * is not blank (Spring Boot's %wEx writes a blank line before and after it, JUL one after it).
 */
export function splitJavaStack(lines: readonly string[]): { message: string[]; stack: string | undefined } {
  const head = lines.findIndex((line, i) => STACK_HEAD.test(line) && STACK_FRAME.test(lines[i + 1] ?? ''));
  const before = head < 0 ? [...lines] : lines.slice(0, head);
  while (before.length > 0 && (before[before.length - 1] as string).trim() === '') before.pop();
  if (head < 0) return { message: before, stack: undefined };
  const stack = lines.slice(head);
  while (stack.length > 0 && (stack[stack.length - 1] as string).trim() === '') stack.pop();
  return { message: before, stack: stack.join('\n') };
}

/** The record's header before its message was read, and the message: the continuation lines read them again. */
const headers = new WeakMap<JsonObject, { readonly header: JsonObject; readonly message: string | undefined }>();

function headerOf(groups: Readonly<Record<string, string | undefined>>): JsonObject {
  const record: JsonObject = {};
  if (groups.time) record.time = asctimeOf(groups.time);
  else if (groups.clock) record.clock = groups.clock;
  else if (groups.julTime) {
    const time = julTimeOf(groups.julTime);
    if (time) record.time = time;
  }
  if (groups.level) record.level = groups.level;
  if (groups.app) record.app = groups.app;
  if (groups.appGroup) record.app_group = groups.appGroup;
  if (groups.pid) record.process = groups.pid;
  const thread = groups.thread?.trim();
  if (thread) record.thread_name = thread;
  if (groups.traceId) record.trace_id = groups.traceId;
  if (groups.spanId) record.span_id = groups.spanId;
  const logger = groups.logger ?? groups.source;
  if (logger) record.logger = logger;
  if (groups.method) record.func_name = groups.method;
  return record;
}

/**
 * Reads a message (and its pairs) onto the header; a stack among the lines after it is the record's
 * `stack` (log4j1-text.ts reads its records with it too).
 */
export function readJavaRecord(header: JsonObject, first: string | undefined, more: readonly string[]): JsonObject {
  const { message, stack } = splitJavaStack(more);
  const whole = [...(first === undefined ? [] : [first]), ...message].join('\n');
  const record = messageRecord({ ...header }, whole);
  if (stack !== undefined) record.stack = stack;
  return record;
}

/** Reads the records of a layout whose header line carries the message's first line. */
const oneLineHeader: LayoutReading = {
  header(groups) {
    const header = headerOf(groups);
    const message = groups.message ?? '';
    const record = messageRecord({ ...header }, message);
    headers.set(record, { header, message });
    return record;
  },
  continuation(record, lines) {
    const read0 = headers.get(record);
    if (!read0 || lines.length === 0) return;
    const again = readJavaRecord(read0.header, read0.message, lines);
    for (const key of Object.keys(record)) delete record[key];
    Object.assign(record, again);
  },
};

/** SimpleFormatter's default: the level and the message start on the line after the header. */
const julTwoLines: LayoutReading = {
  header(groups) {
    const header = headerOf(groups);
    const record = { ...header };
    headers.set(record, { header, message: undefined });
    return record;
  },
  continuation(record, lines) {
    const read0 = headers.get(record);
    if (!read0 || lines.length === 0) return;
    const second = JUL_LEVEL_LINE.exec(lines[0] as string)?.groups;
    const header = second ? { ...read0.header, level: second.level } : read0.header;
    const again = second ? readJavaRecord(header, second.message, lines.slice(1)) : readJavaRecord(header, undefined, lines);
    for (const key of Object.keys(record)) delete record[key];
    Object.assign(record, again);
  },
};

const test = (regex: RegExp) => (line: string) => regex.test(line);
const javaLogger = (regex: RegExp) => (line: string) => JAVA_CLASS.test(regex.exec(line)?.groups?.logger ?? '');
const julLine = (regex: RegExp) => (line: string) => {
  const groups = regex.exec(line)?.groups;
  return groups !== undefined && (JUL_ONLY_LEVEL.test(groups.level ?? '') || JAVA_CLASS.test(groups.source ?? ''));
};

/**
 * Java's layouts, most distinctive first. Each claims the lines only a Java logger writes (text-layouts.ts,
 * Layout.claims): Spring Boot's `---`, a thread in brackets before the level, a logger named as a Java
 * class, JUL's level words and source class. Python's `TIME LEVEL message` fits some of them too.
 */
export const JAVA_LAYOUTS: readonly Layout[] = [
  { template: 'TIME LEVEL PID --- [APP] [THREAD] LOGGER : MESSAGE   (Spring Boot)', regex: SPRING, reading: oneLineHeader, claims: test(SPRING) },
  { template: 'TIME [THREAD] LEVEL LOGGER - MESSAGE   (logback, log4j2)', regex: THREAD_LEVEL_LOGGER, reading: oneLineHeader, claims: test(THREAD_LEVEL_LOGGER) },
  { template: 'TIME LEVEL [THREAD] LOGGER - MESSAGE   (logback, log4j2)', regex: LEVEL_THREAD_LOGGER, reading: oneLineHeader, claims: javaLogger(LEVEL_THREAD_LOGGER) },
  { template: 'TIME LEVEL LOGGER [THREAD] MESSAGE   (log4j2)', regex: LEVEL_LOGGER_THREAD, reading: oneLineHeader, claims: javaLogger(LEVEL_LOGGER_THREAD) },
  { template: 'MONTH DAY, YEAR TIME AM|PM SOURCE METHOD / LEVEL: MESSAGE   (java.util.logging)', regex: JUL_HEADER, reading: julTwoLines, claims: test(JUL_HEADER) },
  { template: 'TIME LEVEL SOURCE METHOD MESSAGE   (java.util.logging)', regex: JUL_ONE_LINE, reading: oneLineHeader, claims: julLine(JUL_ONE_LINE) },
  { template: '[TIME] [LEVEL] MESSAGE   (java.util.logging)', regex: JUL_BRACKETED, reading: oneLineHeader, claims: julLine(JUL_BRACKETED) },
];

/**
 * For python-text's score: the lines of a sample a Java layout claims, and the second line of each
 * default SimpleFormatter record (`INFO: message`, which Python's uvicorn layout fits too).
 */
export function writtenByJava(lines: readonly string[]): (line: string) => boolean {
  const julSecondLines = new Set<string>();
  lines.forEach((line, i) => {
    if (i > 0 && JUL_HEADER.test(lines[i - 1] as string)) julSecondLines.add(line);
  });
  return (line) => julSecondLines.has(line) || JAVA_LAYOUTS.some((layout) => layout.claims?.(line) ?? false);
}
