// logfmt sources: a line is a record when its first token is a key=value pair; the other lines that
// land in the same files (Go's `log` output, panic dumps, prose that happens to hold a pair) are
// `no_match` rejects, never continuation lines; and every line is counted once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import logfmt from 'logfmt';
import { accountedLines } from '../../../src/ingest/load.js';
import { ingestFiles } from './helpers.js';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-logfmt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Read {
  format: string | undefined;
  lines: number;
  continuation: number;
  /** attrs of each record, by line number. */
  records: Map<number, Record<string, unknown>>;
  /** ok of each record, by line number. */
  ok: Map<number, unknown>;
  /** ts of each record, by line number. */
  ts: Map<number, unknown>;
  /** reason of each reject, by line number. */
  rejects: Map<number, string>;
  accounted: number;
}

async function read(lines: readonly string[], format: string | undefined = 'logfmt'): Promise<Read> {
  const path = join(dir, `l${counter++}.log`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const run = await ingestFiles([path], format === undefined ? {} : { format });
  try {
    const source = run.summary.sources[0]!;
    const events = await run.rows('SELECT line, ok, ts, attrs::VARCHAR AS attrs FROM events ORDER BY line');
    const rejects = await run.rows('SELECT line, reason FROM rejects ORDER BY line');
    return {
      format: source.format,
      lines: source.lines,
      continuation: source.continuation_lines,
      records: new Map(events.map((r) => [Number(r.line), JSON.parse(String(r.attrs)) as Record<string, unknown>])),
      ok: new Map(events.map((r) => [Number(r.line), r.ok])),
      ts: new Map(events.map((r) => [Number(r.line), r.ts])),
      rejects: new Map(rejects.map((r) => [Number(r.line), String(r.reason)])),
      accounted: accountedLines(source),
    };
  } finally {
    run.close();
  }
}

describe('a logfmt line', () => {
  it('is a record when written by logrus, go-kit, slog or the npm logfmt module', async () => {
    const r = await read([
      'time="2021-09-15T21:17:11.678991Z" level=info msg="Pod deleted" namespace=ns-6 uid=be2def59',
      'ts=2026-03-01T12:00:00.123Z caller=main.go:42 level=info msg="listening" addr=:8080',
      'time=2026-03-01T12:00:01.000Z level=INFO msg="llm call completed" model=gpt-4o latency=1680ms',
      logfmt.stringify({ msg: 'file written', path: '/tmp/a b.txt', bytes: 42, error: '' }),
    ]);
    expect([...r.records.keys()]).toEqual([1, 2, 3, 4]);
    expect(r.records.get(2)).toMatchObject({ ts: '2026-03-01T12:00:00.123Z', caller: 'main.go:42', addr: ':8080' });
    expect(r.records.get(4)).toMatchObject({ msg: 'file written', path: '/tmp/a b.txt', bytes: '42', error: '' });
    expect(r.rejects.size).toBe(0);
  });

  it('keeps a bare word after the first pair as a key whose value is true', async () => {
    const r = await read(['level=debug msg=retrying verbose dry_run attempt=2']);
    expect(r.records.get(1)).toEqual({ level: 'debug', msg: 'retrying', verbose: true, dry_run: true, attempt: '2' });
  });

  it('reads quoted values with spaces, escaped quotes and backslashes', async () => {
    const r = await read(['level=warn msg="say \\"hi\\" to the server" path="C:\\\\tmp\\\\x" note="a = b"']);
    expect(r.records.get(1)).toMatchObject({ msg: 'say "hi" to the server', path: 'C:\\tmp\\x', note: 'a = b' });
  });

  it("reads structlog's KeyValueRenderer, whose values are Python reprs in 'single quotes'", async () => {
    // structlog 26.1, KeyValueRenderer(key_order=["timestamp", "level", "event"]) after add_log_level and TimeStamper.
    const r = await read(
      [
        "timestamp='2026-03-02 10:00:02' level='error' event='llm_call_failed' model='gpt-4o' error='Rate limit exceeded' latency_ms=411.8",
        "timestamp='2026-03-02 10:00:08' level='info' event='llm call' model='gpt-4o' prompt_tokens=2744 completion_tokens=9 note='it\\'s \"fine\"' q=\"it's\"",
      ],
      undefined,
    );
    expect(r.format).toBe('logfmt');
    expect(r.records.get(1)).toEqual({ timestamp: '2026-03-02 10:00:02', level: 'error', event: 'llm_call_failed', model: 'gpt-4o', error: 'Rate limit exceeded', latency_ms: '411.8' });
    expect(r.records.get(2)).toMatchObject({ level: 'info', event: 'llm call', note: 'it\'s "fine"', q: "it's" });
    expect([...r.ok.values()]).toEqual([false, true]);
  });

  it('reads `key=` and `key=""` as empty values, which are not failures', async () => {
    const r = await read(['level=info msg=done error= reason=""', 'error= level=info msg="empty first value"']);
    expect(r.records.get(1)).toMatchObject({ error: '', reason: '' });
    expect(r.records.get(2)).toMatchObject({ error: '', msg: 'empty first value' });
    expect([...r.ok.values()]).toEqual([true, true]);
  });

  it("is a no_match reject when it is Go's log output with pairs inside the prose", async () => {
    const r = await read([
      '2026/03/01 12:00:00 http: panic serving 10.42.0.7:51234: runtime error: index out of range [3] with length 3 request_id=abc',
      '2026/03/01 12:00:00 grpc: Server.Serve failed to complete security handshake from "10.42.1.9:44210": remote error: tls: bad certificate code=42',
      '2026-03-01T12:00:00Z INFO server started port=8080 pid=1',
      'Starting agentd v2.14.3 (commit 9f2c1ab) workers=4',
    ]);
    expect(r.records.size).toBe(0);
    expect([...r.rejects.values()]).toEqual(['no_match', 'no_match', 'no_match', 'no_match']);
  });

  it('is a no_match reject when it starts with a bare word, a quoted word or a lone `=`, even if pairs follow', async () => {
    const r = await read(['debug level=info msg=x', '"quoted" level=info', '=x level=info', 'level=info msg=ok']);
    expect([...r.rejects]).toEqual([
      [1, 'no_match'],
      [2, 'no_match'],
      [3, 'no_match'],
    ]);
    expect([...r.records.keys()]).toEqual([4]);
  });

  it('is a reject, not a continuation, when it belongs to a panic dump below a record', async () => {
    const record = 'time=2026-03-01T12:00:00.000Z level=info msg="llm call" model=gpt-4o latency=1680ms';
    const dump = [
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4d5e2a]',
      '',
      'goroutine 1 gp=0xc000002000 m=0 mp=0x6d1a40 [running]:',
      'github.com/acme/agentd/internal/provider.(*Client).Complete(0x0, {0x1c2e8a0, 0xc000a1e0f0})',
      '\t/src/internal/provider/client.go:214 +0x4d fp=0xc000067e08 sp=0xc000067de8 pc=0x43c4ee',
      'created by net/http.(*Server).Serve in goroutine 1',
      'exit status 2',
    ];
    const r = await read([record, ...dump, record]);
    expect(r.continuation).toBe(0);
    expect([...r.records.keys()]).toEqual([1, 10]);
    expect(r.records.get(1)).toEqual({ time: '2026-03-01T12:00:00.000Z', level: 'info', msg: 'llm call', model: 'gpt-4o', latency: '1680ms' });
    expect([...r.rejects]).toEqual([
      [2, 'no_match'],
      [3, 'no_match'],
      [4, 'empty'],
      [5, 'no_match'],
      [6, 'no_match'],
      [7, 'no_match'],
      [8, 'no_match'],
      [9, 'no_match'],
    ]);
  });

  it('reads a zone abbreviation after its time at its offset when it has one meaning, and as no time when ambiguous or unknown', async () => {
    const r = await read([
      'time="2026-03-01 10:00:00 NZDT" level=info msg=known',
      'time="2026-03-01 10:00:00 CST" level=info msg=ambiguous',
      'time="2026-03-01 10:00:00 XYZT" level=info msg=unknown',
      'time="2026-03-01 10:00:00 ACWST" level=info msg="five capitals"',
      'time="2026-03-01 10:00:00" level=info msg="no zone"',
    ]);
    expect([...r.ts.values()]).toEqual(['2026-02-28T21:00:00.000Z', null, null, null, '2026-03-01T10:00:00.000Z']);
  });

  it('keeps a source detected as logfmt when Go output is mixed in', async () => {
    const records = Array.from({ length: 8 }, (_, i) => `time=2026-03-01T12:00:0${i}.000Z level=info msg=tick n=${i}`);
    const r = await read([...records.slice(0, 4), '2026/03/01 12:00:04 http: TLS handshake error from 10.42.0.7:51234: EOF', ...records.slice(4)], undefined);
    expect(r.format).toBe('logfmt');
    expect(r.records.size).toBe(8);
    expect([...r.rejects]).toEqual([[5, 'no_match']]);
  });
});

describe('a logfmt source', () => {
  /** The rule, read independently: after blanks, a run of key characters and then `=`. */
  const STARTS_WITH_PAIR = /^[ \t\v\f]*[^ \t\v\f\r"=]+=/;
  const BLANK = /^[ \t\v\f]*$/;
  const written = fc
    .dictionary(fc.constantFrom('time', 'level', 'msg', 'model', 'error', 'latency'), fc.oneof(fc.string({ maxLength: 12 }), fc.constant('')), { minKeys: 1, maxKeys: 5 })
    .map((o) => logfmt.stringify(o).replace(/[\r\n]/g, ' '));
  const handwritten = fc
    .array(fc.constantFrom('a', 'k', '=', '"', ' ', '\t', '\\', '.', ':', '[', ']', '0', '/'), { maxLength: 24 })
    .map((chars) => chars.join(''));
  const goOutput = fc.constantFrom(
    '2026/03/01 12:00:00 http: panic serving 10.0.0.1:1234: boom user=x',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4d5e2a]',
    'goroutine 7 [running]:',
    '\tmain.go:12 +0x4d fp=0xc0 sp=0xc8 pc=0x43',
  );

  it('accounts every line once, as a record or a reject, exactly as the rule predicts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(written, handwritten, goOutput), { minLength: 1, maxLength: 25 }), async (lines) => {
        const r = await read(lines);
        const expectRecords: number[] = [];
        const expectRejects: [number, string][] = [];
        lines.forEach((text, i) => {
          if (BLANK.test(text)) expectRejects.push([i + 1, 'empty']);
          else if (STARTS_WITH_PAIR.test(text)) expectRecords.push(i + 1);
          else expectRejects.push([i + 1, 'no_match']);
        });
        expect(r.lines).toBe(lines.length);
        expect(r.continuation).toBe(0);
        expect(r.accounted).toBe(lines.length);
        expect([...r.records.keys()]).toEqual(expectRecords);
        expect([...r.rejects]).toEqual(expectRejects);
      }),
      { numRuns: 25 },
    );
  });
});
