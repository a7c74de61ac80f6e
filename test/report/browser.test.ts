// The real report in Chromium (Debian's /usr/bin/chromium through playwright-core): with JavaScript
// every chart draws its marks, with no console or page error and no request beyond the file itself;
// without JavaScript the headline numbers and the static SVG charts are all there. The numbers on
// the page are the rollups'. Screenshots go to test-artifacts/ for people to look at.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Database } from '../../src/db.js';
import { ingest } from '../../src/ingest/load.js';
import { humanNumber } from '../../src/output/render.js';
import { runRollup } from '../../src/rollups/index.js';
import { ROOT, runInProcess } from '../helpers/cli.js';
import { HAVE_CHROMIUM, launch } from './helpers.js';
import { generateLog } from '../helpers/generate.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
let dir: string;
let log: string;
let reportUrl: string;
let overview: Record<string, unknown>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-browser-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  log = join(dir, 'agents.log');
  generateLog(log, ['--lines', '20000', '--seed', 'report']);
  const file = join(dir, 'report.html');
  const result = await runInProcess(['report', log, '-q', '-o', file, '--budget', '150USD/day', '--title', 'Agents: one morning']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  reportUrl = pathToFileURL(file).href;
  const db = await Database.open();
  try {
    await ingest(db, { inputs: [log], stdin: Readable.from([]) });
    overview = (await runRollup(db, 'overview')).rows[0] as Record<string, unknown>;
  } finally {
    db.close();
  }
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!HAVE_CHROMIUM)('the report in Chromium', () => {
  it('draws every chart with marks, with no console error and no request beyond the file', async () => {
    const browser = await launch({ javaScriptEnabled: true });
    try {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(reportUrl);
      await page.waitForFunction(() => [...document.querySelectorAll('[data-chart]')].every((e) => e.hasAttribute('data-rendered')), null, { timeout: 15_000 });
      const charts = await page.evaluate(() =>
        [...document.querySelectorAll('[data-chart]')].map((e) => ({
          id: e.getAttribute('data-chart'),
          rendered: e.getAttribute('data-rendered'),
          marks: e.querySelectorAll('svg g.role-mark > *').length,
        })),
      );
      expect(charts.length).toBeGreaterThanOrEqual(14);
      for (const c of charts) {
        expect(c.rendered, c.id ?? '').toBe('true');
        expect(c.marks, c.id ?? '').toBeGreaterThan(0);
      }
      expect(problems).toEqual([]);
      expect(requests).toEqual([reportUrl]);

      const shown = await page.evaluate(() =>
        Object.fromEntries([...document.querySelectorAll('[data-metric]')].map((e) => [e.getAttribute('data-metric'), (e as HTMLElement).innerText])),
      );
      for (const key of ['records', 'errors', 'llm_calls', 'tokens_in', 'tokens_out', 'active_sessions', 'unpriced_calls']) {
        expect(shown[`overview.${key}`], key).toBe(humanNumber(Number(overview[key])));
      }
      // Rejected lines are shown as summary shows them: bad input, and empty lines apart.
      const count = (key: string) => Number((shown[key] ?? '0').replaceAll(',', ''));
      expect(count('rejects.bad') + count('rejects.empty')).toBe(Number(overview.rejects));
      expect(shown['overview.tokens_in']).toMatch(/^\d{1,3}(,\d{3})+$/);
      expect(shown['overview.health']).toBe(overview.health);
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('reads without JavaScript: headline numbers in HTML, every chart as static SVG', async () => {
    const browser = await launch({ javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      await page.goto(reportUrl);
      const state = await page.evaluate(() => ({
        live: document.querySelectorAll('[data-chart]').length,
        drawnLive: document.querySelectorAll('[data-chart] svg').length,
        fallbacks: [...document.querySelectorAll('.chart.static')].filter((e) => (e as HTMLElement).offsetHeight > 0 && e.querySelector('svg, table')).length,
        records: (document.querySelector('[data-metric="overview.records"]') as HTMLElement | null)?.innerText,
      }));
      expect(state.drawnLive).toBe(0);
      expect(state.fallbacks).toBe(state.live);
      expect(state.records).toBe(humanNumber(Number(overview.records)));
      await page.screenshot({ path: join(ARTIFACTS, 'report-nojs.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 30_000);
});
