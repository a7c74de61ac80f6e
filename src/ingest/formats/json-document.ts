// Whole JSON documents: a file that holds one JSON value (or several, one after another, as `jq`
// prints them), possibly pretty-printed over many lines. An object is one record; an array yields
// one record per object in it. When an object's records sit in nested arrays of timestamped
// objects (OrbitMesh's metrics windows: `events`, `tasks`, `samples`; a Langfuse `batch`), each
// element is a record and carries the parent's scalar fields along. An OTLP request document
// yields its log records (otlp.ts).
//
// Lines: a record's line is where its object starts in the file. Every other line of a document is a
// continuation line of it. A truncated or corrupt document is one reject, on its first line, and its
// other lines are continuation lines: so, per source, lines = lines where a record starts +
// continuation lines + rejects (a line holding both records and a corrupt stretch counts as a reject,
// record-spool.ts). Reading resumes at the next whole object that is not inside another value (a
// jq -c stream, `}{`): a corrupt stretch costs only itself, not the records after it.

import { ALIASES, matchesAlias } from '../aliases.js';
import type { RejectReason } from '../../schema.js';
import type { JsonObject, ReaderContext, RecordFormat, RecordReader } from './format.js';
import { isObject, otlpRecords } from './otlp.js';

interface Value {
  /** Offsets into the joined text. */
  readonly start: number;
  readonly end: number;
  /** Not a JSON container: a stray text line between documents. */
  readonly stray: boolean;
  readonly complete: boolean;
  /** Offsets of every '{' outside strings, in text order. */
  readonly objectStarts: number[];
}

interface LineVerdict {
  reason?: RejectReason;
  sample?: string;
  bytes?: number;
  record?: boolean;
}

/** Documents larger than this are one `too_long` reject: they would not fit in memory twice. */
export const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;

export class DocumentReader implements RecordReader {
  private readonly texts: string[] = [];
  private readonly numbers: number[] = [];
  private chars = 0;
  private tooLong = false;
  /**
   * The first line of the last document (and of any value sharing a line with it), which may still
   * be being written: the next incremental run reads again from there.
   */
  reopenLine: number | undefined;

  constructor(private readonly context: ReaderContext) {}

  line(line: number, text: string): void {
    this.numbers.push(line);
    if (this.tooLong) return;
    this.chars += text.length + 1;
    if (this.chars > Math.max(this.context.maxBytes, MAX_DOCUMENT_CHARS)) {
      this.tooLong = true;
      this.texts.length = 0;
      return;
    }
    this.texts.push(text);
  }

  end(): void {
    const { sink } = this.context;
    if (this.numbers.length === 0) return;
    if (this.tooLong) {
      this.reopenLine = this.numbers[0];
      sink.reject(this.numbers[0] as number, 'too_long', '');
      sink.continuation(this.numbers.length - 1);
      return;
    }
    const text = this.texts.join('\n');
    const starts: number[] = [];
    for (let i = 0, at = 0; i < this.texts.length; i++) {
      starts.push(at);
      at += (this.texts[i] as string).length + 1;
    }
    const lineAt = (offset: number) => this.numbers[upperBound(starts, offset) - 1] as number;
    const verdicts = new Map<number, LineVerdict>();
    const records: { line: number; record: JsonObject }[] = [];

    let lastLine = 0;
    const recovery = new Recovery(text);
    for (let at = 0, value = nextValue(text, 0); value; value = nextValue(text, at)) {
      at = value.end;
      const rejectStretch = (end: number, reason: RejectReason) => {
        const first = lineAt(value.start);
        if (first > lastLine) this.reopenLine = first;
        lastLine = Math.max(lastLine, lineAt(Math.max(value.start, end - 1)));
        const slice = text.slice(value.start, end).trimEnd();
        const v = verdicts.get(first) ?? {};
        if (!v.reason) Object.assign(v, { reason, sample: slice.slice(0, 256), bytes: Buffer.byteLength(slice) });
        verdicts.set(first, v);
      };
      const first = lineAt(value.start);
      const last = lineAt(Math.max(value.start, value.end - 1));
      if (this.hasBadLine(first, last)) {
        rejectStretch(value.end, 'invalid_json');
        continue;
      }
      let parsed: unknown;
      if (value.complete) {
        try {
          parsed = JSON.parse(text.slice(value.start, value.end));
        } catch {
          parsed = undefined;
        }
      }
      if (parsed === undefined) {
        // Corrupt or cut: the stretch runs to where a whole object starts again, if one does.
        const resume = value.stray ? undefined : recovery.resumeAfter(value);
        rejectStretch(resume ?? value.end, 'invalid_json');
        if (resume !== undefined) at = resume;
        continue;
      }
      // Read again from a line start, so a value that begins where the one before it ends keeps it.
      if (first > lastLine) this.reopenLine = first;
      lastLine = Math.max(lastLine, last);
      if (value.stray) {
        rejectStretch(value.end, isObject(parsed) ? 'invalid_json' : 'not_an_object');
        continue;
      }
      const lineOf = objectLines(parsed, value.objectStarts.map(lineAt), first);
      const made = documentRecords(parsed, lineOf);
      if (made.length === 0) {
        // An object that makes no record is an OTLP request holding none: empty, as a line of one is.
        rejectStretch(value.end, isObject(parsed) || (Array.isArray(parsed) && parsed.length === 0) ? 'empty' : 'not_an_object');
        continue;
      }
      for (const r of made) {
        records.push(r);
        const v = verdicts.get(r.line) ?? {};
        v.record = true;
        verdicts.set(r.line, v);
      }
    }

    // In line order, a line's records before its reject (record-spool.ts then counts the line once).
    records.sort((a, b) => a.line - b.line);
    let next = 0;
    let continuation = 0;
    for (let i = 0; i < this.numbers.length; i++) {
      const line = this.numbers[i] as number;
      for (let r = records[next]; r !== undefined && r.line <= line; r = records[++next]) sink.record(r.line, r.record);
      const v = verdicts.get(line);
      if (v?.reason) sink.reject(line, v.reason, v.sample ?? '');
      else if (!v?.record) continuation++;
    }
    sink.continuation(continuation);
  }

  /** A line inside the document that the scanner rejected (invalid UTF-8, too long) corrupts it. */
  private hasBadLine(first: number, last: number): boolean {
    const bad = this.context.badLines;
    const i = upperBound(bad, first - 1);
    return i < bad.length && (bad[i] as number) <= last;
  }
}

/** Splits text into top-level JSON values (containers) and stray text, without parsing. */
export function scanValues(text: string): Value[] {
  const values: Value[] = [];
  for (let value = nextValue(text, 0); value; value = nextValue(text, value.end)) values.push(value);
  return values;
}

/** The next top-level value from offset i: a container, or stray text up to the end of its line or the next '{' on it (`garbage{...}`). */
function nextValue(text: string, i: number): Value | undefined {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) i++;
    else break;
  }
  if (i >= n) return undefined;
  const c = text.charCodeAt(i);
  if (c !== 0x7b && c !== 0x5b) {
    const end = Math.min(lineEnd(text, i), indexOrEnd(text, '{', i));
    return { start: i, end, stray: true, complete: true, objectStarts: [] };
  }
  return scanContainer(text, i, n);
}

/** The container starting at `start`, scanned at most up to `limit`. */
function scanContainer(text: string, start: number, limit: number): Value {
  const objectStarts: number[] = [];
  let depth = 0;
  let inString = false;
  let i = start;
  for (; i < limit; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (ch === 0x7b) objectStarts.push(i);
      depth++;
    } else if (ch === 0x7d || ch === 0x5d) {
      depth--;
      if (depth === 0) {
        i++;
        break;
      }
    }
  }
  return { start, end: Math.min(i, text.length), stray: false, complete: depth === 0, objectStarts };
}

/**
 * Where reading resumes after a corrupt or cut value: the first object after its start that is
 * whole, valid JSON and stands between records: not after a ':', ',' or '[' (a value inside a
 * record, an element of an array), and followed by the end of its line or another value. So a part
 * of a record is not taken for one, and a cut array stays one reject. The scans are bounded in all (a
 * few times the text): past that budget the rest is one reject, as a document that cannot be resumed.
 */
class Recovery {
  private budget: number;

  constructor(private readonly text: string) {
    this.budget = Math.max(4 * text.length, 1 << 26);
  }

  resumeAfter(value: Value): number | undefined {
    const text = this.text;
    // A whole but invalid value (`{"a":1,,}`) is resumed inside it only; a cut one anywhere after.
    const limit = value.complete ? value.end : text.length;
    for (let p = text.indexOf('{', value.start + 1); p !== -1 && p < limit; p = text.indexOf('{', p + 1)) {
      if (!startsRecord(text, p)) continue;
      if (this.budget <= 0) return undefined;
      const candidate = scanContainer(text, p, text.length);
      this.budget -= candidate.end - p;
      if (!candidate.complete || !endsRecord(text, candidate.end)) continue;
      try {
        JSON.parse(text.slice(p, candidate.end));
        return p;
      } catch {
        // Not a whole object: try the next start.
      }
    }
    return undefined;
  }
}

/** An object at offset p that is no value of a key (':'), nor an element of an array ('[', ','), whatever blanks and newlines lie between. */
function startsRecord(text: string, p: number): boolean {
  let i = p - 1;
  while (i >= 0 && (isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === 0x0a)) i--;
  const c = i < 0 ? 0 : text.charCodeAt(i);
  return c !== 0x3a && c !== 0x2c && c !== 0x5b;
}

/** A value ending at offset end that is followed by the end of its line, of the text, or another value. */
function endsRecord(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const c = i < text.length ? text.charCodeAt(i) : 0x0a;
  return c === 0x0a || c === 0x7b || c === 0x5b;
}

/** Spaces, tabs and CRs (the scanner turned a bare CR into a space already). */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

function lineEnd(text: string, i: number): number {
  return indexOrEnd(text, '\n', i);
}

function indexOrEnd(text: string, search: string, i: number): number {
  const at = text.indexOf(search, i);
  return at === -1 ? text.length : at;
}

/**
 * The line of each object of a parsed document, by walking it in text order and pairing its objects
 * with the '{' offsets the scanner saw. When they cannot be paired safely (integer-like keys, which
 * JSON.parse reorders; duplicate keys, which it drops) every object gets the document's first line.
 */
function objectLines(value: unknown, lines: readonly number[], first: number): (o: object) => number {
  const index = new Map<object, number>();
  let safe = true;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (isObject(v)) {
      index.set(v, index.size);
      for (const [k, x] of Object.entries(v)) {
        if (/^(0|[1-9]\d*)$/.test(k)) safe = false;
        walk(x);
      }
    }
  };
  walk(value);
  if (!safe || index.size !== lines.length) return () => first;
  return (o) => {
    const i = index.get(o);
    return i === undefined ? first : (lines[i] as number);
  };
}

/** The records of one parsed document. */
export function documentRecords(value: unknown, lineOf: (o: object) => number = () => 1): { line: number; record: JsonObject }[] {
  const out: { line: number; record: JsonObject }[] = [];
  const emit = (o: JsonObject, inherited: JsonObject) => {
    const otlp = otlpRecords(o);
    if (otlp) {
      for (const r of otlp) out.push({ line: lineOf(r.origin), record: { ...inherited, ...r.record } });
      return;
    }
    const nested = Object.entries(o).filter(([, v]) => isTimestampedArray(v));
    if (nested.length === 0) {
      out.push({ line: lineOf(o), record: Object.keys(inherited).length > 0 ? { ...inherited, ...o } : o });
      return;
    }
    const carried: JsonObject = { ...inherited };
    for (const [k, v] of Object.entries(o)) if (v === null || typeof v !== 'object') carried[k] = v;
    for (const [, array] of nested) for (const element of array as unknown[]) if (isObject(element)) emit(element, carried);
  };
  if (Array.isArray(value)) {
    for (const element of value) if (isObject(element)) emit(element, {});
  } else if (isObject(value)) emit(value, {});
  return out;
}

const TIME_ALIASES = [...ALIASES.ts, ...ALIASES.start_time, ...ALIASES.end_time, ...ALIASES.ts_epoch_second];

/** An array most of whose elements are objects with a time of their own. */
function isTimestampedArray(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  let timed = 0;
  // The first elements decide: arrays of records are uniform, and this runs on every object.
  const head = value.length > 50 ? value.slice(0, 50) : value;
  for (const element of head) {
    if (!isObject(element)) continue;
    if (Object.keys(element).some((k) => TIME_ALIASES.some((a) => matchesAlias([k], a)))) timed++;
  }
  return timed * 2 >= head.length;
}

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const jsonDocument: RecordFormat = {
  name: 'json-document',
  family: 'records',
  description: 'whole JSON documents: an object or an array of objects, possibly pretty-printed; nested arrays of timestamped objects',
  manyPerLine: true,
  score: (input) => (input.document ? 0.9 : 0),
  reader: (context) => new DocumentReader(context),
};
