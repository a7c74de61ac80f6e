// What a follow session reads on each poll, with `tail -F` semantics: a file that does not exist
// yet is waited for, a glob or directory is expanded again so new files join, and a file's newest
// rotated copy is read too, so the lines written just before a rotation are not lost (the ingest
// checkpoint recognises the rotated file by its content, compressed or not, and resumes it).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

export function followTargets(inputs: readonly string[]): string[] {
  const out: string[] = [];
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
      for (const rotated of newestRotated(input)) add(rotated);
      if (stat?.isFile()) add(input);
    }
  }
  return out;
}

/**
 * The names a rotation gives `app.log`: logrotate's `app.log.1` (`.1.gz` with `compress` and no
 * `delaycompress`), `app.log-20261124[.gz]` with `dateext` (the RHEL and Fedora default), and
 * Debian savelog's `app.log.0`. Older generations (`.2.gz`, last week's date) are not: they were
 * rotated before the last poll, so every line of theirs was read from the live file already.
 */
const ROTATED_SUFFIX = /^(?:\.[01]|-\d[\d_-]*)(?:\.gz)?$/;

/**
 * The most recently modified of `file`'s rotated copies (all of them when several share that
 * time): the one a rotation since the last poll made. Reading only it keeps a directory of old
 * archives from being read in full at start.
 */
export function newestRotated(file: string): string[] {
  const dir = dirname(file);
  const name = basename(file);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const found: { path: string; mtimeMs: number }[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(name) || !ROTATED_SUFFIX.test(entry.slice(name.length))) continue;
    // Spelled as the input was (`./app.log` gives `./app.log.1`): the name is the rows' source.
    const path = file + entry.slice(name.length);
    try {
      const stat = statSync(path);
      if (stat.isFile()) found.push({ path, mtimeMs: stat.mtimeMs });
    } catch {
      // gone between the listing and the stat: the next poll sees where it went
    }
  }
  const newest = Math.max(...found.map((f) => f.mtimeMs));
  return found.filter((f) => f.mtimeMs === newest).map((f) => f.path).sort();
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
