// Text line layouts, written the way Python's logging writes them (`%(asctime)s - %(name)s -
// %(levelname)s - %(message)s`) and compiled once to an anchored RegExp. A layout recognises the
// start of a record; the message is everything after the header.

import type { Kind } from '../../schema.js';
import type { JsonObject } from './format.js';

export interface Layout {
  /** As written, e.g. `%(asctime)s - %(name)s - %(levelname)s - %(message)s`. */
  readonly template: string;
  readonly regex: RegExp;
  /** How the layout's records are read when not as a Python layout's are (bunyan's CLI: bunyan-cli.ts). */
  readonly reading?: LayoutReading;
  /**
   * Whether a line is one only this layout's writer writes (tracing's spans, rust-text.ts). Where the
   * sample holds one, the layout is tried before the one that fits most lines: a looser layout fits
   * the line too, but reads what makes it this writer's as its message.
   */
  readonly claims?: (line: string) => boolean;
  /**
   * The writer logs a request as two records, its method and URL on the first and its status and
   * duration on the second (Rails, Phoenix): the second is given the first's (request-pairs.ts).
   */
  readonly pairsRequests?: boolean;
  /**
   * Reads a message the writer words its own way (Celery's task lines: celery-task.ts) onto the
   * fields the layout read, or returns undefined to read it as any message is.
   */
  readonly message?: (record: JsonObject, message: string) => JsonObject | undefined;
  /** Event names the writer's messages get (through `message`) and the kind of their records. */
  readonly eventKinds?: Readonly<Record<string, Kind>>;
  /** eventKinds hold only for a source whose sample has a line this says the writer wrote (any source without it). */
  readonly eventKindsIn?: (line: string) => boolean;
}

/**
 * A layout whose writer puts the fields where the common reading would not find them: bunyan's CLI
 * writes them in parentheses after the message and on indented lines after the header.
 */
export interface LayoutReading {
  /** The record a header line starts, from the layout's named groups. */
  header(groups: Readonly<Record<string, string | undefined>>): JsonObject;
  /** Adds the lines that continue the record, all of them and in order, to it. */
  continuation(record: JsonObject, lines: readonly string[]): void;
  /**
   * Whether a line that a layout would read as a record's start continues this record instead
   * (oslo.log writes a traceback's lines each after a prefix like its header: oslo-log.ts).
   */
  continues?(record: JsonObject, line: string): boolean;
}

// SUCCESS is loguru's, between INFO and WARNING.
const LEVEL_WORDS = ['CRITICAL', 'FATAL', 'ERROR', 'WARNING', 'WARN', 'NOTICE', 'SUCCESS', 'INFO', 'DEBUG', 'TRACE', 'NOTSET'];
// winston's npm levels beyond those, as its text formats write them (`http: GET /a 200`): lower case only.
const WINSTON_LEVEL_WORDS = ['http', 'verbose', 'silly'];
// `Level 25` is how Python's logging names a level that was never given a name (logging.log(25, ...)).
const LEVEL = '(?:' + [...LEVEL_WORDS.flatMap((w) => [w, w.toLowerCase(), w[0] + w.slice(1).toLowerCase()]), ...WINSTON_LEVEL_WORDS].join('|') + String.raw`|Level \d+)`;
const UNNAMED_LEVEL = /^Level (\d+)$/;
/** A level word alone, as a layout's level column or a bracketed word in a message (`[INFO]`). */
export const LEVEL_WORD = new RegExp(`^${LEVEL}$`);
/**
 * Consoles that write a level in three or four capitals: zerolog's ConsoleWriter (`INF`, `ERR`)
 * and logrus's terminal format (`INFO`, `ERRO`, `WARN`), as the level words they stand for.
 */
const SHORT_LEVELS: Readonly<Record<string, string>> = {
  TRC: 'TRACE', DBG: 'DEBUG', INF: 'INFO', WRN: 'WARNING', ERR: 'ERROR', FTL: 'FATAL', PNC: 'FATAL',
  TRAC: 'TRACE', DEBU: 'DEBUG', INFO: 'INFO', WARN: 'WARNING', ERRO: 'ERROR', FATA: 'FATAL', PANI: 'FATAL',
};
/** The methods an access line's request starts with (`2026-03-01 10:00:00 GET /health 200`). */
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH'];
/**
 * The zone abbreviations queries/ingest/macros.sql's lm_zone_offset knows, in its order, the
 * ambiguous ones (CST, IST, BST, AST, GST) last: there it gives each its offset, or no time for an
 * ambiguous one. One list written twice, as the layouts are compiled here without reading a file;
 * test/ingest/formats/text-layouts.test.ts fails when the two differ.
 */
export const ZONE_ABBREVIATIONS: readonly string[] = [
  'UT', 'UTC', 'GMT', 'WET', 'WEST', 'CET', 'CEST', 'MET', 'MEST', 'EET', 'EEST', 'MSK', 'SAST',
  'WIB', 'HKT', 'SGT', 'AWST', 'JST', 'KST', 'ACST', 'ACDT', 'AEST', 'AEDT', 'NZST', 'NZDT', 'HST',
  'AKST', 'AKDT', 'PST', 'PDT', 'MST', 'MDT', 'CDT', 'EST', 'EDT',
  'WAT', 'CAT', 'EAT', 'IDT', 'PKT', 'WITA', 'WIT', 'ADT', 'NDT', 'NST', 'HDT',
  'CST', 'IST', 'BST', 'AST', 'GST',
];
/**
 * A time without an offset may have its zone as the word after it (PostgreSQL's log_line_prefix
 * writes its log_timezone's abbreviation, date(1) its `%Z`), read as part of the time so that the
 * zone is not left in the message while the time is read as UTC: lm_zone_offset gives the offset,
 * or no time for an ambiguous abbreviation or one it does not list.
 *
 * A listed abbreviation is the zone wherever it stands after the time: the layout fails rather than
 * read it as something else (a logger). Any other word of 2 to 5 capitals (ICT, ACWST), not a level
 * or an HTTP method, is the zone only when the line fits the layout no other way, as a message or a
 * logger may open with an acronym. The alternatives below are tried in order, no zone before such a
 * word: `2026-03-01 10:00:00 DB pool exhausted` keeps its time and message, while in
 * `2026-03-01 10:00:00,123 ICT INFO app: hi` a level must follow the time, so ICT is the zone
 * (docs/INGEST.md, "Time"). That order holds because the layouts run in JavaScript's backtracking
 * regexes (text-reader.ts), never in DuckDB's RE2. Each alternative fails or ends at a fixed point,
 * so a line costs no more backtracking than one extra try per layout.
 */
const LISTED_ZONE = String.raw`(?:${ZONE_ABBREVIATIONS.join('|')})(?!\w)`;
const NOT_ZONES = [...LEVEL_WORDS, ...Object.keys(SHORT_LEVELS), ...HTTP_METHODS].filter((w) => /^[A-Z]{2,5}$/.test(w));
const UNLISTED_ZONE = String.raw`(?!(?:${NOT_ZONES.join('|')})(?!\w))[A-Z]{2,5}(?!\w)`;
// The zone: Z, an offset (PostgreSQL writes `+03` for a zone without an abbreviation) or UTC, each
// also written against the time; else a listed abbreviation; else none, unless a listed one follows;
// last, an unlisted word.
const ZONE = String.raw`(?: ?(?:Z|UTC|[+-]\d{2}(?::?\d{2})?(?!\d))| ${LISTED_ZONE}|(?! ${LISTED_ZONE})(?:| ${UNLISTED_ZONE}))`;
const CLOCK = String.raw`\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?`;
/**
 * The times Python's asctime takes from the datefmt people set, as text-reader.ts reads them: ISO
 * (the default `2026-03-02 10:00:00,123`, `%Y-%m-%dT%H:%M:%S`), day/month-name/year (`%d/%b/%Y
 * %H:%M:%S`, Django's and many web apps'), each with its zone; a date in numbers, slashes or dots
 * (`%m/%d/%Y %I:%M:%S %p`, the logging HOWTO's; `%d/%m/%y`, `%d.%m.%Y`), whose month/day order one
 * line cannot tell: it is kept as written, and read in the order its source's times tell
 * (src/ingest/date-order.ts, lm_numeric_date). (A time of day alone, `%H:%M:%S`, is
 * the `clock` field: python-text.ts.)
 */
/** An ISO or day/month-name/year time, without the dates in numbers TIME also takes: for writers that never write those (log4j's %d{ISO8601}). */
export const ISO_TIME = String.raw`(?:\d{4}-\d{2}-\d{2}[ T]|\d{2}/[A-Z][a-z]{2}/\d{4} )${CLOCK}${ZONE}`;
export const TIME = String.raw`(?:(?:\d{4}-\d{2}-\d{2}[ T]|\d{2}/[A-Z][a-z]{2}/\d{4} )${CLOCK}${ZONE}|(?:\d{2}/\d{2}/(?:\d{4}|\d{2})|\d{2}\.\d{2}\.(?:\d{4}|\d{2})) ${CLOCK}(?: [AP]M)?)`;
/** syslog's severities (a PRI modulo 8), 0 emergency to 7 debug. */
const SYSLOG_SEVERITIES = ['FATAL', 'FATAL', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];

/** The level a syslog PRI (`<34>`: facility × 8 + severity) gives. */
export function syslogLevel(pri: string): string | undefined {
  return SYSLOG_SEVERITIES[Number(pri) % 8];
}

/**
 * A level as a layout matched it, and its number when Python wrote it as one (`Level 25`): then the
 * word is that of the named level at or below it, as Python's numbers go (10 DEBUG, 20 INFO,
 * 30 WARNING, 40 ERROR, 50 CRITICAL; below 10, TRACE as the common custom level 5 is called).
 */
export function levelOf(text: string): { level: string; levelno?: number } {
  // `WARN` and `INFO` are level words already: the record keeps them as written.
  const short = SHORT_LEVELS[text];
  if (short && !LEVEL_WORD.test(text)) return { level: short };
  const m = UNNAMED_LEVEL.exec(text);
  if (!m) return { level: text };
  const n = Number(m[1]);
  const level = n >= 50 ? 'CRITICAL' : n >= 40 ? 'ERROR' : n >= 30 ? 'WARNING' : n >= 20 ? 'INFO' : n >= 10 ? 'DEBUG' : 'TRACE';
  return { level, levelno: n };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MONTH_NAME_YEAR = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}) /;

/**
 * An asctime as a layout matched it, as the record keeps it: a day/month-name/year date is written
 * as ISO; an offset after a space is written against the time, as the time parser reads it.
 */
export function asctimeOf(text: string): string {
  const value = text.trim();
  const named = DAY_MONTH_NAME_YEAR.exec(value);
  const month = named ? MONTHS.indexOf(named[2] as string) + 1 : 0;
  // (An unknown month name keeps the text, which then reads as no time.)
  const iso = named && month > 0 ? `${named[3]}-${String(month).padStart(2, '0')}-${named[1]} ${value.slice(named[0].length)}` : value;
  return iso.replace(/ ([+-]\d{2}(?::?\d{2})?)$/, '$1');
}

/** What each %(field)s matches, and the record key it becomes. */
const FIELDS: Readonly<Record<string, { readonly pattern: string; readonly key: string }>> = {
  asctime: { pattern: TIME, key: 'time' },
  gotime: { pattern: String.raw`\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?`, key: 'time' },
  levelname: { pattern: LEVEL, key: 'level' },
  levelno: { pattern: String.raw`\d+`, key: 'levelno' },
  name: { pattern: String.raw`[\w.\-<>]+`, key: 'logger' },
  // zap's console encoder writes its logger name and caller columns only when the logger has them:
  // each is an optional column with its tab. A caller is a file and a line (`internal/queue_sender.go:128`),
  // so a line without one (the OTel collector's `TIME\tinfo\tMetrics\t{...}`) keeps its message; a name
  // counts only before a caller, where it cannot be the message.
  zapLogger: { pattern: String.raw`(?:[\w.\-<>]+\t(?=[^\t ]+:\d+\t))?`, key: 'logger' },
  zapCaller: { pattern: String.raw`(?:[^\t ]+:\d+\t)?`, key: 'caller' },
  module: { pattern: String.raw`[\w.\-]+`, key: 'module' },
  funcName: { pattern: String.raw`[\w.<>]+`, key: 'func_name' },
  filename: { pattern: String.raw`[\w.\-]+`, key: 'filename' },
  pathname: { pattern: String.raw`\S+`, key: 'pathname' },
  lineno: { pattern: String.raw`\d+`, key: 'lineno' },
  process: { pattern: String.raw`\d+`, key: 'process' },
  processName: { pattern: String.raw`[\w.\-]+`, key: 'process_name' },
  thread: { pattern: String.raw`\d+`, key: 'thread' },
  // Python 3.10 on names a thread after its target too: `Thread-1 (worker)`.
  threadName: { pattern: String.raw`[\w.\-]+(?: \([\w.<>]+\))?`, key: 'thread_name' },
  message: { pattern: '.*', key: 'message' },
  // The common and combined log formats (nginx, Apache, gunicorn's access log):
  // `127.0.0.1 - bob [24/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 1234 ...`.
  remoteAddr: { pattern: String.raw`[\w.:\-]+`, key: 'remote_addr' },
  ident: { pattern: String.raw`\S+`, key: 'ident' },
  remoteUser: { pattern: String.raw`\S+`, key: 'remote_user' },
  // Werkzeug's development server (`flask run`) writes its own: `[25/Nov/2026 10:00:00]`, a space and no zone.
  clftime: { pattern: String.raw`\d{2}/[A-Z][a-z]{2}/\d{4}(?::\d{2}:\d{2}:\d{2} [+-]\d{4}| \d{2}:\d{2}:\d{2})`, key: 'time' },
  // Rich's RichHandler writes `[%x %X]`: `[11/24/26 17:07:36]` in the C locale a container runs in,
  // month/day/year (text-reader.ts turns it into an ISO time). Its path column, right-aligned after
  // the message (show_path, the default), is a Python file and line: `app.py:42`, `<stdin>:7`.
  richtime: { pattern: String.raw`\d{2}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}`, key: 'time' },
  richpath: { pattern: String.raw`(?:[\w.\-]+\.py|<[\w\-]+>):\d+(?= *$)`, key: 'caller' },
  // pino-pretty's default time, a time of day without a date: kept, but not a time a record can be placed at.
  // So is Go's time.Kitchen (`3:04PM`), zerolog's ConsoleWriter's default.
  clock: { pattern: String.raw`\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?|\d{1,2}:\d{2}[AP]M`, key: 'clock' },
  shortLevel: { pattern: Object.keys(SHORT_LEVELS).join('|'), key: 'level' },
  // logrus's terminal format without full timestamps: seconds since the process started.
  uptime: { pattern: String.raw`\d{4,}`, key: 'uptime_s' },
  // syslog (RFC 3164 and 5424, and journalctl's output): the PRI, the BSD time without a year, the
  // host, the program (its tag) and its process id; 5424 adds a message id and structured data,
  // each `-` when there is none.
  pri: { pattern: String.raw`\d{1,3}`, key: 'level' },
  bsdtime: { pattern: String.raw`[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}`, key: 'time' },
  hostname: { pattern: String.raw`[\w.:\-]+`, key: 'host' },
  tag: { pattern: String.raw`[^\s\[\]:]+`, key: 'app' },
  pid: { pattern: String.raw`(?:\[\d+\])?`, key: 'process' },
  procid: { pattern: String.raw`\S+`, key: 'process' },
  msgid: { pattern: String.raw`\S+`, key: 'msgid' },
  structuredData: { pattern: String.raw`-|(?:\[(?:[^\]"\\]|"(?:[^"\\]|\\.)*")*\])+`, key: 'structured_data' },
  // AWS Lambda's runtimes: the request id every line of an invocation carries, and the lines the
  // platform writes around it (START, END, REPORT).
  requestId: { pattern: String.raw`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`, key: 'request_id' },
  lambdaPhase: { pattern: 'START|END|REPORT|INIT_START', key: 'event' },
};

/** The record key each named group of a compiled layout fills. */
export function keyOfGroup(group: string): string {
  return FIELDS[group]?.key ?? group;
}

/** Compiles `%(field)s` templates (`%(lineno)d` alike); a space in the template matches one or more spaces (padding). */
export function compileLayout(template: string): Layout {
  let source = '^';
  const placeholder = /%\((\w+)\)(-?\d*)[sd]/g;
  let at = 0;
  for (let m = placeholder.exec(template); m; m = placeholder.exec(template)) {
    source += literal(template.slice(at, m.index));
    const name = m[1] as string;
    const field = FIELDS[name];
    if (!field) throw new Error(`unknown layout field %(${name})s`);
    at = m.index + m[0].length;
    // A logger name that only spaces part from the level after it (`TIME app INFO msg`) is never a
    // level word itself: `TIME INFO error budget` is level INFO, message `error budget`.
    const notLevel = name === 'name' && /^ +%\(levelname\)/.test(template.slice(at)) ? `(?!${LEVEL} )` : '';
    // A padded field (%(levelname)-8s) carries spaces on one side, or on both as str.format centres
    // it (`{levelname:^8}` gives `[  INFO  ]`): either side is allowed.
    const pad = m[2] ? ' *' : '';
    source += pad + `(?<${name}>${notLevel}${field.pattern})` + pad;
  }
  source += literal(template.slice(at));
  if (!template.includes('%(message)s')) source += '$';
  return { template, regex: new RegExp(source) };
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ +/g, ' +').replace(/\t/g, '\\t');
}

/** The layout that matches most of the sample (earlier layouts win ties), and how many it matched. */
export function bestLayout(layouts: readonly Layout[], lines: readonly string[]): { layout: Layout; matches: number } | undefined {
  let best: { layout: Layout; matches: number } | undefined;
  for (const layout of layouts) {
    let matches = 0;
    for (const line of lines) if (layout.regex.test(line)) matches++;
    if (matches > 0 && (!best || matches > best.matches)) best = { layout, matches };
  }
  return best;
}
