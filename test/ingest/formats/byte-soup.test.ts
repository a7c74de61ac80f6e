// Conservation for the formats read in Node: byte soup mixed with valid python-text records and
// tracebacks, zap console lines and stacks, logfmt lines written by the npm logfmt module, OTLP
// requests and JSON documents. For every source, lines = lines where records start + continuation
// lines + rejects, and each count matches an independent reading of the same bytes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import logfmt from 'logfmt';
import { Database } from '../../../src/db.js';
import { accountedLines, ingest } from '../../../src/ingest/load.js';
// Colour codes are removed before a line is read (tested in test/ingest/terminal-codes.test.ts).
import { withoutTerminalCodes } from '../../../src/ingest/terminal-codes.js';

let dir: string;
let db: Database;
let counter = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-soup-'));
  db = await Database.open();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Model {
  lines: number;
  records: number;
  recordLines: number[];
  continuation: number[];
  rejects: Record<string, number>;
}

async function ingestBytes(bytes: Buffer, format: string) {
  const path = join(dir, `soup-${counter++}.log`);
  writeFileSync(path, bytes);
  const summary = await ingest(db, { inputs: [path], stdin: Readable.from([]), format });
  const events = await db.all('SELECT DISTINCT line FROM events WHERE source = $path ORDER BY line', { path });
  const rejects = await db.all('SELECT line FROM rejects WHERE source = $path ORDER BY line', { path });
  return { source: summary.sources[0]!, summary, eventLines: events.map((r) => Number(r.line)), rejectLines: rejects.map((r) => Number(r.line)) };
}

async function expectModel(bytes: Buffer, format: string, model: Model) {
  const { source, summary, eventLines, rejectLines } = await ingestBytes(bytes, format);
  expect(source.lines).toBe(model.lines);
  expect(source.records).toBe(model.records);
  expect(source.continuation_lines).toBe(model.continuation.length);
  expect(summary.rejects_by_reason).toEqual(model.rejects);
  expect(accountedLines(source)).toBe(source.lines);
  expect(eventLines).toEqual(model.recordLines);
  // Every line once: a record's first line, a continuation line, or a reject.
  const all = [...eventLines, ...model.continuation, ...rejectLines].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: model.lines }, (_, i) => i + 1));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const BLANK = /^[ \t\r\v\f]*$/;

/** Splits bytes into physical lines the way the contract counts them (see test/helpers/independent.ts). */
function* physicalLines(bytes: Buffer): Generator<{ n: number; text: string | undefined }> {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let n = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    let line = bytes.subarray(start, end);
    if (line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    let text: string | undefined;
    try {
      text = withoutTerminalCodes(utf8.decode(line));
    } catch {
      text = undefined;
    }
    yield { n: ++n, text };
    start = end + 1;
  }
}

/** Classifies each line; `classify` sees valid, non-blank text and says what the format makes of it. */
function model(bytes: Buffer, classify: (text: string, seenRecord: boolean) => { records: number } | { reject: string } | 'continuation'): Model {
  const m: Model = { lines: 0, records: 0, recordLines: [], continuation: [], rejects: {} };
  const reject = (reason: string) => (m.rejects[reason] = (m.rejects[reason] ?? 0) + 1);
  for (const { n, text } of physicalLines(bytes)) {
    m.lines = n;
    if (text === undefined) reject('invalid_utf8');
    else if (BLANK.test(text)) reject('empty');
    else {
      const verdict = classify(text.replaceAll('\r', ' '), m.records > 0);
      if (verdict === 'continuation') m.continuation.push(n);
      else if ('reject' in verdict) reject(verdict.reject);
      else if (verdict.records === 0) reject('empty');
      else {
        m.records += verdict.records;
        m.recordLines.push(n);
      }
    }
  }
  return m;
}

const junk = (without: number[] = []) => fc.uint8Array({ maxLength: 120 }).map((a) => Buffer.from(a).filter((b) => b !== 0x0a && !without.includes(b)));
const ending = fc.constantFrom('\n', '\r\n');
const oneLineText = fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, ' '));

function soup(parts: fc.Arbitrary<Buffer>) {
  return fc
    .tuple(fc.array(fc.tuple(parts, ending), { maxLength: 30 }), fc.boolean(), fc.boolean())
    .map(([lines, finalNewline, bom]) =>
      Buffer.concat([
        bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
        ...lines.map(([l, end], i) => Buffer.concat([l, Buffer.from(i < lines.length - 1 || finalNewline ? end : '')])),
      ]),
    );
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('conservation for the formats read in Node', () => {
  it('python-text: records, tracebacks and byte soup; a line that starts no record continues the one above', async () => {
    const record = fc
      .record({
        t: fc.integer({ min: 0, max: 86_399_999 }),
        name: fc.constantFrom('agent', 'agent.llm', 'orchestrator'),
        level: fc.constantFrom('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'),
        msg: oneLineText,
        tokens: fc.option(fc.nat(), { nil: undefined }),
      })
      .map(({ t, name, level, msg, tokens }) => {
        const time = `2026-03-02 ${pad(Math.floor(t / 3_600_000))}:${pad(Math.floor(t / 60_000) % 60)}:${pad(Math.floor(t / 1000) % 60)},${pad(t % 1000, 3)}`;
        return Buffer.from(`${time} - ${name} - ${level} - ${msg}${tokens === undefined ? '' : ` tokens_in=${tokens}`}`);
      });
    const traceback = fc.constantFrom('Traceback (most recent call last):', '  File "agent/llm.py", line 3, in call', '    ^^^^^^', 'ValueError: boom').map((s) => Buffer.from(s));
    const START = /^2026-03-02 \d\d:\d\d:\d\d,\d{3} - /;
    await fc.assert(
      fc.asyncProperty(soup(fc.oneof({ weight: 3, arbitrary: record }, { weight: 2, arbitrary: traceback }, { weight: 2, arbitrary: junk() })), async (bytes) => {
        await expectModel(bytes, 'python-text', model(bytes, (text, seen) => (START.test(text) ? { records: 1 } : seen ? 'continuation' : { reject: 'no_match' })));
      }),
      { numRuns: 15 },
    );
  });

  it('text: tab-separated console lines (zap) and their stacks in byte soup', async () => {
    const record = fc
      .record({ s: fc.integer({ min: 0, max: 59 }), level: fc.constantFrom('info', 'warn', 'error'), caller: fc.constantFrom('Metrics', 'internal/queue.go:128'), msg: oneLineText })
      .map(({ s, level, caller, msg }) => Buffer.from(`2025-04-24T22:09:${pad(s)}.854Z\t${level}\t${caller}\t${msg.replaceAll('\t', ' ')}\t{"n": ${s}}`));
    const stack = fc.constantFrom('go.opentelemetry.io/collector/exporter.func3', '     /src/exporter/queue_sender.go:128').map((x) => Buffer.from(x));
    const START = /^2025-04-24T22:09:\d\d\.854Z\t/;
    await fc.assert(
      fc.asyncProperty(soup(fc.oneof({ weight: 3, arbitrary: record }, { weight: 2, arbitrary: stack }, { weight: 2, arbitrary: junk() })), async (bytes) => {
        await expectModel(bytes, 'text', model(bytes, (text, seen) => (START.test(text) ? { records: 1 } : seen ? 'continuation' : { reject: 'no_match' })));
      }),
      { numRuns: 15 },
    );
  });

  it('logfmt: lines written by the npm logfmt module are records; soup without = is no_match', async () => {
    const key = fc.constantFrom('time', 'level', 'msg', 'model', 'duration', 'error', 'status', 'tokens_in', 'path');
    const value = fc.oneof(oneLineText, fc.constantFrom('', '1680ms', '0.00951', 'gpt-4o', 'a b', 'q"r'), fc.boolean());
    const line = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }).map((o) => Buffer.from(logfmt.stringify(o)));
    await fc.assert(
      fc.asyncProperty(soup(fc.oneof({ weight: 3, arbitrary: line }, { weight: 2, arbitrary: junk([0x3d]) })), async (bytes) => {
        await expectModel(bytes, 'logfmt', model(bytes, (text) => (text.includes('=') ? { records: 1 } : { reject: 'no_match' })));
      }),
      { numRuns: 15 },
    );
  });

  it('otlp: every log record of a request line is a record on that line; other lines are records or rejects as JSON lines are', async () => {
    const logRecord = fc.record({ timeUnixNano: fc.constantFrom('0', '1772445600000000000'), severityNumber: fc.integer({ min: 1, max: 24 }), body: fc.record({ stringValue: oneLineText }) });
    const request = fc
      .array(fc.record({ scopeLogs: fc.array(fc.record({ scope: fc.record({ name: fc.constantFrom('agent', 'agent.llm') }), logRecords: fc.array(logRecord, { maxLength: 3 }) }), { maxLength: 2 }) }), { minLength: 1, maxLength: 2 })
      .map((resourceLogs) => Buffer.from(JSON.stringify({ resourceLogs })));
    const otherJson = fc.oneof(fc.constant('{"msg":"not otlp","level":30}'), fc.constant('[1,2]'), fc.constant('"text"'), fc.constant('{"resourceLogs":[]}')).map((s) => Buffer.from(s));
    const classify = (text: string): { records: number } | { reject: string } => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return { reject: 'invalid_json' };
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return { reject: 'not_an_object' };
      const rl = (value as { resourceLogs?: unknown }).resourceLogs;
      if (!Array.isArray(rl)) return { records: 1 };
      let n = 0;
      for (const r of rl as { scopeLogs: { logRecords: unknown[] }[] }[]) for (const s of r.scopeLogs) n += s.logRecords.length;
      return { records: n };
    };
    await fc.assert(
      fc.asyncProperty(soup(fc.oneof({ weight: 3, arbitrary: request }, { weight: 1, arbitrary: otherJson }, { weight: 2, arbitrary: junk() })), async (bytes) => {
        await expectModel(bytes, 'otlp', model(bytes, (text) => classify(text)));
      }),
      // Found by this property: after a `[` first line the input is read as a document, and a request
      // without records there was a not_an_object reject where a line of one is empty. A line of a
      // lone ESC is empty once its colour codes are gone.
      { numRuns: 15, examples: [[Buffer.from('[1,2]\n{"resourceLogs":[{"scopeLogs":[]}]}\n\0')], [Buffer.from([27])]] },
    );
  });

  it('json-document: a pretty-printed array yields its objects on their own lines; a truncated one is one reject, the rest continuation', async () => {
    const scalar = fc.oneof(oneLineText, fc.integer(), fc.boolean(), fc.constant(null));
    const object = fc.dictionary(fc.constantFrom('a', 'b', 'model', 'value', 'nested'), fc.oneof(scalar, fc.dictionary(fc.constantFrom('x', 'y'), scalar), fc.array(scalar, { maxLength: 3 })), { maxKeys: 4 });
    const element = fc.oneof({ weight: 4, arbitrary: object }, { weight: 1, arbitrary: scalar });
    await fc.assert(
      fc.asyncProperty(fc.array(element, { maxLength: 6 }), fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), async (elements, cut) => {
        const full = JSON.stringify(elements, null, 2);
        const text = cut === undefined ? full : full.slice(0, Math.max(1, Math.floor(cut * (full.length - 1))));
        const bytes = Buffer.from(text + '\n');
        const lines = text.split('\n');
        const objects = elements.filter((e) => e !== null && typeof e === 'object' && !Array.isArray(e)).length;
        const complete = text === full;
        const m: Model = { lines: lines.length, records: 0, recordLines: [], continuation: [], rejects: {} };
        if (complete && objects > 0) {
          // JSON.stringify(_, null, 2) starts each element of the array on its own line.
          lines.forEach((l, i) => (/^ {2}\{/.test(l) ? (m.records++, m.recordLines.push(i + 1)) : m.continuation.push(i + 1)));
        } else {
          m.rejects[complete ? (elements.length === 0 ? 'empty' : 'not_an_object') : 'invalid_json'] = 1;
          // A cut can leave a blank last line: the scanner's `empty`, not part of the document.
          lines.forEach((l, i) => {
            if (i === 0) return;
            if (/^[ \t]*$/.test(l)) m.rejects.empty = (m.rejects.empty ?? 0) + 1;
            else m.continuation.push(i + 1);
          });
        }
        await expectModel(bytes, 'json-document', m);
      }),
      { numRuns: 15 },
    );
  });

  it('keeps a record whose text escapes a lone surrogate (\\ud800), with U+FFFD in its place, in every format read in Node', async () => {
    const cases: [string, string][] = [
      ['otlp', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"cut \\ud83d here"}},{"body":{"stringValue":"whole \\ud83d\\ude00"}}]}]}]}'],
      ['logfmt', 'level=info msg="cut \\ud83d here"\nlevel=info msg="whole \\ud83d\\ude00"'],
      ['json-document', '[\n  {"msg": "cut \\ud83d here", "\\udc00": 1},\n  {"msg": "whole \\ud83d\\ude00"}\n]'],
    ];
    for (const [format, text] of cases) {
      const { source } = await ingestBytes(Buffer.from(text + '\n'), format);
      expect([format, source.records, source.rejects]).toEqual([format, 2, 0]);
      const rows = await db.all('SELECT event FROM events WHERE source = $path', { path: source.source });
      expect(rows.map((r) => r.event).sort()).toEqual(['cut \ufffd here', 'whole \u{1f600}']);
    }
  });
});
