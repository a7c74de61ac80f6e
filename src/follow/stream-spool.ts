// One input of a follow session that arrives as a stream rather than a file to poll: stdin, a named
// pipe (FIFO), or a process substitution (`<(kubectl logs -f ...)`, a /dev/fd/N pipe). What arrives
// is decompressed as it comes (a compressed stream cut at a poll is no file to read), buffered, and
// appended to a spool file only between polls (flush), so the ingest reads the spool by offset like
// any file and never reads one that grows under it. The feed names the spool's records after the
// input (`-`, or the path given) and cuts off the part already read (feed.ts, compactSpool).

import { appendFileSync, constants, openSync, statSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { stdinBytes } from '../ingest/sources.js';
import { messages } from '../messages.js';
import { UsageError } from '../errors.js';

export class StreamSpool {
  private readonly pending: Buffer[] = [];
  private started = false;
  private ended = false;
  /** The spool ends in a line with no newline yet (it may still be being written). */
  private unterminated = false;
  /** The stream has ended and all of it, its last line ended, is in the spool. */
  private complete = false;
  /** What went wrong reading the stream: the next flush says so. */
  private error: Error | undefined;
  private readonly bytes: Readable;

  /**
   * @param name   what the records' `source` is: `-` for stdin, else the path the user gave
   * @param path   the spool file (in the session's scratch directory), created empty here
   * @param input  the stream as it arrives, compressed or not
   * @param owned  whether closing the spool closes the stream (a pipe it opened; not stdin)
   */
  constructor(
    readonly name: string,
    readonly path: string,
    private readonly input: Readable,
    private readonly owned: boolean,
  ) {
    writeFileSync(path, '');
    // Compression is recognised by its magic, as stdin's is without --follow (`gzip -c app.log | logmeter ...`).
    this.bytes = stdinBytes(input);
    this.bytes.on('data', (chunk: Buffer | string) => {
      this.started = true;
      this.pending.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    });
    this.bytes.once('end', () => {
      this.ended = true;
    });
    this.bytes.once('error', (error: Error) => {
      this.error = error;
      this.ended = true;
    });
  }

  /** Opens a named pipe (or a /dev/fd/N pipe) for reading and spools it; one that may not be opened is a UsageError. */
  static ofPipe(name: string, path: string): StreamSpool {
    let input: Readable;
    try {
      input = openPipe(name);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      throw new UsageError(messages.cannotReadInput(name, code === 'EACCES' || code === 'EPERM' ? 'permission denied' : message));
    }
    return new StreamSpool(name, path, input, true);
  }

  /** True once anything has arrived. */
  get hasStarted(): boolean {
    return this.started;
  }

  /** True once the stream has ended (or failed): nothing more will arrive. */
  get hasEnded(): boolean {
    return this.ended;
  }

  /**
   * True once a flush has put the whole stream in the spool: the poll that made that flush read
   * the last of it. A read error is not the end: the next flush says what went wrong.
   */
  get done(): boolean {
    return this.complete && this.error === undefined;
  }

  /** The spool's size on disk, in bytes. */
  get size(): number {
    return statSync(this.path).size;
  }

  /** Appends what arrived since the last flush; at the end of the stream, ends its last line. */
  flush(): void {
    if (this.error) throw new UsageError(messages.cannotReadInput(this.name, this.error.message));
    // 'end' comes after the last 'data': when it has come, all of the stream is pending or spooled.
    const ended = this.ended;
    if (this.pending.length > 0) {
      const data = Buffer.concat(this.pending.splice(0));
      appendFileSync(this.path, data);
      this.unterminated = data[data.length - 1] !== 0x0a;
    }
    if (!ended) return;
    // No more of the last line will come, also when its start went into the spool before the end
    // arrived: the newline makes the ingest read it rather than hold it back.
    if (this.unterminated) appendFileSync(this.path, '\n');
    this.unterminated = false;
    this.complete = true;
  }

  close(): void {
    this.bytes.removeAllListeners('data');
    // A pipe still open would keep the process waiting for its writer.
    if (this.owned) this.input.destroy();
  }
}

/**
 * A pipe opened for reading without blocking. Opening a FIFO blocks until a writer opens it, and
 * fs.createReadStream would do that (and every read after it) on one of libuv's four pool threads,
 * which DuckDB's queries share: four pipes with no writer yet would stall the session. Opened
 * O_NONBLOCK, the open returns at once, and a socket handle waits for data on the event loop, as
 * Node reads a pipe on stdin (on Linux a pipe no writer has opened yet reads as waiting, not as ended).
 */
function openPipe(path: string): Readable {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return new Socket({ fd, readable: true, writable: false });
}
