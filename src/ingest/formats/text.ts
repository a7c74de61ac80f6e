// Other timestamped text: tab-separated consoles (zap's console encoder: time, level, caller,
// message, a JSON object of fields), web servers' access logs (the common and combined log
// formats), Go's `log` package, AWS Lambda's runtimes, syslog (RFC 5424 and 3164), Rust's
// tracing-subscriber and env_logger, Java's (Spring Boot, logback, log4j2, java.util.logging; the log4j
// 1.x layouts of Hadoop, Spark, ZooKeeper and Kafka), Android's logcat, Kubernetes' klog,
// Envoy's and Istio's access logs, Gin's and chi's request logs (Go), NestJS's logger, HAProxy's HTTP log, Ruby's Logger, PHP's Monolog, .NET's console logger, Elixir's Logger,
// nginx's and Apache httpd's error logs, logrus's and zerolog's consoles, bunyan's and pino-pretty's,
// and an ISO time followed by the message (a bracketed level word after it,
// `[TIME] [822] [INFO] ...`, is the level).
// Also the fallback for text that fits no layout at all: with message patterns in logmeter.yml,
// the lines they match are records; every other line is a `no_match` reject.
import type { RecordFormat } from './format.js';
import { BUNYAN_CLI_LAYOUTS } from './bunyan-cli.js';
import { ENVOY_LAYOUTS } from './envoy-access.js';
import { GO_WEB_LAYOUTS } from './go-web-access.js';
import { HAPROXY_LAYOUTS } from './haproxy-http.js';
import { NESTJS_LAYOUTS } from './nestjs-console.js';
import { WERKZEUG_LAYOUTS } from './werkzeug-banner.js';
import { EVENTLET_LAYOUTS } from './wsgi-access.js';
import { KLOG_LAYOUTS } from './klog.js';
import { JAVA_LAYOUTS } from './java-text.js';
import { LOG4J1_LAYOUTS } from './log4j1-text.js';
import { LOGCAT_LAYOUTS } from './android-logcat.js';
import { LANGUAGE_LAYOUTS } from './language-text-layouts.js';
import { MORGAN_LAYOUTS } from './morgan-access.js';
import { RUST_LAYOUTS } from './rust-text.js';
import { compileLayout, type Layout } from './text-layouts.js';
import { LayoutReader, layoutShare } from './text-reader.js';

export const TEXT_LAYOUTS: readonly Layout[] = [
  // zap's console encoder: time, level, [logger name,] [caller,] message, then a JSON object of fields.
  '%(asctime)s\t%(levelname)s\t%(zapLogger)s%(zapCaller)s%(message)s',
  // The common/combined log format of nginx, Apache, gunicorn and Werkzeug's development server:
  // the request line, status and size follow the time, and the message reader takes the request apart.
  '%(remoteAddr)s %(ident)s %(remoteUser)s [%(clftime)s] %(message)s',
  // `flask run`'s banner, and Flask's own default handler (an exception in a view), which come with
  // Werkzeug's request lines in one log (werkzeug-banner.ts; python-text reads Flask's layout alone).
  ...WERKZEUG_LAYOUTS,
  '[%(asctime)s] %(levelname)s in %(module)s: %(message)s',
  // AWS Lambda's runtimes (Node.js: time, request id, level, message; Python: the level first) and
  // the platform's own START, END and REPORT lines.
  '%(asctime)s\t%(requestId)s\t%(levelname)s\t%(message)s',
  '[%(levelname)s]\t%(asctime)s\t%(requestId)s\t%(message)s',
  '%(lambdaPhase)s RequestId: %(requestId)s%(message)s',
  // syslog: RFC 5424, then RFC 3164 (with its PRI as sent, without it as a file or journalctl shows it).
  '<%(pri)s>1 %(asctime)s %(hostname)s %(tag)s %(procid)s %(msgid)s %(structuredData)s %(message)s',
  '<%(pri)s>%(bsdtime)s %(hostname)s %(tag)s%(pid)s: %(message)s',
  '%(bsdtime)s %(hostname)s %(tag)s%(pid)s: %(message)s',
  // Rust's tracing-subscriber (its `fmt` layer: Full and Compact) and env_logger (rust-text.ts).
  // Before zerolog's and logrus's, whose INFO and WARN also fit tracing's ` INFO` and ` WARN`.
  ...RUST_LAYOUTS,
  // Kubernetes' klog (klog.ts) and Envoy's and Istio's access logs (envoy-access.ts), before the
  // `[TIME] message` that Envoy's lines fit too.
  ...KLOG_LAYOUTS,
  ...ENVOY_LAYOUTS,
  // morgan's access lines (Express), which carry no time (morgan-access.ts).
  ...MORGAN_LAYOUTS,
  // Gin's and chi's request loggers (go-web-access.ts): before Go's `log` layout, which chi's lines fit too.
  ...GO_WEB_LAYOUTS,
  // NestJS's built-in ConsoleLogger (nestjs-console.ts).
  ...NESTJS_LAYOUTS,
  // HAProxy's HTTP log written raw (`log stdout format raw`); through syslog, the syslog layout
  // reads its header and haproxy-http.ts the rest (haproxy-http.ts).
  ...HAPROXY_LAYOUTS,
  // eventlet.wsgi's own access log (OpenStack's API servers), its date unlike the common log
  // format's, and its server lines without a time (wsgi-access.ts).
  ...EVENTLET_LAYOUTS,
  // Java's: Spring Boot's, logback's, log4j2's and java.util.logging's (java-text.ts). Before the
  // layouts of a time and a message, which fit their lines too but read the thread and logger as the message.
  ...JAVA_LAYOUTS,
  // The log4j 1.x layouts of Hadoop, Spark, ZooKeeper and Kafka (log4j1-text.ts), and Android's
  // logcat (android-logcat.ts).
  ...LOG4J1_LAYOUTS,
  ...LOGCAT_LAYOUTS,
  // Ruby's Logger, PHP's Monolog, .NET's console logger, Elixir's Logger, nginx's error log
  // (language-text-layouts.ts): before the looser layouts below, which fit some of their lines.
  ...LANGUAGE_LAYOUTS,
  // logrus's terminal format (`INFO[0000] msg  k=v`, or the time with FullTimestamp) and zerolog's
  // ConsoleWriter (`TIME INF msg k=v`; by default its time is Go's Kitchen, `3:50PM`, a time of day
  // without a date, kept as the clock as pino-pretty's is).
  '%(shortLevel)s[%(uptime)s] %(message)s',
  '%(shortLevel)s[%(asctime)s] %(message)s',
  '%(asctime)s %(shortLevel)s %(message)s',
  '%(clock)s %(shortLevel)s %(message)s',
  // bunyan's CLI (long, -o short, -o simple), which reads its records its own way (bunyan-cli.ts).
  ...BUNYAN_CLI_LAYOUTS,
  // pino-pretty's default: `[12:00:00.123] LEVEL (PID[ on HOST]): message`, the record's other fields
  // on indented lines after it (continuation lines). Its time has no date.
  '[%(clock)s] %(levelname)s (%(process)s on %(hostname)s): %(message)s',
  '[%(clock)s] %(levelname)s (%(process)s): %(message)s',
  '%(asctime)s [%(levelname)-8s] %(message)s',
  // winston's format.printf as its README writes it (`${timestamp} [${label}] ${level}: ${message}`),
  // with and without the label.
  '%(asctime)s [%(name)s] %(levelname)s: %(message)s',
  '%(asctime)s %(levelname)s: %(message)s',
  '%(asctime)s %(levelname)s %(message)s',
  '[%(asctime)s] %(message)s',
  '%(asctime)s %(message)s',
  '%(gotime)s %(message)s',
].map((layout) => (typeof layout === 'string' ? compileLayout(layout) : layout));

export const text: RecordFormat = {
  name: 'text',
  family: 'records',
  description: "timestamped text lines (tab-separated consoles such as zap, nginx/Apache, Envoy/Istio, Gin, chi, HAProxy and eventlet WSGI access logs, NestJS, nginx's and Apache's error logs, Lambda, syslog, klog, Rust tracing-subscriber/env_logger, Java (Spring Boot, logback, log4j2, JUL, Hadoop/Spark/ZooKeeper/Kafka log4j 1.x), Android logcat, Ruby Logger, PHP Monolog, .NET console, Elixir Logger, logrus/zerolog consoles, the bunyan CLI, Go log, ISO time + message); message patterns",
  manyPerLine: false,
  score: (input) => layoutShare(TEXT_LAYOUTS, input.lines, input.patterns),
  reader: (context) => new LayoutReader(TEXT_LAYOUTS, context),
};
