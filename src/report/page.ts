// Assembles the page: the reports/page.html template, the sections' markup, the charts' Vega specs
// as one escaped JSON block, and the inlined scripts with a Content-Security-Policy that allows
// exactly those scripts (by hash) and no network at all. Pure apart from reading the template.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../sql-files.js';
import { html, jsonForScript, scriptText } from './escape.js';
import type { InlineScript } from './assets.js';

export interface PageSection {
  readonly id: string;
  readonly title: string;
  /** Markup built by sections.ts (already escaped). */
  readonly body: string;
}

export interface PageInput {
  readonly title: string;
  /** Markup for the line under the title (already escaped). */
  readonly meta: string;
  readonly footer: string;
  readonly version: string;
  readonly sections: readonly PageSection[];
  /** Compiled Vega specs by chart id. */
  readonly charts: Readonly<Record<string, unknown>>;
  readonly scripts: readonly InlineScript[];
}

let template: string | undefined;

function pageTemplate(): string {
  template ??= readFileSync(join(PACKAGE_ROOT, 'reports', 'page.html'), 'utf8').replace(/^<!--.*?-->\n/m, '');
  return template;
}

export function renderPage(input: PageInput): string {
  const scripts = input.scripts.map((s) => scriptText(s.code));
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map((code) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`).join(' ')}`,
    // Vega's SVG renderer and the template style elements inline; styles cannot run code.
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const scriptTags = [
    `<script type="application/json" id="lm-charts">${jsonForScript(input.charts)}</script>`,
    ...scripts.map((code) => `<script>${code}</script>`),
  ].join('\n');
  const slots: Record<string, string> = {
    csp: html(csp),
    version: html(input.version),
    title: html(input.title),
    meta: input.meta,
    nav: input.sections.map((s) => `<a href="#${html(s.id)}">${html(s.title)}</a>`).join(''),
    sections: input.sections.map((s) => `<section class="report" id="${html(s.id)}">\n${s.body}\n</section>`).join('\n'),
    footer: input.footer,
    scripts: scriptTags,
  };
  // One pass, so text inside a filled slot is never read as another slot.
  return pageTemplate().replace(/\{\{(\w+)\}\}/g, (whole, name: string) => slots[name] ?? whole);
}
