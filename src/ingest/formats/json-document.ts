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
// continuation lines + rejects.

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
    for (const value of scanValues(text)) {
      const first = lineAt(value.start);
      const last = lineAt(Math.max(value.start, value.end - 1));
      // Read again from a line start, so a value that begins where the one before it ends keeps it.
      if (first > lastLine) this.reopenLine = first;
      lastLine = last;
      const slice = text.slice(value.start, value.end);
      const rejectDoc = (reason: RejectReason) => {
        const v = verdicts.get(first) ?? {};
        if (!v.reason) Object.assign(v, { reason, sample: slice.slice(0, 256), bytes: Buffer.byteLength(slice) });
        verdicts.set(first, v);
      };
      if (!value.complete || this.hasBadLine(first, last)) {
        rejectDoc('invalid_json');
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(slice);
      } catch {
        rejectDoc('invalid_json');
        continue;
      }
      if (value.stray) {
        rejectDoc(isObject(parsed) ? 'invalid_json' : 'not_an_object');
        continue;
      }
      const lineOf = objectLines(parsed, value.objectStarts.map(lineAt), first);
      const made = documentRecords(parsed, lineOf);
      if (made.length === 0) {
        rejectDoc(Array.isArray(parsed) && parsed.length === 0 ? 'empty' : 'not_an_object');
        continue;
      }
      for (const r of made) {
        records.push(r);
        const v = verdicts.get(r.line) ?? {};
        v.record = true;
        verdicts.set(r.line, v);
      }
    }

    records.sort((a, b) => a.line - b.line);
    for (const r of records) sink.record(r.line, r.record);
    let continuation = 0;
    for (let i = 0; i < this.numbers.length; i++) {
      const line = this.numbers[i] as number;
      const v = verdicts.get(line);
      if (v?.record) continue;
      if (v?.reason) {
        sink.reject(line, v.reason, v.sample ?? '');
        continue;
      }
      continuation++;
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

/** Splits text into top-level JSON values (containers) and stray lines, without parsing. */
export function scanValues(text: string): Value[] {
  const values: Value[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) {
      i++;
      continue;
    }
    if (c !== 0x7b && c !== 0x5b) {
      // Not a container: the rest of the line is one stray value (a scalar, or junk).
      let end = text.indexOf('\n', i);
      if (end === -1) end = n;
      values.push({ start: i, end, stray: true, complete: true, objectStarts: [] });
      i = end;
      continue;
    }
    const start = i;
    const objectStarts: number[] = [];
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
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
    values.push({ start, end: i, stray: false, complete: depth === 0, objectStarts });
  }
  return values;
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
