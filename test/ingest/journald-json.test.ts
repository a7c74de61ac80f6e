// A service under systemd logs to the journal; `journalctl -u agent -o json` exports each entry as a
// JSON object whose MESSAGE is the line the service printed. When that line is the service's own JSON
// record (pino here, writing as it does to stdout), the record is what a user counts: its model,
// tokens, latency and errors, with the entry's time, host and unit kept. Entries of text (systemd's
// own, a crash) stay entries, their PRIORITY on syslog's scale.

import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { runInProcess } from '../helpers/cli.js';

const T0_US = 1772445600123456n;

/** What pino writes for the calls, one line each: a clock of its own, as under systemd. */
function pinoLines(write: (log: pino.Logger) => void, options: pino.LoggerOptions = {}): string[] {
  const lines: string[] = [];
  const log = pino({ base: { pid: 812, hostname: 'agent-host' }, timestamp: () => `,"time":${1772445600123 + lines.length * 1000}`, ...options }, { write: (l: string) => lines.push(l) });
  write(log);
  return lines.map((l) => l.trimEnd());
}

/** journalctl -o json's entry for a line the unit printed on stdout (every value a string). */
function entry(i: number, message: string, fields: Record<string, string> = {}): string {
  return JSON.stringify({
    __CURSOR: `s=5f1c;i=${i};b=9a;m=${i};t=64;x=${i}`, __REALTIME_TIMESTAMP: String(T0_US + BigInt(i) * 1_000_000n), __MONOTONIC_TIMESTAMP: String(8_000_000 + i),
    _BOOT_ID: '9a0c', _TRANSPORT: 'stdout', PRIORITY: '6', SYSLOG_FACILITY: '3', SYSLOG_IDENTIFIER: 'node', _PID: '812', _UID: '998', _GID: '998',
    _COMM: 'node', _EXE: '/usr/bin/node', _CMDLINE: 'node server.js', _SYSTEMD_UNIT: 'agent.service', _HOSTNAME: 'agent-host', MESSAGE: message, ...fields,
  });
}

async function query(stdin: string, sql: string): Promise<Record<string, unknown>[]> {
  const r = await runInProcess(['query', '-', '-q', '-F', 'json', '--sql', sql], { stdin });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

const records = pinoLines((log) => {
  log.info({ model: 'gpt-4o', provider: 'openai', duration_ms: 800, usage: { prompt_tokens: 1000, completion_tokens: 100 } }, 'llm call');
  log.info({ model: 'gpt-4o', provider: 'openai', duration_ms: 1200, usage: { prompt_tokens: 2000, completion_tokens: 200 } }, 'llm call');
  log.error({ err: new Error('upstream 503') }, 'request failed');
  // The rest of a quiet minute: health checks.
  for (let i = 0; i < 12; i++) log.info({ method: 'GET', url: '/health', statusCode: 200, responseTime: 2 }, 'request completed');
});
const exported = [
  ...records.map((line, i) => entry(i, line)),
  // systemd's own entry when the service dies: text, at err.
  entry(15, 'agent.service: Main process exited, code=exited, status=1/FAILURE', { PRIORITY: '3', SYSLOG_IDENTIFIER: 'systemd', _COMM: 'systemd', _SYSTEMD_UNIT: 'init.scope', UNIT: 'agent.service' }),
  '{"__CURSOR":"s=5f1c;i=16", cut by a full disk',
].join('\n') + '\n';

describe("journald's JSON export of a service that logs JSON", () => {
  it('reads the record in each MESSAGE: model, tokens, latency and errors, the entry kept under log_prefix', async () => {
    const rows = await query(exported, "SELECT line, ts, level, ok, kind, model, provider, tokens_in, tokens_out, duration_ms, error, service, host, attrs->'log_prefix' AS prefix, attrs->>'pid' AS pid FROM events WHERE line <= 3 OR line = 16 ORDER BY line");
    expect(rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.123Z', level: 'info', ok: true, kind: 'llm_call', model: 'gpt-4o', provider: 'openai', tokens_in: 1000, tokens_out: 100, duration_ms: 800, error: null, service: 'agent.service', host: 'agent-host',
        prefix: JSON.stringify({ host: 'agent-host', unit: 'agent.service', time: '2026-03-02T10:00:00.123456Z' }), pid: '812' },
      { line: 2, ts: '2026-03-02T10:00:01.123Z', level: 'info', ok: true, kind: 'llm_call', model: 'gpt-4o', provider: 'openai', tokens_in: 2000, tokens_out: 200, duration_ms: 1200, error: null, service: 'agent.service', host: 'agent-host',
        prefix: JSON.stringify({ host: 'agent-host', unit: 'agent.service', time: '2026-03-02T10:00:01.123456Z' }), pid: '812' },
      { line: 3, ts: '2026-03-02T10:00:02.123Z', level: 'error', ok: false, kind: 'other', model: null, provider: null, tokens_in: null, tokens_out: null, duration_ms: null, error: 'upstream 503', service: 'agent.service', host: 'agent-host',
        prefix: JSON.stringify({ host: 'agent-host', unit: 'agent.service', time: '2026-03-02T10:00:02.123456Z' }), pid: '812' },
      // The entry of text, read by journald's fields: PRIORITY 3 is an error.
      { line: 16, ts: '2026-03-02T10:00:15.123Z', level: 'error', ok: false, kind: 'other', model: null, provider: null, tokens_in: null, tokens_out: null, duration_ms: null, error: null, service: 'init.scope', host: 'agent-host',
        prefix: null, pid: null },
    ]);
    expect(await query(exported, 'SELECT line, reason FROM rejects')).toEqual([{ line: 17, reason: 'invalid_json' }]);
    expect(await query(exported, "SELECT count(*) AS n, count(*) FILTER (WHERE kind = 'request' AND route = '/health') AS health FROM events")).toEqual([{ n: 16, health: 12 }]);
  });

  it("a record without a time of its own takes the entry's; a service's own name wins over the unit", async () => {
    const lines = pinoLines((log) => log.warn({ duration_ms: 5 }, 'slow'), { timestamp: false, name: 'agent' });
    const rows = await query(entry(0, lines[0] as string) + '\n', 'SELECT ts, level, service FROM events');
    expect(rows).toEqual([{ ts: '2026-03-02T10:00:00.123Z', level: 'warn', service: 'agent' }]);
  });

  it('a CI gate over the export counts as a user would: p95 of the two calls, 2 failures of 16', async () => {
    const r = await runInProcess(['check', '-', '-q', '--json', '--assert', "p95(duration_ms) < 1000 where kind = 'llm_call'", '--assert', 'count <= 1 where ok = false'], { stdin: exported });
    expect(r.code).toBe(1);
    const [p95, failures] = JSON.parse(r.stdout).rules.map((rule: { results: unknown[] }) => rule.results[0]);
    // Linear between 800 and 1200: 800 + 0.95 * 400.
    expect(p95).toMatchObject({ status: 'fail', observed: 1180 });
    expect(failures).toMatchObject({ status: 'fail', observed: 2 });
  });

  it('formats --explain says how the lines are read', async () => {
    const r = await runInProcess(['formats', '--explain', '-'], { stdin: exported });
    expect(r.stdout).toContain("wrapper    journald JSON export: the JSON object in each MESSAGE is read, the entry's time, host and unit kept in attrs.log_prefix");
  });
});
