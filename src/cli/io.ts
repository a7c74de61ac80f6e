// The streams and environment a command runs with. Commands take an IO so tests can run them
// in-process with buffers instead of spawning the CLI.

import type { Readable, Writable } from 'node:stream';
import type { Diagnostics } from '../diagnostics.js';

export interface IO {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** logmeter's own diagnostics; silent unless --debug. */
  readonly log?: Diagnostics;
}

export function processIO(): IO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Writes and waits until the stream has taken the data (so large outputs keep their order). */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text.length === 0) return resolve();
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** A warning on stderr that does not stop the command: one line, prefixed like every error. */
export function warn(stderr: Writable, message: string): Promise<void> {
  return write(stderr, `logmeter: ${message}\n`);
}
