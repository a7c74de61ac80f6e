// Turns the user's INPUT arguments (files, directories, globs, `-`) into an ordered list of
// sources, each of which can be opened as a byte stream (decompressed transparently: a file by its
// name or magic bytes, stdin by its magic bytes; compression.ts).

import { createReadStream, openSync, readSync, closeSync, statSync, readdirSync, fstatSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { join, basename } from 'node:path';
import { Readable } from 'node:stream';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { COMPRESSED_SUFFIX, compressionOfMagic, compressionOfName, decompress, MAGIC_BYTES, mayStartMagic, type Compression } from './compression.js';

export interface Source {
  /** The name recorded in `events.source`: the path as given, or `-` for stdin. */
  readonly name: string;
  readonly path?: string;
  /** How the content is compressed, if it is. */
  readonly compression?: Compression;
  /** Uncompressed size in bytes when known without reading (plain files only). */
  readonly size?: number;
  readonly stat?: Stats;
  /** Found by walking a directory given as an input, rather than named (or matched by a glob). */
  readonly inDirectory?: boolean;
}

/**
 * A source whose content cannot be read: a corrupt or truncated .gz (or another compressed file whose
 * decompressor is missing), an I/O error midway. None of
 * it is stored. Inside a directory it is skipped (load.ts), as `find` goes on past a bad entry.
 */
export class UnreadableSource extends UsageError {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(messages.cannotReadInput(source, reason));
  }
}

/**
 * How a bare `-` on the command line reaches us: yargs drops or blanks a lone `-` positional, so
 * the entry point rewrites it to this token first. Both mean stdin.
 */
export const STDIN_ARG = 'logmeter:stdin';

/**
 * Names a directory walk picks up: logs, JSON lines, their compressed forms (compression.ts) and rotated names: numbered
 * (`app.log.1`, savelog's `app.log.0`) and dated, as logrotate's `dateext` (`app.log-20261124`,
 * `-2026112410`) and Python's TimedRotatingFileHandler (`app.log.2026-11-24`, `.2026-11-24_10-00`)
 * write them. A walk that missed the dated ones read only what came after the last rotation.
 */
const ROTATED = String.raw`(\.\d+|[.-]\d{8}(\d{2})?|[.-]\d{4}-\d\d-\d\d(_\d\d(-\d\d){0,2})?)`;
const LOG_FILE = new RegExp(String.raw`\.(log|jsonl|ndjson|json|txt)${ROTATED}?${COMPRESSED_SUFFIX}?$`, 'i');

/**
 * The sources the inputs name. With `skipMissing` (follow, `tail -F`), a file that is gone by now
 * (rotated away since it was listed) is left out rather than an error, and so is an empty result.
 * Inside a directory, a file or directory this user may not read is skipped and added to
 * `unreadable` (as `find` goes on past them: /var/log has such entries); one named is an error.
 */
export function resolveSources(inputs: readonly string[], { skipMissing = false, unreadable = [] as string[] } = {}): Source[] {
  if (inputs.length === 0) return [stdinSource()];
  const sources: Source[] = [];
  const seen = new Set<string>();
  const add = (s: Source) => {
    if (s.path && seen.has(s.path)) return;
    if (s.path) seen.add(s.path);
    sources.push(s);
  };
  for (const input of inputs) {
    if (input === '-' || input === STDIN_ARG) {
      add(stdinSource());
      continue;
    }
    const stat = statOrUndefined(input);
    const addFile = (file: string, fileStat?: Stats, inDirectory = false) => {
      const source = sourceAt(file, fileStat, skipMissing);
      if (source) add(inDirectory ? { ...source, inDirectory } : source);
    };
    if (stat?.isDirectory()) {
      for (const file of readable(input, () => walk(input, unreadable))) {
        try {
          addFile(file, undefined, true);
        } catch (error) {
          if (!(error instanceof PermissionDenied)) throw error;
          unreadable.push(file);
        }
      }
    } else if (stat?.isFile() || stat?.isFIFO() || stat?.isCharacterDevice()) {
      // A pipe (`<(zcat a.gz)`) or a device (`/dev/stdin`, `/dev/null`) is read once, as stdin is.
      addFile(input, stat);
    } else if (isDynamicPattern(input)) {
      const matches = globSync(input, { onlyFiles: true, dot: false, expandDirectories: false }).sort();
      if (matches.length === 0) throw new UsageError(messages.globMatchedNothing(input));
      for (const file of matches) addFile(file);
    } else if (!skipMissing) {
      throw new UsageError(messages.inputNotFound(input));
    }
  }
  if (sources.length === 0 && !skipMissing) throw new UsageError(messages.noLogFilesIn(inputs.join(' '), unreadable.length));
  return sources;
}

export function openSource(source: Source, stdin: Readable): Readable {
  if (source.path === undefined) return stdinBytes(stdin);
  const raw = createReadStream(source.path, { highWaterMark: 1 << 20 });
  return source.compression ? decompress(raw, source.compression) : raw;
}

/** A regular file stdin was redirected from, by a name it can be opened at again. */
export interface RedirectedStdin {
  readonly path: string;
  readonly size: number;
  readonly compression?: Compression;
}

/**
 * The regular file stdin was redirected from (`logmeter check < run.log`), so that it is read as a
 * named file is: DuckDB reads it where it lies instead of a copy of it (the copy cost ~0.6 s per
 * 330 MB). Only the process's own stdin (a stream passed in has no fd 0), only where /proc names
 * it (Linux), only at its start (`{ head -1; logmeter ...; } < f` reads on from the offset the shell
 * left), and only while the name still leads to that file. Otherwise undefined: read as a stream.
 */
export function redirectedStdinFile(stdin: Readable): RedirectedStdin | undefined {
  if ((stdin as { fd?: unknown }).fd !== 0) return undefined;
  try {
    const opened = fstatSync(0);
    if (!opened.isFile()) return undefined;
    if (!/^pos:\s+0$/m.test(readFileSync('/proc/self/fdinfo/0', 'utf8'))) return undefined;
    const path = realpathSync('/proc/self/fd/0');
    const stat = statSync(path);
    // Deleted or replaced since the shell opened it: the name no longer leads to what stdin holds.
    if (stat.dev !== opened.dev || stat.ino !== opened.ino) return undefined;
    const compression = compressionOfName(path) ?? compressionOfHead(path, stat);
    return { path, size: stat.size, ...(compression ? { compression } : {}) };
  } catch {
    return undefined;
  }
}

/** Opens stdin's redirected file as openSource opens a named file. */
export function openRedirectedStdin(file: RedirectedStdin): Readable {
  const raw = createReadStream(file.path, { highWaterMark: 1 << 20 });
  return file.compression ? decompress(raw, file.compression) : raw;
}

/**
 * stdin has no name and cannot be peeked at before it is read (`gzip -c app.log | logmeter ...`):
 * its first bytes decide, as a file's do when its name does not say.
 */
export function stdinBytes(input: Readable): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let head = Buffer.alloc(0);
    // The magic needs a few bytes; a pipe may deliver one at a time.
    while (mayStartMagic(head)) {
      const next = await iterator.next();
      if (next.done) break;
      head = Buffer.concat([head, Buffer.from(next.value)]);
    }
    async function* all(): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield Buffer.from(next.value);
    }
    const compression = compressionOfMagic(head);
    // A read error of stdin must reach the reader, as a corrupt stream's does.
    if (compression) yield* decompress(Readable.from(all(), { objectMode: false }), compression);
    else yield* all();
  }
  return Readable.from(bytes(), { objectMode: false });
}

function stdinSource(): Source {
  return { name: '-' };
}

function fileSource(path: string, stat = statSync(path)): Source {
  const compression = compressionOfName(path) ?? compressionOfHead(path, stat);
  return { name: path, path, ...(compression ? { compression } : { size: stat.size }), stat };
}

/**
 * A file as a source. One that is gone by now is skipped with skipMissing, else named; one that
 * cannot be read (permissions, most often under /var/log) is named with the reason: both are the
 * user's to fix, not bugs.
 */
function sourceAt(path: string, stat: Stats | undefined, skipMissing: boolean): Source | undefined {
  try {
    return fileSource(path, stat);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && skipMissing) return undefined;
    throw fileError(path, error);
  }
}

/** What `read` returns, a file system error while reading `path` becoming a UsageError that names it. */
function readable<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw fileError(path, error);
  }
}

/** A file or directory this user may not read. */
class PermissionDenied extends UsageError {}

function fileError(given: string, error: unknown): Error {
  const { code, path: failed } = error as NodeJS.ErrnoException;
  // The path that failed: a file or directory inside the one given, when it was walked.
  const path = failed ?? given;
  if (code === 'ENOENT') return new UsageError(messages.inputNotFound(path));
  if (code === 'EACCES' || code === 'EPERM') return new PermissionDenied(messages.cannotReadInput(path, 'permission denied'));
  return code === undefined ? (error as Error) : new UsageError(messages.cannotReadInput(path, (error as Error).message));
}

/** The file's path no longer names the file that was resolved: it was renamed away or replaced. */
export function sourceMoved(source: Source): boolean {
  if (source.path === undefined || source.stat === undefined) return false;
  const now = statOrUndefined(source.path);
  return now === undefined || now.ino !== source.stat.ino || now.dev !== source.stat.dev;
}

function compressionOfHead(path: string, stat: Stats): Compression | undefined {
  if (!stat.isFile() || stat.size < 2) return undefined;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(MAGIC_BYTES);
    const n = readSync(fd, head, 0, MAGIC_BYTES, 0);
    return compressionOfMagic(head.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/** The log files below `dir`; a subdirectory that may not be read is added to `unreadable`. */
function walk(dir: string, unreadable: string[]): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      try {
        out.push(...walk(full, unreadable));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EACCES' && code !== 'EPERM') throw error;
        unreadable.push(full);
      }
    }
    // A link to a file counts (a Kubernetes node's /var/log/containers/*.log are links into
    // /var/log/pods); links to directories are not followed, so a loop cannot be.
    else if ((entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(full)?.isFile())) && LOG_FILE.test(basename(full))) out.push(full);
  }
  return out;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
