// The scratch directories this process makes under $TMPDIR (logmeter-*: DuckDB's spill files, a
// follow window): each is removed when its owner is done, and whatever is left when the process
// ends early (Ctrl-C, SIGTERM, a closed pipe) is removed by removeAllScratchDirs from the exit path.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputError, UsageError } from './errors.js';
import { messages } from './messages.js';
import { errnoReason, isDeviceFailure } from './output/write-errors.js';

const live = new Set<string>();

/** A new private directory `$TMPDIR/<prefix>XXXXXX`, remembered until removeScratchDir. */
export function makeScratchDir(prefix: string): string {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), prefix));
  } catch (error) {
    // The environment's fault, not a bug: a $TMPDIR that is missing, a file, or not writable is
    // the user's to fix (exit 2); a full disk is exit 74, as for any output.
    const message = messages.badScratchDir(tmpdir(), errnoReason(error as NodeJS.ErrnoException));
    throw isDeviceFailure(error) ? new OutputError(message) : new UsageError(message);
  }
  live.add(dir);
  return dir;
}

export function removeScratchDir(dir: string): void {
  try {
    removeTree(dir);
  } finally {
    live.delete(dir);
  }
}

/**
 * Synchronous, for process 'exit' and signal handlers. DuckDB's threads may still be writing spill
 * files into a directory while it goes, hence the retries; a failure is not worth a second error.
 */
export function removeAllScratchDirs(): void {
  for (const dir of [...live]) {
    try {
      removeScratchDir(dir);
    } catch {
      // nothing more can be done on the way out
    }
  }
}

/**
 * For a signal's way out: removes the scratch directories now, and again once this process is gone.
 * DuckDB's threads go on spilling until the process dies, and may write (and make again) a spill
 * directory after the removal here, so a detached `sh` waits for this pid to end and removes what is
 * left. The directories are its arguments, never part of its script.
 */
export function removeAllScratchDirsNowAndAfterExit(): void {
  const dirs = [...live];
  removeAllScratchDirs();
  if (dirs.length === 0) return;
  try {
    const script = 'while kill -0 "$0" 2>/dev/null; do sleep 0.05; done; rm -rf -- "$@"';
    spawn('/bin/sh', ['-c', script, String(process.pid), ...dirs], { detached: true, stdio: 'ignore' }).unref();
  } catch {
    // no shell to spawn: what the removal above left stays, as before
  }
}

/** How many scratch directories are still in use (tests). */
export function liveScratchDirs(): readonly string[] {
  return [...live];
}

function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
}
