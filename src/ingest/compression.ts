// Compressed logs. logrotate compresses with gzip by default and with whatever `compresscmd` names
// otherwise: zstd, xz, bzip2 and lz4 are the common choices, and archives of logs come in the same
// forms. A file is told by its name or, when the name does not say, by its magic bytes; stdin by its
// magic bytes. gzip is decompressed by Node's zlib; the others by their own commands (Node 20's zlib
// has none of them), which a user who writes such files has installed; one that is missing is named.

import { spawn } from 'node:child_process';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { messages } from '../messages.js';

export type Compression = 'gzip' | 'zstd' | 'xz' | 'bzip2' | 'lz4';

interface Codec {
  /** File name endings that say the content is compressed this way. */
  readonly suffixes: readonly string[];
  /** The bytes a stream of it starts with: at each position the byte, or the bytes allowed there. */
  readonly magic: readonly (number | readonly number[])[];
  /** The command that decompresses stdin to stdout, and the Debian package that has it. */
  readonly command?: { readonly name: string; readonly args: readonly string[]; readonly debianPackage: string };
}

const CODECS: Readonly<Record<Compression, Codec>> = {
  gzip: { suffixes: ['.gz'], magic: [0x1f, 0x8b] },
  zstd: { suffixes: ['.zst', '.zstd'], magic: [0x28, 0xb5, 0x2f, 0xfd], command: { name: 'zstd', args: ['-dc'], debianPackage: 'zstd' } },
  xz: { suffixes: ['.xz'], magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], command: { name: 'xz', args: ['-dc'], debianPackage: 'xz-utils' } },
  // "BZh", the block size '1'-'9', then a block's magic (BCD pi, "1AY&SY") or, empty, the end-of-stream
  // one (sqrt pi): all of it, since the first bytes alone are ASCII a text line could start with.
  bzip2: {
    suffixes: ['.bz2'],
    magic: [0x42, 0x5a, 0x68, [0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39], [0x31, 0x17], [0x41, 0x72], [0x59, 0x45], [0x26, 0x38], [0x53, 0x50], [0x59, 0x90]],
    command: { name: 'bzip2', args: ['-dc'], debianPackage: 'bzip2' },
  },
  lz4: { suffixes: ['.lz4'], magic: [0x04, 0x22, 0x4d, 0x18], command: { name: 'lz4', args: ['-dc'], debianPackage: 'lz4' } },
};

const COMPRESSIONS = Object.keys(CODECS) as Compression[];

/** The longest magic: how many bytes of a head decide. */
export const MAGIC_BYTES = Math.max(...COMPRESSIONS.map((c) => CODECS[c].magic.length));

/** A regular-expression fragment for the compressed endings a directory walk and rotated names accept. */
export const COMPRESSED_SUFFIX = `(?:${COMPRESSIONS.flatMap((c) => CODECS[c].suffixes).map((s) => s.replace('.', String.raw`\.`)).join('|')})`;

/** How a file's name says it is compressed, if it does. */
export function compressionOfName(path: string): Compression | undefined {
  const lower = path.toLowerCase();
  return COMPRESSIONS.find((c) => CODECS[c].suffixes.some((s) => lower.endsWith(s)));
}

/** How bytes that start with `head` are compressed, if they are. */
export function compressionOfMagic(head: Buffer): Compression | undefined {
  return COMPRESSIONS.find((c) => CODECS[c].magic.every((allowed, i) => byteAllowed(allowed, head[i])));
}

/**
 * Whether more bytes could still make `head` a compressed stream's start: a stream read as it comes
 * (stdin, a followed pipe) waits only as long as that, so a short first line is not held back.
 */
export function mayStartMagic(head: Buffer): boolean {
  return head.length < MAGIC_BYTES && COMPRESSIONS.some((c) => CODECS[c].magic.length > head.length && head.every((byte, i) => byteAllowed(CODECS[c].magic[i], byte)));
}

function byteAllowed(allowed: number | readonly number[] | undefined, byte: number | undefined): boolean {
  return byte !== undefined && (typeof allowed === 'number' ? byte === allowed : allowed?.includes(byte) === true);
}

/**
 * The decompressed content of `compressed`. A failure (damaged or truncated data, a missing command)
 * is an error of the returned stream, with the decompressor's own words. Destroying the returned
 * stream early (a caller that wanted only the head) stops the decompressor.
 */
export function decompress(compressed: Readable, compression: Compression): Readable {
  const { command } = CODECS[compression];
  // pipeline, not pipe: a read error of the input (stdin) must reach the reader, as a corrupt stream's does.
  if (command === undefined) return pipeline(compressed, createGunzip(), () => {});
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const child = spawn(command.name, command.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  // The command stops reading when it meets bad data or is stopped: what is left to write is not wanted.
  child.stdin.on('error', () => {});
  compressed.on('error', (error) => out.destroy(error));
  compressed.pipe(child.stdin);
  child.stdout.pipe(out, { end: false });
  child.on('error', (error: NodeJS.ErrnoException) => {
    out.destroy(new Error(error.code === 'ENOENT' ? messages.decompressorMissing(command.name, command.debianPackage) : error.message));
  });
  child.on('close', (code) => {
    if (out.destroyed) return;
    if (code === 0) out.end();
    else out.destroy(new Error(`${command.name}: ${firstMessage(stderr) ?? `exit status ${code}`}`));
  });
  out.on('close', () => {
    compressed.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  return out;
}

/** The decompressor's first message, without its name for the input (all of them read stdin here). */
function firstMessage(stderr: string): string | undefined {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  if (line === undefined) return undefined;
  return line
    .replace(/^(zstd|xz|bzip2|lz4):\s*/, '')
    .replace(/^(\/\*stdin\*\\|\(stdin\))\s*:?\s*/, '')
    .replace(/[;.]$/, '');
}
