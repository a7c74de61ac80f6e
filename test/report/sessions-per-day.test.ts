// "Sessions created per day" over a long range, as a reader sees it in Chromium (Debian's): days
// sit on a time axis, so a week without sessions is a gap of a week (an axis of categories closed
// it up), and the dates under the axis never overlap (one label per day ran into each other).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInProcess } from '../helpers/cli.js';
import { writePinoLog } from '../rollups/helpers.js';
import { HAVE_CHROMIUM, launch } from './helpers.js';

const DAY_MS = 86_400_000;
let log: ReturnType<typeof writePinoLog>;
let file: string;

beforeAll(async () => {
  // 60 days of sessions from 2026-01-01, none from day 20 to day 29
  log = writePinoLog((l, at) => {
    for (let day = 0; day < 60; day++) {
      if (day >= 20 && day < 30) continue;
      at(new Date(Date.UTC(2026, 0, 1) + day * DAY_MS + 9 * 3_600_000).toISOString());
      l.info({ session_id: `s${day}` }, 'session created');
    }
  });
  file = join(log.dir, 'report.html');
  const result = await runInProcess(['report', log.file, '-q', '-o', file]);
  expect(result.code, result.stderr).toBe(0);
});
afterAll(() => log.cleanup());

describe.skipIf(!HAVE_CHROMIUM)('sessions created per day over two months (Chromium)', () => {
  it('leaves the days without sessions as a gap in time, and its dates do not overlap', async () => {
    const browser = await launch({ javaScriptEnabled: true });
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('[data-chart="sessions-created"][data-rendered]');
      const drawn = await page.evaluate(() => {
        const chart = document.querySelector('[data-chart="sessions-created"]') as Element;
        const box = (e: Element) => e.getBoundingClientRect();
        const bars = [...chart.querySelectorAll('svg g.role-mark > *')].map((e) => ({ left: box(e).left, right: box(e).right }));
        const labels = [...chart.querySelectorAll('svg g.role-axis-label text')].map((e) => ({ text: e.textContent, left: box(e).left, right: box(e).right, top: box(e).top }));
        return { bars: bars.sort((a, b) => a.left - b.left), labels };
      });
      expect(drawn.bars).toHaveLength(50);
      const step = (drawn.bars[1]!.left - drawn.bars[0]!.left);
      // after day 19 comes day 30: eleven days on, not the next bar over
      const gap = drawn.bars[20]!.left - drawn.bars[19]!.left;
      expect(gap / step).toBeGreaterThan(10);
      expect(gap / step).toBeLessThan(12);
      // the x axis's labels (one row, below the bars), left to right, each clear of the next
      const bottom = Math.max(...drawn.labels.map((l) => l.top));
      const xLabels = drawn.labels.filter((l) => l.top === bottom).sort((a, b) => a.left - b.left);
      expect(xLabels.length).toBeGreaterThan(2);
      for (let i = 1; i < xLabels.length; i++) expect(xLabels[i]!.left, `${xLabels[i - 1]!.text} / ${xLabels[i]!.text}`).toBeGreaterThanOrEqual(xLabels[i - 1]!.right);
    } finally {
      await browser.close();
    }
  });
});
