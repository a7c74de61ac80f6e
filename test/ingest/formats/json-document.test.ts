// Whole JSON documents: objects and arrays of objects, pretty-printed or not, several in a row;
// nested arrays of timestamped objects expand into records that carry their parent's scalars; a
// truncated document is one reject and never costs the other files of a directory.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountedLines } from '../../../src/ingest/load.js';
import { documentRecords, scanValues } from '../../../src/ingest/formats/json-document.js';
import { ingestFiles } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-doc-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('JSON documents', () => {
  it('expand nested arrays of timestamped objects, carrying the parent scalars, each on its own line', async () => {
    const window = {
      session_id: 's-1',
      window_start: '2026-03-02T10:00:00Z',
      meta: { host: 'not carried: an object' },
      events: [
        { timestamp: '2026-03-02T10:00:01Z', model: 'gpt-4o', tokens_in: 5, latency_ms: 12 },
        { timestamp: '2026-03-02T10:00:02Z', model: 'gpt-4o', tokens_in: 7, latency_ms: 15, session_id: 'own' },
      ],
      samples: [{ timestamp: '2026-03-02T10:00:03Z', cpu_usage: 12.5 }],
      tags: ['a', 'b'],
    };
    const path = write('window.json', JSON.stringify(window, null, 2) + '\n');
    const run = await ingestFiles([path]);
    try {
      const [source] = run.summary.sources;
      expect(source).toMatchObject({ format: 'json-document', records: 3, record_lines: 3, rejects: 0 });
      expect(accountedLines(source!)).toBe(source?.lines);
      const rows = await run.rows(`SELECT line, kind, session_id, tokens_in, attrs->>'window_start' AS w, attrs->'meta' AS meta FROM events ORDER BY line`);
      expect(rows).toEqual([
        { line: 8, kind: 'llm_call', session_id: 's-1', tokens_in: 5, w: '2026-03-02T10:00:00Z', meta: null },
        { line: 14, kind: 'llm_call', session_id: 'own', tokens_in: 7, w: '2026-03-02T10:00:00Z', meta: null },
        { line: 23, kind: 'metric', session_id: 's-1', tokens_in: null, w: '2026-03-02T10:00:00Z', meta: null },
      ]);
    } finally {
      run.close();
    }
  });

  it('read several documents in a row (as jq prints them), and a one-line array', async () => {
    const text = JSON.stringify({ msg: 'a' }, null, 2) + '\n' + JSON.stringify({ msg: 'b' }, null, 2) + '\n';
    const run = await ingestFiles([write('jq.json', text), write('array.json', '[{"msg":"c"},{"msg":"d"},7]\n')]);
    try {
      expect(run.summary.sources.map((s) => [s.format, s.lines, s.records, s.record_lines, s.continuation_lines, s.rejects])).toEqual([
        ['json-document', 6, 2, 2, 4, 0],
        ['json-document', 1, 2, 1, 0, 0],
      ]);
      expect((await run.rows('SELECT event, line FROM events ORDER BY event')).map((r) => [r.event, r.line])).toEqual([
        ['a', 1],
        ['b', 4],
        ['c', 1],
        ['d', 1],
      ]);
    } finally {
      run.close();
    }
  });

  it('make a truncated document one reject, on its first line, without losing the other files of the directory', async () => {
    const good = JSON.stringify([{ msg: 'ok', time: '2026-03-02T10:00:00Z' }], null, 2);
    write('dir/a-good.json', good + '\n');
    write('dir/b-truncated.json', good.slice(0, good.length - 12));
    write('dir/c-good.json', good + '\n');
    const run = await ingestFiles([join(dir, 'dir')]);
    try {
      expect(run.summary.sources.map((s) => [s.source.slice(dir.length + 5), s.records, s.rejects, s.continuation_lines, s.lines])).toEqual([
        ['a-good.json', 1, 0, 5, 6],
        ['b-truncated.json', 0, 1, 3, 4],
        ['c-good.json', 1, 0, 5, 6],
      ]);
      const rejects = await run.rows('SELECT line, reason, sample FROM rejects');
      expect(rejects).toEqual([{ line: 1, reason: 'invalid_json', sample: good.slice(0, good.length - 12) }]);
    } finally {
      run.close();
    }
  });

  it('resume after a corrupt spot at the next whole record, the spot one invalid_json reject (records after it were lost unreported)', async () => {
    const r = (i: number) => JSON.stringify({ time: `2026-03-01T00:00:0${i}Z`, msg: `r${i}` });
    // jq -c style on one line: garbage between records, and a record cut right before the next one.
    const garbage = write('garbage.log', r(0) + r(1) + 'garbage' + r(3) + r(4) + '\n');
    const cut = write('cut.log', r(0) + '{"time":"x","msg":"tr' + r(2) + '\n');
    // CR-only line endings (one scanned line) with one cut record; then 3 lines of 3 records, the middle line cut.
    const cr = write('cr.log', [r(0), r(1), '{"time":"2026-03-01T00:00:02Z","msg":"trunc', r(3), r(4)].join('\r') + '\r');
    const lines = write('lines.log', [r(0) + r(1) + r(2), '{"time":"2026-03-01T00:00:05Z","msg":"trunc', r(6) + r(7) + r(8)].join('\n') + '\n');
    const run = await ingestFiles([garbage, cut, cr, lines], { format: 'json-document' });
    try {
      expect(run.summary.sources.map((s) => [s.source.slice(dir.length + 1), s.lines, s.records, s.record_lines, s.rejects, s.continuation_lines])).toEqual([
        // A line with records and a corrupt stretch counts once, as a reject.
        ['garbage.log', 1, 4, 0, 1, 0],
        ['cut.log', 1, 2, 0, 1, 0],
        ['cr.log', 1, 4, 0, 1, 0],
        ['lines.log', 3, 6, 2, 1, 0],
      ]);
      for (const s of run.summary.sources) expect(accountedLines(s)).toBe(s.lines);
      const events = await run.rows("SELECT regexp_extract(source, '[a-z]+\\.log$') AS file, string_agg(event, ' ' ORDER BY event) AS events FROM events GROUP BY file ORDER BY file");
      expect(events).toEqual([
        { file: 'cr.log', events: 'r0 r1 r3 r4' },
        { file: 'cut.log', events: 'r0 r2' },
        { file: 'garbage.log', events: 'r0 r1 r3 r4' },
        { file: 'lines.log', events: 'r0 r1 r2 r6 r7 r8' },
      ]);
      const rejects = await run.rows("SELECT regexp_extract(source, '[a-z]+\\.log$') AS file, line, reason, sample FROM rejects ORDER BY file");
      expect(rejects).toEqual([
        { file: 'cr.log', line: 1, reason: 'invalid_json', sample: '{"time":"2026-03-01T00:00:02Z","msg":"trunc' },
        { file: 'cut.log', line: 1, reason: 'invalid_json', sample: '{"time":"x","msg":"tr' },
        { file: 'garbage.log', line: 1, reason: 'invalid_json', sample: 'garbage' },
        { file: 'lines.log', line: 2, reason: 'invalid_json', sample: '{"time":"2026-03-01T00:00:05Z","msg":"trunc' },
      ]);
    } finally {
      run.close();
    }
  });

  it('take no part of a broken record for a record: an object inside it or an element of a cut array is not where reading resumes', async () => {
    const inner = write('inner.json', '{"msg":"a","usage":{"tokens_in":5},"items":[{"x":1},\n{"x":2}],"cut\n{"msg":"b"}\n');
    const array = write('array.json', JSON.stringify([{ msg: 'c' }, { msg: 'd' }, { msg: 'e' }], null, 2).slice(0, -10) + '\n');
    const run = await ingestFiles([inner, array], { format: 'json-document' });
    try {
      expect(run.summary.sources.map((s) => [s.lines, s.records, s.rejects, s.continuation_lines])).toEqual([
        [3, 1, 1, 1],
        [9, 0, 1, 8],
      ]);
      expect(await run.rows('SELECT event, line FROM events')).toEqual([{ event: 'b', line: 3 }]);
    } finally {
      run.close();
    }
  });

  it('call an empty array empty, and a document of scalars not an object', async () => {
    const run = await ingestFiles([write('empty.json', '[\n]\n'), write('scalars.json', '[\n  1,\n  2\n]\n')], { format: 'json-document' });
    try {
      expect(run.summary.rejects_by_reason).toEqual({ empty: 1, not_an_object: 1 });
      for (const s of run.summary.sources) expect(accountedLines(s)).toBe(s.lines);
    } finally {
      run.close();
    }
  });

  it('split text into values without parsing, strings and escapes respected', () => {
    const text = '{"a": "}{\\"", "b": [1, {"c": 2}]}\n[{"d": 3}]\nstray\n{"e":';
    expect(scanValues(text).map((v) => [text.slice(v.start, v.end), v.complete, v.stray, v.objectStarts.length])).toEqual([
      ['{"a": "}{\\"", "b": [1, {"c": 2}]}', true, false, 2],
      ['[{"d": 3}]', true, false, 1],
      ['stray', true, true, 0],
      ['{"e":', false, false, 1],
    ]);
  });

  it('leave arrays that are not of timestamped objects inside their record', () => {
    expect(documentRecords({ id: 1, items: [{ n: 1 }, { n: 2 }] }).map((r) => r.record)).toEqual([{ id: 1, items: [{ n: 1 }, { n: 2 }] }]);
    expect(documentRecords([{ a: 1 }, 'x', { b: 2 }]).map((r) => r.record)).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
