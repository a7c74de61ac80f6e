// Writes a whole output file (-o, --grafana-dashboard). A new or regular file is written atomically
// (a temp file beside it, then a rename), so a reader such as the textfile collector or a browser
// never sees half a file, and a replaced file keeps its permission bits and owner. Anything else is
// written through: a FIFO or a device (/dev/null, /dev/stdout) is not ours to replace, and a
// symlink (latest.html -> 2026-03-01.html) is followed, so its target changes and the link stays.

import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { outputWriteError } from './write-errors.js';

/** How many links a path may go through before it is taken for a loop (Linux's own limit). */
const MAX_LINKS = 40;

/** Writes `text` to `path` (named `shown` in messages); throws UsageError or OutputError. */
export function writeOutputFile(path: string, text: string, shown: string = path): void {
  let existing: Stats | undefined;
  try {
    existing = statSync(path);
  } catch {
    // Missing, or a link to a file not made yet: written as a new file where the link points.
  }
  try {
    if (existing === undefined) writeReplacing(finalTarget(path), text, undefined);
    else if (existing.isFile()) writeReplacing(realpathSync.native(path), text, existing);
    else writeFileSync(path, text);
  } catch (error) {
    // A closed pipe behind /dev/stdout or a FIFO (`-o /dev/stdout | head`) is passed on as it is:
    // the entry point ends quietly with exit 0, as for stdout itself.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw error;
    throw outputWriteError(shown, error);
  }
}

function writeReplacing(file: string, text: string, existing: Stats | undefined): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    // A cron job's output directory need not exist yet.
    makeDirectories(dirname(file));
    writeFileSync(temp, text, existing ? { mode: 0o600 } : {});
    if (existing) keepOwnerAndMode(temp, existing);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The replaced file's mode (a private 0600 report stays private) and, where allowed, its owner. */
function keepOwnerAndMode(temp: string, existing: Stats): void {
  if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) {
    try {
      chownSync(temp, existing.uid, existing.gid);
    } catch {
      // Only root may give a file away: the new file is the writer's, as any editor's would be.
    }
  }
  chmodSync(temp, existing.mode & 0o7777);
}

/** Where a path that does not exist yet ends up: through any links to a file still to be made. */
function finalTarget(path: string): string {
  let current = path;
  for (let hop = 0; hop < MAX_LINKS; hop++) {
    let link: boolean;
    try {
      link = lstatSync(current).isSymbolicLink();
    } catch {
      return current;
    }
    if (!link) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  return current; // a loop: writing to it gives the system's own ELOOP message
}

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync never returns where a parent exists
 * but refuses children with ENOENT (/proc/x/y).
 */
function makeDirectories(dir: string): void {
  if (existsSync(dir) || dirname(dir) === dir) return;
  makeDirectories(dirname(dir));
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
