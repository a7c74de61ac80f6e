// UTF-16 logs (Windows tools write them, with a byte-order mark) are transcoded to UTF-8 before the
// line scanner, which works on UTF-8 bytes. Only a BOM decides: FF FE is UTF-16LE, FE FF UTF-16BE.
// Anything else passes through untouched, so the common case costs one look at the first chunk.

import { Readable } from 'node:stream';

export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedSource {
  readonly stream: Readable;
  readonly encoding: SourceEncoding;
  /** Bytes of the source itself read so far (the stream's bytes differ once transcoded). */
  rawBytes(): number;
}

/**
 * Peeks at the first bytes; returns the stream to scan (transcoded when needed) and the encoding.
 * `sniff: false` (a source read from the middle, at a checkpoint) never looks for a BOM.
 */
export async function decodeSource(input: Readable, options: { sniff?: boolean } = {}): Promise<DecodedSource> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first = Buffer.alloc(0);
  // The BOM needs two bytes; a stream may deliver one at a time.
  while (options.sniff !== false && first.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    first = Buffer.concat([first, Buffer.from(next.value)]);
  }
  let raw = first.length;
  const sniffed = options.sniff !== false;
  const encoding: SourceEncoding = !sniffed ? 'utf-8' : first[0] === 0xff && first[1] === 0xfe ? 'utf-16le' : first[0] === 0xfe && first[1] === 0xff ? 'utf-16be' : 'utf-8';
  async function* rest(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      raw += next.value.length;
      yield next.value;
    }
  }
  const stream = Readable.from(encoding === 'utf-8' ? rest() : transcode(rest(), encoding), { objectMode: false });
  return { stream, encoding, rawBytes: () => raw };
}

async function* transcode(chunks: AsyncIterable<Buffer>, encoding: 'utf-16le' | 'utf-16be'): AsyncGenerator<Buffer> {
  // TextDecoder drops the BOM and keeps state across chunks (a character split between two).
  // Unpaired surrogates become U+FFFD: the line stays a line.
  const decoder = new TextDecoder(encoding === 'utf-16le' ? 'utf-16le' : 'utf-16be');
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.decode();
  if (tail) yield Buffer.from(tail, 'utf8');
}
