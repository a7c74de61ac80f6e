// Writes a whole file atomically: a temp file beside it, then a rename, so a reader (the
// textfile collector, Grafana's provisioner) never sees half a file.

import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';

export function writeFileAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UsageError(messages.cannotWriteFile(file, (error as Error).message));
  }
}
