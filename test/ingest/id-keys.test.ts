// Objects keyed by ids (tool-call ids, job ids, request ids, user names): their keys are values, not
// field names. Each once became a mapping path of its own, one per sampled line, and DuckDB ran out
// of memory on 2,000 lines (QA3 robust #1). Such records are read whole, their id-keyed parts kept in attrs.

import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { buildMapping, collectKeyPaths } from '../../src/ingest/mapping.js';

const time = (i: number) => `2026-03-01T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;

async function query(stdin: string, sql: string) {
  const started = performance.now();
  const r = await runInProcess(['query', '-', '-q', '-F', 'json', '--sql', sql], { stdin });
  return { ...r, seconds: (performance.now() - started) / 1000, rows: r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>[]) : [] };
}

describe('objects keyed by ids', () => {
  it('3,000 turns with tool calls keyed by call id are all read, in seconds, each call kept in attrs', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ time: time(i), level: 'info', msg: 'turn finished', tool_calls: { [`call_${String(i).padStart(5, '0')}`]: { name: 'search', duration_ms: 120 + i } } }));
    const r = await query(lines.join('\n') + '\n',
      `SELECT count(*) AS records, count(duration_ms) AS with_duration,
              sum((attrs->'tool_calls'->('call_' || lpad((line - 1)::VARCHAR, 5, '0'))->>'duration_ms')::INT) AS call_ms FROM events`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // sum over i < 3000 of (120 + i) = 3000 * 120 + 2999 * 3000 / 2
    expect(r.rows).toEqual([{ records: 3000, with_duration: 0, call_ms: 360_000 + 4_498_500 }]);
    expect(r.seconds).toBeLessThan(20);
  });

  it('jobs and requests keyed by id (job_17, req-5) make no mapping paths, and the fields beside them still map', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({ time: time(i), level: 'info', msg: 'llm call', model: 'gpt-4o', usage: { prompt_tokens: 10, completion_tokens: 3 },
        results: { [`job_${i}`]: { duration_ms: i, tokens_in: 5 } }, usage_by_request: { [`req-${i}`]: { prompt_tokens: 7 } } }));
    const r = await query(lines.join('\n') + '\n', 'SELECT count(*) AS records, sum(tokens_in) AS tin, sum(tokens_out) AS tout, count(duration_ms) AS d FROM events');
    expect(r.code).toBe(0);
    expect(r.rows).toEqual([{ records: 2000, tin: 20_000, tout: 6_000, d: 0 }]);
    const explain = await runInProcess(['formats', '--explain', '-'], { stdin: lines.slice(0, 300).join('\n') + '\n' });
    expect(explain.stdout).toMatch(/tokens_in .*usage\.prompt_tokens/);
    expect(explain.stdout).not.toContain('job_');
    expect(explain.stdout).not.toContain('req-');
  });
});

describe('the key paths a mapping is built from', () => {
  it('keep a few numbered keys (percentiles, a handful of GPUs) and drop a map of many', () => {
    const few = collectKeyPaths([{ latency: { p50: 1, p90: 2, p95: 3, p99: 4 }, gpu0: { util: 1 }, gpu1: { util: 2 } }]).map((k) => k.segments.join('.'));
    expect(few).toEqual(['latency', 'latency.p50', 'latency.p90', 'latency.p95', 'latency.p99', 'gpu0', 'gpu0.util', 'gpu1', 'gpu1.util']);
    const many = collectKeyPaths(Array.from({ length: 8 }, (_, i) => ({ msg: 'm', hosts: { [`host${i}`]: { duration_ms: i } } }))).map((k) => k.segments.join('.'));
    expect(many).toEqual(['msg', 'hosts']);
  });

  it('drop the keys below an object with more than 1,000 distinct keys, digits or not (user names)', () => {
    const name = (i: number) => 'user_' + i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)] as string);
    const paths = collectKeyPaths(Array.from({ length: 1001 }, (_, i) => ({ by_user: { [name(i)]: { duration_ms: i } }, usage: { total_tokens: 1 } })));
    expect(paths.map((k) => k.segments.join('.'))).toEqual(['by_user', 'usage', 'usage.total_tokens']);
    const fewer = collectKeyPaths(Array.from({ length: 1000 }, (_, i) => ({ by_user: { [name(i)]: { duration_ms: i } } })));
    expect(fewer).toHaveLength(1 + 2 * 1000);
  });
});

describe('the paths a column reads', () => {
  it('are at most 32, in alias priority order, whatever keys no rule caught', () => {
    const words = Array.from({ length: 40 }, (_, i) => 'stage_' + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN'[i]);
    const mapping = buildMapping(collectKeyPaths([{ duration_ms: 5, stages: Object.fromEntries(words.map((w) => [w, { duration_ms: 1 }])) }]));
    expect(mapping.slots.duration_ms).toHaveLength(32);
    expect(mapping.paths[(mapping.slots.duration_ms as number[])[0] as number - 1]).toBe('$."duration_ms"');
  });
});
