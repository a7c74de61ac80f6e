// UTF-16 sources (with a byte-order mark) are transcoded to UTF-8 before the scanner counts lines.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Database } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';
import { decodeSource } from '../../src/ingest/transcode.js';
import { ingestFiles } from './formats/helpers.js';

async function decode(chunks: Buffer[]) {
  const { stream, encoding } = await decodeSource(Readable.from(chunks));
  const out: Buffer[] = [];
  for await (const c of stream) out.push(c as Buffer);
  return { encoding, text: Buffer.concat(out).toString('utf8') };
}

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('UTF-16 sources', () => {
  it('are transcoded from either byte order, a character split between chunks included', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo\nwörld 😀\n', 'utf16le')]);
    expect(await decode([le.subarray(0, 1), le.subarray(1, 7), le.subarray(7)])).toEqual({ encoding: 'utf-16le', text: 'héllo\nwörld 😀\n' });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('a=1 b=2\n')]);
    expect(await decode([be])).toEqual({ encoding: 'utf-16be', text: 'a=1 b=2\n' });
  });

  it('leave UTF-8 untouched, and an empty input empty', async () => {
    expect(await decode([Buffer.from('{"a":1}\n')])).toEqual({ encoding: 'utf-8', text: '{"a":1}\n' });
    expect(await decode([])).toEqual({ encoding: 'utf-8', text: '' });
  });

  it('are read from stdin as from a file: JSON lines in UTF-16 become records', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"msg":"a","level":30}\r\n{"msg":"b"}\r\n', 'utf16le')]);
    const run = await ingestFiles([], {}, bytes);
    try {
      expect([run.summary.lines, run.summary.records, run.summary.rejects]).toEqual([2, 2, 0]);
      expect((await run.rows('SELECT event FROM events ORDER BY line')).map((r) => r.event)).toEqual(['a', 'b']);
    } finally {
      run.close();
    }
  });
});

describe('a UTF-16 source in a persistent database', () => {
  it('keeps its checkpoint in the bytes of the file, so a second run reads nothing again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-utf16-'));
    try {
      const log = join(dir, 'app.log');
      writeFileSync(log, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"msg":"a"}\n{"msg":"b"}\n', 'utf16le')]));
      const runs = [];
      for (let i = 0; i < 2; i++) {
        const db = await Database.open({ file: join(dir, 'store.duckdb') });
        try {
          runs.push(await ingest(db, { inputs: [log], stdin: Readable.from([]) }));
        } finally {
          db.close();
        }
      }
      expect(runs.map((r) => [r.lines, r.records, r.bytes])).toEqual([
        [2, 2, statSync(log).size],
        [0, 0, 0],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
