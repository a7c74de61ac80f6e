// The Node half of the formats that are not JSON lines (text, logfmt, OTLP, documents): read the
// scanner's staged file line by line (clean UTF-8, same numbering as the source), let the format's
// RecordReader turn lines into records, apply the user's message patterns, and write a numbered
// spool, `<line> 0x01 <record as JSON>` a record, for DuckDB to project like JSON lines.
// It also gathers every key path the records use, so the field mapping sees rare keys too.

import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { matchPatterns, type MessagePattern } from '../../config/patterns.js';
import type { Kind, RejectReason } from '../../schema.js';
import { safeSample, type ScanReject } from '../line-scanner.js';
import { KeyPathCollector, type GatheredKey, type KeyPath } from '../mapping.js';
import { DateOrderEvidence } from '../date-order.js';
import type { JsonObject, RecordFormat, RecordReader, RecordSink } from './format.js';

export interface SpoolOptions {
  readonly format: RecordFormat;
  /** The scanner's staged file. */
  readonly stagedPath: string;
  readonly spoolPath: string;
  /** Line number of the staged file's first line, minus one. */
  readonly lineOffset?: number;
  readonly document: boolean;
  readonly patterns: readonly MessagePattern[];
  readonly maxBytes: number;
  readonly sample: readonly string[];
  readonly badLines: readonly number[];
  /** Read from a checkpoint, not from the start of the source. */
  readonly resumed?: boolean;
  readonly onReject: (reject: ScanReject) => void;
}

export interface SpoolResult {
  readonly records: number;
  /** Distinct physical lines on which at least one record starts, and that hold no reject. */
  readonly recordLines: number;
  readonly continuationLines: number;
  readonly rejects: number;
  readonly keyPaths: KeyPath[];
  /** What every record's time value says of its numeric dates' month/day order (date-order.ts). */
  readonly dates: DateOrderEvidence;
  /** The longest spool line in bytes (DuckDB's reader needs to know). */
  readonly longestLine: number;
  /** Events named by message patterns that set a kind: event (lower case) -> kind. */
  readonly patternKinds: ReadonlyMap<string, Kind>;
  readonly layout?: string;
  /** The first line of the last record, which the next run re-reads (RecordReader.reopenLine). */
  readonly reopenLine?: number;
}

/** A spool's counts and what it gathered, as plain data (structured-cloneable) for another thread. */
export interface SpoolPart {
  readonly records: number;
  readonly recordLines: number;
  readonly continuationLines: number;
  readonly rejects: number;
  readonly longestLine: number;
  readonly gathered: readonly GatheredKey[];
  readonly dates: Readonly<Record<string, unknown>>;
  readonly patternKinds: readonly (readonly [string, Kind])[];
}

const FLUSH_CHARS = 1 << 20;

/** A spool being written: the format's reader over its lines, the writer behind it. */
export interface OpenSpool {
  readonly reader: RecordReader;
  readonly writer: SpoolWriter;
  /** Ends the spool file (after the last flush). */
  close(): Promise<void>;
  /** What the spool holds, after reader.end() and the last flush. */
  result(): SpoolResult;
}

export function openSpool(options: SpoolOptions): OpenSpool {
  const out = createWriteStream(options.spoolPath);
  const writer = new SpoolWriter(out, options);
  const reader = options.format.reader({
    sink: writer,
    document: options.document,
    patterns: options.patterns,
    maxBytes: options.maxBytes,
    sample: options.sample,
    badLines: options.badLines,
    resumed: options.resumed ?? false,
  });
  return {
    reader,
    writer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        out.on('error', reject);
        out.end(resolve);
      }),
    result: () => ({ ...writer.result(), layout: reader.layout, reopenLine: reader.reopenLine }),
  };
}

/** Reads a whole staged file into its spool, one line after another (spool-parts.ts may split it between threads). */
export async function spoolRecordsInOrder(options: SpoolOptions): Promise<SpoolResult> {
  const spool = openSpool(options);
  try {
    await readLines(options.stagedPath, {}, options.lineOffset ?? 0, spool);
    spool.reader.end();
    await spool.writer.flush();
  } finally {
    await spool.close();
  }
  return spool.result();
}

/**
 * Feeds the staged file's lines from byte `start` (a line's first byte) to byte `end` (exclusive, a
 * line's first byte, or the end of the file) to the spool's reader, numbered from `lineOffset` + 1.
 * Returns how many lines it read, blank ones included.
 */
export async function readLines(path: string, range: { start?: number; end?: number }, lineOffset: number, spool: Pick<OpenSpool, 'reader' | 'writer'>): Promise<number> {
  const { reader, writer } = spool;
  let n = lineOffset;
  for await (const lines of stagedLines(path, range)) {
    for (const text of lines) {
      n++;
      // Blank lines were counted by the scanner (empty, or a rejected line written blank).
      if (!isBlank(text)) reader.line(n, text);
    }
    if (writer.pendingChars > FLUSH_CHARS) await writer.flush();
  }
  return n - lineOffset;
}

/**
 * The staged file's lines, a chunk's worth at a time. The scanner wrote it with `\n` alone between
 * lines (no CR, valid UTF-8), so splitting on it is exact; readline's per-line promises and its
 * CR handling cost ~0.4 s per million lines. A line longer than a chunk is gathered in parts and
 * joined once, not re-scanned with each chunk.
 */
async function* stagedLines(path: string, range: { start?: number; end?: number }): AsyncGenerator<string[]> {
  if (range.end !== undefined && range.end <= (range.start ?? 0)) return;
  const decoder = new StringDecoder('utf8');
  const carried: string[] = [];
  const stream = createReadStream(path, { highWaterMark: 1 << 20, start: range.start, ...(range.end !== undefined ? { end: range.end - 1 } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = decoder.write(chunk);
    let nl = text.indexOf('\n');
    if (nl === -1) {
      carried.push(text);
      continue;
    }
    carried.push(text.slice(0, nl));
    const lines = [carried.join('')];
    carried.length = 0;
    let start = nl + 1;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      lines.push(text.slice(start, nl));
      start = nl + 1;
    }
    if (start < text.length) carried.push(text.slice(start));
    yield lines;
  }
  const last = carried.join('') + decoder.end();
  if (last !== '') yield [last];
}

export class SpoolWriter implements RecordSink {
  private chunks: string[] = [];
  pendingChars = 0;
  private records = 0;
  private recordLines = 0;
  private lastLine = -1;
  /** The last record line is counted in recordLines (not since made a reject line). */
  private lastLineCounted = false;
  private continuationLines = 0;
  private rejects = 0;
  private longestLine = 0;
  private readonly keys = new KeyPathCollector();
  private readonly dates = new DateOrderEvidence();
  private readonly patternKinds = new Map<string, Kind>();

  constructor(
    private readonly out: WriteStream,
    private readonly options: SpoolOptions,
  ) {}

  record(line: number, record: JsonObject): void {
    if (this.options.patterns.length > 0) this.applyPatterns(record);
    this.records++;
    if (line !== this.lastLine) {
      this.recordLines++;
      this.lastLine = line;
      this.lastLineCounted = true;
    }
    this.keys.add(record);
    for (const key of TIME_KEYS) if (key in record) this.dates.add(record[key]);
    let json = JSON.stringify(record);
    // JSON.stringify escapes a lone surrogate (a `\ud800` escape in an OTLP body or a quoted value)
    // as `\ud800`, which DuckDB's JSON reader refuses: the record would be lost without a reject.
    // It becomes U+FFFD, as an invalid byte in a line does. Paired surrogates are written as they are.
    if (json.includes('\\ud')) json = JSON.stringify(wellFormed(record));
    const text = `${line}\u0001${json}\n`;
    // Characters are at most 3 bytes in UTF-8 (a surrogate pair is 4 bytes for 2 characters).
    if (text.length * 3 > this.longestLine) this.longestLine = Math.max(this.longestLine, Buffer.byteLength(text));
    this.chunks.push(text);
    this.pendingChars += text.length;
  }

  reject(line: number, reason: RejectReason, text: string): void {
    this.rejects++;
    // A corrupt stretch on a line where records start too (`{...}garbage{...}`): the line is counted
    // once, as a reject, so that lines = record lines + continuation lines + rejects still holds.
    if (line === this.lastLine && this.lastLineCounted) {
      this.recordLines--;
      this.lastLineCounted = false;
    }
    const head = text.length > 256 ? text.slice(0, 256) : text;
    this.options.onReject({ line, reason, bytes: Buffer.byteLength(text), sample: safeSample(Buffer.from(head, 'utf8').subarray(0, 256)) });
  }

  continuation(lines: number): void {
    this.continuationLines += lines;
  }

  eventKind(event: string, kind: Kind): void {
    this.patternKinds.set(event.toLowerCase(), kind);
  }

  async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const data = this.chunks.join('');
    this.chunks = [];
    this.pendingChars = 0;
    await new Promise<void>((resolve, reject) => this.out.write(data, (error) => (error ? reject(error) : resolve())));
  }

  /** What this spool gathered, as plain data for another thread: absorbPart() takes it. */
  part(): SpoolPart {
    return {
      records: this.records,
      recordLines: this.recordLines,
      continuationLines: this.continuationLines,
      rejects: this.rejects,
      longestLine: this.longestLine,
      gathered: this.keys.gathered(),
      dates: { ...this.dates },
      patternKinds: [...this.patternKinds],
    };
  }

  /** Counts, keys, dates and kinds of a later part of the same source, spooled by another thread. */
  absorbPart(part: SpoolPart): void {
    this.records += part.records;
    this.recordLines += part.recordLines;
    this.continuationLines += part.continuationLines;
    this.rejects += part.rejects;
    this.longestLine = Math.max(this.longestLine, part.longestLine);
    this.keys.absorb(part.gathered);
    this.dates.absorb(part.dates);
    for (const [event, kind] of part.patternKinds) this.patternKinds.set(event, kind);
  }

  result(): Omit<SpoolResult, 'layout' | 'reopenLine'> {
    return {
      records: this.records,
      recordLines: this.recordLines,
      continuationLines: this.continuationLines,
      rejects: this.rejects,
      keyPaths: this.keys.keyPaths(),
      dates: this.dates,
      longestLine: this.longestLine,
      patternKinds: this.patternKinds,
    };
  }

  /** The first pattern that matches the record's message sets fields, the event, and maybe a kind. */
  private applyPatterns(record: JsonObject): void {
    const text = [record.event, record.msg, record.message, record.body].find((v): v is string => typeof v === 'string');
    if (text === undefined) return;
    const match = matchPatterns(this.options.patterns, text);
    if (!match) return;
    Object.assign(record, match.fields);
    if (match.pattern.set) Object.assign(record, match.pattern.set);
    record.event = match.event;
    if (match.pattern.kind) this.patternKinds.set(match.event.toLowerCase(), match.pattern.kind);
  }
}

/**
 * The keys a record read in Node holds its time under (the text layouts' `time`; logfmt's `time`,
 * `ts`, `t`, ...): their values tell the month/day order of its source's numeric dates. A few
 * lookups a record, not a walk of its keys.
 */
const TIME_KEYS = ['time', 'ts', 'timestamp', 't', 'date', 'datetime', 'asctime', '@timestamp'];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The value with every lone surrogate in its strings and keys replaced by U+FFFD. */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k.replace(LONE_SURROGATE, '\ufffd')] = wellFormed(v);
  return out;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0b && c !== 0x0c) return false;
  }
  return true;
}
