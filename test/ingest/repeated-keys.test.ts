// A key named twice in one JSON line: pino writes `"agent":"planner","agent":"coder"` when a child
// logger (or a call) sets a key a parent bound, and pino, JSON.parse and jq mean the last value.
// Every path that reads JSON lines (the one pass of check and summary, ingest into a database with
// attrs, a batch of small files, lines behind a CRI prefix, piped input) must read that last value.

import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { runInProcess } from '../helpers/cli.js';
import { rowsOf } from '../helpers/database.js';
import { useWorkdirs } from '../helpers/workdirs.js';
import { repeatedKeysOf, repeatedTopLevelKeys } from '../../src/ingest/repeated-keys.js';

const workdir = useWorkdirs('logmeter-repeated-keys');

/**
 * An agent's log by the real pino: a planner child logger bound to gpt-4o-mini, whose calls log the
 * model they used, and a coder grandchild that binds its own agent name over the planner's.
 */
function agentLog(): string[] {
  const lines: string[] = [];
  let ms = Date.UTC(2026, 2, 2, 10, 0, 0);
  const root = pino({ base: { pid: 7, hostname: 'pod-a' }, timestamp: () => `,"time":${(ms += 1000)}` }, { write: (s: string) => lines.push(s.trimEnd()) });
  const planner = root.child({ agent: 'planner', model: 'gpt-4o-mini', provider: 'openai' });
  const coder = planner.child({ agent: 'coder' });
  for (let i = 1; i <= 6; i++) planner.info({ model: 'gpt-4o', usage: { prompt_tokens: 100 * i, completion_tokens: 10 }, duration_ms: 100 * i }, 'llm call');
  for (let i = 1; i <= 4; i++) coder.info({ model: 'claude-3-5-sonnet', provider: 'anthropic', usage: { prompt_tokens: 1000, completion_tokens: 50 * i }, duration_ms: 1000 * i }, 'llm call');
  coder.info({ path: '/repo/a.ts', bytes: 120 }, 'file_read');
  planner.info('planning');
  return lines;
}

/** What JSON.parse makes of each line: the last value of every key. */
function expectedRows(lines: readonly string[]): { model: unknown; agent: unknown; provider: unknown }[] {
  return lines.map((line) => {
    const o = JSON.parse(line) as Record<string, unknown>;
    return { model: o.model, agent: o.agent, provider: o.provider };
  });
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('keys named twice in a line, found in the sample', () => {
  it('are the top-level keys named again, not keys of nested objects, nor text inside a string', () => {
    expect(repeatedTopLevelKeys('{"a":1,"b":{"a":2,"c":3,"c":4},"a":5}')).toEqual(['a']);
    expect(repeatedTopLevelKeys('{"msg":"\\"a\\":1,\\"a\\":2","a":[{"a":1}],"b":"a"}')).toEqual([]);
    expect(repeatedTopLevelKeys('{ "k\\"q" : 1 , "x": [1, {"k\\"q": 2}], "k\\"q": 3, "k\\"q": 4 }')).toEqual(['k"q']);
    expect(repeatedTopLevelKeys('{"é":1,"\\u00e9":2}')).toEqual(['é']);
    expect(repeatedTopLevelKeys('{"a":1,"a":2')).toEqual(['a']);
    expect(repeatedKeysOf(['not json', '[{"a":1,"a":2}]', '{"b":1,"b":2}', '{"c":1,"b":0,"c":2}'])).toEqual(['b', 'c']);
  });
});

describe('a key named twice reads at its last value', () => {
  const lines = agentLog();
  const expected = expectedRows(lines);

  it('the log pino writes does name them twice', () => {
    expect(lines[0]).toMatch(/"model":"gpt-4o-mini".*"model":"gpt-4o"/);
    expect(lines[6]).toMatch(/"agent":"planner".*"agent":"coder"/);
  });

  it('in a database (ingest --db): every column and attrs, which JSON.parse reads alike', async () => {
    const dir = workdir();
    const log = join(dir, 'agent.log');
    writeFileSync(log, lines.join('\n') + '\n');
    const db = join(dir, 'm.duckdb');
    expect((await runInProcess(['ingest', log, '--db', db, '-q'])).code).toBe(0);
    const rows = await rowsOf(db, 'SELECT line, model, agent, provider, CAST(attrs AS VARCHAR) AS attrs FROM events ORDER BY line');
    expect(rows.map(({ model, agent, provider }) => ({ model, agent, provider }))).toEqual(expected);
    // attrs read by DuckDB (first value wins) and by JSON.parse (last value wins) agree with the line as JSON.parse reads it.
    const attrs = await rowsOf(db, "SELECT line, attrs->>'agent' AS agent, attrs->>'model' AS model FROM events ORDER BY line");
    expect(attrs.map(({ model, agent }) => ({ model, agent }))).toEqual(expected.map(({ model, agent }) => ({ model, agent })));
    for (const [i, row] of rows.entries()) expect(JSON.parse(String(row.attrs))).toEqual(JSON.parse(lines[i] as string));
    // A line that names no key twice keeps its text as logged.
    expect(rows.at(-1)?.attrs).toBe(lines.at(-1));
  });

  it('in check, from a file and from a pipe (the one pass that reads only what its rules need)', async () => {
    const dir = workdir();
    const log = join(dir, 'agent.log');
    writeFileSync(log, lines.join('\n') + '\n');
    const calls = expected.filter((r) => r.model === 'gpt-4o');
    const coderCalls = expected.filter((r) => r.agent === 'coder' && r.model === 'claude-3-5-sonnet');
    const rules = ["count == 6 where model = 'gpt-4o'", "count == 4 where agent = 'coder' and model = 'claude-3-5-sonnet'", "count == 0 where model = 'gpt-4o-mini' and kind = 'llm_call'"];
    expect([calls.length, coderCalls.length]).toEqual([6, 4]);
    const asserts = rules.flatMap((r) => ['--assert', r]);
    const fromFile = await runInProcess(['check', ...asserts, log]);
    expect(fromFile.stderr).toBe('');
    expect(fromFile.code).toBe(0);
    const fromPipe = await runInProcess(['check', ...asserts], { stdin: lines.join('\n') + '\n' });
    expect(fromPipe.code).toBe(0);
  });

  it('in the tokens rollup of piped logs, by model and provider', async () => {
    const result = await runInProcess(['query', 'tokens', '--by', 'model', '-F', 'json', '-q'], { stdin: lines.join('\n') + '\n' });
    expect(result.stderr).toBe('');
    const byModel = Object.fromEntries((JSON.parse(result.stdout) as { rows: { model: string; tokens_in: number }[] }).rows.map((r) => [r.model, r.tokens_in]));
    const parsed = lines.map((l) => JSON.parse(l) as { model: string; usage?: { prompt_tokens: number } });
    const want: Record<string, number> = {};
    for (const o of parsed) if (o.usage) want[o.model] = (want[o.model] ?? 0) + o.usage.prompt_tokens;
    expect(byModel).toEqual(want);
  });

  it('in a batch of small files, and behind a CRI prefix', async () => {
    const dir = workdir();
    const logs = join(dir, 'pods');
    mkdirSync(logs);
    // Three small files read as one batch, and one of containerd's CRI lines.
    for (let n = 0; n < 3; n++) writeFileSync(join(logs, `job-${n}.log`), lines.join('\n') + '\n');
    writeFileSync(join(logs, 'pod_agent_x.log'), lines.map((l) => `2026-03-02T10:00:00.000000000Z stdout F ${l}`).join('\n') + '\n');
    const db = join(dir, 'm.duckdb');
    expect((await runInProcess(['ingest', logs, '--db', db, '-q'])).code).toBe(0);
    const rows = await rowsOf(db, 'SELECT source, model, agent, provider FROM events ORDER BY source, line');
    expect(rows.length).toBe(4 * lines.length);
    for (let n = 0; n < 4; n++) {
      expect(rows.slice(n * lines.length, (n + 1) * lines.length).map(({ model, agent, provider }) => ({ model, agent, provider }))).toEqual(expected);
    }
  });

  it('formats --explain names the keys', async () => {
    const dir = workdir();
    const log = join(dir, 'agent.log');
    writeFileSync(log, lines.join('\n') + '\n');
    const result = await runInProcess(['formats', '--explain', log]);
    expect(result.stdout).toContain('keys       named twice in a line: "model", "agent", "provider"; the last value counts');
  });
});

describe('any object with keys named twice (property)', () => {
  // More runs to hunt for a counterexample: REPEATED_KEYS_RUNS=500 npx vitest run test/ingest/repeated-keys.test.ts
  const RUNS = Number(process.env.REPEATED_KEYS_RUNS ?? 25);
  // Keys a mapping reads (model, agent) and others, some that need escaping in JSON or in a regex.
  const KEYS = ['model', 'agent', 'provider', 'msg', 'a.b', 'x|y', 'q"t', 'back\\slash', 'é', 'n'];
  const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom(...KEYS), scalar, { maxKeys: 3 }));
  const entries = fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { minLength: 1, maxLength: 8 });
  /** The object's text with these entries, repeats kept, spaced as Python's json.dumps or packed as pino. */
  const text = (pairs: readonly [string, unknown][], spaced: boolean) =>
    '{' + pairs.map(([k, v]) => JSON.stringify(k) + (spaced ? ': ' : ':') + JSON.stringify(v)).join(spaced ? ', ' : ',') + '}';

  it('reads every top-level key as JSON.parse does, in attrs and in the model and agent columns', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(entries, fc.boolean()), { minLength: 1, maxLength: 30 }), async (objects) => {
        const dir = workdir();
        const log = join(dir, 'p.log');
        const lines = objects.map(([pairs, spaced]) => text(pairs, spaced));
        writeFileSync(log, lines.join('\n') + '\n');
        const db = join(dir, 'p.duckdb');
        expect((await runInProcess(['ingest', log, '--db', db, '-q'])).code).toBe(0);
        const rows = await rowsOf(db, 'SELECT line, CAST(attrs AS VARCHAR) AS attrs, model, agent FROM events ORDER BY line');
        expect(rows.length).toBe(lines.length);
        for (const row of rows) {
          const want = JSON.parse(lines[Number(row.line) - 1] as string) as Record<string, unknown>;
          expect(JSON.parse(String(row.attrs))).toEqual(want);
          // A string model or agent is the column's value; other values are not a model name, nor is
          // text that is itself a JSON object or list (`"{}"`).
          const name = (v: unknown) => typeof v === 'string' && v !== '' && !/^[{[]/.test(v);
          if (name(want.model)) expect(row.model).toBe(want.model);
          if (name(want.agent)) expect(row.agent).toBe(want.agent);
        }
        // DuckDB's own reading of attrs (first value wins) gives each key JSON.parse's value.
        const read = await rowsOf(db, `SELECT line, ${KEYS.map((k, i) => `json_extract(attrs, '$.${JSON.stringify(k).replaceAll("'", "''")}')::VARCHAR AS k${i}`).join(', ')} FROM events ORDER BY line`);
        for (const row of read) {
          const want = JSON.parse(lines[Number(row.line) - 1] as string) as Record<string, unknown>;
          KEYS.forEach((k, i) => {
            const got = row[`k${i}`];
            expect(got === null ? undefined : JSON.parse(String(got))).toEqual(want[k]);
          });
        }
      }),
      { numRuns: RUNS },
    );
  }, Math.max(60_000, RUNS * 1000));
});
