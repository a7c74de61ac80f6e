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
  today: { day: '2026-03-02', tokensIn: 123456789, tokensOut: 98765432, costUsd: 1234.5678, unpricedCalls: 99999 },
  workflows: [{ workflow: 'bug_fix', runs: 10, success: 9, failed: 1, p95Ms: 3_700_000 }],
  fileOps: Array.from({ length: 6 }, (_, i) => ({ op: `op${i}`, count: 1000 * i, errors: i, bytes: 1024 ** i })),
  rejects: [{ reason: 'invalid_json', count: 5 }, { reason: 'empty', count: 2 }],
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
