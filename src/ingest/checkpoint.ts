// Per-source checkpoints, so that ingesting into the same database again reads only what was
// appended since the last run, and no record is ever counted twice.
//
// A checkpoint is a row of the `sources` table: the source's identity (device:inode), a fingerprint
// of its first bytes (`<n>:<sha256 of the first n bytes>`, n <= 4096), and the byte offset just past
// the last complete line read. A checkpoint follows the file's content, as Vector's checksum
// fingerprints do, so it survives renames (logrotate's `app.log` -> `app.log.1`), copies
// (copytruncate) and compression (`app.log.2.gz`). It is claimed by a source when:
//   1. the source's first n bytes hash to the checkpoint's fingerprint, and
//   2. the source is the same file (same device:inode), or has the same name, or the checkpoint is
//      orphaned: the path it was read from no longer holds that content (it was rotated away).
// Rule 2 keeps two live files that happen to start with the same bytes from sharing a checkpoint.
//
// What happens to a source, decided here before it is read:
//   new        no checkpoint claims it                     read from the start
//   resumed    a checkpoint claims it                      read from the checkpoint's offset
//   rotated    none claims it, but its name has one        read the new file from the start
//   truncated  the same file, now shorter or rewritten     read from the start
//   full       --full                                      read from the start; the rows of its name, and of
//                                                          the names it had before, were deleted first
//                                                          (namesReplacedByFull)
// The last record of a run may still be being written (a traceback, a pretty-printed document, for
// formats whose records span lines), and so may a last line that has no newline yet (in any format).
// Both are read, since the file may as well be finished (json.dump writes no final newline): the
// checkpoint, kept in a database file, also keeps where that last record or line starts (its line
// and byte offset: reopen_line, reopen_offset); when the source is resumed and has grown, the run
// re-opens it: it deletes the rows of that record (events and rejects, from its first line to the
// checkpoint) and reads from its start, so the record is rebuilt with its new continuation lines,
// and the line with the rest of its bytes. It is re-opened only when its rows are still there under the name the
// checkpoint was read as, and no other content read under that name (before a truncation) has rows
// on those lines: rows are told apart by source and line only.

import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { Database } from '../db.js';
import type { Source } from './sources.js';
import { compressionOfName, decompress, type Compression } from './compression.js';

export const HEAD_BYTES = 4096;
const SCAN_CHUNK = 64 * 1024;
/** How much earlier than a write a file's mtime may read (a coarse clock, whole-second file systems). */
const MTIME_SLACK_MS = 2000;

export type CheckpointState = 'new' | 'resumed' | 'rotated' | 'truncated' | 'full' | 'none';

/** A stored checkpoint: one row of `sources`. */
export interface Checkpoint {
  readonly source: string;
  readonly format: string | null;
  readonly identity: string | null;
  readonly headFingerprint: string;
  /** Bytes of the source read so far, up to the end of its last complete line. */
  readonly offset: number;
  /** Lines read so far: line numbers of the next run start after this. */
  readonly linesBefore: number;
  /** Where the last record read starts (its first line and byte offset), for formats with continuation lines. */
  readonly reopenLine: number | null;
  readonly reopenOffset: number | null;
  /** When the run that stored it started (ms since the epoch): a compressed file not written since is unchanged. */
  readonly readAtMs: number | null;
}

/** The last record of the previous run, read again because the source was appended to. */
export interface Reopen {
  /** The name its rows are stored under: the claimed checkpoint's source. */
  readonly source: string;
  /** Its first line, and the last line the previous run read. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Its byte offset, and the checkpoint's (the end of the previous run). */
  readonly offset: number;
  readonly checkpointOffset: number;
}

/** How one source is read in this run. */
export interface ReadPlan {
  readonly state: CheckpointState;
  /** Byte offset (in the decompressed content) to start reading at. */
  readonly startOffset: number;
  /** The line number of the first line read. */
  readonly firstLine: number;
  /** The format of the claimed checkpoint, to keep reading an appended file the same way. */
  readonly format?: string;
  /** Where the claimed checkpoint was read from, when it was another name (a rotated file). */
  readonly previousName?: string;
  /** What to store after the run. */
  readonly identity: string | null;
  readonly headFingerprint: string | null;
  /** Keep where the last record (or an unterminated last line) starts, to re-open it: a plain file, checkpoints in a database file. */
  readonly keepsReopen: boolean;
  /** Leave an unterminated last line for the next run (PlanOptions.holdBackTail). */
  readonly holdBackTail: boolean;
  /**
   * The source's UTF-16 byte-order mark, when it has one: a read from the middle puts it in front of
   * the bytes read, so they are transcoded as the start was (transcode.ts looks only at the start).
   */
  readonly utf16Bom?: Buffer;
  /** The previous run's last record, read again from its start (startOffset and firstLine are its own). */
  readonly reopen?: Reopen;
  /** Where the claimed checkpoint's last record starts: still the last one if this run starts none. */
  readonly lastRecord?: { readonly line: number; readonly offset: number };
  /**
   * Resumed under the same name with not a byte appended and nothing to re-open: there is nothing to
   * read, and the checkpoint stays as it is (load.ts stores no row for it). A cron run over a
   * directory of 10,000 files, most of them done (rotated, compressed), would otherwise read each
   * (decompress each .gz) and add a row per file to `sources` every run.
   */
  readonly unchanged?: boolean;
}

export interface PlanOptions {
  /** --full: ignore checkpoints. */
  readonly full?: boolean;
  /** Checkpoints are kept across runs (a database file). */
  readonly persistent: boolean;
  /**
   * Leave a last line without a newline unread until it has one, instead of reading it and re-opening
   * it later: for `follow`, which polls again within seconds and reports every poll.
   */
  readonly holdBackTail?: boolean;
  /** The run's checkpoints, loaded once rather than per source (a directory of 10,000 files). */
  readonly cache?: CheckpointCache;
}

/**
 * The checkpoints of one run, read from `sources` once and again only after the run stored a row:
 * each source loading them all made a run over N files cost N times the table (N² as the files'
 * rows accumulate).
 */
export class CheckpointCache {
  private loaded: Promise<Checkpoints> | undefined;
  private emptyReads: Promise<Map<string, EmptyRead>> | undefined;

  load(db: Database): Promise<Checkpoints> {
    this.loaded ??= loadCheckpoints(db).then(indexCheckpoints);
    return this.loaded;
  }

  loadEmptyReads(db: Database): Promise<Map<string, EmptyRead>> {
    this.emptyReads ??= loadEmptyReads(db);
    return this.emptyReads;
  }

  /** After a source's row was stored (or rows deleted): the next plan reads the table again. */
  invalidate(): void {
    this.loaded = undefined;
    this.emptyReads = undefined;
  }
}

/** A name whose latest run read an empty file (no checkpoint: there was nothing to fingerprint). */
interface EmptyRead {
  readonly identity: string | null;
  readonly format: string | null;
}

/** Decides where to start reading a source. Stdin and pipes have no checkpoint. */
export async function planRead(db: Database, source: Source, options: PlanOptions): Promise<ReadPlan> {
  if (source.path === undefined || !source.stat?.isFile()) {
    return { state: 'none', startOffset: 0, firstLine: 1, identity: null, headFingerprint: null, keepsReopen: false, holdBackTail: false };
  }
  const identity = `${source.stat.dev}:${source.stat.ino}`;
  const head = await readHead(source.path, source.compression);
  const base = {
    identity,
    headFingerprint: head.length > 0 ? fingerprint(head, head.length) : null,
    keepsReopen: options.persistent && !source.compression,
    ...(isUtf16Bom(head) ? { utf16Bom: Buffer.from(head.subarray(0, 2)) } : {}),
    holdBackTail: options.persistent && !source.compression && options.holdBackTail === true,
  };
  const fresh = (state: CheckpointState): ReadPlan => ({ ...base, state, startOffset: 0, firstLine: 1 });
  if (options.full) return fresh('full');
  // A file still empty since the name's last run read it empty: nothing to read, and no row to add
  // (each empty file of a directory added one per run: cron over /var/log/containers grew `sources`
  // by its empty files every few minutes).
  if (head.length === 0 && !source.compression && source.stat.size === 0) {
    const previous = (await (options.cache?.loadEmptyReads(db) ?? loadEmptyReads(db))).get(source.name);
    if (previous && previous.identity === identity && previous.format !== null) {
      return { ...base, state: 'resumed', unchanged: true, startOffset: 0, firstLine: 1, format: previous.format };
    }
  }

  const checkpoints = await (options.cache?.load(db) ?? loadCheckpoints(db).then(indexCheckpoints));
  const matching = checkpointsOfHead(checkpoints, head);
  const claimable: Checkpoint[] = [];
  for (const c of matching) {
    if (c.identity === identity || c.source === source.name || (await isOrphaned(c))) claimable.push(c);
  }
  const claimed = furthest(claimable);
  if (claimed) {
    const size = source.compression ? undefined : source.stat.size;
    if (size !== undefined && size < claimed.offset) return fresh('truncated');
    const reopen = await reopenable(db, source, claimed, head, base.holdBackTail);
    const unchanged = reopen === undefined && claimed.source === source.name && claimed.format !== null && !appended(source, claimed, false);
    return {
      ...base,
      state: 'resumed',
      ...(unchanged ? { unchanged } : {}),
      startOffset: reopen?.offset ?? claimed.offset,
      firstLine: reopen?.firstLine ?? claimed.linesBefore + 1,
      reopen,
      lastRecord: claimed.reopenLine !== null && claimed.reopenOffset !== null ? { line: claimed.reopenLine, offset: claimed.reopenOffset } : undefined,
      format: claimed.format ?? undefined,
      previousName: claimed.source !== source.name ? claimed.source : undefined,
    };
  }
  const sameName = checkpoints.all.filter((c) => c.source === source.name);
  if (sameName.length === 0) return fresh('new');
  return fresh(sameName.some((c) => c.identity === identity) ? 'truncated' : 'rotated');
}

/**
 * The names whose rows a --full run replaces: each file's own name, and every name its content was
 * read under before (a rotated file's earlier names: the names of the checkpoints it could claim).
 * Rows are told apart by source and line only, so the rows of such a name go whole, whatever file
 * they came from: the run then holds one ingest of the files as they are, and no line twice.
 */
export async function namesReplacedByFull(db: Database, sources: readonly Source[]): Promise<string[]> {
  const names = new Set<string>();
  const rows = await db.all(
    'SELECT DISTINCT source, identity, head_fingerprint FROM sources WHERE head_fingerprint IS NOT NULL ORDER BY source',
  );
  const orphaned = new Map<string, Promise<boolean>>();
  for (const source of sources) {
    if (source.path === undefined || !source.stat?.isFile()) continue;
    names.add(source.name);
    const identity = `${source.stat.dev}:${source.stat.ino}`;
    const head = await readHead(source.path, source.compression);
    for (const r of rows) {
      const name = String(r.source);
      const stored = String(r.head_fingerprint);
      if (names.has(name) || !headMatches(head, stored)) continue;
      const key = `${name}\n${stored}`;
      if (!orphaned.has(key)) orphaned.set(key, isOrphaned({ source: name, headFingerprint: stored }));
      if (r.identity === identity || (await orphaned.get(key))) names.add(name);
    }
  }
  return [...names];
}

/**
 * The claimed checkpoint's last record, when it is to be read again: it has one, the source grew
 * after it or now has another name, its rows are still stored, and no other content's rows share
 * its lines.
 */
async function reopenable(db: Database, source: Source, claimed: Checkpoint, head: Buffer, holdBackTail: boolean): Promise<Reopen | undefined> {
  const { reopenLine, reopenOffset } = claimed;
  if (reopenLine === null || reopenOffset === null || reopenLine > claimed.linesBefore || reopenOffset > claimed.offset) return undefined;
  // Under a new name (rotated, compressed), the record moves to it even when nothing was appended:
  // the rows of a record then always sit under the name its checkpoint has, where the next run that
  // finds it grown looks for them, and `export` knows them as still open (parquet-writer.ts).
  if (claimed.source === source.name && !appended(source, claimed, holdBackTail)) return undefined;
  const reopen: Reopen = { source: claimed.source, firstLine: reopenLine, lastLine: claimed.linesBefore, offset: reopenOffset, checkpointOffset: claimed.offset };
  const range = { source: reopen.source, first: reopen.firstLine, last: reopen.lastLine };
  const stored = await db.one(
    `SELECT (SELECT count(*) FROM events WHERE source = $source AND line BETWEEN $first AND $last)
          + (SELECT count(*) FROM rejects WHERE source = $source AND line BETWEEN $first AND $last) AS n`,
    range,
  );
  // Gone: renamed (follow shows its stdin spool as '-') or aged out. Nothing to rebuild in place.
  if (Number(stored?.n ?? 0) === 0) return undefined;
  const others = await db.all(
    `SELECT head_fingerprint FROM sources
     WHERE source = $source AND lines > 0 AND first_line <= $last AND first_line + lines - 1 >= $first`,
    range,
  );
  if (others.some((r) => r.head_fingerprint === null || !headMatches(head, String(r.head_fingerprint)))) return undefined;
  return reopen;
}

/**
 * Whether the source grew past a checkpoint's offset. When an unterminated line is held back, only
 * complete lines count: re-opening for a part of a line would rebuild the same record.
 */
function appended(source: Source, checkpoint: Pick<Checkpoint, 'offset' | 'readAtMs'>, holdBackTail: boolean): boolean {
  const { offset } = checkpoint;
  if (source.path === undefined) return false;
  // A gzip file's last 4 bytes hold its size (mod 2^32); a file of several members, or one that does
  // not say, is read again to be safe.
  if (source.compression === 'gzip') return gzipSize(source.path) !== offset % 2 ** 32;
  // The other formats do not say without decompressing (bzip2 not at all). A compressed log is written
  // once (logrotate, an archive): one not written since the run that read it is read again only if it
  // is written again. The slack covers a file system's coarse mtime; a file it catches is read once
  // more, finding nothing new, and its next run stores a later time.
  if (source.compression !== undefined) {
    const modified = source.stat?.mtimeMs ?? Infinity;
    return checkpoint.readAtMs === null || modified + MTIME_SLACK_MS >= checkpoint.readAtMs;
  }
  const size = source.stat?.size ?? 0;
  return size > offset && (!holdBackTail || findByte(source.path, offset, size, 0x0a));
}

function gzipSize(path: string): number | undefined {
  const size = statSync(path).size;
  if (size < 18) return undefined;
  const fd = openSync(path, 'r');
  try {
    const tail = Buffer.alloc(4);
    readSync(fd, tail, 0, 4, size - 4);
    return tail.readUInt32LE(0);
  } finally {
    closeSync(fd);
  }
}

function findByte(path: string, from: number, to: number, byte: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(SCAN_CHUNK, to - from));
    for (let at = from; at < to; ) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, to - at), at);
      if (n <= 0) return false;
      if (buffer.subarray(0, n).includes(byte)) return true;
      at += n;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * The byte offset of the line `back` lines before the line that starts at `end`, reading backwards
 * from `end` no further than `floor` (itself a line start). For the checkpoint's reopen_offset: the
 * last record is near the end, so this reads only that record.
 */
export function lineStartBefore(path: string, end: number, back: number, floor: number): number {
  if (back <= 0) return end;
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SCAN_CHUNK);
    let newlines = 0;
    for (let at = end; at > floor; ) {
      const n = Math.min(buffer.length, at - floor);
      readSync(fd, buffer, 0, n, at - n);
      for (let i = n - 1; i >= 0; i--) {
        // The first newline before `end` ends the line above it; the one before that line starts it.
        if (buffer[i] === 0x0a && ++newlines === back + 1) return at - n + i + 1;
      }
      at -= n;
    }
    return floor;
  } finally {
    closeSync(fd);
  }
}

let columnsEnsured = new WeakSet<Database>();
/** Databases made before checkpoints kept their last record get its columns (NULL: nothing to re-open). */
export async function ensureCheckpointColumns(db: Database): Promise<void> {
  if (columnsEnsured.has(db)) return;
  await db.run('ALTER TABLE sources ADD COLUMN IF NOT EXISTS reopen_line BIGINT');
  await db.run('ALTER TABLE sources ADD COLUMN IF NOT EXISTS reopen_offset BIGINT');
  columnsEnsured.add(db);
}
/** For tests that alter a database behind an open handle. */
export function resetCheckpointColumnsCache(): void {
  columnsEnsured = new WeakSet<Database>();
}

/** Opens the source's content from a byte offset (the decompressed content's offset for a compressed file). */
export function openFrom(source: Source, offset: number): Readable {
  if (source.path === undefined) throw new Error('openFrom needs a file');
  if (!source.compression) return createReadStream(source.path, { start: offset, highWaterMark: 1 << 20 });
  const content = decompress(createReadStream(source.path, { highWaterMark: 1 << 20 }), source.compression);
  return offset > 0 ? content.pipe(skipBytes(offset)) : content;
}

/**
 * The sources rows that can be claimed. A run adds a row per source, so a cron job adds thousands:
 * only the furthest row of each (name, file, fingerprint) matters.
 */
async function loadCheckpoints(db: Database): Promise<Checkpoint[]> {
  const rows = await db.all(
    `SELECT source, format, identity, head_fingerprint, offset_bytes, coalesce(first_line, 1) - 1 + coalesce(lines, 0) AS lines_before,
       reopen_line, reopen_offset, epoch_ms(ingested_at) AS read_at_ms
     FROM sources WHERE head_fingerprint IS NOT NULL AND offset_bytes IS NOT NULL
     QUALIFY row_number() OVER (PARTITION BY source, identity, head_fingerprint ORDER BY offset_bytes DESC, ingested_at DESC) = 1
     ORDER BY ingested_at`,
  );
  return rows.map((r) => ({
    source: String(r.source),
    format: r.format === null ? null : String(r.format),
    identity: r.identity === null ? null : String(r.identity),
    headFingerprint: String(r.head_fingerprint),
    offset: Number(r.offset_bytes),
    linesBefore: Number(r.lines_before),
    reopenLine: r.reopen_line === null || r.reopen_line === undefined ? null : Number(r.reopen_line),
    reopenOffset: r.reopen_offset === null || r.reopen_offset === undefined ? null : Number(r.reopen_offset),
    readAtMs: r.read_at_ms === null || r.read_at_ms === undefined ? null : Number(r.read_at_ms),
  }));
}

async function loadEmptyReads(db: Database): Promise<Map<string, EmptyRead>> {
  const rows = await db.all(
    `SELECT source, identity, format FROM (
       SELECT source, identity, format, lines, head_fingerprint FROM sources
       QUALIFY row_number() OVER (PARTITION BY source ORDER BY ingested_at DESC) = 1)
     WHERE lines = 0 AND head_fingerprint IS NULL`,
  );
  return new Map(rows.map((r) => [String(r.source), { identity: r.identity === null ? null : String(r.identity), format: r.format === null ? null : String(r.format) }]));
}

/** The checkpoint that got furthest; on a tie the latest (rows come in ingest order). */
/**
 * The run's checkpoints, indexed by fingerprint: a run over 10,000 unchanged files tested every
 * file's head against every checkpoint (10^8 tests, ~1.6 ms a file); the index hashes each file's
 * head once per prefix length the fingerprints were taken of, and looks each hash up.
 */
interface Checkpoints {
  /** In the order loadCheckpoints gives them (furthest() takes the last of equals). */
  readonly all: readonly Checkpoint[];
  /** Fingerprint -> the indexes in `all` of the checkpoints taken of it. */
  readonly byFingerprint: ReadonlyMap<string, readonly number[]>;
  /** The prefix lengths the fingerprints were taken of, ascending. */
  readonly lengths: readonly number[];
}

function indexCheckpoints(all: Checkpoint[]): Checkpoints {
  const byFingerprint = new Map<string, number[]>();
  const lengths = new Set<number>();
  all.forEach((c, i) => {
    const n = Number(c.headFingerprint.slice(0, c.headFingerprint.indexOf(':')));
    if (!Number.isInteger(n) || n <= 0) return;
    lengths.add(n);
    const same = byFingerprint.get(c.headFingerprint);
    if (same) same.push(i);
    else byFingerprint.set(c.headFingerprint, [i]);
  });
  return { all, byFingerprint, lengths: [...lengths].sort((a, b) => a - b) };
}

/** The checkpoints taken of a prefix of `head` (headMatches), in their order. */
function checkpointsOfHead(checkpoints: Checkpoints, head: Buffer): Checkpoint[] {
  const found: number[] = [];
  // One pass over the head: the hash of each shorter prefix is a copy of the running hash.
  const hash = createHash('sha256');
  let hashed = 0;
  for (const n of checkpoints.lengths) {
    if (n > head.length) break;
    hash.update(head.subarray(hashed, n));
    hashed = n;
    const same = checkpoints.byFingerprint.get(`${n}:${hash.copy().digest('hex')}`);
    if (same) found.push(...same);
  }
  return found.sort((a, b) => a - b).map((i) => checkpoints.all[i] as Checkpoint);
}

function furthest(checkpoints: readonly Checkpoint[]): Checkpoint | undefined {
  let best: Checkpoint | undefined;
  for (const c of checkpoints) if (!best || c.offset >= best.offset) best = c;
  return best;
}

/** The path a checkpoint was read from no longer starts with the same bytes (it was rotated away). */
async function isOrphaned(c: Pick<Checkpoint, 'source' | 'headFingerprint'>): Promise<boolean> {
  try {
    if (!statSync(c.source).isFile()) return true;
  } catch {
    return true;
  }
  // Not the inode: copytruncate keeps it while the content starts over.
  return !headMatches(await readHead(c.source, compressionOfName(c.source)), c.headFingerprint);
}

export function fingerprint(head: Buffer, n: number): string {
  return `${n}:${createHash('sha256').update(head.subarray(0, n)).digest('hex')}`;
}

/**
 * Whether `head` starts with the bytes a stored fingerprint (`<n>:<sha256>`) was taken of, as a test
 * to run against many fingerprints: each prefix length is hashed once (most share HEAD_BYTES), where a
 * hash per checkpoint made planning quadratic.
 */
function headMatcher(head: Buffer): (stored: string) => boolean {
  const hashes = new Map<number, string>();
  return (stored) => {
    const n = Number(stored.slice(0, stored.indexOf(':')));
    if (!Number.isInteger(n) || n <= 0 || head.length < n) return false;
    let hash = hashes.get(n);
    if (hash === undefined) hashes.set(n, (hash = fingerprint(head, n)));
    return hash === stored;
  };
}

function headMatches(head: Buffer, stored: string): boolean {
  return headMatcher(head)(stored);
}

async function readHead(path: string, compression: Compression | undefined): Promise<Buffer> {
  if (!compression) return readPlainHead(path);
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = decompress(createReadStream(path), compression);
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= HEAD_BYTES) break;
    }
  } catch {
    // A damaged archive: the scan reports it; here it only has no usable head.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

function readPlainHead(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, head, 0, HEAD_BYTES, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Drops the first `count` bytes of a stream. */
function skipBytes(count: number): Transform {
  let left = count;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (left >= chunk.length) {
        left -= chunk.length;
        return callback();
      }
      const rest = chunk.subarray(left);
      left = 0;
      callback(null, rest);
    },
  });
}

function isUtf16Bom(head: Buffer): boolean {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
}
