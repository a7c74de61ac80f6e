// The scratch directories this process makes under $TMPDIR (logmeter-*: DuckDB's spill files, a
// follow window): each is removed when its owner is done, and whatever is left when the process
// ends early (Ctrl-C, SIGTERM, a closed pipe) is removed by removeAllScratchDirs from the exit path.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();

/** A new private directory `$TMPDIR/<prefix>XXXXXX`, remembered until removeScratchDir. */
export function makeScratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
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

/** How many scratch directories are still in use (tests). */
export function liveScratchDirs(): readonly string[] {
  return [...live];
}

function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
}
