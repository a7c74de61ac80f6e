// Shared by the report tests: headline numbers read back from a page, a log of hostile values,
// and Chromium (Debian's, at /usr/bin/chromium; never a downloaded one) driven by playwright-core.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Every `data-metric` number in a page: key -> { value (raw), text (as shown) }. */
export function headlineMetrics(page: string): Map<string, { value: unknown; text: string }> {
  const out = new Map<string, { value: unknown; text: string }>();
  for (const m of page.matchAll(/<span data-metric="([^"]+)" data-value="([^"]*)">([^<]*)<\/span>/g)) {
    const unescape = (s: string) => s.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
    out.set(m[1] as string, { value: JSON.parse(unescape(m[2] as string)), text: unescape(m[3] as string) });
  }
  return out;
}

/** Values an attacker might log, each of which must show as text and never run. */
export const HOSTILE = {
  model: '<img src=x onerror="window.__pwned=1">',
  model2: '</script><script>window.__pwned=2</script>',
  path: '"><svg onload="window.__pwned=3">',
  path2: '</noscript><img src=x onerror="window.__pwned=4">',
  message: "javascript:window.__pwned=5 <!-- {{constructor.constructor('window.__pwned=6')()}} ${window.__pwned=7}",
  session: '<script>window.__pwned=8</script>',
  workflow: '<iframe srcdoc="<script>parent.__pwned=9</script>">',
  agent: '\u2028</style><b onmouseover="window.__pwned=10">agent</b>\u2029',
  title: '<title></title><script>window.__pwned=11</script>',
} as const;

/** A pino-style log whose model names, paths, messages, session ids and workflow types are hostile. */
export function hostileLog(): string {
  const t0 = Date.parse('2026-03-02T10:00:00Z');
  const lines: object[] = [];
  for (let i = 0; i < 40; i++) {
    const time = t0 + i * 60_000;
    const session = i % 2 ? HOSTILE.session : 'sess_ok';
    lines.push({ level: 30, time, msg: 'session created', session_id: session });
    lines.push({
      level: i % 5 === 0 ? 50 : 30,
      time: time + 1000,
      msg: i % 5 === 0 ? 'llm call failed' : 'llm call completed',
      session_id: session,
      provider: 'acme',
      model: i % 3 === 0 ? HOSTILE.model : HOSTILE.model2,
      usage: { prompt_tokens: 1000 + i, completion_tokens: 100 + i },
      latency_ms: 500 + i * 10,
      ...(i % 5 === 0 ? { error: HOSTILE.message } : {}),
    });
    lines.push({
      level: i % 4 < 2 ? 50 : 30,
      time: time + 2000,
      msg: i % 4 < 2 ? 'file_write_error' : 'file_write',
      path: i % 2 ? HOSTILE.path : HOSTILE.path2,
      bytes: 100 * i,
      duration_ms: 3,
      ...(i % 4 < 2 ? { error: HOSTILE.message } : {}),
    });
    lines.push({ level: 30, time: time + 3000, msg: 'workflow started', workflow_id: `wf_${i}`, workflow_type: HOSTILE.workflow, agent: HOSTILE.agent });
    lines.push({
      level: i % 6 === 0 ? 50 : 30,
      time: time + 30_000,
      msg: i % 6 === 0 ? 'workflow failed' : 'workflow completed',
      workflow_id: `wf_${i}`,
      workflow_type: HOSTILE.workflow,
      agent: HOSTILE.agent,
      duration_ms: 27_000 + i,
      success: i % 6 !== 0,
      lines_changed: i,
    });
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh Chromium profile per context; close() removes it. `timezoneId` is the browser's zone (the machine's if not given). */
export async function launch(options: { javaScriptEnabled: boolean; width?: number; timezoneId?: string }): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'logmeter-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    javaScriptEnabled: options.javaScriptEnabled,
    viewport: { width: options.width ?? 1280, height: 900 },
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The rows a chart draws, as a page carries them (the JSON block the charts are drawn from). */
export function chartRows(page: string, id: string): Record<string, unknown>[] {
  const block = /<script type="application\/json" id="lm-charts">([^<]*)<\/script>/.exec(page)?.[1];
  const charts = JSON.parse(block ?? '{}') as Record<string, { data: { name: string; values?: Record<string, unknown>[] }[] }>;
  return (charts[id]?.data ?? []).flatMap((d) => d.values ?? []);
}
