import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, runInProcess } from '../helpers/cli.js';
import { PROMTOOL, PROMTOOL_MISSING, promtoolCheck } from './promtool.js';

const PINO = join(FIXTURES, 'pino.log');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'pino.expected.json'), 'utf8')) as {
  records: number;
  kinds: Record<string, number>;
  failures_by_kind: Record<string, number>;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  file_bytes_written: number;
  workflow_runs: number;
  workflow_successes: number;
  llm_latency_ms: Record<string, number[]>;
  last_ts: string;
};

/** name{labels} -> value, parsed with a small independent reader of the text format. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    out.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return out;
}

function sumWhere(samples: Map<string, number>, prefix: string, contains: string[] = []): number {
  let total = 0;
  for (const [k, v] of samples) if ((k === prefix || k.startsWith(prefix + '{')) && contains.every((c) => k.includes(c))) total += v;
  return total;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-metrics-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('logmeter metrics', () => {
  let text: string;
  let samples: Map<string, number>;
  beforeAll(async () => {
    const r = await runInProcess(['metrics', PINO]);
    expect(r.code, r.stderr).toBe(0);
    text = r.stdout;
    samples = parse(text);
  });

  it('counts records and failures per kind as the fixture expects', () => {
    for (const [kind, n] of Object.entries(expected.kinds)) {
      if (n > 0) expect(samples.get(`logmeter_events_total{kind="${kind}"}`), kind).toBe(n);
    }
    for (const [kind, n] of Object.entries(expected.failures_by_kind)) {
      if (expected.kinds[kind]) expect(samples.get(`logmeter_errors_total{kind="${kind}"}`), kind).toBe(n);
    }
  });

  it('counts tokens by type, stated cost, bytes written and workflow runs', () => {
    expect(sumWhere(samples, 'logmeter_tokens_total', ['type="input"'])).toBe(expected.tokens_in);
    expect(sumWhere(samples, 'logmeter_tokens_total', ['type="output"'])).toBe(expected.tokens_out);
    expect(sumWhere(samples, 'logmeter_gen_ai_client_token_usage_sum', ['type="input"'])).toBe(expected.tokens_in);
    // The logged costs, plus prices for the calls that state none; acme-llm-1 has no price.
    expect(sumWhere(samples, 'logmeter_cost_usd_total')).toBeGreaterThan(expected.cost_usd);
    expect(samples.get('logmeter_llm_unpriced_calls_total{model="acme-llm-1",provider="acme"}')).toBe(2);
    expect(sumWhere(samples, 'logmeter_llm_unpriced_calls_total')).toBe(2);
    expect(samples.get('logmeter_file_ops_bytes_total{operation="write"}')).toBe(expected.file_bytes_written);
    expect(sumWhere(samples, 'logmeter_workflow_runs_total')).toBe(expected.workflow_runs);
    expect(sumWhere(samples, 'logmeter_workflow_runs_total', ['status="ok"'])).toBe(expected.workflow_successes);
    expect(sumWhere(samples, 'logmeter_file_ops_write_total')).toBe(expected.kinds.file_op > 0 ? 8 : 0);
  });

  it('puts every LLM latency in the right bucket of gen_ai_client_operation_duration_seconds', () => {
    for (const [model, latencies] of Object.entries(expected.llm_latency_ms)) {
      for (const le of [0.32, 1.28, 2.56, 5.12]) {
        const below = latencies.filter((ms) => ms / 1000 <= le).length;
        expect(sumWhere(samples, 'logmeter_gen_ai_client_operation_duration_seconds_bucket', [`model="${model}"`, `le="${le}"`]), `${model} le=${le}`).toBe(below);
      }
      expect(sumWhere(samples, 'logmeter_gen_ai_client_operation_duration_seconds_count', [`model="${model}"`])).toBe(latencies.length);
      const sum = latencies.reduce((a, b) => a + b, 0) / 1000;
      expect(sumWhere(samples, 'logmeter_gen_ai_client_operation_duration_seconds_sum', [`model="${model}"`])).toBeCloseTo(sum, 9);
    }
  });

  it('exposes gauges for active sessions, the newest record time and logged samples', () => {
    expect(samples.get('logmeter_sessions_active')).toBe(0);
    expect(samples.get('logmeter_last_event_timestamp_seconds')).toBe(Date.parse(expected.last_ts) / 1000);
    expect(samples.get('logmeter_log_metric_value{metric="goroutine_count"}')).toBe(49);
  });

  it('writes no timestamps, which the textfile collector would reject', () => {
    for (const line of text.split('\n')) if (line && !line.startsWith('#')) expect(line.split(' ').length, line).toBe(2);
  });

  it('passes promtool check metrics', (ctx) => {
    if (!PROMTOOL) return ctx.skip(PROMTOOL_MISSING);
    const r = promtoolCheck(text);
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  });

  it('honours --prefix, and an empty prefix gives the bare seed and OpenTelemetry names', async () => {
    const r = await runInProcess(['metrics', PINO, '--prefix', '']);
    expect(r.stdout).toMatch(/^file_ops_write_total\{status="ok"\} 6$/m);
    expect(r.stdout).toMatch(/^# TYPE gen_ai_client_token_usage histogram$/m);
    expect(r.stdout).toMatch(/^# TYPE file_operation_duration_seconds histogram$/m);
    const bad = await runInProcess(['metrics', PINO, '--prefix', '9-bad']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--prefix 9-bad/);
  });

  it('uses --buckets for every duration histogram, or for one by name', async () => {
    const r = await runInProcess(['metrics', PINO, '--buckets', '0.5,1,2', '--buckets', 'workflow=60,600']);
    const s = parse(r.stdout);
    expect(s.get('logmeter_request_duration_seconds_bucket{method="GET",route="/health",le="0.5"}')).toBe(2);
    expect(r.stdout).not.toMatch(/request_duration_seconds_bucket\{[^}]*le="0.005"/);
    expect(s.get('logmeter_workflow_duration_seconds_bucket{workflow="code_review",le="600"}')).toBe(1);
    expect(s.get('logmeter_workflow_duration_seconds_bucket{workflow="code_review",le="60"}')).toBe(0);
    expect(r.stdout).toMatch(/gen_ai_client_token_usage_bucket\{[^}]*le="16384"/);
    for (const bad of ['1,0.5', 'a,b', 'nope=1,2', '']) {
      const e = await runInProcess(['metrics', PINO, '--buckets', bad]);
      expect([bad, e.code]).toEqual([bad, 2]);
    }
  });

  it('writes -o FILE atomically and says so on stderr', async () => {
    const file = join(dir, 'logmeter.prom');
    const r = await runInProcess(['metrics', PINO, '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^wrote [\d,]+ series in \d+ metrics to /);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('creates the directory of -o FILE, as report -o does, and names only the user\'s file when it cannot write', async () => {
    const file = join(dir, 'textfile', 'collector', 'logmeter.prom');
    const r = await runInProcess(['metrics', PINO, '-o', file, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const e = await runInProcess(['metrics', PINO, '-o', join(blocker, 'x.prom'), '-q']);
    expect(e.stderr).toBe(`logmeter: cannot write ${join(blocker, 'x.prom')}: ENOTDIR: not a directory\n`);
    expect(e.code).toBe(2);
  });
});

describe('logmeter metrics on a hostile log', () => {
  let text: string;
  beforeAll(async () => {
    const lines: string[] = [];
    const t0 = Date.parse('2026-03-02T10:00:00Z');
    for (let i = 0; i < 500; i++) {
      const model = i < 300 ? 'popular' : `model-${i} "quoted" \\ back\nslash`;
      lines.push(JSON.stringify({ time: t0 + i * 1000, level: 30, msg: 'llm call', model, provider: 'p', latency_ms: 100 + i, usage: { prompt_tokens: 10, completion_tokens: 5 } }));
      lines.push(JSON.stringify({ time: t0 + i * 1000, level: 30, msg: 'request completed', req: { method: 'GET', url: `/x/${'y'.repeat(i % 50)}` }, res: { statusCode: 200 }, responseTime: 5 }));
    }
    const file = join(dir, 'hostile.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await runInProcess(['metrics', file, '--max-label-values', '5']);
    expect(r.code, r.stderr).toBe(0);
    text = r.stdout;
  });

  it("caps each label at --max-label-values values, the rest as 'other', and loses no count", () => {
    const calls = [...parse(text)].filter(([k]) => k.startsWith('logmeter_llm_calls_total{'));
    const models = new Set(calls.map(([k]) => /model="((?:[^"\\]|\\.)*)"/.exec(k)?.[1]));
    expect(models.size).toBeLessThanOrEqual(6);
    expect(models.has('popular')).toBe(true);
    expect(models.has('other')).toBe(true);
    expect(calls.reduce((n, [, v]) => n + v, 0)).toBe(500);
    const routes = new Set([...text.matchAll(/^logmeter_requests_total\{[^}]*route="([^"]*)"/gm)].map((m) => m[1]));
    expect(routes.size).toBeLessThanOrEqual(6);
  });

  it('stays valid for promtool', (ctx) => {
    if (!PROMTOOL) return ctx.skip(PROMTOOL_MISSING);
    const r = promtoolCheck(text);
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('logmeter metrics on metric samples of both shapes', () => {
  async function metricValues(lines: object[], extra: string[] = []): Promise<Map<string, number>> {
    const file = join(dir, `samples-${Math.random().toString(36).slice(2)}.log`);
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const r = await runInProcess(['metrics', file, '-q', ...extra]);
    expect(r.code, r.stderr).toBe(0);
    return new Map([...parse(r.stdout)].filter(([k]) => k.startsWith('logmeter_log_metric_value')));
  }
  const t0 = Date.parse('2026-03-01T00:00:01Z');

  it('exports each gauge of a wide sample (one record of several gauges) as a series', async () => {
    const values = await metricValues([
      { level: 30, time: t0, cpu_usage: 12.5, memory_usage: 40, goroutine_count: 7, msg: 'system sample' },
      { level: 30, time: t0 + 1000, cpu_usage: 20, memory_usage: 41, goroutine_count: 9, msg: 'system sample' },
    ]);
    expect(values).toEqual(new Map([
      ['logmeter_log_metric_value{metric="cpu_usage"}', 20],
      ['logmeter_log_metric_value{metric="goroutine_count"}', 9],
      ['logmeter_log_metric_value{metric="memory_usage"}', 41],
    ]));
  });

  it('takes the latest sample by time whichever shape logged it', async () => {
    const values = await metricValues([
      { level: 30, time: t0, metric: 'cpu_usage', value: 5.5, msg: 'sample' },
      { level: 30, time: t0 + 2000, cpu_usage: 9.5, memory_usage: 40, msg: 'system sample' },
      { level: 30, time: t0 + 4000, metric: 'memory_usage', value: 42, msg: 'sample' },
    ]);
    expect(values.get('logmeter_log_metric_value{metric="cpu_usage"}')).toBe(9.5);
    expect(values.get('logmeter_log_metric_value{metric="memory_usage"}')).toBe(42);
  });

  it("leaves out the latest values folded into 'other' by --max-label-values", async () => {
    const lines = [];
    for (let i = 0; i < 3; i++) lines.push({ level: 30, time: t0 + i, cpu_usage: i, msg: 'system sample' });
    lines.push({ level: 30, time: t0 + 10, metric: 'queue_depth', value: 3, msg: 'sample' });
    const values = await metricValues(lines, ['--max-label-values', '1']);
    expect(values).toEqual(new Map([['logmeter_log_metric_value{metric="cpu_usage"}', 2]]));
  });
});

describe('logmeter metrics --grafana-dashboard', () => {
  it('writes the dashboard alone without reading input', async () => {
    const file = join(dir, 'dash.json');
    const r = await runInProcess(['metrics', '--grafana-dashboard', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(r.stderr).toMatch(/^wrote a Grafana dashboard with \d+ panels to /);
  });
});
