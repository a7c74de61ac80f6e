// What the report's time charts say and show in Chromium (Debian's /usr/bin/chromium through
// playwright-core), in a browser whose zone is not UTC: each tooltip and aria-label names its
// bucket's start in UTC, and a series with a single bucket still draws a mark, live and static.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { runInProcess } from '../helpers/cli.js';
import { HAVE_CHROMIUM, launch } from './helpers.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
/** Every chart drawn over time, each with a "from" field in its tooltip. */
const TIME_CHARTS = ['overview-requests', 'llm-latency', 'llm-tokens', 'llm-cost', 'llm-budget', 'workflows-lines', 'files-ops', 'errors-rate'];

/** Three minutes of agent work, one LLM call, file write and workflow run in each; the second run fails. */
function threeMinutesLog(): string {
  const lines: object[] = [];
  for (let i = 0; i < 3; i++) {
    const t = T0 + i * 60_000;
    lines.push({ level: 30, time: t + 1000, msg: 'llm call completed', provider: 'openai', model: 'gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 100 }, latency_ms: 800 + i * 100 });
    lines.push({ level: 30, time: t + 2000, msg: 'file_write', path: 'src/a.ts', bytes: 100, duration_ms: 3 });
    lines.push({ level: 30, time: t + 3000, msg: 'workflow started', workflow_id: `wf_${i}`, workflow_type: 'fix' });
    const failed = i === 1;
    lines.push({ level: failed ? 50 : 30, time: t + 30_000, msg: failed ? 'workflow failed' : 'workflow completed', workflow_id: `wf_${i}`, workflow_type: 'fix', duration_ms: 27_000, success: !failed, lines_changed: 10 * (i + 1) });
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

/** One LLM call: every series of every chart has a single bucket. */
const ONE_CALL = JSON.stringify({ level: 30, time: T0, model: 'gpt-4o', provider: 'openai', usage: { prompt_tokens: 100, completion_tokens: 10 }, latency_ms: 900, msg: 'llm call' }) + '\n';

let dir: string;
const urls: Record<string, string> = {};

async function report(name: string, log: string, extra: string[] = []): Promise<void> {
  writeFileSync(join(dir, `${name}.log`), log);
  const file = join(dir, `${name}.html`);
  const result = await runInProcess(['report', join(dir, `${name}.log`), '-q', '-o', file, ...extra]);
  expect(result.code).toBe(0);
  urls[name] = pathToFileURL(file).href;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-chart-text-'));
  await report('three', threeMinutesLog(), ['--budget', '150USD/day']);
  await report('one', ONE_CALL);
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-chart]')].every((e) => e.hasAttribute('data-rendered')), null, { timeout: 15_000 });
}

/** A chart's marks as drawn: aria-label, opacity, and the size of their box on screen. */
function marks(page: Page, chart: string) {
  return page.evaluate((id) => {
    return [...document.querySelectorAll(`[data-chart="${id}"] svg g.role-mark > path`)].map((p) => {
      const box = (p as SVGGraphicsElement).getBBox();
      return { label: p.getAttribute('aria-label') ?? '', opacity: Number(p.getAttribute('opacity') ?? '1'), width: box.width, height: box.height };
    });
  }, chart);
}

/** The "from" entries of a mark's aria-label ("key: value; key: value"). */
const fromOf = (label: string) => label.split('; ').filter((kv) => kv.startsWith('from: ')).map((kv) => kv.slice('from: '.length));

describe.skipIf(!HAVE_CHROMIUM)('the time charts in Chromium, in Asia/Kolkata', () => {
  it("name each bucket's start in UTC in aria-labels and tooltips, never NaN", async () => {
    const browser = await launch({ javaScriptEnabled: true, timezoneId: 'Asia/Kolkata' });
    try {
      const page = await browser.context.newPage();
      await open(page, urls.three as string);
      const minutes = ['2026-03-02 10:00 UTC', '2026-03-02 10:01 UTC', '2026-03-02 10:02 UTC'];
      for (const chart of TIME_CHARTS) {
        const drawn = await marks(page, chart);
        const labels = drawn.map((m) => m.label).filter((l) => l !== '');
        expect(labels.join('\n'), chart).not.toContain('NaN');
        const shown = [...new Set(labels.flatMap(fromOf))].sort();
        if (chart === 'llm-budget') expect(shown, chart).toEqual(['2026-03-02 00:00 UTC']); // one day's budget: one bucket from midnight
        else expect(shown, chart).toEqual(minutes);
      }

      // The tooltip of the p95 point of the second minute (vega shows it as the chart's title).
      const points = page.locator('[data-chart="llm-latency"] svg g.role-mark > path[aria-label*="percentile: p95"][aria-label*="from: 2026-03-02 10:01 UTC"]');
      await points.first().hover({ force: true });
      const tooltip = await page.locator('[data-chart="llm-latency"]').getAttribute('title');
      expect(tooltip).toBe('model: gpt-4o\npercentile: p95\nms: 900\ncalls: 1\nfrom: 2026-03-02 10:01 UTC');
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('draw a series of one bucket as a visible point, and keep the hover points of longer series hidden', async () => {
    const browser = await launch({ javaScriptEnabled: true });
    try {
      const page = await browser.context.newPage();
      await open(page, urls.one as string);
      const visible = (ms: Awaited<ReturnType<typeof marks>>) => ms.filter((m) => m.opacity > 0 && m.width > 0 && m.height > 0);
      // p50, p95 and p99 panels: one point each.
      expect(visible(await marks(page, 'llm-latency')).map((m) => fromOf(m.label)[0])).toEqual(['2026-03-02 10:00 UTC', '2026-03-02 10:00 UTC', '2026-03-02 10:00 UTC']);
      expect(visible(await marks(page, 'overview-requests')).length).toBeGreaterThan(0);

      await open(page, urls.three as string);
      const latency = await marks(page, 'llm-latency');
      const points = latency.filter((m) => m.label.includes('percentile: '));
      expect(points.length).toBe(9);
      expect(points.every((m) => m.opacity === 0)).toBe(true);
      expect(visible(latency).length).toBe(3); // the three lines
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('draw that point in the static SVG too, for readers without JavaScript', async () => {
    const browser = await launch({ javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      await page.goto(urls.one as string);
      // A point is a filled shape with no stroke; the legend's symbol has one, the lines have no fill.
      const points = await page.evaluate(() => {
        const card = [...document.querySelectorAll('.card')].find((c) => c.querySelector('h3')?.textContent?.startsWith('Latency over time'));
        return [...(card?.querySelectorAll('.chart.static svg path[fill]:not([stroke])') ?? [])].filter((p) => {
          const box = (p as SVGGraphicsElement).getBBox();
          return box.width > 0 && box.height > 0 && p.getAttribute('opacity') !== '0' && p.getAttribute('fill') !== 'none';
        }).length;
      });
      expect(points).toBe(3);
    } finally {
      await browser.close();
    }
  }, 30_000);
});
