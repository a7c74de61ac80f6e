// What a log format is to logmeter: a name, a way to recognise a source, and how its lines reach
// the canonical table. JSON-lines formats share one projection (DuckDB parses the lines); the other
// families (text layouts, logfmt, OTLP, whole documents) turn lines into JSON records in Node first,
// through a RecordReader, and then share the same projection.

import type { Kind, RejectReason } from '../../schema.js';
import type { MessagePattern } from '../../config/patterns.js';

export type JsonObject = Record<string, unknown>;

export interface DetectionInput {
  /** Non-empty lines spread over the source. */
  readonly lines: readonly string[];
  /** Those lines that parse as JSON objects (same order, others left out). */
  readonly objects: readonly JsonObject[];
  /** The first 64 KB of the source, decoded. */
  readonly head: string;
  /** The source holds whole JSON documents (one, possibly pretty-printed), not one object a line. */
  readonly document: boolean;
  /** The user's message patterns, which can make free text recognisable. */
  readonly patterns: readonly MessagePattern[];
}

export interface JsonLinesFormat {
  readonly name: string;
  readonly family: 'json-lines';
  readonly description: string;
  /** The share (0..1) of sampled objects that look like this format. */
  score(objects: readonly JsonObject[]): number;
  /**
   * What a bare number means in a field named only duration, latency, elapsed or took, when this
   * logger's duration encoder wrote it (zap: seconds, slog: nanoseconds). Elsewhere: milliseconds.
   */
  readonly bareDurationUnit?: 's' | 'ns';
}

/** Where a RecordReader sends what it made of the lines. */
export interface RecordSink {
  /** A record that starts at physical line `line`; several records may share a line. */
  record(line: number, record: JsonObject): void;
  /** A line that yields no record. */
  reject(line: number, reason: RejectReason, text: string): void;
  /** Lines that continue the record (or rejected document) above them. */
  continuation(lines: number): void;
  /** Records with this event name are of this kind, as a message pattern's `kind:` says (Layout.eventKinds). */
  eventKind?(event: string, kind: Kind): void;
}

export interface ReaderContext {
  readonly sink: RecordSink;
  /** Whole JSON documents rather than one value a line (see DetectionInput.document). */
  readonly document: boolean;
  readonly patterns: readonly MessagePattern[];
  /** Longest text a record may accumulate from continuation lines, and longest document. */
  readonly maxBytes: number;
  /** The sampled lines, so a reader can settle its layout once for the source. */
  readonly sample: readonly string[];
  /** Lines the scanner rejected for a reason other than `empty`, ascending: they corrupt a document. */
  readonly badLines: readonly number[];
  /** The source resumes after a checkpoint: its first lines may continue a record read last time. */
  readonly resumed: boolean;
}

/**
 * Reads a source's staged lines (valid UTF-8, same numbering as the source) in order. `line` is
 * called for every physical line that the scanner did not reject; blank ones never arrive.
 */
export interface RecordReader {
  line(line: number, text: string): void;
  /** The end of the source: flush what is pending. */
  end(): void;
  /** A word on how the source was read, for the summary and `formats --explain` (e.g. the layout). */
  readonly layout?: string;
  /**
   * After end(): the first line of the last record (or document), which may still grow when the
   * source is appended to: the next incremental run reads again from there (checkpoint.ts).
   * Undefined for formats whose records never span lines.
   */
  readonly reopenLine?: number;
  /**
   * Whether a line could start a record whatever came before it, so that a later part of the source
   * may be read by another reader from there (spool-parts.ts). Absent: the source is read in one piece.
   */
  splitsAt?(text: string): boolean;
  /**
   * Whether this reader, having read every line before `text`, would start afresh at it: nothing it
   * holds (a record the line could continue, a request waiting for its end) reaches past it. Only
   * asked of a line splitsAt() chose.
   */
  cleanBreakBefore?(text: string): boolean;
}

export interface RecordFormat {
  readonly name: string;
  readonly family: 'records';
  readonly description: string;
  /** May a physical line hold more than one record (OTLP requests, documents)? */
  readonly manyPerLine: boolean;
  /** The share (0..1) of the sample that looks like this format. */
  score(input: DetectionInput): number;
  reader(context: ReaderContext): RecordReader;
}

export type Format = JsonLinesFormat | RecordFormat;

/** The share of items that satisfy a predicate; 0 for none. */
export function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  let n = 0;
  for (const item of items) if (predicate(item)) n++;
  return n / items.length;
}
