// The log4j 1.x layouts of the big JVM servers (Hadoop/YARN, Spark, old HDFS, ZooKeeper 3.4 and 3.5+,
// Kafka) as real output of log4j 1.2.17 (test/fixtures/loggers/java-log4j1-*.log,
// test/fixtures/gen/java_loggers.sh), Apache httpd's error log as real output of apache2 2.4
// (apache-error*.log, gen/apache_error.sh) and Android's logcat as logprint.cpp formats it
// (android-logcat-*.log, written by hand: no device here). Every value below is counted by hand from
// those files.

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { accountedLogReader } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));

const read = accountedLogReader(LOGGERS, 'logmeter-jvm-system-loggers-');

const COLUMNS =
  "line, ts, level, event, service, error, duration_ms, model, attrs->>'logger' AS logger, attrs->>'thread_name' AS thread, attrs->>'thread_id' AS thread_id, attrs->>'lineno' AS lineno, attrs->>'myid' AS myid, attrs->>'log_ident' AS log_ident, attrs->>'stack' AS stack";

/** The six events of ClusterScenario.java as every layout reads them, before what differs between layouts. */
const EVENTS = [
  { level: 'info', event: 'Created MRAppMaster for application appattempt_1772442000000_0001_000001', error: null, duration_ms: null, model: null, log_ident: null },
  { level: 'info', event: 'Receiving block blk_1073741825_1001 src: /10.0.0.7:50010 dest: /10.0.0.8:50010', error: null, duration_ms: null, model: null, log_ident: null },
  { level: 'warn', event: 'Notification time out: 3200', error: null, duration_ms: null, model: null, log_ident: null },
  // The error is the stack trace's first line; the message's pairs are fields.
  { level: 'error', event: 'Task attempt_1772442000000_0001_m_000003_0 failed', error: 'java.lang.IllegalStateException: split 3 could not be read', duration_ms: 812, model: 'gpt-4o', log_ident: null },
  // A message of three lines, whose last two are pairs.
  { level: 'debug', event: 'job plan:', error: null, duration_ms: null, model: null, log_ident: null },
  // Kafka's log ident before the message is not the event.
  { level: 'fatal', event: 'Shutdown broker because all log dirs in /tmp/kafka-logs have failed', error: null, duration_ms: null, model: null, log_ident: 'LogManager broker=0' },
];
const LINES = [1, 2, 3, 4, 17, 20];
const LOGGERS_FULL = [
  'org.apache.hadoop.mapreduce.v2.app.MRAppMaster',
  'org.apache.hadoop.hdfs.server.datanode.DataNode',
  'org.apache.zookeeper.server.quorum.FastLeaderElection',
  'org.apache.hadoop.mapreduce.v2.app.MRAppMaster',
  'org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl',
  'kafka.log.LogManager',
];
// %c{2}: the last two parts.
const LOGGERS_2 = ['app.MRAppMaster', 'datanode.DataNode', 'quorum.FastLeaderElection', 'app.MRAppMaster', 'impl.JobImpl', 'log.LogManager'];
const LOGGERS_1 = ['MRAppMaster', 'DataNode', 'FastLeaderElection', 'MRAppMaster', 'JobImpl', 'LogManager'];
// ZooKeeper's %C{1}@%L: the calling class and line (ClusterScenario.java).
const ZK_CLASSES = ['ClusterScenario$JobMaster', 'ClusterScenario$BlockReceiver', 'ClusterScenario$LeaderElection$Notifier', 'ClusterScenario$JobMaster', 'ClusterScenario$JobMaster', 'ClusterScenario$LogManager'];
const ZK_LINES = ['47', '61', '68', '51', '55', '75'];
const THREADS = ['main', 'DataXceiver for client /10.0.0.7:50010', 'QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181', 'AsyncDispatcher event handler', 'main', 'kafka-request-handler-3'];
/** 10:00:00 on, 0.25 s apart, local times read as UTC. */
const TS = ['00.000', '00.250', '00.500', '00.750', '01.000', '01.250'].map((s) => `2026-03-02T10:00:${s}Z`);
// Spark's and HDFS's layouts write whole seconds.
const TS_SECONDS = ['00', '00', '00', '00', '01', '01'].map((s) => `2026-03-02T10:00:${s}.000Z`);

interface Expected {
  ts: readonly string[];
  logger: readonly string[];
  thread?: readonly (string | null)[];
  threadId?: readonly string[];
  lineno?: readonly string[];
  myid?: readonly (string | null)[];
}

function expectedRows(e: Expected): Record<string, unknown>[] {
  return EVENTS.map((event, i) => ({
    line: LINES[i],
    ts: e.ts[i],
    ...event,
    service: e.logger[i],
    logger: e.logger[i],
    thread: e.thread?.[i] ?? null,
    thread_id: e.threadId?.[i] ?? null,
    lineno: e.lineno?.[i] ?? null,
    myid: e.myid?.[i] ?? null,
  }));
}

/** The stack of event 4, whole: from the exception to `... 4 more`. */
function expectStack(rows: Record<string, unknown>[]): void {
  const stack = String(rows[3]?.stack).split('\n');
  expect(stack).toHaveLength(12);
  expect(stack[0]).toBe('java.lang.IllegalStateException: split 3 could not be read');
  expect(stack[6]).toBe('Caused by: java.lang.NumberFormatException: For input string: "gpt-4o"');
  expect(stack[11]).toBe('\t... 4 more');
  expect(rows.filter((row) => row.stack !== null)).toHaveLength(1);
}

const withoutStack = (rows: Record<string, unknown>[]) => rows.map(({ stack: _s, ...row }) => row);

describe('log4j 1.x layouts of Hadoop, Spark, HDFS, ZooKeeper and Kafka (log4j 1.2.17)', () => {
  const cases: { file: string; layout: string; expected: Expected }[] = [
    { file: 'java-log4j1-hadoop.log', layout: 'TIME LEVEL [THREAD] LOGGER: MESSAGE   (Hadoop)', expected: { ts: TS, logger: LOGGERS_FULL } },
    { file: 'java-log4j1-hadoop-container.log', layout: 'TIME LEVEL [THREAD] LOGGER: MESSAGE   (Hadoop)', expected: { ts: TS, logger: LOGGERS_FULL, thread: THREADS } },
    { file: 'java-log4j1-hadoop-task.log', layout: 'TIME LEVEL [THREAD] LOGGER: MESSAGE   (Hadoop)', expected: { ts: TS, logger: LOGGERS_2, thread: THREADS } },
    { file: 'java-log4j1-spark.log', layout: 'YY/MM/DD HH:MM:SS LEVEL LOGGER: MESSAGE   (Spark)', expected: { ts: TS_SECONDS, logger: LOGGERS_1 } },
    // The number column is each event's thread's id (Thread.getId(), 12 to 17 in the file).
    { file: 'java-log4j1-hdfs-old.log', layout: 'YYMMDD HHMMSS TID LEVEL LOGGER: MESSAGE   (HDFS)', expected: { ts: TS_SECONDS, logger: LOGGERS_2, threadId: ['12', '13', '14', '15', '16', '17'] } },
    // `[myid:]` on the first line: no myid yet.
    { file: 'java-log4j1-zookeeper.log', layout: 'TIME [myid:ID] - LEVEL [THREAD:CLASS@LINE] - MESSAGE   (ZooKeeper)', expected: { ts: TS, logger: ZK_CLASSES, thread: THREADS, lineno: ZK_LINES, myid: [null, '1', '1', '1', '1', '1'] } },
    { file: 'java-log4j1-zookeeper-3.4.log', layout: 'TIME [myid:ID] - LEVEL [THREAD:CLASS@LINE] - MESSAGE   (ZooKeeper)', expected: { ts: TS, logger: ZK_CLASSES, thread: THREADS, lineno: ZK_LINES } },
    // The logger after the message, on the third line for the message of three.
    { file: 'java-log4j1-kafka.log', layout: '[TIME] LEVEL MESSAGE (LOGGER)   (Kafka)', expected: { ts: TS, logger: LOGGERS_FULL } },
  ];
  for (const { file, layout, expected } of cases) {
    it(`${file}: every record's time, level, logger, thread and message, the stack trace as one record's stack`, async () => {
      const r = await read(file, COLUMNS);
      expect(r).toMatchObject({ format: 'text', layout, lines: 20, records: 6, continuation: 14, rejects: 0 });
      expect(withoutStack(r.rows)).toEqual(expectedRows(expected));
      expectStack(r.rows);
    });
  }

  it('reads the lines these servers write (the shapes of their published logs), none of them as python-text', async () => {
    const hadoop = await read([
      '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001',
      '2015-10-18 18:01:51,775 INFO [Socket Reader #1 for port 62260] org.apache.hadoop.ipc.Server: Starting Socket Reader #1 for port 62260',
    ], "event, service, attrs->>'thread_name' AS thread");
    expect(hadoop.format).toBe('text');
    expect(hadoop.rows).toEqual([
      { event: 'Created MRAppMaster for application appattempt_1445144423722_0020_000001', service: 'org.apache.hadoop.mapreduce.v2.app.MRAppMaster', thread: 'main' },
      { event: 'Starting Socket Reader #1 for port 62260', service: 'org.apache.hadoop.ipc.Server', thread: 'Socket Reader #1 for port 62260' },
    ]);
    const zookeeper = await read([
      '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
      '2015-07-29 19:04:12,394 - INFO  [/10.10.34.11:3888:QuorumCnxManager$Listener@493] - Received connection request /10.10.34.11:45307',
    ], "ts, event, service, attrs->>'thread_name' AS thread, attrs->>'lineno' AS lineno");
    expect(zookeeper.format).toBe('text');
    expect(zookeeper.rows).toEqual([
      { ts: '2015-07-29T17:41:44.747Z', event: 'Notification time out: 3200', service: 'FastLeaderElection', thread: 'QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181', lineno: '774' },
      { ts: '2015-07-29T19:04:12.394Z', event: 'Received connection request /10.10.34.11:45307', service: 'QuorumCnxManager$Listener', thread: '/10.10.34.11:3888', lineno: '493' },
    ]);
    const spark = await read(['17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]'], 'ts, event, service');
    expect(spark.rows).toEqual([{ ts: '2017-06-09T20:10:40.000Z', event: 'Registered signal handlers for [TERM, HUP, INT]', service: 'executor.CoarseGrainedExecutorBackend' }]);
    const hdfs = await read(['081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating'], "ts, event, service, attrs->>'thread_id' AS tid");
    expect(hdfs.rows).toEqual([{ ts: '2008-11-09T20:36:15.000Z', event: 'PacketResponder 1 for block blk_38865049064139660 terminating', service: 'dfs.DataNode$PacketResponder', tid: '148' }]);
    const kafka = await read(['[2023-01-01 10:00:00,123] INFO [KafkaServer id=0] started (kafka.server.KafkaServer)'], "event, service, attrs->>'log_ident' AS ident");
    expect(kafka).toMatchObject({ format: 'text', rows: [{ event: 'started', service: 'kafka.server.KafkaServer', ident: 'KafkaServer id=0' }] });
  });

  it("Python's `TIME LEVEL name: message` with a Python logger stays python-text", async () => {
    const r = await read(['2026-03-02 10:00:00,123 INFO app.api: request done status=200', '2026-03-02 10:00:01,123 WARNING app.api: slow'], 'service, event');
    expect(r.format).toBe('python-text');
  });
});

describe("Apache httpd's error log (apache2 2.4)", () => {
  const APACHE = "line, ts, level, event, message, attrs->>'module' AS module, attrs->>'process' AS pid, attrs->>'thread_id' AS tid, attrs->>'client' AS client, attrs->>'code' AS code, attrs->>'os_error' AS os_error, attrs->>'referrer' AS referrer";
  const LAYOUT = '[DAY MON DD HH:MM:SS.uuuuuu YYYY] [module:level] [pid PID:tid TID] [client ADDR] MESSAGE   (Apache httpd error log)';
  const DIR = '/tmp/logmeter-apache-error';

  it("2.4's default layout: microseconds, notice as info, module, pid and tid, the client, the AH code, the OS error and the referer apart; a CGI script's stderr line kept in the record above", async () => {
    const r = await read('apache-error.log', APACHE);
    expect(r).toMatchObject({ format: 'text', layout: LAYOUT, lines: 15, records: 14, continuation: 1, rejects: 0 });
    const row = (line: number, ts: string, level: string, event: string, module: string, pid: string, tid: string, more: Record<string, unknown> = {}) => ({
      line, ts, level, event, message: null, module, pid, tid, client: null, code: null, os_error: null, referrer: null, ...more,
    });
    expect(r.rows).toEqual([
      row(1, '2026-11-25T03:05:51.459Z', 'info', 'Apache/2.4.71 (Debian) configured -- resuming normal operations', 'mpm_event', '19716', '19716', { code: 'AH00489' }),
      row(2, '2026-11-25T03:05:51.459Z', 'info', `Command line: 'apache2 -f ${DIR}/httpd.conf'`, 'core', '19716', '19716', { code: 'AH00094' }),
      row(3, '2026-11-25T03:05:52.500Z', 'info', `File does not exist: ${DIR}/htdocs/missing.html`, 'core', '19721', '19729', { client: '127.0.0.1:34310', code: 'AH00128' }),
      row(4, '2026-11-25T03:05:52.508Z', 'info', `File does not exist: ${DIR}/htdocs/images/logo.png`, 'core', '19720', '19726', { client: '127.0.0.1:34324', code: 'AH00128', referrer: 'http://example.com/start' }),
      row(5, '2026-11-25T03:05:52.514Z', 'error', `client denied by server configuration: ${DIR}/htdocs/private/`, 'authz_core', '19721', '19735', { client: '127.0.0.1:34330', code: 'AH01630' }),
      row(6, '2026-11-25T03:05:52.521Z', 'error', `exec of '${DIR}/cgi-bin/noexec.cgi' failed`, 'cgid', '19808', '19808', { code: 'AH01241', os_error: '(13)Permission denied' }),
      row(7, '2026-11-25T03:05:52.521Z', 'error', 'End of script output before headers: noexec.cgi', 'cgid', '19719', '19777', {
        client: '127.0.0.1:34332',
        message: 'End of script output before headers: noexec.cgi\nmodel gpt-4o failed: upstream timeout',
      }),
      row(9, '2026-11-25T03:05:52.530Z', 'error', 'End of script output before headers: fail.cgi', 'cgid', '19720', '19731', { client: '127.0.0.1:34348' }),
      row(10, '2026-11-25T03:05:53.537Z', 'info', 'SIGUSR1 received.  Doing graceful restart', 'mpm_event', '19716', '19716', { code: 'AH00493' }),
      row(11, '2026-11-25T03:05:53.586Z', 'info', 'Apache/2.4.71 (Debian) configured -- resuming normal operations', 'mpm_event', '19716', '19716', { code: 'AH00489' }),
      row(12, '2026-11-25T03:05:53.586Z', 'info', `Command line: 'apache2 -f ${DIR}/httpd.conf'`, 'core', '19716', '19716', { code: 'AH00094' }),
      row(13, '2026-11-25T03:05:55.558Z', 'info', `File does not exist: ${DIR}/htdocs/missing-after-restart.html`, 'core', '19851', '19886', { client: '127.0.0.1:34362', code: 'AH00128' }),
      row(14, '2026-11-25T03:05:56.584Z', 'info', `removed PID file ${DIR}/httpd.pid (pid=19716)`, 'core', '19716', '19716', { code: 'AH00096' }),
      row(15, '2026-11-25T03:05:56.584Z', 'info', 'caught SIGTERM, shutting down', 'mpm_event', '19716', '19716', { code: 'AH00491' }),
    ]);
  });

  it("2.2's layout `[%t] [%l] [client %a] %M`: whole seconds, no module or pid", async () => {
    const r = await read('apache-error-2.2.log', 'line, ts, level, event, attrs->>\'client\' AS client, attrs->>\'code\' AS code');
    expect(r).toMatchObject({ format: 'text', layout: LAYOUT, lines: 15, records: 14, continuation: 1, rejects: 0 });
    expect(r.rows.map((row) => row.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15]);
    expect(r.rows[0]).toEqual({ line: 1, ts: '2026-11-25T03:05:58.000Z', level: 'info', event: 'Apache/2.4.71 (Debian) configured -- resuming normal operations', client: null, code: 'AH00489' });
    expect(r.rows[4]).toEqual({ line: 5, ts: '2026-11-25T03:05:59.000Z', level: 'error', event: `client denied by server configuration: ${DIR}/htdocs/private/`, client: '127.0.0.1:57518', code: 'AH01630' });
    expect(r.rows.map((row) => row.level)).toEqual(['info', 'info', 'info', 'info', 'error', 'error', 'error', 'error', 'info', 'info', 'info', 'info', 'info', 'info']);
  });

  it("reads httpd 2.2's lines as its logs of that time hold them", async () => {
    const r = await read(['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties', '[Sun Dec 04 05:15:09 2005] [error] [client 222.166.160.184] Directory index forbidden by rule: /var/www/html/'], "ts, level, event, attrs->>'client' AS client");
    expect(r.rows).toEqual([
      { ts: '2005-12-04T04:47:44.000Z', level: 'info', event: 'workerEnv.init() ok /etc/httpd/conf/workers2.properties', client: null },
      { ts: '2005-12-04T05:15:09.000Z', level: 'error', event: 'Directory index forbidden by rule: /var/www/html/', client: '222.166.160.184' },
    ]);
  });
});

describe("Android's logcat (logprint.cpp's formats)", () => {
  // No year in the line: this year's, or last year's when 2 March would be more than a day ahead.
  const now = new Date();
  const year = Date.UTC(now.getUTCFullYear(), 2, 2, 10) > now.getTime() + 86_400_000 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  const ts = (clock: string) => `${year}-03-02T10:00:${clock}Z`;
  const LOGCAT = "line, ts, level, event, service, error, duration_ms, model, attrs->>'process' AS pid, attrs->>'thread_id' AS tid, attrs->>'logcat_buffer' AS buffer, attrs->>'stack' AS stack";
  const STACK = [
    'java.lang.IllegalStateException: upstream call failed',
    '\tat com.example.chat.ChatClient.complete(ChatClient.java:42)',
    'Caused by: java.net.SocketTimeoutException: timeout',
    '\tat okhttp3.internal.http2.Http2Stream.waitForIo(Http2Stream.kt:675)',
    '\t... 1 more',
  ].join('\n');
  const rows = (tids: readonly (string | null)[]) => {
    const row = (line: number, clock: string | null, level: string | null, event: string, service: string | null, pid: string | null, i: number, more: Record<string, unknown> = {}) => ({
      line, ts: clock === null ? null : ts(clock), level, event, service, error: null, duration_ms: null, model: null, pid, tid: tids[i] ?? null, buffer: null, stack: null, ...more,
    });
    return [
      row(1, null, null, 'beginning of main', null, null, 0, { buffer: 'main' }),
      row(2, '00.000', 'info', 'Start proc 4321:com.example.chat/u0a123 for activity {com.example.chat/com.example.chat.MainActivity}', 'ActivityManager', '1702', 1),
      row(3, '00.250', 'debug', 'llm call completed', 'ChatClient', '4321', 2, { duration_ms: 812, model: 'gpt-4o' }),
      // `OkHttp  :`: the tag padded to eight; V is the lowest priority, trace.
      row(4, '00.500', 'trace', '--> GET https://api.example.com/v1/models', 'OkHttp', '4321', 3),
      row(5, '00.750', 'warn', 'slow response', 'ChatClient', '4321', 4, { duration_ms: 2350 }),
      row(6, null, null, 'beginning of crash', null, null, 5, { buffer: 'crash' }),
      // logcat writes a header on each of a message's lines, the same header: the crash's seven lines
      // are one error, its stack (with the cause) the record's, the exception the error.
      row(7, '01.000', 'error', 'FATAL EXCEPTION: main\nProcess: com.example.chat, PID: 4321', 'AndroidRuntime', '4321', 6, {
        error: 'java.lang.IllegalStateException: upstream call failed', stack: STACK,
      }),
      // The same millisecond, another thread and tag: a record of its own.
      row(14, '01.000', 'error', 'upstream call failed', 'ChatClient', '4321', 7, { duration_ms: 30000 }),
      row(15, '01.250', 'fatal', 'Fatal signal 6 (SIGABRT), code -1 (SI_QUEUE) in tid 4321 (main), pid 4321 (com.example.chat)', 'libc', '1702', 8),
      // A (assert) is fatal.
      row(16, '01.500', 'fatal', "Abort message: 'assertion failed'", 'DEBUG', '1702', 9),
      row(17, '01.750', 'info', 'uid=1000(system) ActivityManager expire 3 lines', 'chatty', '1702', 10),
    ];
  };

  it('-v threadtime (the default): time without a year, pid, tid, priority, tag as the logger', async () => {
    const r = await read('android-logcat-threadtime.log', LOGCAT);
    expect(r).toMatchObject({ format: 'text', layout: 'MM-DD HH:MM:SS.mmm PID TID P TAG: MESSAGE   (Android logcat -v threadtime)', lines: 17, records: 11, rejects: 0 });
    expect(r.rows).toEqual(rows([null, '1702', '4321', '4355', '4355', null, '4321', '4355', '1730', '1730', '1715']));
  });

  it('-v time: no thread id', async () => {
    const r = await read('android-logcat-time.log', LOGCAT);
    expect(r).toMatchObject({ format: 'text', layout: 'MM-DD HH:MM:SS.mmm P/TAG(PID): MESSAGE   (Android logcat -v time)', lines: 17, records: 11, rejects: 0 });
    expect(r.rows).toEqual(rows(Array(11).fill(null)));
  });
});
