import { describe, expect, it } from 'vitest';
import { renderDashboard } from '../../src/summary/render.js';
import type { DashboardData } from '../../src/summary/data.js';
import { displayWidth } from '../../src/summary/text.js';

const data: DashboardData = {
  now: '2026-03-02T12:58:00.000Z',
  since: null,
  firstTs: '2026-03-02T10:00:00.000Z',
  lastTs: '2026-03-02T12:58:00.000Z',
  health: 'unhealthy',
  records: 1234567,
  withoutTs: { counted: 0, leftOut: 0 },
  errors: 1234,
  errorRate: 0.12,
  activeSessions: 3,
  llmCalls: 12,
  rate: { basis: 'request', bucketSeconds: 300, perMinute: Array.from({ length: 200 }, (_, i) => i % 17), current: 16, peak: 16, avg: 8 },
  latency: [
    { model: 'a-very-long-model-name-that-does-not-fit-the-column-at-all-really', calls: 10, p50: 100, p95: 2000, p99: 90_000 },
    { model: 'evil\x1b[2J\x1b[31m', calls: 1, p50: null, p95: null, p99: null },
    { model: '模型模型模型模型模型模型模型模型', calls: 1, p50: 1, p95: 1, p99: 1 },
  ],
  today: { day: '2026-03-02', tokensIn: 123456789, tokensOut: 98765432, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 1234.5678, unpricedCalls: 99999 },
  workflows: [{ workflow: 'bug_fix', runs: 10, success: 9, failed: 1, p95Ms: 3_700_000 }],
  fileOps: Array.from({ length: 6 }, (_, i) => ({ op: `op${i}`, count: 1000 * i, errors: i, bytes: 1024 ** i })),
  rejects: [{ reason: 'invalid_json', count: 5 }, { reason: 'empty', count: 2 }],
  hidden: { models: 0, workflows: 0, fileOps: 0 },
};

describe('summary dashboard', () => {
  it('fits exactly 80 columns on every line, however long the values', () => {
    const text = renderDashboard(data);
    for (const line of text.trimEnd().split('\n')) expect(displayWidth(line), line).toBe(80);
  });

  it('prints plain text without colour codes unless asked, and colours health and errors when asked', () => {
    expect(renderDashboard(data)).not.toMatch(/\x1b/);
    const coloured = renderDashboard(data, { color: true });
    expect(coloured).toContain('\x1b[31m● UNHEALTHY\x1b[0m');
    for (const line of coloured.trimEnd().split('\n')) expect(displayWidth(line), line).toBe(80);
  });

  it('never passes a logged escape sequence through to the terminal', () => {
    const text = renderDashboard(data, { color: true });
    expect(text).not.toContain('\x1b[2J');
    expect(text).toContain('evil?[2J?[31m');
  });

  it('has the seed dashboard sections, in order', () => {
    const titles = [...renderDashboard(data).matchAll(/^[┌├]─ ([A-Z][A-Z/& ]+)/gm)].map((m) => m[1]?.trim());
    expect(titles).toEqual(['LOGMETER', 'REQUESTS/MIN', 'LLM LATENCY', 'TOKENS & COST TODAY', 'WORKFLOWS', 'FILE OPERATIONS', 'REJECTED LINES']);
  });

  it('shows the last sparkline columns, current, peak and average', () => {
    const text = renderDashboard(data);
    expect(text).toMatch(/│ [▁▂▃▄▅▆▇█]{76} │/);
    expect(text).toMatch(/Current: 16\s+Peak: 16\s+Avg: 8/);
  });

  it("adds the requests' latency and failures under their rate, only where there are request records", () => {
    const text = renderDashboard({ ...data, requests: { count: 1_234_567, failed: 4321, p50: 12.4, p95: 1700, p99: 92_000 } }, { color: true });
    // Too long for one line of 76: the failures wrap onto the next, whole.
    expect(text).toMatch(/│ Requests: p50 12 ms {3}p95 1\.7 s {3}p99 1\.5 min +│\n│ \x1b\[31mfailed 4,321 of 1,234,567 \(0\.4%\)\x1b\[0m +│/);
    const few = renderDashboard({ ...data, requests: { count: 14, failed: 0, p50: 13.4, p95: 603, p99: 1320 } });
    expect(few).toMatch(/│ Requests: p50 13 ms {3}p95 603 ms {3}p99 1\.3 s {3}failed 0 of 14 \(0(\.0)?%\) +│/);
    for (const line of text.trimEnd().split('\n')) expect(displayWidth(line), line).toBe(80);
    expect(renderDashboard({ ...data, requests: { count: 0, failed: 0, p50: null, p95: null, p99: null } })).not.toContain('Requests:');
    expect(renderDashboard(data)).not.toContain('Requests:');
  });

  it('says so when a section has nothing to show', () => {
    const empty = renderDashboard({ ...data, records: 0, health: 'no data', latency: [], workflows: [], fileOps: [], rejects: [], rate: { ...data.rate, perMinute: [] } });
    expect(empty).toContain('● NO DATA');
    expect(empty).toContain('no LLM calls in range');
    expect(empty).toContain('no finished workflow runs in range');
    expect(empty).toContain('no file operations in range');
  });
});

describe('summary dashboard title', () => {
  it('cuts a long follow status so the title bar keeps 80 columns', () => {
    const text = renderDashboard(data, { status: `/a/very/long/path/${'x'.repeat(120)}/app.log · every 5s · last 15m`, color: true });
    const first = text.split('\n')[0] as string;
    expect(displayWidth(first)).toBe(80);
    expect(first).toMatch(/^┌─ \x1b\[1mLOGMETER · \/a\/very.*…\x1b\[0m ─+ 2026-03-02 10:00 → 12:58 UTC ─┐$/);
  });
});

describe('summary dashboard numbers', () => {
  it('shows an unknown cost as – when no call of the day has a price, never $0', () => {
    const text = renderDashboard({ ...data, today: { ...data.today, costUsd: null, unpricedCalls: 1 } });
    expect(text).toMatch(/│ Cost: – {3}1 call without a known cost +│/);
    expect(text).not.toContain('$0');
  });

  it('writes costs with thousands separators, as the report does', () => {
    const text = renderDashboard({ ...data, today: { ...data.today, costUsd: 10001335.07, unpricedCalls: 0 } });
    expect(text).toMatch(/│ Cost: \$10,001,335\.07 +│/);
  });

  it('shows prompt-cache reads and writes beside the prompt tokens they are part of, when there are any', () => {
    const text = renderDashboard({ ...data, today: { ...data.today, tokensIn: 2600, cacheReadTokens: 2000, cacheWriteTokens: 500, tokensOut: 50 } });
    expect(text).toMatch(/│ Prompt: 2,600 {3}\(cache read 2,000, written 500\) {3}Completion: 50 +│/);
    expect(renderDashboard(data)).not.toContain('cache read');
  });

  it('wraps huge token totals between the numbers instead of cutting one', () => {
    const text = renderDashboard({ ...data, today: { ...data.today, tokensIn: 1_234_567_890_123_456, tokensOut: 2_152_765_432_109_876 } });
    for (const line of text.trimEnd().split('\n')) expect(displayWidth(line), line).toBe(80);
    expect(text).toMatch(/│ Prompt: 1,234,567,890,123,456 {3}Completion: 2,152,765,432,109,876 +│\n│ Total: 3,387,333,322,233,332 +│/);
    expect(text).not.toMatch(/[0-9,]…/);
  });

  it('says how many models, workflows and file operations it left out, and where to see them', () => {
    const text = renderDashboard({ ...data, hidden: { models: 3, workflows: 1, fileOps: 12 } });
    for (const line of text.trimEnd().split('\n')) expect(displayWidth(line), line).toBe(80);
    expect(text).toMatch(/│ \+3 more models \(logmeter query latency --by model\) +│/);
    expect(text).toMatch(/│ \+1 more workflow \(logmeter query workflows\) +│/);
    expect(text).toContain('+12 more operations (logmeter query file_ops)');
    expect(renderDashboard(data)).not.toContain('more');
  });

  it('says how many records have no timestamp, and when the window left them out', () => {
    const lines = (d: DashboardData) => d && renderDashboard(d).split('\n');
    expect(lines({ ...data, records: 5, withoutTs: { counted: 3, leftOut: 0 } })[2]).toMatch(/^│ active sessions 3 {3}LLM calls 12 {3}3 records without a timestamp +│$/);
    const windowed = lines({ ...data, records: 2, withoutTs: { counted: 0, leftOut: 1 } });
    // too long for one line beside the other two: wrapped onto the next
    expect(windowed.slice(2, 4)).toEqual([expect.stringMatching(/^│ active sessions 3 {3}LLM calls 12 +│$/), expect.stringMatching(/^│ 1 record without a timestamp \(outside the window\) +│$/)]);
    for (const line of windowed) if (line !== '') expect(displayWidth(line), line).toBe(80);
    expect(renderDashboard(data)).not.toContain('without a timestamp');
  });

  it('says "no timestamps", not "no records", over records that carry no time', () => {
    const first = renderDashboard({ ...data, now: null, firstTs: null, lastTs: null, records: 2 }).split('\n')[0] as string;
    expect(first).toMatch(/ no timestamps ─┐$/);
    expect(renderDashboard({ ...data, now: null, firstTs: null, lastTs: null, records: 0 }).split('\n')[0]).toMatch(/ no records ─┐$/);
  });
});
