// The log4j 1.x layouts the big JVM servers ship in their log4j.properties (real output of log4j
// 1.2.17 with each PatternLayout is in test/fixtures/loggers/java-log4j1-*.log,
// test/fixtures/gen/java_loggers.sh):
//
//   Hadoop (HDFS, YARN, MapReduce) `%d{ISO8601} %p %c: %m%n`, YARN's containers `%d{ISO8601} %p [%t] %c: %m%n`,
//   task logs `%d{ISO8601} %-5p [%t] %c{2}: %m%n`:
//     2026-03-02 10:00:00,000 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster ...
//   Spark (its log4j.properties.template) `%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n`:
//     26/03/02 10:00:00 INFO MRAppMaster: Created MRAppMaster ...
//   the HDFS logs of Hadoop 0.x that are published, `yyMMdd HHmmss`, a thread's id, the level:
//     260302 100000 12 INFO app.MRAppMaster: Created MRAppMaster ...
//   ZooKeeper 3.5 on `%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n` (3.4 without the myid):
//     2026-03-02 10:00:00,500 [myid:1] - WARN  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200
//   Kafka `[%d] %p %m (%c)%n`, the logger after the message:
//     [2026-03-02 10:00:01,250] FATAL [LogManager broker=0] Shutdown broker ... (kafka.log.LogManager)
//
// Each reads as java-text.ts's layouts do: the time (Spark's two-digit year and HDFS's are 20xx), the
// level as written (TRACE to FATAL), the logger, the thread as `thread_name` (HDFS's number as
// `thread_id`), ZooKeeper's calling class as the logger, its line as `lineno` and its myid as `myid`;
// the lines after a header continue its record, and a Java stack trace among them is its `stack`.
// Kafka writes the logger after the message's last line: for a message of several lines, that is
// where it is read from; its components' log ident (`[KafkaServer id=0] `) before the message is `log_ident`.
import type { JsonObject } from './format.js';
import { JAVA_CLASS, readJavaRecord, splitJavaStack } from './java-text.js';
import { asctimeOf, ISO_TIME, type Layout, type LayoutReading } from './text-layouts.js';

const LEVEL = '(?<level>TRACE|DEBUG|INFO|WARN|ERROR|FATAL)';
const MESSAGE = '(?<message>.*)';
/** A logger as %c writes it, whole or its last parts (%c{2}: `datanode.DataNode`, `dfs.DataNode$PacketResponder`). */
const LOGGER = String.raw`(?<logger>[\w$.\-]+)`;
/** `[%t] `: a thread's name may hold brackets and spaces (`QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181`). */
const THREAD = String.raw`\[(?<thread>[^\]]*(?:\][^\]\s]*)*)\]`;

// %d{ISO8601} is the only time Hadoop's, ZooKeeper's and Kafka's layouts write: a date in numbers
// (`26/03/02`) is Spark's yy/MM/dd, or another writer's.
const HADOOP = new RegExp(String.raw`^(?<time>${ISO_TIME}) +${LEVEL} +(?:${THREAD} +)?${LOGGER}:(?: ${MESSAGE})?$`);
// yy/MM/dd: a month above 12 or a day above 31 is another writer's date (Python's `%m/%d/%y`).
const SPARK = new RegExp(String.raw`^(?<yyDate>\d{2}/(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])) (?<clock>\d{2}:\d{2}:\d{2}) +${LEVEL} +${LOGGER}:(?: ${MESSAGE})?$`);
const HDFS = new RegExp(String.raw`^(?<yyDate>\d{6}) (?<clock>\d{6}) +(?:(?<tid>\d+) +)?${LEVEL} +${LOGGER}:(?: ${MESSAGE})?$`);
const ZOOKEEPER = new RegExp(
  String.raw`^(?<time>${ISO_TIME}) +(?:\[myid:(?<myid>[^\]]*)\] +)?- +${LEVEL} +\[(?<thread>.*?):(?<location>[\w$]+)@(?<line>\d+|\?)\] +-(?: ${MESSAGE})?$`,
);
const KAFKA = new RegExp(String.raw`^\[(?<time>${ISO_TIME})\] ${LEVEL} ${MESSAGE}$`);
/** ` (%c)` at the end of Kafka's message: a logger has a dot (`kafka.server.KafkaServer`, `state.change.logger`). */
const KAFKA_LOGGER = / \((?<logger>[\w$\-]+(?:\.[\w$\-]+)+)\)$/;

/** `26/03/02` (yy/MM/dd) or `260302` (yyMMdd) and `10:00:00` or `100000`, as ISO in the 2000s. */
function twoDigitYearTime(date: string, clock: string): string {
  const d = date.replace(/\//g, '');
  const c = clock.replace(/:/g, '');
  return `20${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)} ${c.slice(0, 2)}:${c.slice(2, 4)}:${c.slice(4, 6)}`;
}

function headerOf(groups: Readonly<Record<string, string | undefined>>): JsonObject {
  const record: JsonObject = {};
  if (groups.time) record.time = asctimeOf(groups.time);
  else if (groups.yyDate && groups.clock) record.time = twoDigitYearTime(groups.yyDate, groups.clock);
  record.level = groups.level as string;
  const thread = groups.thread?.trim();
  if (thread) record.thread_name = thread;
  if (groups.tid) record.thread_id = groups.tid;
  // ZooKeeper writes no logger: its calling class (%C{1}) stands for it, as JUL's source class does.
  const logger = groups.logger ?? groups.location;
  if (logger) record.logger = logger;
  if (groups.line && groups.line !== '?') record.lineno = Number(groups.line);
  if (groups.myid) record.myid = groups.myid;
  return record;
}

/**
 * Kafka's components open their messages with their log ident (`[KafkaServer id=0] `,
 * `[ReplicaFetcher replicaId=1, leaderId=0, fetcherId=0] `, `[GroupCoordinator 0]: `): kept as
 * `log_ident`, out of the event, whose pairs it would otherwise open.
 */
const LOG_IDENT = /^\[(?<ident>[A-Z][\w\-]*(?: [^\]]*)?)\]:? /;

/** The record of a message: its log ident apart, then read as java-text.ts reads one (a stack among `more`). */
function log4j1Record(header: JsonObject, first: string | undefined, more: readonly string[]): JsonObject {
  const ident = first === undefined ? null : LOG_IDENT.exec(first);
  if (!ident) return readJavaRecord(header, first, more);
  return readJavaRecord({ ...header, log_ident: ident.groups?.ident as string }, (first as string).slice(ident[0].length), more);
}

/** The record's header as read from its first line, and the message's first line, which the continuation lines read again. */
const headers = new WeakMap<JsonObject, { readonly header: JsonObject; readonly message: string; readonly kafka: boolean }>();

function lineReading(kafka: boolean): LayoutReading {
  return {
    header(groups) {
      let header = headerOf(groups);
      let message = groups.message ?? '';
      const logger = kafka ? KAFKA_LOGGER.exec(message) : null;
      if (logger) {
        header = { ...header, logger: logger.groups?.logger as string };
        message = message.slice(0, logger.index);
      }
      const record = log4j1Record(header, message, []);
      headers.set(record, { header, message, kafka: kafka && !logger });
      return record;
    },
    continuation(record, lines) {
      const first = headers.get(record);
      if (!first || lines.length === 0) return;
      let again: JsonObject;
      if (!first.kafka) again = log4j1Record(first.header, first.message, lines);
      else {
        // Kafka's logger follows the message's last line, before a stack trace.
        const { message, stack } = splitJavaStack(lines);
        const last = message.length > 0 ? KAFKA_LOGGER.exec(message[message.length - 1] as string) : null;
        if (last) message[message.length - 1] = (message[message.length - 1] as string).slice(0, last.index);
        const header = last ? { ...first.header, logger: last.groups?.logger as string } : first.header;
        again = log4j1Record(header, [first.message, ...message].join('\n'), []);
        if (stack !== undefined) again.stack = stack;
      }
      for (const key of Object.keys(record)) delete record[key];
      Object.assign(record, again);
    },
  };
}

const reading = lineReading(false);
const kafkaReading = lineReading(true);
const test = (regex: RegExp) => (line: string) => regex.test(line);
/** Python's `TIME LEVEL name: message` fits Hadoop's line too: it is Hadoop's when the logger is a Java class. */
const hadoopLine = (line: string) => {
  const groups = HADOOP.exec(line)?.groups;
  return groups !== undefined && (groups.thread !== undefined || JAVA_CLASS.test(groups.logger ?? ''));
};
const kafkaLine = (line: string) => KAFKA.test(line) && KAFKA_LOGGER.test(line);

export const LOG4J1_LAYOUTS: readonly Layout[] = [
  { template: 'TIME [myid:ID] - LEVEL [THREAD:CLASS@LINE] - MESSAGE   (ZooKeeper)', regex: ZOOKEEPER, reading, claims: test(ZOOKEEPER) },
  { template: 'TIME LEVEL [THREAD] LOGGER: MESSAGE   (Hadoop)', regex: HADOOP, reading, claims: hadoopLine },
  { template: 'YY/MM/DD HH:MM:SS LEVEL LOGGER: MESSAGE   (Spark)', regex: SPARK, reading, claims: test(SPARK) },
  { template: 'YYMMDD HHMMSS TID LEVEL LOGGER: MESSAGE   (HDFS)', regex: HDFS, reading, claims: test(HDFS) },
  { template: '[TIME] LEVEL MESSAGE (LOGGER)   (Kafka)', regex: KAFKA, reading: kafkaReading, claims: kafkaLine },
];

/** For python-text's score: the lines a log4j 1.x layout claims (a Java class as Hadoop's logger, ZooKeeper's and Kafka's shapes). */
export function writtenByLog4j1(line: string): boolean {
  return LOG4J1_LAYOUTS.some((layout) => layout.claims?.(line) ?? false);
}
