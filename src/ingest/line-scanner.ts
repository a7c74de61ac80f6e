// Reads one source's bytes once and makes it safe for DuckDB's line reader, without parsing lines
// in JavaScript. It counts physical lines, rejects the ones no parser could use (empty, invalid
// UTF-8, too long), keeps a sample for format detection, and decides which file DuckDB reads:
//
//   - the original file, when every line is already clean (the common case: no copy at all);
//   - a spool file otherwise (stdin, compressed, CRLF, BOM, bad bytes, terminal colour codes), with the same line numbering:
//     a rejected line is written as an empty line so that line N of the spool is line N of the source.
//
// Why not let DuckDB read the raw file: its CSV reader also splits on a bare '\r', stops at the first
// invalid UTF-8 byte, and treats the delimiter byte specially, each of which would break the line count.

import { createWriteStream, type WriteStream } from 'node:fs';
import { copyBytes } from './copy-bytes.js';
import { once } from 'node:events';
import { join } from 'node:path';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { RejectReason } from '../schema.js';
import { hasTerminalCodes, withoutTerminalCodes } from './terminal-codes.js';

/** The byte DuckDB's CSV reader uses as its column delimiter. Lines containing it are rewritten. */
export const DELIMITER_BYTE = 0x01;
const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface ScanReject {
  readonly line: number;
  readonly reason: RejectReason;
  readonly bytes: number;
  readonly sample: string;
}

export interface ScanOptions {
  readonly maxLineBytes: number;
  /** Where to write a spool file if one is needed. */
  readonly spoolDir: string;
  readonly spoolName: string;
  /** The original file, when the source is a plain uncompressed file DuckDB may read directly. */
  readonly directPath?: string;
  readonly onReject: (reject: ScanReject) => void;
  readonly onProgress?: (bytesRead: number) => void;
  /** How many lines to keep for format detection. */
  readonly sampleLines?: number;
  /** The number of the first line read: a source read from a checkpoint continues its numbering. */
  readonly firstLine?: number;
  /** The input starts mid-file (at a checkpoint), so its first bytes are not a byte-order mark. */
  readonly midFile?: boolean;
  /** Leave an unterminated last line unread (it may still be being written); see heldBackBytes. */
  readonly holdBackTail?: boolean;
}

export interface ScanResult {
  readonly lines: number;
  readonly bytes: number;
  /** The file DuckDB should read: line N of it is line N of the source. */
  readonly stagedPath: string;
  readonly spooled: boolean;
  /** Non-empty, valid lines spread over the source, for detection. */
  readonly sample: readonly string[];
  /** The first bytes of the source (decoded), for detecting whole JSON documents. */
  readonly head: string;
  readonly rejectCount: number;
  /** Bytes of an unterminated last line left for the next run (holdBackTail); not in `lines`. */
  readonly heldBackBytes: number;
  /** Bytes of an unterminated last line that was read (without holdBackTail); it is in `lines`. */
  readonly unterminatedBytes: number;
  /** Bytes of the longest line staged (not rejected), without its newline: DuckDB's reader is sized by it. */
  readonly longestLine: number;
  /** Lines staged without the terminal control sequences (colour codes) they held (terminal-codes.ts). */
  readonly terminalCodeLines: number;
}

/** Bytes the spool may queue before the scanner waits for the disk. */
const SPOOL_HIGH_WATER = 8 * 1024 * 1024;
const WHITESPACE = new Set([0x20, 0x09, 0x0b, 0x0c, CR]);
const HEAD_BYTES = 64 * 1024;

class LineScanner {
  private lineNo = 0;
  private bytesRead = 0;
  private rejectCount = 0;
  private longestLine = 0;
  private terminalCodeLines = 0;
  /** Bytes of an incomplete line carried to the next chunk. */
  private carry: Buffer[] = [];
  private carryLength = 0;
  /** Skipping the rest of a too-long line until its newline. */
  private skipping = false;
  private skippedBytes = 0;
  private skippedSample = '';
  private spool: WriteStream | undefined;
  /** Bytes of the original consumed up to the last complete line (for switching to a spool late). */
  private cleanOffset = 0;
  private readonly sample: string[] = [];
  private readonly sampleLimit: number;
  private sampleStride = 1;
  private head = '';
  private firstChunk = true;
  private readonly lineBase: number;

  constructor(private readonly options: ScanOptions) {
    this.sampleLimit = options.sampleLines ?? 4000;
    this.lineBase = (options.firstLine ?? 1) - 1;
    if (!options.directPath) this.openSpool(0);
  }

  push(chunk: Buffer): void {
    if (this.firstChunk) {
      this.firstChunk = false;
      if (!this.options.midFile && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        // A UTF-8 BOM: drop it; the spool keeps line numbers unchanged.
        this.ensureSpool();
        this.bytesRead += 3;
        chunk = chunk.subarray(3);
      }
      this.head = withoutTerminalCodes(chunk.subarray(0, HEAD_BYTES).toString('utf8'));
    }
    this.bytesRead += chunk.length;
    this.options.onProgress?.(this.bytesRead);

    let buf = chunk;
    let start = 0;
    if (this.skipping) {
      const nl = buf.indexOf(LF);
      if (nl === -1) {
        this.skippedBytes += buf.length;
        return;
      }
      this.skippedBytes += nl;
      this.endTooLong();
      start = nl + 1;
    } else if (this.carryLength > 0) {
      const nl = buf.indexOf(LF);
      if (nl === -1) {
        this.addCarry(buf);
        return;
      }
      // Complete the carried line, then continue with the rest of the chunk.
      const line = Buffer.concat([...this.carry, buf.subarray(0, nl + 1)]);
      this.carry = [];
      this.carryLength = 0;
      this.processRegion(line, 0, line.length);
      start = nl + 1;
    }
    const lastNl = buf.lastIndexOf(LF);
    if (lastNl >= start) {
      this.processRegion(buf, start, lastNl + 1);
      start = lastNl + 1;
    }
    if (start < buf.length) this.addCarry(buf.subarray(start));
  }

  finish(): ScanResult {
    let heldBackBytes = 0;
    let unterminatedBytes = 0;
    if (this.options.holdBackTail && (this.skipping || this.carryLength > 0)) {
      heldBackBytes = this.skipping ? this.skippedBytes : this.carryLength;
      // DuckDB must not read the unfinished line: stage the complete lines only.
      this.ensureSpool();
    } else if (this.skipping) {
      unterminatedBytes = this.skippedBytes;
      this.endTooLong();
    } else if (this.carryLength > 0) {
      unterminatedBytes = this.carryLength;
      // A last line without a newline (a truncated write) is still a line.
      const line = Buffer.concat([...this.carry, Buffer.from([LF])]);
      this.carry = [];
      this.carryLength = 0;
      // The appended newline is not in the original: a direct read still sees the same line.
      this.processRegion(line, 0, line.length);
    }
    const spooled = this.spool !== undefined;
    const stagedPath = spooled ? this.spoolPath : (this.options.directPath as string);
    return {
      lines: this.lineNo,
      bytes: this.bytesRead,
      stagedPath,
      spooled,
      sample: this.sample,
      head: this.head,
      rejectCount: this.rejectCount,
      heldBackBytes,
      unterminatedBytes,
      longestLine: this.longestLine,
      terminalCodeLines: this.terminalCodeLines,
    };
  }

  /** Waits for the spool to be flushed to disk; call after finish(). */
  async close(): Promise<void> {
    const spool = this.spool;
    if (!spool) return;
    await new Promise<void>((resolve, reject) => {
      spool.on('error', reject);
      spool.end(resolve);
    });
  }

  private get spoolPath(): string {
    return join(this.options.spoolDir, this.options.spoolName);
  }

  private addCarry(part: Buffer): void {
    // Copy: the stream may reuse its buffer.
    this.carry.push(Buffer.from(part));
    this.carryLength += part.length;
    if (this.carryLength > this.options.maxLineBytes) {
      this.skipping = true;
      this.skippedBytes = this.carryLength;
      this.skippedSample = safeSample(Buffer.concat(this.carry).subarray(0, 256));
      this.carry = [];
      this.carryLength = 0;
    }
  }

  private endTooLong(): void {
    this.lineNo++;
    this.reject('too_long', this.skippedBytes, this.skippedSample);
    this.ensureSpool();
    this.writeSpool(Buffer.from([LF]));
    this.skipping = false;
    this.skippedBytes = 0;
    this.skippedSample = '';
  }

  /** Handles complete lines buf[start, end), where end - 1 is a newline. */
  private processRegion(buf: Buffer, start: number, end: number): void {
    const region = buf.subarray(start, end);
    const clean = isUtf8(region) && region.indexOf(CR) === -1 && region.indexOf(DELIMITER_BYTE) === -1 && region.indexOf(UTF8_BOM) === -1 &&
      !hasLoneSurrogateEscape(region) && !hasTerminalCodes(region);
    if (clean) {
      const stop = this.countCleanLines(region);
      if (this.spool) this.writeSpool(region.subarray(0, stop));
      else this.cleanOffset += stop;
      if (stop === region.length) return;
      // A too-long line: it and the rest of the region take the careful path.
      this.ensureSpool();
      this.processDirtyLines(region.subarray(stop));
      return;
    }
    this.ensureSpool();
    this.processDirtyLines(region);
  }

  private processDirtyLines(region: Buffer): void {
    let pos = 0;
    while (pos < region.length) {
      const nl = region.indexOf(LF, pos);
      this.processDirtyLine(region.subarray(pos, nl));
      pos = nl + 1;
    }
  }

  /**
   * The fast path: count lines, note empty ones, sample a few; no decoding. Returns the offset of
   * the first line that is too long (which needs rewriting), or region.length.
   */
  private countCleanLines(region: Buffer): number {
    let pos = 0;
    const max = this.options.maxLineBytes;
    while (pos < region.length) {
      const nl = region.indexOf(LF, pos);
      const len = nl - pos;
      if (len > max) return pos;
      if (len > this.longestLine) this.longestLine = len;
      this.lineNo++;
      if (len === 0 || (WHITESPACE.has(region[pos] as number) && isBlank(region, pos, nl))) {
        this.reject('empty', len, '');
      } else {
        this.maybeSample(region, pos, nl);
      }
      pos = nl + 1;
    }
    return region.length;
  }

  private processDirtyLine(line: Buffer): void {
    this.lineNo++;
    let body = line;
    if (body.length > 0 && body[body.length - 1] === CR) body = body.subarray(0, body.length - 1);
    // A BOM at a line start inside the source (`cat a.log b.log` of two files that start with one)
    // goes, as at the start of the source.
    if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
    if (body.length === 0 || isBlank(body, 0, body.length)) {
      this.reject('empty', line.length, '');
      this.writeSpool(Buffer.from([LF]));
      return;
    }
    if (body.length > this.options.maxLineBytes) {
      this.reject('too_long', line.length, safeSample(body.subarray(0, 256)));
      this.writeSpool(Buffer.from([LF]));
      return;
    }
    // A CRI line's bad bytes are most likely a character the runtime cut between the parts of a line
    // longer than 16 KiB (it cuts by bytes): they are read as U+FFFD, as Docker's json-file driver
    // writes such a cut, so that the parts still join into their record (stage-split-lines.sql).
    if (!isUtf8(body) && !isCriLine(body)) {
      this.reject('invalid_utf8', line.length, safeSample(body.subarray(0, 256)));
      this.writeSpool(Buffer.from([LF]));
      return;
    }
    let text = body.toString('utf8');
    // Colour codes are how the line looked on a terminal, not what it says: the line is read without them.
    const plain = withoutTerminalCodes(text);
    if (plain !== text) {
      this.terminalCodeLines++;
      text = plain;
      if (isBlankText(text)) {
        this.reject('empty', line.length, '');
        this.writeSpool(Buffer.from([LF]));
        return;
      }
    }
    // A bare CR inside a line becomes a space (JSON whitespace); the delimiter byte, which is
    // never valid in JSON, becomes U+FFFD so the line still fails as invalid JSON.
    if (text.includes('\r')) text = text.replaceAll('\r', ' ');
    if (text.includes('\u0001')) text = text.replaceAll('\u0001', '\uFFFD');
    if (text.includes('\\u')) text = withoutLoneSurrogateEscapes(text);
    const staged = Buffer.from(text + '\n', 'utf8');
    if (staged.length - 1 > this.longestLine) this.longestLine = staged.length - 1;
    this.writeSpool(staged);
    if (this.sample.length < this.sampleLimit) this.sample.push(text);
  }

  private maybeSample(buf: Buffer, start: number, end: number): void {
    if (this.lineNo % this.sampleStride !== 0) return;
    if (this.sample.length >= this.sampleLimit) {
      // Keep a spread over the whole source: halve the sample and double the stride.
      for (let i = 0, j = 0; i < this.sample.length; i += 2, j++) this.sample[j] = this.sample[i] as string;
      this.sample.length = Math.ceil(this.sample.length / 2);
      this.sampleStride *= 2;
      if (this.lineNo % this.sampleStride !== 0) return;
    }
    this.sample.push(buf.toString('utf8', start, Math.min(end, start + 64 * 1024)));
  }

  private reject(reason: RejectReason, bytes: number, sample: string): void {
    this.rejectCount++;
    this.options.onReject({ line: this.lineBase + this.lineNo, reason, bytes, sample });
  }

  private ensureSpool(): void {
    if (!this.spool) this.openSpool(this.cleanOffset);
  }

  /** Opens the spool, first copying the clean prefix already read from the original file. */
  private openSpool(prefixBytes: number): void {
    const copyPrefix = prefixBytes > 0 && this.options.directPath !== undefined;
    if (copyPrefix && this.options.directPath) copyBytes(this.options.directPath, this.spoolPath, 0, prefixBytes);
    this.spool = createWriteStream(this.spoolPath, { flags: copyPrefix ? 'a' : 'w', highWaterMark: SPOOL_HIGH_WATER });
  }

  /** A promise while the spool holds more queued bytes than its high-water mark, else undefined. */
  drained(): Promise<unknown> | undefined {
    return this.spool?.writableNeedDrain ? once(this.spool, 'drain') : undefined;
  }

  private writeSpool(bytes: Buffer): void {
    // Copy: the caller's buffer belongs to the input stream.
    this.spool?.write(Buffer.from(bytes));
  }
}

/** Wraps the class so callers get one async function and the spool is always closed. */
export async function scanSource(input: Readable, options: ScanOptions): Promise<ScanResult> {
  const scanner = new LineScanner(options);
  try {
    for await (const chunk of input) {
      scanner.push(chunk as Buffer);
      // Wait for the disk: otherwise a fast producer (`cat big.log |`) queues the whole spool in
      // memory (1.7 GB of RSS at 10M lines before this wait).
      const drained = scanner.drained();
      if (drained) await drained;
    }
    return scanner.finish();
  } finally {
    await scanner.close();
  }
}

/** The start of a line of a Kubernetes node's CRI log file: `<RFC 3339 time> stdout|stderr P|F `. */
const CRI_LINE_START = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) (?:stdout|stderr) [PF] /;

function isCriLine(line: Buffer): boolean {
  return CRI_LINE_START.test(line.toString('latin1', 0, Math.min(line.length, 64)));
}

function isBlankText(text: string): boolean {
  return /^[ \t\v\f\r]*$/.test(text);
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!WHITESPACE.has(buf[i] as number)) return false;
  return true;
}

/** Up to 256 bytes as text: valid UTF-8 kept, every invalid byte and control character escaped. */
export function safeSample(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  if (isUtf8(bytes)) return escapeControls(bytes.toString('utf8'));
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += code >= 0x20 && code < 0x7f ? text[i] : '\\x' + code.toString(16).padStart(2, '0');
  }
  return out;
}

function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/**
 * Does the region hold a JSON escape of a lone UTF-16 surrogate (`"\ud83d"` with no low half after
 * it: winston's JSON of a string cut inside an emoji, Python's json.dumps of a surrogateescape'd
 * file name)? JSON.parse and Python read such a line; DuckDB refuses it, so the line would be lost.
 * Such regions take the careful path, which writes U+FFFD instead. Only `\ud`/`\uD` are looked at.
 */
function hasLoneSurrogateEscape(region: Buffer): boolean {
  for (const pattern of SURROGATE_ESCAPE_STARTS) {
    for (let at = region.indexOf(pattern); at !== -1; at = region.indexOf(pattern, at + 3)) {
      if (isLoneSurrogateAt(region, at)) return true;
    }
  }
  return false;
}

const SURROGATE_ESCAPE_STARTS = [Buffer.from('\\ud'), Buffer.from('\\uD')];

/** At `at` starts `\uDxxx`: is it an escape (not an escaped backslash before `ud...`) of a lone surrogate? */
function isLoneSurrogateAt(buf: Buffer, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && buf[i] === 0x5c; i--) backslashes++;
  if (backslashes % 2 === 1) return false;
  const unit = surrogateUnit(buf, at);
  if (unit === undefined) return false;
  if (unit < 0xdc00) return surrogateUnit(buf, at + 6) === undefined || (surrogateUnit(buf, at + 6) as number) < 0xdc00;
  // A low half is lone unless a high half's escape ends right before it.
  const before = at >= 6 ? surrogateUnit(buf, at - 6) : undefined;
  return before === undefined || before >= 0xdc00;
}

/** The surrogate code unit escaped at `at` (`\uD800`-`\uDFFF`), or undefined. */
function surrogateUnit(buf: Buffer, at: number): number | undefined {
  if (at + 6 > buf.length || buf[at] !== 0x5c || (buf[at + 1] !== 0x75 && buf[at + 1] !== 0x55)) return undefined;
  const hex = buf.toString('latin1', at + 2, at + 6);
  if (!/^[dD][89a-fA-F][0-9a-fA-F]{2}$/.test(hex)) return undefined;
  return parseInt(hex, 16);
}

/** The line with each escaped lone surrogate written as `\ufffd` (the same length); escaped pairs and `\\` stay. */
export function withoutLoneSurrogateEscapes(text: string): string {
  return text.replace(/\\(?:u[dD][89abAB][0-9a-fA-F]{2}(?:\\u[dD][c-fC-F][0-9a-fA-F]{2})?|u[dD][c-fC-F][0-9a-fA-F]{2}|.)/gs, (escape) =>
    escape.length === 6 && /^\\u[dD]/.test(escape) ? '\\ufffd' : escape);
}
