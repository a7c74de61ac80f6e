// Copying a byte range of one file into a new file, synchronously and a block at a time: the line
// scanner's spool starts with the clean prefix it already read, and a follow session's stdin spool is
// cut down to the part not yet read. Queued on a stream instead, a long range would sit in memory.

import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const BLOCK_BYTES = 1024 * 1024;

/** Writes bytes [from, to) of `source` (to its end without `to`) to `target`, replacing it. */
export function copyBytes(source: string, target: string, from: number, to = Infinity): void {
  const input = openSync(source, 'r');
  const output = openSync(target, 'w');
  try {
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    for (let at = from; at < to; ) {
      const n = readSync(input, block, 0, Math.min(block.length, to - at), at);
      if (n === 0) break;
      writeSync(output, block, 0, n);
      at += n;
    }
  } finally {
    closeSync(input);
    closeSync(output);
  }
}
