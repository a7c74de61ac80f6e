// `logmeter formats` lists the formats; `--explain FILE` shows how a file is read: the detected
// format and layout, the configuration, the lines accounted for, the key paths behind each column
// with how many records got a value, and the lines that did not match.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { CORPUS, FIXTURES, runInProcess } from '../helpers/cli.js';
import { FORMATS } from '../../src/ingest/formats/index.js';
import { displayPath } from '../../src/commands/formats.js';
import { useWorkdirs } from '../helpers/workdirs.js';

const workdir = useWorkdirs('logmeter-explain');

describe('logmeter formats', () => {
  it('lists every format with what it recognises', async () => {
    const result = await runInProcess(['formats']);
    expect(result.code).toBe(0);
    const listed = result.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim().split(/\s+/)[0]);
    expect(listed).toEqual(FORMATS.map((f) => f.name));
    expect(result.stdout).toContain('logmeter formats --explain FILE');
  });

  it('--explain shows the format, layout, lines and the key paths behind each column of a Python text log', async () => {
    const path = join(FIXTURES, 'python-text.log');
    const result = await runInProcess(['formats', '--explain', path]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `${path}: python-text (Python logging text (asctime, name, levelname, message; key=value pairs; tracebacks; OpenStack oslo.log))`,
      '  layout     %(asctime)s - %(name)s - %(levelname)s - %(message)s',
      '  config     none (no logmeter.yml here and no --config)',
      '  lines      124: 104 records, 20 continuation lines, 0 rejects',
    ]);
    expect(lines).toContain('  ts                       104   time');
    expect(lines).toContain('  tokens_in                 39   tokens_in');
    expect(lines).toContain('  duration_ms               76   duration_ms (ms), latency_ms (ms)');
    expect(lines).toContain('  op                        19   (from the event name)');
    expect(lines).toContain('  host                       0   (not found)');
    expect(lines).toContain('  every line matched');
  });

  it('--explain shows where the cache columns come from in Anthropic\'s usage, and that no cache count feeds tokens_in as the prompt', async () => {
    const dir = workdir();
    const log = join(dir, 'anthropic.jsonl');
    const usage = { input_tokens: 25, cache_creation_input_tokens: 1200, cache_read_input_tokens: 40000, output_tokens: 300, cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 1000 } };
    writeFileSync(log, JSON.stringify({ time: '2026-03-02T10:00:00Z', msg: 'llm call', model: 'claude-3-5-sonnet-20241022', usage }) + '\n');
    const result = await runInProcess(['formats', '--explain', log, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const [e] = JSON.parse(result.stdout);
    expect(e.columns.cache_write_1h_tokens).toEqual({ from: ['usage.cache_creation.ephemeral_1h_input_tokens (part of cache_write_tokens)'], filled: 1 });
    expect(e.columns.cache_write_tokens).toEqual({ from: ['usage.cache_creation_input_tokens (Anthropic)'], filled: 1 });
    expect(e.columns.tokens_in.from).toEqual([
      'usage.input_tokens',
      'usage.cache_read_input_tokens (+ Anthropic cache reads)',
      'usage.cache_creation_input_tokens (+ Anthropic cache writes)',
    ]);
  });

  it('--explain lists the lines that did not match, up to --limit, and counts OTLP records per line', async () => {
    const mixed = join(CORPUS, 'lnav/logfile_mixed_json2.json');
    const otlp = join(FIXTURES, 'otlp.jsonl');
    const result = await runInProcess(['formats', '--explain', mixed, otlp, '--limit', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  lines that did not match: 5 (first 2 shown; --limit N shows more)\n    line 4  invalid_json  timestamp="2013-09-06T22:00:50.123000Z" level="INFO" msg="Hello, World"\n    line 5  invalid_json  panic: foo bar failed baz\n\n');
    expect(result.stdout).toContain('  lines      7: 104 records starting on 7 lines, 0 rejects');
  });

  it('--json gives the same explanation to machines', async () => {
    const result = await runInProcess(['formats', '--explain', join(CORPUS, 'lnav/logfile_invalid_utf8.0'), '--json']);
    const [e] = JSON.parse(result.stdout);
    expect(e).toMatchObject({ format: 'python-text', lines: 6, records: 1, continuation_lines: 4, rejects: 1, unmatched_lines: 1, patterns: 0 });
    expect(e.columns.ts).toEqual({ from: ['time'], filled: 1 });
    expect(e.unmatched).toEqual([{ line: 4, reason: 'invalid_utf8', sample: '\\x09\\x09<node>???????????\\xed\\xb9\\xa4??</node>' }]);
  });

  it('--explain counts the records whose time key holds no time it reads, with the first one, and is silent when there are none', async () => {
    const dir = workdir();
    const log = join(dir, 'times.jsonl');
    writeFileSync(log, ['{"time":"2026-03-01T10:00:00Z","msg":"a"}', '{"time":"2026-03-01 10:00:00 ICT","msg":"b"}', '{"time":"later","msg":"c"}', '{"msg":"no time key"}', ''].join('\n'));
    const text = await runInProcess(['formats', '--explain', log]);
    expect(text.stdout).toContain('\n  no time    2 records hold a time key whose value is no time logmeter reads, so ts is empty; first on line 2: time = "2026-03-01 10:00:00 ICT"\n');
    const [e] = JSON.parse((await runInProcess(['formats', '--explain', log, '--json'])).stdout);
    expect(e.unread_times).toEqual({ records: 2, line: 2, key: 'time', sample: '2026-03-01 10:00:00 ICT' });
    const clean = join(dir, 'clean.jsonl');
    writeFileSync(clean, '{"time":"2026-03-01T10:00:00Z","msg":"a"}\n{"msg":"no time key"}\n');
    expect((await runInProcess(['formats', '--explain', clean])).stdout).not.toContain('no time  ');
  });

  it('refuses --explain without a file', async () => {
    const result = await runInProcess(['formats', '--explain']);
    expect([result.code, result.stderr]).toEqual([2, 'logmeter: --explain needs a FILE: logmeter formats --explain app.log\n']);
  });

  it('refuses a --limit that is not a count', async () => {
    const result = await runInProcess(['formats', '--explain', join(FIXTURES, 'logfmt.log'), '--limit', 'all']);
    expect([result.code, result.stderr]).toEqual([2, 'logmeter: --limit must be a positive integer, got all\n']);
  });

  it('takes --input-format and --max-line-bytes as ingest does, so an ingest command\'s flags explain it', async () => {
    // Three pino lines, the second 120 bytes long: with --max-line-bytes 100 it is too_long, as in ingest.
    const log = join(workdir(), 'long.log');
    const short = (msg: string) => JSON.stringify({ level: 30, time: 1772445600000, msg });
    const long = short('x'.repeat(120 - short('').length));
    expect(Buffer.byteLength(long)).toBe(120);
    writeFileSync(log, [short('a'), long, short('b')].join('\n') + '\n');
    const limited = await runInProcess(['formats', '--explain', log, '--max-line-bytes', '100', '--input-format', 'json', '--json']);
    expect(limited.code, limited.stderr).toBe(0);
    expect(JSON.parse(limited.stdout)[0]).toMatchObject({ format: 'json', lines: 3, records: 2, rejects: 1, unmatched: [{ line: 2, reason: 'too_long' }] });
    const ingested = await runInProcess(['ingest', log, '--max-line-bytes', '100', '--input-format', 'json', '--json', '-q']);
    expect(JSON.parse(ingested.stdout)).toMatchObject({ records: 2, rejects: 1, rejects_by_reason: { too_long: 1 } });
    const bad = await runInProcess(['formats', '--explain', log, '--max-line-bytes', 'lots']);
    expect([bad.code, bad.stderr]).toEqual([2, 'logmeter: --max-line-bytes must be a positive integer, got lots\n']);
  });

  it('--json without --explain lists the formats as JSON', async () => {
    const result = await runInProcess(['formats', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(FORMATS.map((f) => ({ name: f.name, description: f.description })));
  });

  it('shows dotted keys of nested paths quoted, as they are spelled', () => {
    expect(displayPath('$."usage"."prompt_tokens"')).toBe('usage.prompt_tokens');
    expect(displayPath('$."gen_ai.usage.input_tokens"')).toBe('gen_ai.usage.input_tokens');
    expect(displayPath('$."attributes"."gen_ai.usage.input_tokens"')).toBe('attributes."gen_ai.usage.input_tokens"');
  });
});

describe('formats --explain on hostile or bad lines', () => {
  it('prints a line\'s control sequences as marks, never to the terminal, and counts the lines --limit 0 does not list', async () => {
    const log = join(workdir(), 'esc.log');
    // ESC sequences are gone before the line is read (terminal-codes.ts); the other controls (BEL, and
    // the 8-bit CSI U+009B, which some terminals obey) reach the output as marks.
    writeFileSync(log, '{"level":30,"time":1772445600000,"msg":"ok"}\nevil \u009b2J \u0007 bell \u001b]0;PWNED\u0007 \u001b[2J red\nbad\n');
    const shown = await runInProcess(['formats', '--explain', log]);
    expect(shown.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/);
    expect(shown.stdout).toContain('evil ?2J ? bell   red');
    const none = await runInProcess(['formats', '--explain', log, '--limit', '0']);
    expect(none.stdout).toContain('lines that did not match: 2 (first 0 shown');
  });
});
