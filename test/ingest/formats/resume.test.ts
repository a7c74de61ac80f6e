// A text log read again from its checkpoint (a persistent database): the record whose traceback the
// previous run cut is read again from its first line and rebuilt with the rest, and line numbers carry on.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Database } from '../../../src/db.js';
import { accountedLines, ingest } from '../../../src/ingest/load.js';
import { FIXTURES } from '../../helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-resume-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a python-text log read in two runs', () => {
  it('reads again the record whose traceback the first run cut, counting every record once', async () => {
    const lines = readFileSync(join(FIXTURES, 'python-text.log'), 'utf8').split('\n');
    const log = join(dir, 'app.log');
    // Line 43 is a record whose traceback runs over lines 44..53: cut it after line 50.
    writeFileSync(log, lines.slice(0, 50).join('\n') + '\n');
    const file = join(dir, 'store.duckdb');
    let db = await Database.open({ file });
    const first = await ingest(db, { inputs: [log], stdin: Readable.from([]) });
    db.close();
    appendFileSync(log, lines.slice(50).join('\n'));
    db = await Database.open({ file });
    try {
      const second = await ingest(db, { inputs: [log], stdin: Readable.from([]) });
      const [a, b] = [first.sources[0]!, second.sources[0]!];
      expect([a.lines, a.records, a.continuation_lines, a.rejects]).toEqual([50, 43, 7, 0]);
      // Lines 43..50 (the cut record) again, then 51..124.
      expect([b.first_line, b.lines, b.reread_lines, b.records, b.continuation_lines, b.rejects]).toEqual([43, 82, 8, 62, 20, 0]);
      expect(accountedLines(b)).toBe(b.lines);
      const [all] = await db.all('SELECT count(*) AS n, count(DISTINCT line) AS lines, max(line) AS last FROM events');
      expect(all).toEqual({ n: 104, lines: 104, last: 124 });
      const [cut] = await db.all("SELECT attrs->>'exc_info' AS exc FROM events WHERE line = 43");
      expect(cut?.exc).toBe(lines.slice(43, 53).join('\n'));
    } finally {
      db.close();
    }
  });
});
