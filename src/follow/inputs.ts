// What a follow session reads on each poll, with `tail -F` semantics: a file that does not exist
// yet is waited for, a glob or directory is expanded again so new files join, and a file's newest
// rotated copy is read too, so the lines written just before a rotation are not lost (the ingest
// checkpoint recognises the rotated file by its content, compressed or not, and resumes it). When
// the file rotated more than once between two polls, the lines written before the first rotation
// sit in an older copy (app.log.2): copies written to since the previous poll are offered too, to be
// read only where a checkpoint resumes them, never from their start.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { COMPRESSED_SUFFIX } from '../ingest/compression.js';

/** What one poll reads: `targets`, and of those, the ones to read only where a checkpoint resumes them. */
export interface FollowTargets {
  readonly targets: string[];
  readonly resumeOnly: Set<string>;
}

/**
 * The files to read on one poll. `writtenSinceMs`, the wall-clock time the previous poll started (none
 * at the first poll), also offers the older rotated copies written to since then, as resume-only.
 */
export function followTargets(inputs: readonly string[], writtenSinceMs?: number): FollowTargets {
  const out: string[] = [];
  const resumeOnly = new Set<string>();
  const add = (path: string) => {
    if (!out.includes(path)) out.push(path);
  };
  for (const input of inputs) {
    if (isDynamicPattern(input) && !existsSync(input)) {
      for (const file of globSync(input, { onlyFiles: true, dot: false, expandDirectories: false }).sort()) add(file);
      continue;
    }
    let stat;
    try {
      stat = statSync(input);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) add(input);
    else {
      const copies = rotatedCopies(input);
      const newest = newestOf(copies);
      for (const copy of copies) {
        if (newest.includes(copy.path) || writtenSinceMs === undefined || copy.mtimeMs < writtenSinceMs - MTIME_SLACK_MS) continue;
        add(copy.path);
        resumeOnly.add(copy.path);
      }
      for (const rotated of newest) add(rotated);
      if (stat?.isFile()) add(input);
    }
  }
  return { targets: out, resumeOnly };
}

/**
 * How much earlier than the write a file's mtime may read: the kernel stamps it from a coarse clock
 * (a tick behind), and some file systems keep whole seconds. A copy offered for nothing costs a
 * look at its first bytes; one left out would lose its last lines.
 */
const MTIME_SLACK_MS = 2000;

/**
 * The names a rotation gives `app.log`: logrotate's `app.log.1` (`.1.gz` with `compress` and no
 * `delaycompress`), `app.log-20261124[.gz]` with `dateext` (the RHEL and Fedora default), and
 * Debian savelog's `app.log.0` (Docker json-file's `-json.log.1` too); `.zst`, `.xz`, `.bz2` or `.lz4`
 * for `.gz` with logrotate's `compresscmd`. Older generations (`.2.gz`) are what later rotations made of those.
 */
const ROTATED_SUFFIX = new RegExp(String.raw`^(?:\.[01]|-\d[\d_-]*)${COMPRESSED_SUFFIX}?$`, 'i');
const OLDER_GENERATION_SUFFIX = new RegExp(String.raw`^\.\d+${COMPRESSED_SUFFIX}?$`, 'i');

interface RotatedCopy {
  readonly path: string;
  readonly mtimeMs: number;
  /** A name the last rotation may have given the file (not an older generation). */
  readonly latest: boolean;
}

/** `file`'s rotated copies, spelled as the input was (`./app.log` gives `./app.log.1`): the name is the rows' source. */
function rotatedCopies(file: string): RotatedCopy[] {
  const dir = dirname(file);
  const name = basename(file);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const found: RotatedCopy[] = [];
  for (const entry of entries) {
    const suffix = entry.slice(name.length);
    if (!entry.startsWith(name) || !(ROTATED_SUFFIX.test(suffix) || OLDER_GENERATION_SUFFIX.test(suffix))) continue;
    const path = file + suffix;
    try {
      const stat = statSync(path);
      if (stat.isFile()) found.push({ path, mtimeMs: stat.mtimeMs, latest: ROTATED_SUFFIX.test(suffix) });
    } catch {
      // gone between the listing and the stat: the next poll sees where it went
    }
  }
  return found;
}

/**
 * The most recently modified of the copies the last rotation may have made (all of them when several
 * share that time), read whether or not a checkpoint resumes it (the file may have rotated before
 * its first poll). Reading only it from its start keeps a directory of old archives from being read
 * in full.
 */
function newestOf(copies: readonly RotatedCopy[]): string[] {
  const latest = copies.filter((c) => c.latest);
  const newest = Math.max(...latest.map((c) => c.mtimeMs));
  return latest.filter((c) => c.mtimeMs === newest).map((c) => c.path).sort();
}

/**
 * Whether `path` is a pipe: a FIFO (`mkfifo`), or `<(...)` and /dev/stdin as the shell hands them
 * over (/dev/fd/N, a link to an anonymous pipe). Such an input is read as a stream, as stdin is,
 * not polled (feed.ts).
 */
export function isPipe(path: string): boolean {
  try {
    return statSync(path).isFIFO();
  } catch {
    return false;
  }
}

/**
 * How the status line names one input: a file by its name, but a pipe the shell handed over by its
 * whole path, since the last part of `<(kubectl logs -f ...)`'s /dev/fd/63 or /proc/self/fd/63 is a
 * bare number that says nothing.
 */
export function inputLabel(input: string): string {
  return /^\/(?:dev|proc\/(?:self|\d+))\/fd\/\d+$/.test(input) ? input : basename(input);
}

/**
 * What a user should hear about the inputs: names that match nothing yet (a typo looks the same as
 * a file still to come, so say it is waited for), and paths that are neither a file, a directory
 * nor a pipe (a socket, a device), which follow cannot read.
 */
export function inputNotices(inputs: readonly string[]): { waiting: string[]; unsupported: string[] } {
  const waiting: string[] = [];
  const unsupported: string[] = [];
  for (const input of inputs) {
    if (isDynamicPattern(input) && !existsSync(input)) {
      if (globSync(input, { onlyFiles: true, dot: false, expandDirectories: false }).length === 0) waiting.push(input);
      continue;
    }
    try {
      const stat = statSync(input);
      if (!stat.isFile() && !stat.isDirectory() && !stat.isFIFO()) unsupported.push(input);
    } catch {
      waiting.push(input);
    }
  }
  return { waiting, unsupported };
}
