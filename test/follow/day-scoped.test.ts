// Numbers of a day or a budget period, in follow mode: the feed keeps only --window of records,
// but "TOKENS & COST TODAY" and budget_remaining must still cover their whole day or period.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { evaluateRules, loadRules } from '../../src/check/index.js';
import { followCheck } from '../../src/follow/check-follow.js';
import { followSummary } from '../../src/follow/summary-follow.js';
import type { IO } from '../../src/cli/io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-day-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = Date.parse('2026-03-02T12:00:00Z');
// Six $10 calls today, 100 to 1 minutes before now: two of them in the default 15-minute window.
// Times with microseconds, as Python's isoformat writes them.
const MINUTES_BEFORE = [100, 80, 60, 40, 5, 1];
function llmLog(): string {
  const path = join(dir, `llm-${Math.random().toString(36).slice(2)}.log`);
  const line = (mins: number) =>
    JSON.stringify({
      time: new Date(NOW - mins * 60_000).toISOString().replace('Z', '123Z'),
      level: 'info',
      msg: 'llm call',
      model: 'gpt-4o',
      provider: 'openai',
      usage: { prompt_tokens: 1000, completion_tokens: 100 },
      cost_usd: 10,
      duration_ms: 500,
    });
  writeFileSync(path, MINUTES_BEFORE.map(line).join('\n') + '\n');
  return path;
}

/** An IO whose stdout ends the session at its first write: one poll, one frame. */
function onePoll(): { io: IO; signal: AbortSignal; out: () => string } {
  const controller = new AbortController();
  let text = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      controller.abort();
      done();
    },
  });
  const stderr = new Writable({ write: (_chunk, _encoding, done) => done() });
  const io: IO = { stdin: new PassThrough(), stdout, stderr, env: { NO_COLOR: '1' }, cwd: dir };
  return { io, signal: controller.signal, out: () => text };
}

describe('day-scoped numbers in follow mode', () => {
  it('check --follow: budget_remaining counts the whole day\'s spend (100 - 6 x 10 = 40, 6 calls), other rules only the window', async () => {
    const specs = loadRules({ asserts: ['budget_remaining >= 50', 'count < 3'], budget: '100USD/day', cwd: dir });
    const controller = new AbortController();
    const { io } = onePoll();
    const result = await followCheck(specs, { inputs: [llmLog()], everyMs: 1000, windowMs: 15 * 60_000, signal: controller.signal, clock: () => new Date(NOW) }, io, async (db, sinceMs) => {
      const r = await evaluateRules(db, specs, { sinceMs });
      controller.abort();
      return r;
    });
    const [budget, count] = result?.rules ?? [];
    expect(budget?.results[0]).toMatchObject({ observed: 40, samples: 6, status: 'fail' });
    // The window holds the calls of 5 and 1 minutes ago.
    expect(count?.results[0]).toMatchObject({ observed: 2, status: 'pass' });
  });

  it('summary --follow: TOKENS & COST TODAY shows the whole day ($60, 6,000 prompt tokens), the rest only the window', async () => {
    const { io, signal, out } = onePoll();
    const data = await followSummary({ inputs: [llmLog()], everyMs: 1000, windowMs: 15 * 60_000, signal, clock: () => new Date(NOW) }, io, { color: false, width: 80 });
    expect(data?.today).toMatchObject({ day: '2026-03-02', tokensIn: 6000, tokensOut: 600, costUsd: 60 });
    expect(data?.records).toBe(2);
    expect(data?.llmCalls).toBe(2);
    expect(out()).toMatch(/TOKENS & COST TODAY \(2026-03-02 UTC\)/);
  });
});
