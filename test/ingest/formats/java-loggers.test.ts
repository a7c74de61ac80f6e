// Java services' text logs: Spring Boot's console layout (2.x and 3.x, with and without an
// application name), logback's and log4j2's patterns (logback with no configuration, log4j2's
// DefaultConfiguration, with a date, the level before the thread, the manual's RollingFile layout)
// and java.util.logging's SimpleFormatter (its default two lines, its javadoc's one-line example,
// the usual bracketed one), as real output of each (test/fixtures/loggers/java-*.log,
// test/fixtures/gen/java_loggers.sh) and as lines written the way their sources format them. Every
// value below is counted by hand from those files.

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { julTimeOf, splitJavaStack } from '../../../src/ingest/formats/java-text.js';
import { accountedLogReader } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));

const read = accountedLogReader(LOGGERS, 'logmeter-java-loggers-');

const SPRING = 'TIME LEVEL PID --- [APP] [THREAD] LOGGER : MESSAGE   (Spring Boot)';
const THREAD_FIRST = 'TIME [THREAD] LEVEL LOGGER - MESSAGE   (logback, log4j2)';
const LEVEL_FIRST = 'TIME LEVEL [THREAD] LOGGER - MESSAGE   (logback, log4j2)';
const THREAD_LAST = 'TIME LEVEL LOGGER [THREAD] MESSAGE   (log4j2)';
const JUL_SIMPLE = 'MONTH DAY, YEAR TIME AM|PM SOURCE METHOD / LEVEL: MESSAGE   (java.util.logging)';
const JUL_ONE_LINE = 'TIME LEVEL SOURCE METHOD MESSAGE   (java.util.logging)';
const JUL_BRACKETED = '[TIME] [LEVEL] MESSAGE   (java.util.logging)';

const COLUMNS =
  "line, ts, attrs->>'clock' AS clock, level, service, event, error, duration_ms, ok, model, tokens_in, tokens_out, route, method, status, attrs->>'logger' AS logger, attrs->>'thread_name' AS thread";

/**
 * The six events of java_loggers/src/com/example/demo/Scenario.java as every layout reads them,
 * before the time, the logger, the thread and the line numbers, which differ between layouts.
 */
const EVENTS = [
  { level: 'info', event: 'Starting DemoApplication v1.0.0 using Java 17.0.15', error: null, duration_ms: null, ok: true, model: null, tokens_in: null, tokens_out: null, route: null, method: null, status: null },
  // The LLM call's pairs: its model, tokens and duration.
  { level: 'info', event: 'llm call completed', error: null, duration_ms: 812, ok: true, model: 'gpt-4o', tokens_in: 120, tokens_out: 30, route: null, method: null, status: null },
  { level: 'warn', event: 'slow request', error: null, duration_ms: 2350, ok: true, model: null, tokens_in: null, tokens_out: null, route: '/api/orders/{id}', method: 'GET', status: '200' },
  // The error is the stack trace's first line: the exception logged, not its cause.
  { level: 'error', event: 'llm call failed', error: 'java.lang.IllegalStateException: upstream call failed', duration_ms: null, ok: false, model: 'gpt-4o', tokens_in: null, tokens_out: null, route: null, method: null, status: null },
  // A message of three lines, its pair on the last.
  { level: 'info', event: 'query plan:\nSELECT id\nFROM orders', error: null, duration_ms: null, ok: true, model: null, tokens_in: null, tokens_out: null, route: null, method: null, status: null },
  { level: 'warn', event: 'connection pool nearly exhausted', error: null, duration_ms: null, ok: true, model: null, tokens_in: null, tokens_out: null, route: null, method: null, status: null },
];
const LOGGERS_FULL = ['com.example.demo.DemoApplication', 'com.example.demo.LlmClient', 'com.example.demo.web.RequestLogger', 'com.example.demo.LlmClient', 'com.example.demo.db.QueryPlanner', 'com.example.demo.db.ConnectionPool'];
// log4j2's %c{1.}: every package to its first letter.
const LOGGERS_SHORT = ['c.e.d.DemoApplication', 'c.e.d.LlmClient', 'c.e.d.w.RequestLogger', 'c.e.d.LlmClient', 'c.e.d.d.QueryPlanner', 'c.e.d.d.ConnectionPool'];
const THREADS = ['main', 'http-nio-8080-exec-1', 'http-nio-8080-exec-2', 'http-nio-8080-exec-3', 'main', 'scheduling-1'];
// Spring Boot's [%15.15t] keeps a thread name's last 15 characters.
const THREADS_15 = ['main', 'nio-8080-exec-1', 'nio-8080-exec-2', 'nio-8080-exec-3', 'main', 'scheduling-1'];
/** 10:00:00 on, 0.25 s apart: the events' local times in Europe/Paris. */
const CLOCKS = ['10:00:00.000', '10:00:00.250', '10:00:00.500', '10:00:00.750', '10:00:01.000', '10:00:01.250'];

interface Expected {
  lines: readonly number[];
  ts: readonly (string | null)[];
  clock?: readonly string[];
  service: readonly (string | null)[];
  logger: readonly (string | null)[];
  thread: readonly (string | null)[];
}

function expectedRows(e: Expected): Record<string, unknown>[] {
  return EVENTS.map((event, i) => ({
    line: e.lines[i],
    ts: e.ts[i],
    clock: e.clock?.[i] ?? null,
    ...event,
    service: e.service[i],
    logger: e.logger[i],
    thread: e.thread[i],
  }));
}

/** A local time without a zone, read as UTC: `10:00:00.250` is 10:00:00.250Z. */
const LOCAL_AS_UTC = CLOCKS.map((clock) => `2026-03-02T${clock}Z`);

describe("Spring Boot's console layout (logback, as defaults.xml writes it)", () => {
  it('3.x with spring.application.name: the time with its offset, the application as the service, the logger, thread and pid kept', async () => {
    const r = await read('java-spring-boot-3.log', `${COLUMNS}, attrs->>'process' AS pid, attrs->>'app' AS app`);
    // The two lines %wEx writes around the stack trace are blank: `empty` rejects, as every blank line is.
    expect(r).toMatchObject({ format: 'text', layout: SPRING, lines: 21, records: 6, continuation: 13, rejects: 2 });
    const expected = expectedRows({
      lines: [1, 2, 3, 4, 18, 21],
      // +01:00: 10:00 in Paris is 09:00 UTC.
      ts: CLOCKS.map((clock) => `2026-03-02T${String(Number(clock.slice(0, 2)) - 1).padStart(2, '0')}${clock.slice(2)}Z`),
      service: Array(6).fill('demo'),
      logger: LOGGERS_FULL,
      thread: THREADS_15,
    }).map((row) => ({ ...row, pid: '12345', app: 'demo' }));
    expect(r.rows).toEqual(expected);
  });

  it('3.x without an application name: the logger is the service', async () => {
    const r = await read('java-spring-boot-3-no-name.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: SPRING, lines: 21, records: 6, continuation: 13, rejects: 2 });
    const ts = ['2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.250Z', '2026-03-02T09:00:00.500Z', '2026-03-02T09:00:00.750Z', '2026-03-02T09:00:01.000Z', '2026-03-02T09:00:01.250Z'];
    expect(r.rows).toEqual(expectedRows({ lines: [1, 2, 3, 4, 18, 21], ts, service: LOGGERS_FULL, logger: LOGGERS_FULL, thread: THREADS_15 }));
  });

  it('2.x: its time has no zone and reads as UTC', async () => {
    const r = await read('java-spring-boot-2.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: SPRING, lines: 21, records: 6, continuation: 13, rejects: 2 });
    expect(r.rows).toEqual(expectedRows({ lines: [1, 2, 3, 4, 18, 21], ts: LOCAL_AS_UTC, service: LOGGERS_FULL, logger: LOGGERS_FULL, thread: THREADS_15 }));
  });

  it('keeps the stack trace whole as the `stack`, from the exception to `... 5 common frames omitted`, without the blank lines around it', async () => {
    const r = await read('java-spring-boot-3.log', "line, message, attrs->>'stack' AS stack");
    const error = r.rows.find((row) => row.line === 4) as { message: string; stack: string };
    expect(error.message).toBe('llm call failed model=gpt-4o');
    const stack = error.stack.split('\n');
    expect(stack).toHaveLength(11);
    expect(stack[0]).toBe('java.lang.IllegalStateException: upstream call failed');
    expect(stack[1]).toBe('\tat com.example.demo.LlmClient.complete(LlmClient.java:11) ~[logmeter-java-loggers/:na]');
    expect(stack[7]).toBe('Caused by: java.net.SocketTimeoutException: Read timed out');
    expect(stack[10]).toBe('\t... 5 common frames omitted');
  });

  it("reads the lines its sources write: 2.x without a pid, 3.2's correlation id, the file layout's unpadded thread, 4.0's %kvp, a logger cut to 39", async () => {
    const r = await read([
      // ${PID:- }: a space where the pid would be.
      '2026-03-02 10:00:00.000  INFO   --- [           main] o.s.w.s.DispatcherServlet                : Completed initialization in 1 ms',
      // Micrometer Tracing's correlation id (LOG_CORRELATION_PATTERN), and blank outside a span.
      '2026-03-02T10:00:01.000Z  INFO 12345 --- [demo] [nio-8080-exec-1] [65a6f3b1e1c4f0a2d3b5c6e7f8a9b0c1-d3b5c6e7f8a9b0c1] c.e.demo.LlmClient                       : llm call completed model=gpt-4o duration_ms=812',
      '2026-03-02T10:00:02.000Z  INFO 12345 --- [demo] [           main] [                                                 ] c.e.d.DemoApplication                    : Started DemoApplication in 2.345 seconds',
      // FILE_LOG_PATTERN: [%t], not padded.
      '2026-03-02T10:00:03.000+01:00  WARN 12345 --- [demo] [main] c.e.d.DemoApplication                    : low memory',
      // Spring Boot 4: ` %kvp` after the message, a space when there are no pairs.
      '2026-03-02T10:00:04.000Z  INFO 12345 --- [demo] [           main] c.e.d.DemoApplication                    : ready ',
      '2026-03-02T10:00:05.000Z  INFO 12345 --- [demo] [nio-8080-exec-2] c.e.d.LlmClient                          : llm call completed model="gpt-4o" tokens_in="120"',
      // The brief's: a logger cut to 39 with brackets in it, a stack trace without %wEx's blank lines.
      '2026-03-02T10:00:02.789+01:00 ERROR 12345 --- [nio-8080-exec-2] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() for servlet [dispatcherServlet] threw exception',
      'java.lang.IllegalStateException: boom',
      '\tat com.example.demo.Controller.index(Controller.java:12)',
    ], "line, ts, level, service, event, error, duration_ms, model, tokens_in, attrs->>'logger' AS logger, attrs->>'thread_name' AS thread, attrs->>'process' AS pid, attrs->>'trace_id' AS trace_id, attrs->>'span_id' AS span_id");
    expect(r).toMatchObject({ format: 'text', layout: SPRING, lines: 9, records: 7, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.000Z', level: 'info', service: 'o.s.w.s.DispatcherServlet', event: 'Completed initialization in 1 ms', error: null, duration_ms: null, model: null, tokens_in: null, logger: 'o.s.w.s.DispatcherServlet', thread: 'main', pid: null, trace_id: null, span_id: null },
      { line: 2, ts: '2026-03-02T10:00:01.000Z', level: 'info', service: 'demo', event: 'llm call completed', error: null, duration_ms: 812, model: 'gpt-4o', tokens_in: null, logger: 'c.e.demo.LlmClient', thread: 'nio-8080-exec-1', pid: '12345', trace_id: '65a6f3b1e1c4f0a2d3b5c6e7f8a9b0c1', span_id: 'd3b5c6e7f8a9b0c1' },
      { line: 3, ts: '2026-03-02T10:00:02.000Z', level: 'info', service: 'demo', event: 'Started DemoApplication in 2.345 seconds', error: null, duration_ms: null, model: null, tokens_in: null, logger: 'c.e.d.DemoApplication', thread: 'main', pid: '12345', trace_id: null, span_id: null },
      { line: 4, ts: '2026-03-02T09:00:03.000Z', level: 'warn', service: 'demo', event: 'low memory', error: null, duration_ms: null, model: null, tokens_in: null, logger: 'c.e.d.DemoApplication', thread: 'main', pid: '12345', trace_id: null, span_id: null },
      { line: 5, ts: '2026-03-02T10:00:04.000Z', level: 'info', service: 'demo', event: 'ready', error: null, duration_ms: null, model: null, tokens_in: null, logger: 'c.e.d.DemoApplication', thread: 'main', pid: '12345', trace_id: null, span_id: null },
      { line: 6, ts: '2026-03-02T10:00:05.000Z', level: 'info', service: 'demo', event: 'llm call completed', error: null, duration_ms: null, model: 'gpt-4o', tokens_in: 120, logger: 'c.e.d.LlmClient', thread: 'nio-8080-exec-2', pid: '12345', trace_id: null, span_id: null },
      { line: 7, ts: '2026-03-02T09:00:02.789Z', level: 'error', service: 'o.a.c.c.C.[.[.[/].[dispatcherServlet]', event: 'Servlet.service() for servlet [dispatcherServlet] threw exception', error: 'java.lang.IllegalStateException: boom', duration_ms: null, model: null, tokens_in: null, logger: 'o.a.c.c.C.[.[.[/].[dispatcherServlet]', thread: 'nio-8080-exec-2', pid: '12345', trace_id: null, span_id: null },
    ]);
  });
});

describe("logback's and log4j2's patterns", () => {
  it('logback with no configuration (TTLLLayout): a time of day alone is the clock, no time', async () => {
    const r = await read('java-logback-default.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: THREAD_FIRST, lines: 19, records: 6, continuation: 13, rejects: 0 });
    expect(r.rows).toEqual(expectedRows({ lines: [1, 2, 3, 4, 16, 19], ts: Array(6).fill(null), clock: CLOCKS, service: LOGGERS_FULL, logger: LOGGERS_FULL, thread: THREADS }));
  });

  it("log4j2's DefaultConfiguration layout reads alike; its stack trace ends `... 5 more`", async () => {
    const r = await read('java-log4j2-default.log', `${COLUMNS}, attrs->>'stack' AS stack`);
    expect(r).toMatchObject({ format: 'text', layout: THREAD_FIRST, lines: 19, records: 6, continuation: 13, rejects: 0 });
    expect(r.rows.map(({ stack: _s, ...row }) => row)).toEqual(
      expectedRows({ lines: [1, 2, 3, 4, 16, 19], ts: Array(6).fill(null), clock: CLOCKS, service: LOGGERS_FULL, logger: LOGGERS_FULL, thread: THREADS }),
    );
    expect(String(r.rows[3]?.stack).split('\n').slice(-2)).toEqual(['\tat com.example.demo.LlmClient.complete(LlmClient.java:9) ~[logmeter-java-loggers/:?]', '\t... 5 more']);
  });

  it('with a date: `%d{yyyy-MM-dd HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg%n`', async () => {
    const r = await read('java-log4j2-date.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: THREAD_FIRST, lines: 19, records: 6, continuation: 13, rejects: 0 });
    expect(r.rows).toEqual(expectedRows({ lines: [1, 2, 3, 4, 16, 19], ts: LOCAL_AS_UTC, service: LOGGERS_FULL, logger: LOGGERS_FULL, thread: THREADS }));
  });

  it('the level before the thread, the logger abbreviated: `%d %-5level [%t] %c{1.} - %msg%n`', async () => {
    const r = await read('java-log4j2-level-thread.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: LEVEL_FIRST, lines: 19, records: 6, continuation: 13, rejects: 0 });
    expect(r.rows).toEqual(expectedRows({ lines: [1, 2, 3, 4, 16, 19], ts: LOCAL_AS_UTC, service: LOGGERS_SHORT, logger: LOGGERS_SHORT, thread: THREADS }));
  });

  it("the manual's RollingFile layout `%d %p %c{1.} [%t] %m%n`: %d's comma before the milliseconds", async () => {
    const r = await read('java-log4j2-rolling.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: THREAD_LAST, lines: 19, records: 6, continuation: 13, rejects: 0 });
    expect(r.rows).toEqual(expectedRows({ lines: [1, 2, 3, 4, 16, 19], ts: LOCAL_AS_UTC, service: LOGGERS_SHORT, logger: LOGGERS_SHORT, thread: THREADS }));
  });

  it('reads the lines its sources write: the brief\'s, FATAL, TRACE and DEBUG, a thread with spaces, an uncaught exception\'s stack', async () => {
    const r = await read([
      '10:00:00.123 [main] INFO  com.example.App - Starting app',
      '2026-03-02 10:00:02,789 [worker-2] ERROR com.example.Llm - call failed',
      '2026-03-02 10:00:03,000 [RMI TCP Connection(2)-127.0.0.1] DEBUG sun.rmi.transport.tcp - connection opened',
      '2026-03-02 10:00:04,000 [main] TRACE com.example.App - entering run',
      '2026-03-02 10:00:05,000 [main] FATAL com.example.App - cannot start',
      'java.lang.Error: out of options',
      '\tat com.example.App.main(App.java:3)',
    ], "line, ts, attrs->>'clock' AS clock, level, ok, service, event, error, attrs->>'thread_name' AS thread");
    expect(r).toMatchObject({ format: 'text', layout: THREAD_FIRST, lines: 7, records: 5, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: null, clock: '10:00:00.123', level: 'info', ok: true, service: 'com.example.App', event: 'Starting app', error: null, thread: 'main' },
      // An ERROR with no exception is an error level all the same.
      { line: 2, ts: '2026-03-02T10:00:02.789Z', clock: null, level: 'error', ok: false, service: 'com.example.Llm', event: 'call failed', error: null, thread: 'worker-2' },
      { line: 3, ts: '2026-03-02T10:00:03.000Z', clock: null, level: 'debug', ok: true, service: 'sun.rmi.transport.tcp', event: 'connection opened', error: null, thread: 'RMI TCP Connection(2)-127.0.0.1' },
      { line: 4, ts: '2026-03-02T10:00:04.000Z', clock: null, level: 'trace', ok: true, service: 'com.example.App', event: 'entering run', error: null, thread: 'main' },
      { line: 5, ts: '2026-03-02T10:00:05.000Z', clock: null, level: 'fatal', ok: false, service: 'com.example.App', event: 'cannot start', error: 'java.lang.Error: out of options', thread: 'main' },
    ]);
  });
});

describe("java.util.logging's SimpleFormatter", () => {
  const JUL_LOGGERS = LOGGERS_FULL;
  // SimpleFormatter's times have no milliseconds (and its default, no zone: local times read as UTC).
  const JUL_TS = ['2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:01.000Z', '2026-03-02T10:00:01.000Z'];

  it('its default, two lines a record: the source class is the logger, the level and message on the second line', async () => {
    const r = await read('java-jul-simple.log', `${COLUMNS}, attrs->>'func_name' AS func, attrs->>'level' AS written_level`);
    // The blank line printStackTrace's output ends with is an `empty` reject.
    expect(r).toMatchObject({ format: 'text', layout: JUL_SIMPLE, lines: 26, records: 6, continuation: 19, rejects: 1 });
    expect(r.rows).toEqual(
      expectedRows({ lines: [1, 3, 5, 7, 21, 25], ts: JUL_TS, service: JUL_LOGGERS, logger: JUL_LOGGERS, thread: Array(6).fill(null) }).map((row, i) => ({
        ...row,
        func: i === 3 ? 'complete' : 'run',
        // JUL's words as written: WARNING is warn, SEVERE error.
        written_level: ['INFO', 'INFO', 'WARNING', 'SEVERE', 'INFO', 'WARNING'][i],
      })),
    );
  });

  it("its javadoc's one-line format `%1$tY-%1$tm-%1$td %1$tH:%1$tM:%1$tS %4$-6s %2$s %5$s%6$s%n`", async () => {
    const r = await read('java-jul-oneline.log', `${COLUMNS}, attrs->>'func_name' AS func`);
    expect(r).toMatchObject({ format: 'text', layout: JUL_ONE_LINE, lines: 20, records: 6, continuation: 13, rejects: 1 });
    expect(r.rows).toEqual(
      expectedRows({ lines: [1, 2, 3, 4, 17, 20], ts: JUL_TS, service: JUL_LOGGERS, logger: JUL_LOGGERS, thread: Array(6).fill(null) }).map((row, i) => ({ ...row, func: i === 3 ? 'complete' : 'run' })),
    );
  });

  it('`[%1$tF %1$tT] [%4$-7s] %5$s %n`: no logger, and no stack trace (the format leaves %6$s out)', async () => {
    const r = await read('java-jul-bracketed.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: JUL_BRACKETED, lines: 8, records: 6, continuation: 2, rejects: 0 });
    expect(r.rows).toEqual(
      expectedRows({ lines: [1, 2, 3, 4, 5, 8], ts: JUL_TS, service: Array(6).fill(null), logger: Array(6).fill(null), thread: Array(6).fill(null) }).map((row, i) =>
        // The ERROR without its exception: the level says it failed, nothing names the error.
        i === 3 ? { ...row, error: null } : row,
      ),
    );
  });

  it("reads every JUL level (SEVERE error, WARNING warn, INFO and CONFIG info, FINE debug, FINER and FINEST trace) and the 12-hour clock", async () => {
    const r = await read([
      'Mar 02, 2026 12:05:00 AM com.example.App run',
      'CONFIG: pool size 10',
      'Mar 02, 2026 1:05:00 PM com.example.App run',
      'FINE: cache warmed',
      'Mar 02, 2026 12:30:00 PM com.example.App run',
      'FINER: ENTRY',
      'Mar 02, 2026 11:59:59 PM com.example.App run',
      'FINEST: tick',
      'Dec 31, 2026 10:00:00 AM com.example.App stop',
      'SEVERE: shutting down',
    ], "line, ts, level, ok, service, event, attrs->>'func_name' AS func");
    expect(r).toMatchObject({ format: 'text', layout: JUL_SIMPLE, lines: 10, records: 5, continuation: 5, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T00:05:00.000Z', level: 'info', ok: true, service: 'com.example.App', event: 'pool size 10', func: 'run' },
      { line: 3, ts: '2026-03-02T13:05:00.000Z', level: 'debug', ok: true, service: 'com.example.App', event: 'cache warmed', func: 'run' },
      { line: 5, ts: '2026-03-02T12:30:00.000Z', level: 'trace', ok: true, service: 'com.example.App', event: 'ENTRY', func: 'run' },
      { line: 7, ts: '2026-03-02T23:59:59.000Z', level: 'trace', ok: true, service: 'com.example.App', event: 'tick', func: 'run' },
      { line: 9, ts: '2026-12-31T10:00:00.000Z', level: 'error', ok: false, service: 'com.example.App', event: 'shutting down', func: 'stop' },
    ]);
  });

  it('turns its time into ISO', () => {
    expect(julTimeOf('Mar 02, 2026 10:00:00 AM')).toBe('2026-03-02 10:00:00');
    expect(julTimeOf('Mar 02, 2026 12:00:00 AM')).toBe('2026-03-02 00:00:00');
    expect(julTimeOf('Mar 02, 2026 12:00:00 PM')).toBe('2026-03-02 12:00:00');
    expect(julTimeOf('Mar 02, 2026 9:07:01 PM')).toBe('2026-03-02 21:07:01');
  });
});

describe('a Java stack trace among the lines of a record', () => {
  it('starts at a class name followed by a frame and leaves the lines before it to the message', () => {
    expect(splitJavaStack(['second line', '', 'java.lang.IllegalStateException: boom', '\tat a.B.c(B.java:1)', 'Caused by: java.io.IOException', '\t... 1 more', ''])).toEqual({
      message: ['second line'],
      stack: 'java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\nCaused by: java.io.IOException\n\t... 1 more',
    });
  });

  it('is none when no frame follows: a message line naming a class is the message', () => {
    expect(splitJavaStack(['java.lang.String: not a stack', 'more text'])).toEqual({ message: ['java.lang.String: not a stack', 'more text'], stack: undefined });
  });
});

describe('which format reads Java and Python lines', () => {
  it("a Python log whose lines fit a Java layout's shape but not its logger stays python-text", async () => {
    const r = await read([
      '2026-03-02 10:00:00,123 INFO app.api: request done status=200',
      '2026-03-02 10:00:01,123 WARNING app.api: slow',
      '2026-03-02 10:00:02,123 INFO [worker] started',
    ], 'line, service, event');
    expect(r.format).toBe('python-text');
  });

  it("uvicorn's `INFO:     ...` lines stay python-text", async () => {
    const r = await read([
      'INFO:     Started server process [1]',
      'INFO:     127.0.0.1:52314 - "GET /items HTTP/1.1" 200 OK',
      'WARNING:  slow',
    ], 'line, level, event');
    expect(r).toMatchObject({ format: 'python-text', records: 3 });
  });

  it('a JUL log of INFO records only is text, not read as uvicorn\'s `INFO: message`', async () => {
    const r = await read(['Mar 02, 2026 10:00:00 AM com.example.App run', 'INFO: one', 'Mar 02, 2026 10:00:01 AM com.example.App run', 'INFO: two'], 'line, level, service, event');
    expect(r).toMatchObject({ format: 'text', layout: JUL_SIMPLE, records: 2, continuation: 2 });
    expect(r.rows).toEqual([
      { line: 1, level: 'info', service: 'com.example.App', event: 'one' },
      { line: 3, level: 'info', service: 'com.example.App', event: 'two' },
    ]);
  });

  it('Spring Boot 3 lines are no longer python-text with the pid and thread glued into the event', async () => {
    const r = await read(['2026-03-02T10:00:00.123+01:00  INFO 12345 --- [           main] com.example.demo.DemoApplication         : Starting DemoApplication'], 'event');
    expect(r).toMatchObject({ format: 'text', layout: SPRING });
    expect(r.rows).toEqual([{ event: 'Starting DemoApplication' }]);
  });
});
