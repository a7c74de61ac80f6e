// Kubernetes' klog (k8s.io/klog/v2), as real output of klog 2.80.1 (test/fixtures/loggers/klog*.log,
// test/fixtures/gen/klog.sh) and as lines written the way its source formats them (internal/buffer
// FormatHeader, klog.go printS, internal/serialize KVListFormat). Every value below is counted by
// hand from those files and lines.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGoQuoted, readKlogPairs } from '../../../src/ingest/formats/klog-pairs.js';
import { runInProcess } from '../../helpers/cli.js';
import { readLog, type LogRead } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));
const KLOG_LAYOUT = 'Lmmdd hh:mm:ss.uuuuuu THREADID FILE:LINE] MESSAGE   (klog)';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-klog-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ingests a fixture (or the lines written as a file); its counts and the asked columns of its events. */
async function read(input: string | readonly string[], columns: string): Promise<LogRead> {
  const r = await readLog(input, columns, { fixtures: LOGGERS, dir });
  // Every line is a record's first line, a line continuing one, or a reject.
  expect(r.records + r.continuation + r.rejects).toBe(r.lines);
  return r;
}

/**
 * A klog time (no year) as logmeter reads it, in UTC: this year's, or last year's when this year's
 * would be more than a day ahead of now (as an RFC 3164 syslog time is read).
 */
function at(monthDay: string, clock: string): string {
  const year = new Date().getUTCFullYear();
  const ts = new Date(`${year}-${monthDay}T${clock}Z`);
  if (ts.getTime() > Date.now() + 86_400_000) ts.setUTCFullYear(year - 1);
  return ts.toISOString();
}

const COLUMNS =
  "line, ts, level, service, event, status, duration_ms, ok, error, kind, provider, model, tokens_in, tokens_out, attrs->>'caller' AS caller, attrs->>'thread_id' AS thread_id";

/** A row of klog.log: the columns each record leaves empty are null. */
function row(line: number, clock: string, level: string, event: string, caller: string, more: Record<string, unknown> = {}) {
  return {
    line, ts: at('03-02', clock), level, service: null, event, status: null, duration_ms: null, ok: level !== 'error' && level !== 'fatal', error: null, kind: 'other',
    provider: null, model: null, tokens_in: null, tokens_out: null, caller, thread_id: '1', ...more,
  };
}

// The events of gen/klog/main.go at -v=2, 0.25 s apart from 10:00:00 on March 2 (its V(3) line is not written).
const KLOG_EVENTS = (file: string) => [
  row(1, '10:00:00.000', 'info', 'Starting llm-gateway version 1.4.2', `${file}:44`),
  // InfoS: the quoted message is the event, the pairs are fields.
  row(2, '10:00:00.250', 'info', 'Starting controller', `${file}:45`),
  row(3, '10:00:00.500', 'info', 'Watching namespace default', `${file}:46`),
  row(4, '10:00:00.750', 'info', 'Cache synced', `${file}:47`),
  row(5, '10:00:01.000', 'warn', 'slow reconcile took 2.3s', `${file}:48`),
  // duration="1.25s" is 1250 ms; a model and tokens make it an LLM call.
  row(6, '10:00:01.250', 'info', 'LLM call completed', `${file}:49`, { status: '200', duration_ms: 1250, kind: 'llm_call', provider: 'openai', model: 'gpt-4o', tokens_in: 1200, tokens_out: 350 }),
  // ErrorS: err="..." is the error.
  row(7, '10:00:01.500', 'error', 'Request failed', `${file}:50`, { duration_ms: 812, error: 'connection refused', kind: 'llm_call', provider: 'openai', model: 'gpt-4o-mini' }),
  // Errorf with a message of three lines: lines 9 and 10 continue it.
  row(8, '10:00:01.750', 'error', 'reconcile failed for default/agent:\npod agent-0: CrashLoopBackOff\npod agent-1: ImagePullBackOff', `${file}:51`),
  // A value of two lines, `prompt=<`, its lines after a tab and ` >`: lines 12 to 14.
  row(11, '10:00:02.000', 'info', 'Rendered prompt', `${file}:52`),
  row(15, '10:00:02.250', 'info', 'Quoted "value" inside', `${file}:54`),
  // Infof: a printf message's trailing pair is a field, as in any text layout.
  row(16, '10:00:02.500', 'info', 'Shutting down', `${file}:55`),
];

describe('klog', () => {
  it('reads every record of real klog output: time without a year, level letter, pid and file:line, the message as the event', async () => {
    const r = await read('klog.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: KLOG_LAYOUT, lines: 16, records: 11, continuation: 5, rejects: 0 });
    expect(r.rows).toEqual(KLOG_EVENTS('main.go'));
  });

  it('with -add_dir_header the caller keeps its directory', async () => {
    const r = await read('klog-dir-header.log', COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: KLOG_LAYOUT, lines: 16, records: 11, continuation: 5, rejects: 0 });
    expect(r.rows).toEqual(KLOG_EVENTS('klog-fixtures/main.go'));
  });

  it("InfoS's pairs are fields, unquoted with Go's escapes; a multi-line value is read whole; the message kept as logged", async () => {
    const r = await read('klog.log', "line, message, attrs->>'controller' AS controller, attrs->>'workers' AS workers, attrs->>'pod' AS pod, attrs->>'prompt' AS prompt, attrs->>'note' AS note, path");
    expect(r.rows.filter((x) => [2, 11, 15, 16].includes(x.line as number))).toEqual([
      { line: 2, message: '"Starting controller" controller="llm-gateway" workers=4', controller: 'llm-gateway', workers: '4', pod: null, prompt: null, note: null, path: null },
      {
        line: 11, message: '"Rendered prompt" pod="default/agent-0" prompt=<\n\tYou are a helpful assistant.\n\tAnswer briefly.\n >',
        controller: null, workers: null, pod: 'default/agent-0', prompt: 'You are a helpful assistant.\nAnswer briefly.', note: null, path: null,
      },
      { line: 15, message: String.raw`"Quoted \"value\" inside" path="/v1/chat/completions" note="tab\there"`, controller: null, workers: null, pod: null, prompt: null, note: 'tab\there', path: '/v1/chat/completions' },
      { line: 16, message: 'Shutting down workers=4', controller: null, workers: '4', pod: null, prompt: null, note: null, path: null },
    ]);
  });

  it("Fatal: level fatal, the goroutine's stack that follows it kept as the record's stack, not its event", async () => {
    const r = await read('klog-fatal.log', "line, ts, level, event, ok, attrs->>'stack' AS stack");
    expect(r).toMatchObject({ format: 'text', layout: KLOG_LAYOUT, lines: 15, records: 2, continuation: 13, rejects: 0 });
    expect(r.rows[0]).toMatchObject({ line: 1, ts: at('03-02', '10:00:00.000'), level: 'info', event: 'Starting controller', ok: true, stack: null });
    const fatal = r.rows[1] as Record<string, unknown>;
    expect(fatal).toMatchObject({ line: 2, ts: at('03-02', '10:00:00.250'), level: 'fatal', ok: false });
    expect(fatal.event).toBe('failed to load config /etc/gateway/config.yaml: open /etc/gateway/config.yaml: no such file or directory');
    const stack = String(fatal.stack).split('\n');
    expect(stack).toHaveLength(13);
    expect(stack[0]).toBe('goroutine 1 [running]:');
    expect(stack[12]).toBe('\texample.com/klog-fixtures/main.go:41 +0x225');
  });

  it('`formats --explain` names the klog layout', async () => {
    const r = await runInProcess(['formats', '--explain', join(LOGGERS, 'klog.log')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`layout     ${KLOG_LAYOUT}`);
    expect(r.stdout).toContain('lines      16: 11 records, 5 continuation lines, 0 rejects');
  });
});

describe('klog lines as its source writes them', () => {
  const columns = "line, ts, level, event, error, duration_ms, ok, attrs->>'caller' AS caller, attrs->>'thread_id' AS thread_id";

  it("a Fatal line, a pid as wide as its padding (Linux's largest, 7 digits), ErrorS with its err alone, InfoS with a %+v value, a printf message that opens with a quote", async () => {
    const r = await read([
      'F1124 23:59:58.000001      42 server.go:210] failed to listen on :8443: address already in use',
      'E1124 23:59:59.999999 4194303 leaderelection.go:330] "Failed to update lock" err="etcdserver: request timed out"',
      'I1125 00:00:00.000000       7 controller.go:17] "Reconciled" pod={Name:agent-0 Namespace:default} attempt=3 latency="250ms"',
      'I1125 00:00:01.000000       7 controller.go:18] "nginx" is not ready',
    ], `${columns}, attrs->>'pod' AS pod, attrs->>'attempt' AS attempt`);
    expect(r).toMatchObject({ format: 'text', layout: KLOG_LAYOUT, lines: 4, records: 4, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: at('11-24', '23:59:58.000'), level: 'fatal', event: 'failed to listen on :8443: address already in use', error: null, duration_ms: null, ok: false, caller: 'server.go:210', thread_id: '42', pod: null, attempt: null },
      { line: 2, ts: at('11-24', '23:59:59.999'), level: 'error', event: 'Failed to update lock', error: 'etcdserver: request timed out', duration_ms: null, ok: false, caller: 'leaderelection.go:330', thread_id: '4194303', pod: null, attempt: null },
      { line: 3, ts: at('11-25', '00:00:00.000'), level: 'info', event: 'Reconciled', error: null, duration_ms: 250, ok: true, caller: 'controller.go:17', thread_id: '7', pod: '{Name:agent-0 Namespace:default}', attempt: '3' },
      // Not InfoS: words follow the quotes, so the whole message is the event.
      { line: 4, ts: at('11-25', '00:00:01.000'), level: 'info', event: '"nginx" is not ready', error: null, duration_ms: null, ok: true, caller: 'controller.go:18', thread_id: '7', pod: null, attempt: null },
    ]);
  });

  it('the logr logger name contextual logging writes (`logger="..."`) is the service', async () => {
    const r = await read(['I0302 10:00:00.000000       1 job_controller.go:226] "Starting job controller" logger="job-controller" workers=5'], "event, service, attrs->>'workers' AS workers");
    expect(r.rows).toEqual([{ event: 'Starting job controller', service: 'job-controller', workers: '5' }]);
  });

  it('a time more than a day ahead of now is last year\'s, as a syslog time is', async () => {
    const ahead = new Date(Math.floor(Date.now() / 1000) * 1000 + 36 * 3_600_000);
    const mmdd = `${String(ahead.getUTCMonth() + 1).padStart(2, '0')}${String(ahead.getUTCDate()).padStart(2, '0')}`;
    const r = await read([`I${mmdd} ${ahead.toISOString().slice(11, 19)}.000000       1 main.go:1] "Tick"`], 'ts');
    const expected = new Date(ahead);
    // (Across New Year the month and day written are January's: this year's, far behind.)
    expected.setUTCFullYear(Date.now() < Date.UTC(ahead.getUTCFullYear(), 0, 1) ? new Date().getUTCFullYear() : ahead.getUTCFullYear() - 1);
    expect(r.rows).toEqual([{ ts: expected.toISOString() }]);
  });

  it('behind `kubectl logs --timestamps`: the prefix is taken off and kept, the record keeps its own time', async () => {
    const r = await read([
      '2026-03-02T10:00:00.123456789Z I0302 10:00:00.123456       1 main.go:42] "Starting controller" controller="llm-gateway" workers=4',
      '2026-03-02T10:00:02.500000000Z E0302 10:00:02.500000       1 client.go:17] "Request failed" err="connection refused" provider="openai" duration="812ms"',
      '2026-03-02T10:00:03.000000000Z W0302 10:00:03.000000       1 reconcile.go:88] slow reconcile took 2.3s',
    ], `${columns}, attrs->'log_prefix'->>'time' AS prefix_time`);
    expect(r).toMatchObject({ format: 'text', layout: KLOG_LAYOUT, lines: 3, records: 3, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: at('03-02', '10:00:00.123'), level: 'info', event: 'Starting controller', error: null, duration_ms: null, ok: true, caller: 'main.go:42', thread_id: '1', prefix_time: '2026-03-02T10:00:00.123456789Z' },
      { line: 2, ts: at('03-02', '10:00:02.500'), level: 'error', event: 'Request failed', error: 'connection refused', duration_ms: 812, ok: false, caller: 'client.go:17', thread_id: '1', prefix_time: '2026-03-02T10:00:02.500000000Z' },
      { line: 3, ts: at('03-02', '10:00:03.000'), level: 'warn', event: 'slow reconcile took 2.3s', error: null, duration_ms: null, ok: true, caller: 'reconcile.go:88', thread_id: '1', prefix_time: '2026-03-02T10:00:03.000000000Z' },
    ]);
  });

  it('the time is read in --tz when given, as other zone-less times are', async () => {
    const path = join(dir, 'tz.log');
    writeFileSync(path, 'I0302 10:00:00.000000       1 main.go:1] "Tick"\n');
    const r = await runInProcess(['query', '--tz', 'Europe/Paris', '--sql', 'SELECT ts FROM events', path, '-F', 'csv']);
    expect(r.code).toBe(0);
    // 10:00 in Paris on March 2 (CET, +01:00) is 09:00 UTC.
    expect(r.stdout.trim().split('\n')[1]).toBe(at('03-02', '09:00:00.000'));
  });
});

describe('klog pairs', () => {
  it("reads Go's quoting: \\a \\t \\\" \\\\, \\xNN, \\uNNNN and \\UNNNNNNNN", () => {
    expect(readGoQuoted(String.raw`"a\tb \"c\" \\ \u00e9 \U0001f600 \x41\a"`, 0)).toEqual({ value: 'a\tb "c" \\ é 😀 A\x07', end: 40, terminated: true });
  });

  it('reads quoted, bare and multi-line values, and stops at text that is no pair', () => {
    const text = '"m" a="x y" b=4 c={A:1 B:2} d=<\n\tone\n\ttwo\n > e';
    const { pairs, end } = readKlogPairs(text, 3);
    expect(pairs).toEqual([
      { key: 'a', value: 'x y' },
      { key: 'b', value: '4' },
      { key: 'c', value: '{A:1 B:2}' },
      { key: 'd', value: 'one\ntwo' },
    ]);
    expect(text.slice(end)).toBe(' e');
  });
});
