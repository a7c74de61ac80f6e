// The streams and environment a command runs with. Commands take an IO so tests can run them
// in-process with buffers instead of spawning the CLI.

import { fstatSync, writeSync } from 'node:fs';
import { Writable, type Readable } from 'node:stream';
import type { Diagnostics } from '../diagnostics.js';
import { OutputError } from '../errors.js';
import { messages } from '../messages.js';
import { errnoReason } from '../output/write-errors.js';

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
  return { stdin: process.stdin, stdout: stdoutStream(), stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * process.stdout, or, when it is a file (`> out.csv`), a stream that writes all of every chunk:
 * Node's own writes a file once and takes a short write (a disk filling up) for done, so the
 * output would end truncated with exit 0 instead of failing with ENOSPC on the next write.
 */
function stdoutStream(): IO['stdout'] {
  let file = false;
  try {
    file = fstatSync(1).isFile();
  } catch {
    // no stdout at all: Node's stream says so when written
  }
  if (!file) return process.stdout;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      try {
        for (let done = 0; done < chunk.length; ) done += writeSync(1, chunk, done);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  // A failed write rejects the write() that made it (below): that is where it is reported.
  stream.on('error', () => {});
  return stream;
}

/** Writes and waits until the stream has taken the data (so large outputs keep their order). */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text.length === 0) return resolve();
    stream.write(text, (error) => (error ? reject(streamWriteError(stream, error)) : resolve()));
  });
}

/**
 * A closed pipe stays as it is (the entry point ends quietly on EPIPE); any other failure of the
 * user's stdout (a full disk, an I/O error) is exit 74, in one line.
 */
function streamWriteError(stream: Writable, error: NodeJS.ErrnoException): Error {
  if (error.code === 'EPIPE') return error;
  return new OutputError(messages.cannotWriteStream(stream === process.stderr ? 'stderr' : 'stdout', errnoReason(error)));
}

/** A warning on stderr that does not stop the command: one line, prefixed like every error. */
export function warn(stderr: Writable, message: string): Promise<void> {
  return write(stderr, `logmeter: ${message}\n`);
}
