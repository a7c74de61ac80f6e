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
//   full       --full                                      the source's rows are replaced
// A plain file's unfinished last line (no newline yet) is left for the next run when checkpoints are
// kept in a database file: it may still be being written.

import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Database } from '../db.js';
import type { Source } from './sources.js';

export const HEAD_BYTES = 4096;

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
  /** Leave an unterminated last line for the next run. */
  readonly holdBackTail: boolean;
}

export interface PlanOptions {
  /** --full: ignore checkpoints. */
  readonly full?: boolean;
  /** Checkpoints are kept across runs (a database file): hold back unfinished lines. */
  readonly persistent: boolean;
}

/** Decides where to start reading a source. Stdin and pipes have no checkpoint. */
export async function planRead(db: Database, source: Source, options: PlanOptions): Promise<ReadPlan> {
  if (source.path === undefined || !source.stat?.isFile()) {
    return { state: 'none', startOffset: 0, firstLine: 1, identity: null, headFingerprint: null, holdBackTail: false };
  }
  const identity = `${source.stat.dev}:${source.stat.ino}`;
  const head = await readHead(source.path, source.gzip);
  const base = {
    identity,
    headFingerprint: head.length > 0 ? fingerprint(head, head.length) : null,
    holdBackTail: options.persistent && !source.gzip,
  };
  const fresh = (state: CheckpointState): ReadPlan => ({ ...base, state, startOffset: 0, firstLine: 1 });
  if (options.full) return fresh('full');

  const checkpoints = await loadCheckpoints(db);
  const matching = checkpoints.filter((c) => headMatches(head, c.headFingerprint));
  const claimable: Checkpoint[] = [];
  for (const c of matching) {
    if (c.identity === identity || c.source === source.name || (await isOrphaned(c))) claimable.push(c);
  }
  const claimed = furthest(claimable);
  if (claimed) {
    const size = source.gzip ? undefined : source.stat.size;
    if (size !== undefined && size < claimed.offset) return fresh('truncated');
    return {
      ...base,
      state: 'resumed',
      startOffset: claimed.offset,
      firstLine: claimed.linesBefore + 1,
      format: claimed.format ?? undefined,
      previousName: claimed.source !== source.name ? claimed.source : undefined,
    };
  }
  const sameName = checkpoints.filter((c) => c.source === source.name);
  if (sameName.length === 0) return fresh('new');
  return fresh(sameName.some((c) => c.identity === identity) ? 'truncated' : 'rotated');
}

/** Opens the source's content from a byte offset (decompressed offset for gzip). */
export function openFrom(source: Source, offset: number): Readable {
  if (source.path === undefined) throw new Error('openFrom needs a file');
  if (!source.gzip) return createReadStream(source.path, { start: offset, highWaterMark: 1 << 20 });
  const content = createReadStream(source.path, { highWaterMark: 1 << 20 }).pipe(createGunzip());
  return offset > 0 ? content.pipe(skipBytes(offset)) : content;
}

/**
 * The sources rows that can be claimed. A run adds a row per source, so a cron job adds thousands:
 * only the furthest row of each (name, file, fingerprint) matters.
 */
async function loadCheckpoints(db: Database): Promise<Checkpoint[]> {
  const rows = await db.all(
    `SELECT source, format, identity, head_fingerprint, offset_bytes, coalesce(first_line, 1) - 1 + coalesce(lines, 0) AS lines_before
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
  }));
}

/** The checkpoint that got furthest; on a tie the latest (rows come in ingest order). */
function furthest(checkpoints: readonly Checkpoint[]): Checkpoint | undefined {
  let best: Checkpoint | undefined;
  for (const c of checkpoints) if (!best || c.offset >= best.offset) best = c;
  return best;
}

/** The path a checkpoint was read from no longer starts with the same bytes (it was rotated away). */
async function isOrphaned(c: Checkpoint): Promise<boolean> {
  try {
    if (!statSync(c.source).isFile()) return true;
  } catch {
    return true;
  }
  // Not the inode: copytruncate keeps it while the content starts over.
  return !headMatches(await readHead(c.source, c.source.endsWith('.gz')), c.headFingerprint);
}

export function fingerprint(head: Buffer, n: number): string {
  return `${n}:${createHash('sha256').update(head.subarray(0, n)).digest('hex')}`;
}

function headMatches(head: Buffer, stored: string): boolean {
  const colon = stored.indexOf(':');
  const n = Number(stored.slice(0, colon));
  if (!Number.isInteger(n) || n <= 0 || head.length < n) return false;
  return fingerprint(head, n) === stored;
}

async function readHead(path: string, gzip: boolean): Promise<Buffer> {
  if (!gzip) return readPlainHead(path);
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = createReadStream(path).pipe(createGunzip());
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
