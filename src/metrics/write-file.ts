// Writes a whole file atomically: a temp file beside it, then a rename, so a reader (the
// textfile collector, Grafana's provisioner) never sees half a file.

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';

export function writeFileAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    // As report -o and export --parquet do: a cron job's output directory need not exist yet.
    makeDirectories(dirname(file));
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Never made (its directory is missing or a file): nothing to clean up.
    }
    throw new UsageError(messages.cannotWriteFile(file, withoutPaths(error as NodeJS.ErrnoException)));
  }
}

/** Node's "ENOENT: no such file or directory, open '<temp>'" without the path: the temp file is ours, not the user's. */
function withoutPaths(error: NodeJS.ErrnoException): string {
  return error.syscall ? error.message.replace(new RegExp(`, ${error.syscall} .*$`, 's'), '') : error.message;
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
