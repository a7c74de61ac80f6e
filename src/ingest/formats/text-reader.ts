// Reads text logs whose records start with a recognisable header (a layout) and may continue over
// the following lines (a Python traceback, a Go stack, a multi-line message). Shared by the
// python-text and text formats, which differ only in their layouts.
//
// Per line: a line the layout matches starts a record; a line a message pattern matches starts a
// record too (free text); any other line continues the record above it; with no record above, it is
// a `no_match` reject. The message's trailing key=value pairs become fields and the prose before
// them is the event; a trailing JSON object (zap's console encoder) becomes fields as well.

import { matchPatterns, type MessagePattern } from '../../config/patterns.js';
import type { JsonObject, ReaderContext, RecordReader } from './format.js';
import { splitMessage } from './key-values.js';
import { bestLayout, keyOfGroup, levelOf, type Layout } from './text-layouts.js';

/** Keys a record takes from its layout; a pair of the same name goes under `fields` instead. */
const RESERVED = new Set(['time', 'level', 'logger', 'message', 'event', 'exc_info', 'fields', 'truncated_lines']);
const TRACEBACK = 'Traceback (most recent call last):';

interface Pending {
  readonly line: number;
  readonly record: JsonObject;
  readonly more: string[];
  readonly traceback: string[];
  bytes: number;
  truncated: number;
}

export class LayoutReader implements RecordReader {
  private pending: Pending | undefined;
  private started = false;
  /** The line of the last record started: a traceback still being written continues it. */
  reopenLine: number | undefined;
  private readonly order: readonly Layout[];
  readonly layout: string | undefined;

  constructor(
    layouts: readonly Layout[],
    private readonly context: ReaderContext,
  ) {
    const best = bestLayout(layouts, context.sample);
    this.order = best ? [best.layout, ...layouts.filter((l) => l !== best.layout)] : layouts;
    this.layout = best?.layout.template;
  }

  line(line: number, text: string): void {
    const record = this.recordOf(text);
    if (record) {
      this.started = true;
      this.flush();
      this.pending = { line, record, more: [], traceback: [], bytes: text.length, truncated: 0 };
      this.reopenLine = line;
      return;
    }
    const pending = this.pending;
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
    if (pending.traceback.length > 0 || text.startsWith(TRACEBACK)) pending.traceback.push(text);
    else pending.more.push(text);
  }

  end(): void {
    this.flush();
  }

  private recordOf(text: string): JsonObject | undefined {
    for (const layout of this.order) {
      const m = layout.regex.exec(text);
      if (m?.groups) return recordFromHeader(m.groups);
    }
    if (this.context.patterns.length > 0 && matchPatterns(this.context.patterns, text)) return messageRecord({}, text);
    return undefined;
  }

  private flush(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    if (p.more.length > 0) p.record.message = String(p.record.message ?? '') + '\n' + p.more.join('\n');
    if (p.traceback.length > 0) p.record.exc_info = p.traceback.join('\n');
    if (p.truncated > 0) p.record.truncated_lines = p.truncated;
    this.context.sink.record(p.line, p.record);
  }
}

function recordFromHeader(groups: Record<string, string | undefined>): JsonObject {
  const record: JsonObject = {};
  for (const [group, value] of Object.entries(groups)) {
    // An optional column the line does not have (zap's caller) matches empty.
    if (group === 'message' || value === undefined || value === '') continue;
    if (group === 'levelname') Object.assign(record, levelOf(value.trim()));
    else record[keyOfGroup(group)] = value.trim();
  }
  return messageRecord(record, groups.message ?? '');
}

/** `"GET /items?q=1 HTTP/1.1" 200`: a request line in quotes and the status that follows it. */
const ACCESS_REQUEST = /"(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE) (\S+) HTTP\/\d(?:\.\d)?" (\d{3})\b/;

/** Adds a message, its event (the prose before its pairs) and its fields to a record. */
export function messageRecord(record: JsonObject, message: string): JsonObject {
  let text = message;
  let json: JsonObject | undefined;
  const tab = message.lastIndexOf('\t{');
  const start = message.startsWith('{') ? 0 : tab >= 0 ? tab + 1 : -1;
  if (start >= 0 && message.trimEnd().endsWith('}')) {
    try {
      const value: unknown = JSON.parse(message.slice(start));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        json = value as JsonObject;
        text = message.slice(0, start).trim();
      }
    } catch {
      // Not JSON after all: the whole text is the message.
    }
  }
  const { prose, pairs } = splitMessage(text);
  // The message as logged, less a trailing JSON object, whose fields are taken apart below.
  const shown = (json ? text : message).trim();
  if (shown) record.message = shown;
  if (prose) record.event = prose;
  const fields: JsonObject = {};
  const put = (key: string, value: unknown) => {
    if (RESERVED.has(key)) fields[key] = value;
    else record[key] = value;
  };
  for (const pair of pairs) put(pair.key, pair.value);
  if (json) for (const [key, value] of Object.entries(json)) put(key, value);
  const access = ACCESS_REQUEST.exec(text);
  if (access) {
    // An access-log line in the message (uvicorn, gunicorn, werkzeug, the common log format):
    // the request it served, as a JSON access log would give it, unless the line's pairs did.
    const [, method, url, status] = access;
    for (const [key, value] of [['method', method], ['url', url], ['status_code', Number(status)]] as const) if (!(key in record)) record[key] = value;
  }
  if (Object.keys(fields).length > 0) record.fields = fields;
  return record;
}

/**
 * For detection: the share of lines that start a record (by the layout that fits most, or a message
 * pattern). A source whose first line starts a record counts as at least half: text logs with long
 * tracebacks have few record starts, but a log file begins with one.
 */
export function layoutShare(layouts: readonly Layout[], lines: readonly string[], patterns: readonly MessagePattern[]): number {
  if (lines.length === 0) return 0;
  const best = bestLayout(layouts, lines);
  const starts = (line: string) => (best?.layout.regex.test(line) ?? false) || (patterns.length > 0 && matchPatterns(patterns, line) !== undefined);
  let n = 0;
  for (const line of lines) if (starts(line)) n++;
  const share = n / lines.length;
  return starts(lines[0] as string) ? Math.max(share, 0.5) : share;
}
