// What a failed write of the user's output means: a full disk or an I/O error is exit 74 (the
// output could not be written, run again when there is room), anything else (permission denied,
// a missing directory, a directory in the way) is the user's to fix, exit 2.

import { LogmeterError, OutputError, UsageError } from '../errors.js';
import { messages } from '../messages.js';

/** errno codes that say the device could not take the data, whatever was asked of it. */
const DEVICE_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

export function isDeviceFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && DEVICE_FAILURES.has(String((error as NodeJS.ErrnoException).code));
}

/** The error to throw when writing `shown` failed with `error`. */
export function outputWriteError(shown: string, error: unknown): UsageError | OutputError {
  const detail = withoutPaths(error as NodeJS.ErrnoException);
  return isDeviceFailure(error) ? new OutputError(messages.cannotWriteFile(shown, detail)) : new UsageError(messages.cannotWriteFile(shown, detail));
}

/** Node's "ENOENT: no such file or directory, open '<temp>'" without the path: the temp file is ours, not the user's. */
function withoutPaths(error: NodeJS.ErrnoException): string {
  if (!(error instanceof Error)) return String(error);
  return error.syscall ? error.message.replace(new RegExp(`, ${error.syscall}( .*)?$`, 's'), '') : error.message;
}

/** "no space left on device" from Node's "ENOSPC: no space left on device, write". */
export function errnoReason(error: NodeJS.ErrnoException): string {
  return error.code ? withoutPaths(error).replace(/^[A-Z0-9_]+: /, '') : error.message;
}

/**
 * DuckDB's own "No space left on device", while it writes a database, Parquet or its spill files:
 * exit 74 with the cause, not an internal error. After it DuckDB invalidates the database, and a
 * later message keeps the first cause only on a later line ("Original error: ...").
 */
export function duckdbDiskFull(error: unknown): OutputError | undefined {
  if (error instanceof LogmeterError || !(error instanceof Error)) return undefined;
  if (!/No space left on device/i.test(error.message)) return undefined;
  const file = /Could not write file "([^"]*)"/.exec(error.message)?.[1];
  // export writes into DIR/.staging-<id>/... first: the user named DIR.
  return new OutputError(messages.diskFull(file?.replace(/[\\/]\.staging-[^\\/]*([\\/].*)?$/, '')));
}
