// Log content is data. A log whose model names, paths, error messages, session ids, workflow types
// and agents are markup, script, `javascript:` URLs and template syntax, plus a hostile --title: in
// Chromium nothing of it runs (with or without JavaScript), no element it spells appears, and the
// text shows literally where the report shows it.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { ROOT, runInProcess } from '../helpers/cli.js';
import { HAVE_CHROMIUM, HOSTILE, hostileLog, launch } from './helpers.js';

let dir: string;
let reportUrl: string;
let html: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-hostile-'));
  const log = join(dir, 'hostile.log');
  writeFileSync(log, hostileLog());
  const result = await runInProcess(['report', log, '-q', '-o', '-', '--title', HOSTILE.title]);
  expect(result.code).toBe(0);
  html = result.stdout;
  writeFileSync(join(dir, 'report.html'), html);
  reportUrl = pathToFileURL(join(dir, 'report.html')).href;
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile values in the page source', () => {
  it('never appear as markup: every one is escaped wherever it lands', () => {
    for (const value of Object.values(HOSTILE)) {
      const markup = value.replace(/[\u2028\u2029]/g, '');
      if (/[<>"]/.test(markup)) expect(html, value).not.toContain(markup);
    }
    expect([...html.matchAll(/<script\b/g)]).toHaveLength(4);
    expect(html).not.toMatch(/[\u2028\u2029]/);
  });
});

/** Elements and attributes the hostile values spell, if any were parsed as markup. */
async function injected(page: Page) {
  return page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    foreign: document.querySelectorAll('img, iframe, object, embed, svg[onload], title ~ title').length + [...document.querySelectorAll('b')].filter((b) => b.textContent === 'agent').length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName} ${a.name}`)),
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    title: document.title,
  }));
}

describe.skipIf(!HAVE_CHROMIUM)('hostile values in Chromium', () => {
  it('with JavaScript: nothing runs, no console error, and the text shows literally', async () => {
    const browser = await launch({ javaScriptEnabled: true });
    try {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(reportUrl);
      await page.waitForFunction(() => [...document.querySelectorAll('[data-chart]')].every((e) => e.hasAttribute('data-rendered')), null, { timeout: 15_000 });
      // Hover every mark so tooltips (and any handler a value smuggled in) get their chance.
      const marks = await page.$$('[data-chart] svg g.role-mark > *');
      for (const mark of marks.slice(0, 60)) await mark.hover({ force: true }).catch(() => undefined);

      const state = await injected(page);
      expect(state.pwned).toBeNull();
      expect(state.scripts).toBe(4);
      expect(state.foreign).toBe(0);
      expect(state.handlers).toEqual([]);
      expect(problems).toEqual([]);
      expect(state.title).toBe(HOSTILE.title);

      const text = await page.evaluate(() => document.body.innerText);
      for (const value of [HOSTILE.title, HOSTILE.model, HOSTILE.model2, HOSTILE.path, HOSTILE.path2, HOSTILE.message]) expect(text, value).toContain(value);
      const chartText = await page.evaluate(() => [...document.querySelectorAll('[data-chart] svg text')].map((t) => t.textContent).join('\n'));
      expect(chartText).toContain(HOSTILE.model);
      const chartData = await page.evaluate(() => document.getElementById('lm-charts')?.textContent ?? '');
      expect(chartData).toContain(JSON.stringify(HOSTILE.workflow).slice(1, -1).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e'));
      mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-artifacts', 'report-hostile.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('without JavaScript: the static charts and tables spell no element either', async () => {
    const browser = await launch({ javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      await page.goto(reportUrl);
      const state = await injected(page);
      expect(state.foreign).toBe(0);
      expect(state.handlers).toEqual([]);
      const text = await page.evaluate(() => document.body.innerText);
      for (const value of [HOSTILE.title, HOSTILE.model, HOSTILE.path2, HOSTILE.message]) expect(text, value).toContain(value);
      const staticText = await page.evaluate(() => [...document.querySelectorAll('.chart.static')].map((e) => e.textContent).join('\n'));
      expect(staticText).toContain('<img src=x');
    } finally {
      await browser.close();
    }
  }, 30_000);
});
