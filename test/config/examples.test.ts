// The configuration examples for each seed system (examples/config/<system>/logmeter.yml, beside a
// sample of that system's logs) do what their comments say, run from their own directory.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { ROOT } from '../helpers/cli.js';

async function query(system: string, sql: string): Promise<Record<string, unknown>[]> {
  const cwd = join(ROOT, 'examples/config', system);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: IO = { stdin: Readable.from([]) as IO['stdin'], stdout, stderr, env: {}, cwd };
  const code = await main(['query', cwd, '-q', '-F', 'json', '--sql', sql], io);
  expect(Buffer.concat(err).toString('utf8')).toBe('');
  expect(code).toBe(0);
  return JSON.parse(Buffer.concat(out).toString('utf8')) as Record<string, unknown>[];
}

describe('the seed systems, configured', () => {
  it('Multi-Agent Orchestrator: its prose workflow lines become runs with an id, a duration and an outcome', async () => {
    const runs = await query('orchestrator', `SELECT workflow, workflow_id, duration_ms, ok FROM events WHERE kind = 'workflow' AND duration_ms IS NOT NULL ORDER BY line`);
    expect(runs).toEqual([
      { workflow: null, workflow_id: 'wf_2d8bf96c', duration_ms: 163820, ok: true },
      { workflow: null, workflow_id: 'wf_5a1c0e77', duration_ms: 70500, ok: false },
    ]);
    const starts = await query('orchestrator', `SELECT workflow, workflow_id FROM events WHERE event = 'Workflow {workflow_id} started' ORDER BY line`);
    expect(starts).toEqual([
      { workflow: 'code_review', workflow_id: 'wf_2d8bf96c' },
      { workflow: 'bug_fix', workflow_id: 'wf_5a1c0e77' },
    ]);
    const requests = await query('orchestrator', `SELECT method, route, status, duration_ms FROM events WHERE kind = 'request' ORDER BY line`);
    expect(requests).toEqual([
      { method: 'GET', route: '/health', status: '200', duration_ms: 2.1 },
      { method: 'POST', route: '/api/workflows', status: '201', duration_ms: 38.7 },
    ]);
    const [steps] = await query('orchestrator', `SELECT count(*) AS n, sum(duration_ms) AS ms FROM events WHERE event = 'agent_step'`);
    expect(steps).toEqual({ n: 2, ms: 38150 });
  });

  it('VIBEZEN: every sample is found by its metric name, and well-known ones fill the canonical columns', async () => {
    const rows = await query('vibezen', 'SELECT metric, value, kind, duration_ms, cost_usd, tokens_in, tokens_out, session_id FROM events ORDER BY line');
    expect(rows.map((r) => r.metric)).toEqual(['response_time', 'token_usage', 'cost', 'response_time', 'error_rate', 'cache_hit_rate', 'thinking_steps']);
    // A response_time sample with a model stays a metric sample: a sample is an llm_call only by its
    // tokens or cost (VIBEZEN logs one call as several samples, which would count it several times).
    expect(rows[0]).toEqual({ metric: 'response_time', value: 150.5, kind: 'metric', duration_ms: 150.5, cost_usd: null, tokens_in: null, tokens_out: null, session_id: 's-01' });
    expect(rows[1]).toMatchObject({ tokens_in: 1500, tokens_out: 330 });
    expect(rows[2]).toMatchObject({ cost_usd: 0.0071 });
    expect(rows[3]).toMatchObject({ kind: 'metric', duration_ms: 1320 });
  });

  it('OrbitMesh: each element of a metrics window is a record that carries the window fields', async () => {
    const rows = await query('orbitmesh', `SELECT line, kind, event, session_id, workflow_id, tokens_in, ok, attrs->>'window_start' AS window, attrs->>'cpu_usage' AS cpu FROM events ORDER BY line`);
    expect(rows.map((r) => [r.line, r.kind, r.event, r.ok])).toEqual([
      [6, 'llm_call', 'provider_call', true],
      [16, 'llm_call', 'provider_call', false],
      [28, 'workflow', 'task_completed', true],
      [37, 'metric', null, true],
      [38, 'metric', null, true],
    ]);
    for (const r of rows) expect([r.session_id, r.window]).toEqual(['3f2c9a1e-5b7d-4c1a-9e2f-0a6b8c4d2e10', '2026-03-02T10:00:00Z']);
    expect(rows[2]?.workflow_id).toBe('task-17');
    expect(rows.map((r) => r.cpu)).toEqual([null, null, null, '23.5', '31']);
  });

  it('Dream.OS: file operations by event name, directory events named by the configuration', async () => {
    const rows = await query('dream-os', `SELECT event, op, ok, bytes FROM events WHERE kind = 'file_op' ORDER BY line`);
    expect(rows.map((r) => [r.event, r.op, r.ok])).toEqual([
      ['file_write', 'write', true],
      ['file_read', 'read', true],
      ['file_write_error', 'write', false],
      ['directory_created', 'mkdir', true],
      ['directory_cleared', 'clear', true],
      ['file_read_error', 'read', false],
    ]);
  });

  it('Sidepanel: Venice calls, requests, and snapshots as wide metric samples, an unhealthy one failed', async () => {
    const rows = await query('sidepanel', `SELECT kind, model, tokens_in, ok, metric, attrs->>'activeConnections' AS conns FROM events ORDER BY line`);
    expect(rows.map((r) => [r.kind, r.ok])).toEqual([
      ['request', true],
      ['llm_call', true],
      ['llm_call', false],
      ['metric', true],
      ['metric', false],
      ['metric', true],
    ]);
    expect(rows[1]).toMatchObject({ model: 'llama-3.3-70b', tokens_in: 1320 });
    expect(rows[3]).toMatchObject({ metric: null, conns: '8' });
  });
});
