// Turns the user's INPUT arguments (files, directories, globs, `-`) into an ordered list of
// sources, each of which can be opened as a byte stream (gzip decompressed transparently).

import { createReadStream, openSync, readSync, closeSync, statSync, readdirSync, type Stats } from 'node:fs';
import { join, basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';

export interface Source {
  /** The name recorded in `events.source`: the path as given, or `-` for stdin. */
  readonly name: string;
  readonly path?: string;
  readonly gzip: boolean;
  /** Uncompressed size in bytes when known without reading (plain files only). */
  readonly size?: number;
  readonly stat?: Stats;
}

/**
 * How a bare `-` on the command line reaches us: yargs drops or blanks a lone `-` positional, so
 * the entry point rewrites it to this token first. Both mean stdin.
 */
export const STDIN_ARG = 'logmeter:stdin';

/** Names a directory walk picks up: logs, JSON lines, their .gz forms and rotated names. */
const LOG_FILE = /\.(log|jsonl|ndjson|json|txt)(\.\d+)?(\.gz)?$|\.log\.\d+(\.gz)?$/i;

/**
 * The sources the inputs name. With `skipMissing` (follow, `tail -F`), a file that is gone by now
 * (rotated away since it was listed) is left out rather than an error, and so is an empty result.
 */
export function resolveSources(inputs: readonly string[], { skipMissing = false } = {}): Source[] {
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
    if (stat?.isDirectory()) {
      for (const file of walk(input)) {
        const source = skipMissing ? fileSourceIfPresent(file) : fileSource(file);
        if (source) add(source);
      }
    } else if (stat?.isFile() || stat?.isFIFO()) {
      const source = skipMissing ? fileSourceIfPresent(input, stat) : fileSource(input, stat);
      if (source) add(source);
    } else if (isDynamicPattern(input)) {
      const matches = globSync(input, { onlyFiles: true, dot: false, expandDirectories: false }).sort();
      if (matches.length === 0) throw new UsageError(messages.globMatchedNothing(input));
      for (const file of matches) add(fileSource(file));
    } else if (!skipMissing) {
      throw new UsageError(messages.inputNotFound(input));
    }
  }
  if (sources.length === 0 && !skipMissing) throw new UsageError(messages.noLogFilesIn(inputs.join(' ')));
  return sources;
}

export function openSource(source: Source, stdin: Readable): Readable {
  const raw = source.path === undefined ? stdin : createReadStream(source.path, { highWaterMark: 1 << 20 });
  return source.gzip ? raw.pipe(createGunzip()) : raw;
}

function stdinSource(): Source {
  return { name: '-', gzip: false };
}

function fileSource(path: string, stat = statSync(path)): Source {
  const gzip = /\.gz$/i.test(path) || hasGzipMagic(path, stat);
  return { name: path, path, gzip, size: gzip ? undefined : stat.size, stat };
}

function fileSourceIfPresent(path: string, stat?: Stats): Source | undefined {
  try {
    return fileSource(path, stat);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The file's path no longer names the file that was resolved: it was renamed away or replaced. */
export function sourceMoved(source: Source): boolean {
  if (source.path === undefined || source.stat === undefined) return false;
  const now = statOrUndefined(source.path);
  return now === undefined || now.ino !== source.stat.ino || now.dev !== source.stat.dev;
}

function hasGzipMagic(path: string, stat: Stats): boolean {
  if (!stat.isFile() || stat.size < 2) return false;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
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
