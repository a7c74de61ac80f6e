// Logged values inside the report's sentences and cells: each is bidirectionally isolated, so one
// RTL override cannot reorder the values after it, and a very long one wraps or is clamped instead
// of widening the page. Checked in Chromium (Debian's) where it is about what a reader sees.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInProcess } from '../helpers/cli.js';
import { HAVE_CHROMIUM, launch } from './helpers.js';

const RLO = '\u202e';
let dir: string;

async function reportOf(name: string, lines: object[]): Promise<{ file: string; html: string }> {
  const log = join(dir, `${name}.log`);
  writeFileSync(log, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const file = join(dir, `${name}.html`);
  const r = await runInProcess(['report', log, '-q', '-o', file]);
  expect(r.code, r.stderr).toBe(0);
  const page = await runInProcess(['report', log, '-q', '-o', '-']);
  return { file, html: page.stdout };
}

const call = (i: number, model: string) => ({ level: 30, time: Date.parse('2026-03-02T10:00:00Z') + i * 1000, model, usage: { prompt_tokens: 100, completion_tokens: 10 }, msg: 'llm call' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-text-layout-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('logged values in the report', () => {
  it('are each isolated (<bdi>) in the list of unpriced models', async () => {
    const { html } = await reportOf('rlo', [call(0, `acme${RLO}-ft`), call(1, 'gamma-model'), call(2, 'delta-model')]);
    expect(html).toContain(` unpriced calls (<bdi>acme${RLO}-ft</bdi>, <bdi>delta-model</bdi>, <bdi>gamma-model</bdi>)`);
  });

  it.skipIf(!HAVE_CHROMIUM)('an RTL override in one model name leaves the others in reading order (Chromium)', async () => {
    const { file } = await reportOf('rlo-browser', [call(0, `acme${RLO}-ft`), call(1, 'gamma-model'), call(2, 'delta-model')]);
    const browser = await launch({ javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(file).href);
      // Where each name's first and last letters are drawn: left to right, names in list order.
      const boxes = await page.evaluate(() =>
        [...document.querySelectorAll('section#llm [data-tile="cost"] bdi, [data-tile="cost"] bdi')].map((b) => {
          const text = b.firstChild as Text;
          const at = (i: number) => {
            const r = document.createRange();
            r.setStart(text, i);
            r.setEnd(text, i + 1);
            return r.getBoundingClientRect().left;
          };
          return { name: b.textContent, first: at(0), last: at((b.textContent ?? '').length - 1), left: b.getBoundingClientRect().left };
        }),
      );
      const gamma = boxes.find((b) => b.name === 'gamma-model');
      const delta = boxes.find((b) => b.name === 'delta-model');
      if (!gamma || !delta) throw new Error(`names not found: ${JSON.stringify(boxes)}`);
      expect(gamma.first).toBeLessThan(gamma.last);
      expect(delta.first).toBeLessThan(delta.last);
      expect(delta.left).toBeLessThan(gamma.left);
    } finally {
      await browser.close();
    }
  }, 30_000);

  it.skipIf(!HAVE_CHROMIUM)('a 3000-character model name neither widens the page nor fills screens (Chromium)', async () => {
    const long = 'x'.repeat(3000);
    const { file } = await reportOf('long', [call(0, long), { level: 50, time: Date.parse('2026-03-02T10:00:05Z'), msg: 'file_write_error', path: `/${'p'.repeat(3000)}`, error: 'e'.repeat(3000), bytes: 1, duration_ms: 3 }]);
    const browser = await launch({ javaScriptEnabled: false, width: 1280 });
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(file).href);
      const layout = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        tallestCell: Math.max(...[...document.querySelectorAll('table.data td')].map((td) => td.getBoundingClientRect().height)),
        clampTitles: [...document.querySelectorAll('table.data .clamp')].map((c) => (c.getAttribute('title') ?? '').length),
      }));
      expect(layout.width).toBeLessThanOrEqual(layout.viewport);
      // Four lines of 12-13 px text, not the 80 lines of a wrapped 3000-character value.
      expect(layout.tallestCell).toBeLessThan(120);
      // The whole value stays readable, in the cell's tooltip.
      expect(layout.clampTitles.length).toBeGreaterThan(0);
      expect(Math.max(...layout.clampTitles)).toBeGreaterThanOrEqual(3000);
    } finally {
      await browser.close();
    }
  }, 30_000);
});
