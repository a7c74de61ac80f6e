// Reads text logs whose records start with a recognisable header (a layout) and may continue over
// the following lines (a Python traceback, a Go stack, a multi-line message). Shared by the
// python-text and text formats, which differ only in their layouts.
//
// Per line: a line the layout matches starts a record; a line a message pattern matches starts a
// record too (free text); any other line continues the record above it; with no record above, it is
// a `no_match` reject. The message's trailing key=value pairs become fields and the prose before
// them is the event; a trailing JSON object (zap's console encoder) becomes fields as well.

import { matchPatterns, type MessagePattern } from '../../config/patterns.js';
import { commonLogRecord } from './common-log.js';
import { haproxyHttpRecord } from './haproxy-http.js';
import type { JsonObject, ReaderContext, RecordReader } from './format.js';
import { splitMessage } from './key-values.js';
import { RequestPairs } from './request-pairs.js';
import { richWrapOf, unwrapRichMessage, type RichWrap } from './rich-wrap.js';
import { asctimeOf, bestLayout, keyOfGroup, LEVEL_WORD, levelOf, syslogLevel, type Layout, type LayoutReading } from './text-layouts.js';

/** Keys a record takes from its layout; a pair of the same name goes under `fields` instead. */
const RESERVED = new Set(['time', 'level', 'logger', 'message', 'event', 'exc_info', 'fields', 'truncated_lines']);
const TRACEBACK = 'Traceback (most recent call last):';

interface Pending {
  readonly line: number;
  readonly record: JsonObject;
  /** The layout the record's first line fits, when it reads its records its own way. */
  readonly reading: LayoutReading | undefined;
  /** Whether the record's layout logs a request as two records (Layout.pairsRequests). */
  readonly pairsRequests: boolean;
  readonly more: string[];
  /** The header's groups and Rich's message column, where a long message may wrap onto the lines below. */
  readonly richWrap: { readonly groups: Readonly<Record<string, string | undefined>>; readonly wrap: RichWrap } | undefined;
  readonly traceback: string[];
  bytes: number;
  truncated: number;
  /** Spaces before the traceback's first line, taken off each of its lines. */
  tracebackIndent: number;
  /** The record's last line so far: a gap before the next is blank lines (the reader is not given them). */
  last: number;
  /** The traceback has its exception's line (tracebackEnds: one no frame or chain writes). */
  tracebackNamed: boolean;
  /** After that, a blank line and another such line closed it: later lines are message. */
  tracebackClosed: boolean;
}

/** The line less up to `indent` leading spaces, and less the spaces Rich pads it with to the console's width. */
function outdented(text: string, indent: number): string {
  let at = 0;
  while (at < indent && text[at] === ' ') at++;
  return text.slice(at).trimEnd();
}

export class LayoutReader implements RecordReader {
  private pending: Pending | undefined;
  private started = false;
  /**
   * Rich leaves a time equal to the line above's blank (omit_repeated_times): where the layout opens
   * with a bracketed time, a line opening with that many spaces and then a word starts a record at
   * the last time written.
   */
  private readonly blankTimeWidth: number | undefined;
  /** Rich's layouts (RichHandler) wrap a long message in its column: see rich-wrap.ts. */
  private readonly rich: boolean;
  private lastTimeText: string | undefined;
  /** The line of the last record started: a traceback still being written continues it. */
  reopenLine: number | undefined;
  private readonly order: readonly Layout[];
  readonly layout: string | undefined;
  private readonly requests = new RequestPairs();

  constructor(
    layouts: readonly Layout[],
    private readonly context: ReaderContext,
  ) {
    const best = bestLayout(layouts, context.sample);
    const claiming = layouts.filter((l) => l !== best?.layout && l.claims && context.sample.some(l.claims));
    this.order = best ? [...claiming, best.layout, ...layouts.filter((l) => l !== best.layout && !claiming.includes(l))] : layouts;
    this.layout = best?.layout.template;
    // The kinds of the events this source's writer names (Celery's task runs are workflow runs).
    for (const layout of best ? [...claiming, best.layout] : []) {
      if (layout.eventKindsIn && !context.sample.some(layout.eventKindsIn)) continue;
      for (const [event, kind] of Object.entries(layout.eventKinds ?? {})) context.sink.eventKind?.(event, kind);
    }
    this.rich = /%\(rich(?:time|path)\)s/.test(this.layout ?? '');
    if (best?.layout.template.startsWith('[%(')) {
      const first = context.sample.find((line) => best.layout.regex.test(line));
      const close = first?.indexOf('] ') ?? -1;
      if (close > 0) this.blankTimeWidth = close + 2;
    }
  }

  line(line: number, text: string): void {
    const pending = this.pending;
    let start = pending?.reading?.continues?.(pending.record, text) ? undefined : this.recordOf(text);
    const width = this.blankTimeWidth;
    if (width !== undefined) {
      if (start && text[0] !== ' ') this.lastTimeText = text.slice(0, width);
      else if (!start && this.lastTimeText !== undefined && text.length > width && text.slice(0, width).trim() === '' && text[width] !== ' ') {
        start = this.recordOf(this.lastTimeText + text.slice(width));
      }
    }
    if (start) {
      this.started = true;
      this.flush();
      const { record, reading, groups, pairsRequests } = start;
      const wrap = this.rich && groups && width !== undefined ? richWrapOf(text, width, groups) : undefined;
      const richWrap = wrap && groups ? { groups, wrap } : undefined;
      this.pending = { line, record, reading, pairsRequests: pairsRequests === true, more: [], richWrap, traceback: [], bytes: text.length, truncated: 0, tracebackIndent: 0, last: line, tracebackNamed: false, tracebackClosed: false };
      this.reopenLine = line;
      return;
    }
    if (!pending) {
      // Read from a checkpoint: until a record starts, lines continue the one stored last run.
      if (this.context.resumed && !this.started) this.context.sink.continuation(1);
      else this.context.sink.reject(line, 'no_match', text);
      return;
    }
    this.context.sink.continuation(1);
    if (pending.bytes + text.length > this.context.maxBytes) {
      pending.truncated++;
      return;
    }
    pending.bytes += text.length + 1;
    if (pending.reading) {
      pending.more.push(text);
      return;
    }
    const afterBlank = line > pending.last + 1;
    pending.last = line;
    // Output after a traceback's exception and a blank line (a worker's `worker: Warm shutdown`, a
    // print()) is not the traceback's: its last line would be taken for the error. (loguru puts blank
    // lines between the frames and before the exception: only a line after the exception's closes it.)
    const unframed = pending.traceback.length > 0 && tracebackEnds(text);
    if (unframed && pending.tracebackNamed && afterBlank) pending.tracebackClosed = true;
    else if (unframed) pending.tracebackNamed = true;
    // Rich indents a traceback under the message column: the indent of its first line goes.
    if (pending.traceback.length === 0 && text.trimStart().startsWith(TRACEBACK)) pending.tracebackIndent = text.length - text.trimStart().length;
    if (!pending.tracebackClosed && (pending.traceback.length > 0 || text.trimStart().startsWith(TRACEBACK))) pending.traceback.push(outdented(text, pending.tracebackIndent));
    else pending.more.push(text);
  }

  end(): void {
    this.flush();
  }

  // Only a line a layout reads as a header, without the message patterns (which the spool applies
  // in one thread: spool-parts.ts reads a source with patterns in one piece).
  splitsAt(text: string): boolean {
    return this.order.some((layout) => layout.regex.test(text));
  }

  cleanBreakBefore(text: string): boolean {
    const pending = this.pending;
    // oslo.log's and logcat's next line may continue the record although it fits the layout.
    if (pending?.reading?.continues?.(pending.record, text)) return false;
    // A request's start waiting for its end (request-pairs.ts) would pair with an end after the line.
    return !this.requests.waiting();
  }

  /** The record a line starts, if it starts one, and how its layout reads it. */
  private recordOf(text: string): { record: JsonObject; reading?: LayoutReading; groups?: Record<string, string | undefined>; pairsRequests?: boolean } | undefined {
    for (const layout of this.order) {
      const m = layout.regex.exec(text);
      if (!m?.groups) continue;
      const reading = layout.reading;
      const pairsRequests = layout.pairsRequests;
      return reading ? { record: reading.header(m.groups), reading, pairsRequests } : { record: recordFromHeader(m.groups, layout.message), groups: m.groups, pairsRequests };
    }
    if (this.context.patterns.length > 0 && matchPatterns(this.context.patterns, text)) return { record: messageRecord({}, text) };
    return undefined;
  }

  private flush(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    let record = p.record;
    // A message Rich wrapped is read whole, its pairs too: the record is read again from its header.
    const unwrapped = p.richWrap && p.more.length > 0 ? unwrapRichMessage(p.richWrap.groups.message ?? '', p.more, p.richWrap.wrap) : undefined;
    if (p.richWrap && unwrapped !== undefined) record = recordFromHeader({ ...p.richWrap.groups, message: unwrapped });
    else if (p.reading) p.reading.continuation(record, p.more);
    else if (p.more.length > 0) {
      record.message = String(record.message ?? '') + '\n' + p.more.join('\n');
      const stack = javaScriptStack(p.more);
      if (stack !== undefined && !('stack' in record)) record.stack = stack;
    }
    if (p.traceback.length > 0) record.exc_info = p.traceback.join('\n');
    if (p.truncated > 0) record.truncated_lines = p.truncated;
    if (p.pairsRequests) this.requests.complete(record);
    this.context.sink.record(p.line, record);
  }
}

/**
 * Whether a line inside a traceback is none its frames or chains write (so the exception's, or output
 * after it): not indented (a frame, an exception group's box), not loguru's `> File` of the failing
 * frame, not a chained traceback's start or its phrase, not the quotes billiard and multiprocessing
 * put around a traceback from another process.
 */
function tracebackEnds(text: string): boolean {
  const c = text[0];
  if (c === ' ' || c === '\t' || text.startsWith('> ') || text.startsWith(TRACEBACK) || text.startsWith('"""')) return false;
  return !text.startsWith('During handling of the above exception') && !text.startsWith('The above exception was the direct cause');
}

/** The first line of a stack Node prints (`Error: boom`, `TypeError [ERR_X]: bad`, `AggregateError: all failed`). */
const JS_STACK_HEAD = /^ *(?:[A-Z][\w$.]*)?(?:Error|Exception)\b.*$/;
const JS_STACK_FRAME = /^ +at \S/;

/**
 * A JavaScript stack among a record's continuation lines (winston's format.printf with
 * format.errors({stack: true}), bunyan's long output, which indents it), from its first line on and
 * less that line's indent: kept as the record's `stack`, which names its error as a logged Error's
 * stack does in JSON. Only a first line followed by an `at` frame counts.
 */
export function javaScriptStack(lines: readonly string[]): string | undefined {
  const head = lines.findIndex((line, i) => JS_STACK_HEAD.test(line) && JS_STACK_FRAME.test(lines[i + 1] ?? ''));
  if (head < 0) return undefined;
  const first = lines[head] as string;
  const indent = first.length - first.trimStart().length;
  return lines.slice(head).map((line) => outdented(line, indent)).join('\n');
}

/** syslog's columns that read `-` when the line has none (RFC 5424's NILVALUE). */
const NIL_GROUPS = new Set(['procid', 'msgid', 'structuredData']);
/**
 * Bracketed words at the start of a message (`[822] [INFO] app: ...`), one of which may be the level,
 * padded inside the brackets as `[%(levelname)-8s]` and `{levelname:^8}` write it (`[WARNING ]`, `[  INFO  ]`).
 */
const LEADING_BRACKETS = /^(?:\[ *[^\]\s]{1,40} *\] *)+/;

function recordFromHeader(groups: Record<string, string | undefined>, readMessage?: Layout['message']): JsonObject {
  const record: JsonObject = {};
  for (const [group, value] of Object.entries(groups)) {
    // An optional column the line does not have (zap's caller) matches empty.
    if (group === 'message' || group === 'lambdaPhase' || value === undefined || value === '') continue;
    if (NIL_GROUPS.has(group) && value === '-') continue;
    if (group === 'levelname' || group === 'shortLevel') Object.assign(record, levelOf(value.trim()));
    else if (group === 'pri') record.level = syslogLevel(value);
    else if (group === 'pid') record.process = value.slice(1, -1);
    else if (group === 'asctime') record.time = asctimeOf(value);
    else if (group === 'richtime') record.time = value.replace(/^(\d{2})\/(\d{2})\/(\d{2}) /, '20$3-$1-$2T');
    else record[keyOfGroup(group)] = value.trim();
  }
  // `{%(filename)s:%(lineno)d}` (Airflow's) is where the record was logged: one `caller`, as Rich's path column is.
  if (groups.filename && groups.lineno) {
    record.caller = `${record.filename}:${record.lineno}`;
    delete record.filename;
    delete record.lineno;
  }
  let message = groups.message ?? '';
  if (record.level === undefined) message = takeBracketedLevel(record, message);
  const text = message.replace(/^\uFEFF/, '');
  // HAProxy's HTTP log through syslog (`... haproxy[123]: CLIENT [DATE] ...`): its request, timers
  // and time, which has the year and milliseconds the syslog time lacks (haproxy-http.ts).
  const haproxy = groups.tag === 'haproxy' ? haproxyHttpRecord(text) : undefined;
  if (haproxy) return Object.assign(record, haproxy, { message: text });
  // A common/combined access line's request, status, size, referrer and agent (common-log.ts).
  const result = (groups.clftime !== undefined ? commonLogRecord(record, text, messageRecord) : undefined) ?? readMessage?.(record, text) ?? messageRecord(record, text);
  if (groups.lambdaPhase) lambdaPlatformLine(result, groups.lambdaPhase, message);
  return result;
}

/**
 * A layout without a level column (`[%(asctime)s] %(message)s`) may still have a level as a
 * bracketed word before the message: gunicorn's `[TIME] [822] [INFO] Starting`, Python's
 * `%(asctime)s [%(process)d] [%(levelname)s] %(name)s: ...`. Only a whole level word counts, and
 * only among the brackets that open the message; the message then starts after it, and a number
 * in brackets before it is the process id.
 */
function takeBracketedLevel(record: JsonObject, message: string): string {
  const brackets = LEADING_BRACKETS.exec(message);
  if (!brackets) return message;
  const words = [...brackets[0].matchAll(/\[([^\]]+)\] */g)];
  const at = words.findIndex((w) => LEVEL_WORD.test((w[1] as string).trim()));
  if (at < 0) return message;
  Object.assign(record, levelOf((words[at]?.[1] as string).trim()));
  const pid = words.slice(0, at).find((w) => /^\d+$/.test((w[1] as string).trim()));
  if (pid && record.process === undefined) record.process = (pid[1] as string).trim();
  const end = words.slice(0, at + 1).reduce((n, w) => n + w[0].length, 0);
  return message.slice(end);
}

/**
 * Lambda's platform lines (`START RequestId: ID Version: $LATEST`, `END ...`, `REPORT ... Duration:
 * 95.53 ms Billed Duration: 96 ms ...`): the event is the phase, and REPORT's durations are fields.
 */
function lambdaPlatformLine(record: JsonObject, phase: string, message: string): void {
  record.event = phase;
  for (const m of message.matchAll(/(?:^|\t)\s*([A-Z][A-Za-z ]+): ([\d.]+) (ms|MB)\b/g)) {
    const key = (m[1] as string).trim().toLowerCase().replace(/ /g, '_') + (m[3] === 'ms' ? '_ms' : '_mb');
    record[key] = Number(m[2]);
  }
}

/** At most this many ` {` are tried as the start of a trailing JSON object: a line pays for few failed parses. */
const MAX_OBJECT_STARTS = 4;

/**
 * Where a JSON object that ends the message may start: the whole message, after its last tab (zap's
 * console encoder), or after a space, leftmost first (winston's format.simple(), `info: message
 * {"key":1}`, whose object may itself hold ` {`). Only a message ending in `}` has one.
 */
function trailingObjectStarts(message: string): number[] {
  if (!message.trimEnd().endsWith('}')) return [];
  if (message.startsWith('{')) return [0];
  const tab = message.lastIndexOf('\t{');
  if (tab >= 0) return [tab + 1];
  const starts: number[] = [];
  for (let at = message.indexOf(' {'); at >= 0 && starts.length < MAX_OBJECT_STARTS; at = message.indexOf(' {', at + 1)) starts.push(at + 1);
  return starts;
}

/** `"GET /items?q=1 HTTP/1.1" 200`: a request line in quotes and the status that follows it. */
const ACCESS_REQUEST = /"(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE) (\S+) HTTP\/\d(?:\.\d)?" (\d{3})\b/;

/** Adds a message, its event (the prose before its pairs) and its fields to a record. */
export function messageRecord(record: JsonObject, message: string): JsonObject {
  let text = message;
  let json: JsonObject | undefined;
  for (const start of trailingObjectStarts(message)) {
    try {
      const value: unknown = JSON.parse(message.slice(start));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        json = value as JsonObject;
        text = message.slice(0, start).trim();
        break;
      }
    } catch {
      // Not JSON from here: the next candidate, else the whole text is the message.
    }
  }
  const { prose, pairs } = splitMessage(text);
  // The message as logged, less a trailing JSON object, whose fields are taken apart below.
  const shown = (json ? text : message).trim();
  if (shown) record.message = shown;
  if (prose) record.event = prose;
  for (const pair of pairs) putPair(record, pair.key, pair.value);
  if (json) for (const [key, value] of Object.entries(json)) putPair(record, key, value);
  const access = ACCESS_REQUEST.exec(text);
  if (access) {
    // An access-log line in the message (uvicorn, gunicorn, werkzeug, the common log format):
    // the request it served, as a JSON access log would give it, unless the line's pairs did.
    const [, method, url, status] = access;
    for (const [key, value] of [['method', method], ['url', url], ['status_code', Number(status)]] as const) if (!(key in record)) record[key] = value;
  }
  return record;
}

/** Adds a pair a line holds to its record; one whose key the record takes from its layout goes under `fields`. */
export function putPair(record: JsonObject, key: string, value: unknown): void {
  if (!RESERVED.has(key)) record[key] = value;
  else if (typeof record.fields === 'object' && record.fields !== null) (record.fields as JsonObject)[key] = value;
  else record.fields = { [key]: value };
}

/**
 * For detection: the share of lines that start a record (by the layout that fits most, or a message
 * pattern). A source whose first line starts a record counts as at least half: text logs with long
 * tracebacks have few record starts, but a log file begins with one. Lines `leaves` says another
 * format reads better start none. Lines `continues` says only continue a record (a traceback's
 * frames) are left out of the share: a worker whose output is mostly tracebacks, or whose first
 * lines are a banner, is still read by its layout.
 */
export function layoutShare(
  layouts: readonly Layout[],
  lines: readonly string[],
  patterns: readonly MessagePattern[],
  leaves?: (line: string) => boolean,
  continues?: (line: string) => boolean,
): number {
  if (lines.length === 0) return 0;
  const own = leaves ? lines.filter((line) => !leaves(line)) : lines;
  const best = bestLayout(layouts, own);
  const starts = (line: string) =>
    !(leaves?.(line) ?? false) && ((best?.layout.regex.test(line) ?? false) || (patterns.length > 0 && matchPatterns(patterns, line) !== undefined));
  let n = 0;
  // Lines that can only continue a record (a traceback's) are the records' own, not lines they miss.
  let counted = 0;
  for (const line of lines) {
    if (starts(line)) n++;
    else if (continues?.(line)) continue;
    counted++;
  }
  const share = counted === 0 ? 0 : n / counted;
  return starts(lines[0] as string) ? Math.max(share, 0.5) : share;
}
