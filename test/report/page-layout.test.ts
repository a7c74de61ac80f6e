// The page's layout in Chromium (Debian's), on a narrow screen and on paper: a wide table scrolls
// inside its card instead of making the page scroll sideways, prints inside its card, and a
// headline number of twelve digits stays inside its tile.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { runInProcess } from '../helpers/cli.js';
import { generateLog } from '../helpers/generate.js';
import { HAVE_CHROMIUM, launch } from './helpers.js';

let dir: string;
let agents: string;
let bigTokens: string;

async function report(log: string, name: string): Promise<string> {
  const file = join(dir, `${name}.html`);
  const result = await runInProcess(['report', log, '-q', '-o', file]);
  expect(result.code).toBe(0);
  return pathToFileURL(file).href;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-page-layout-'));
  const log = join(dir, 'agents.log');
  generateLog(log, ['--lines', '3000', '--seed', 'layout']);
  agents = await report(log, 'agents');
  // Ten calls of 12,345,678,901 prompt tokens: 123,456,789,010 in all.
  const big = join(dir, 'big.log');
  const t0 = Date.parse('2026-03-02T10:00:00Z');
  const calls = Array.from({ length: 10 }, (_, i) =>
    JSON.stringify({ level: 30, time: t0 + i * 6000, model: 'claude-3-5-sonnet-20241022', usage: { prompt_tokens: 12_345_678_901, completion_tokens: 1_234_567_890 }, latency_ms: 100, msg: 'llm call' }),
  );
  writeFileSync(big, calls.join('\n') + '\n');
  bigTokens = await report(big, 'big');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where the "Per model" table sits against its card, and whether the page itself scrolls sideways. */
function modelsTable(page: Page) {
  return page.evaluate(() => {
    const table = document.querySelector('table[data-table="models"]') as HTMLElement;
    const card = table.closest('.card') as HTMLElement;
    const scroller = table.parentElement as HTMLElement;
    return {
      pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      tableWidth: table.getBoundingClientRect().width,
      cardWidth: card.getBoundingClientRect().width,
      tableRight: table.getBoundingClientRect().right,
      cardRight: card.getBoundingClientRect().right,
      scrollerScrolls: scroller.scrollWidth > scroller.clientWidth,
    };
  });
}

describe.skipIf(!HAVE_CHROMIUM)('the page in Chromium', () => {
  it('scrolls the 11-column "Per model" table inside its card on an 800 px screen, not the whole page', async () => {
    const browser = await launch({ javaScriptEnabled: false, width: 800 });
    try {
      const page = await browser.context.newPage();
      await page.goto(agents);
      const t = await modelsTable(page);
      expect(t.tableWidth).toBeGreaterThan(t.cardWidth); // the table needs more room than there is
      expect(t.scrollerScrolls).toBe(true);
      expect(t.pageScrolls).toBe(false);
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('prints the table inside its card on A4 (718 px between 1 cm margins)', async () => {
    const browser = await launch({ javaScriptEnabled: false, width: 718 });
    try {
      const page = await browser.context.newPage();
      await page.goto(agents);
      await page.emulateMedia({ media: 'print' });
      const t = await modelsTable(page);
      expect(t.tableRight).toBeLessThanOrEqual(t.cardRight);
      expect(t.pageScrolls).toBe(false);
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('keeps a 12-digit token total inside the Tokens tile, at 1280 and 390 px', async () => {
    for (const width of [1280, 390]) {
      const browser = await launch({ javaScriptEnabled: false, width });
      try {
        const page = await browser.context.newPage();
        await page.goto(bigTokens);
        const tiles = await page.evaluate(() =>
          [...document.querySelectorAll('[data-tile="tokens"]')].map((t) => ({ text: (t as HTMLElement).innerText, overflow: t.scrollWidth - t.clientWidth })),
        );
        expect(tiles.length, `${width}`).toBeGreaterThan(0);
        for (const tile of tiles) {
          expect(tile.text.replace(/\s/g, '')).toContain('123,456,789,010');
          expect(tile.overflow, `${width} px: ${tile.text}`).toBe(0);
        }
      } finally {
        await browser.close();
      }
    }
  }, 30_000);
});
