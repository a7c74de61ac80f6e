// Draws the dashboard in boxes after the Sidepanel seed (77-MONITORING-DASHBOARD): health,
// requests per minute with a sparkline, LLM latency per model, tokens and cost today, sessions,
// workflows, file operations and rejects. Pure: data in, text out, exactly `width` columns a line.

import { messages } from '../messages.js';
import type { DashboardData, Health } from './data.js';
import {
  displayWidth,
  formatBytes,
  formatInt,
  formatMs,
  formatPercent,
  formatRate,
  formatUsd,
  padEnd,
  padStart,
  painter,
  safeText,
  sparkline,
  truncate,
} from './text.js';

export interface RenderOptions {
  readonly width?: number;
  readonly color?: boolean;
  /** Shown in the title bar, e.g. "following 2 files, every 5s". */
  readonly status?: string;
}

const HEALTH_STYLE: Record<Health, 'green' | 'yellow' | 'red' | 'dim'> = { healthy: 'green', degraded: 'yellow', unhealthy: 'red', 'no data': 'dim' };

export function renderDashboard(data: DashboardData, options: RenderOptions = {}): string {
  const width = Math.max(60, options.width ?? 80);
  const inner = width - 4;
  const p = painter(options.color === true);
  const out: string[] = [];
  const line = (text: string) => out.push('│ ' + fit(text, inner) + ' │');
  const rule = (title: string, first = false) => {
    const left = first ? '┌' : '├';
    const right = first ? '┐' : '┤';
    const head = `${left}─ ${title} `;
    out.push(head + '─'.repeat(Math.max(0, width - displayWidth(head) - 1)) + right);
  };

  // ---- title and health ----
  const range = rangeText(data);
  const tail = ` ${range} ─┐`;
  const room = width - displayWidth(tail) - 5;
  const title = truncate(safeText(options.status ? `LOGMETER · ${options.status}` : 'LOGMETER'), room);
  const head = `┌─ ${p.paint(title, 'bold')} `;
  out.push(head + '─'.repeat(Math.max(1, width - displayWidth(head) - displayWidth(tail))) + tail);
  const health = p.paint(`● ${data.health.toUpperCase()}`, HEALTH_STYLE[data.health]);
  const errorText = `errors ${formatInt(data.errors)}${data.errorRate !== null ? ` (${formatPercent(data.errorRate, 1)})` : ''}`;
  const badRejects = data.rejects.filter((r) => r.reason !== 'empty').reduce((n, r) => n + r.count, 0);
  line([health, `records ${formatInt(data.records)}`, data.errors > 0 ? p.paint(errorText, 'red') : errorText, `rejected lines ${formatInt(badRejects)}`].join('   '));
  const withoutTs = data.withoutTs.counted + data.withoutTs.leftOut;
  // Records without a time are in no bucket below: said here, and whether the window left them out.
  const noTs = withoutTs > 0 ? [`${messages.recordsWithoutTs(withoutTs)}${data.withoutTs.leftOut > 0 ? ' (outside the window)' : ''}`] : [];
  for (const row of wrap([`active sessions ${formatInt(data.activeSessions)}`, `LLM calls ${formatInt(data.llmCalls)}`, ...noTs], inner, '   ')) line(row);

  // ---- requests per minute ----
  const basis = data.rate.basis === 'request' ? 'REQUESTS/MIN' : 'LLM CALLS/MIN';
  rule(`${basis} (${bucketLabel(data.rate.bucketSeconds)} buckets)`);
  const bars = data.rate.perMinute.length ? sparkline(data.rate.perMinute.slice(-inner)) : '';
  line(bars ? p.paint(bars, 'cyan') : p.paint('no requests in range', 'dim'));
  line(
    `Current: ${padEnd(formatRate(data.rate.current), 9)} Peak: ${padEnd(formatRate(data.rate.peak), 9)} Avg: ${formatRate(data.rate.avg)}`,
  );
  // The requests' latency and failures, when the log has request records (the report's Requests section in one line).
  const requests = data.requests;
  if (requests && requests.count > 0) {
    const failed = `failed ${formatInt(requests.failed)} of ${formatInt(requests.count)} (${formatPercent(requests.failed / requests.count, 1)})`;
    const latency = `p50 ${formatMs(requests.p50)}   p95 ${formatMs(requests.p95)}   p99 ${formatMs(requests.p99)}`;
    for (const row of wrap([`Requests: ${latency}`, requests.failed > 0 ? p.paint(failed, 'red') : failed], inner, '   ')) line(row);
  }

  // ---- LLM latency ----
  rule('LLM LATENCY');
  if (data.latency.length === 0) line(p.paint('no LLM calls in range', 'dim'));
  else {
    const nameWidth = inner - 40;
    line(p.paint(padEnd('model', nameWidth) + padStart('calls', 7) + padStart('p50', 11) + padStart('p95', 11) + padStart('p99', 11), 'dim'));
    for (const m of data.latency) {
      line(
        padEnd(truncate(safeText(m.model), nameWidth - 1), nameWidth) +
          padStart(formatInt(m.calls), 7) +
          padStart(formatMs(m.p50), 11) +
          padStart(formatMs(m.p95), 11) +
          padStart(formatMs(m.p99), 11),
      );
    }
    if (data.hidden.models > 0) line(p.paint(more(data.hidden.models, 'model', 'models', 'query latency --by model'), 'dim'));
  }

  // ---- tokens and cost today ----
  rule(`TOKENS & COST TODAY${data.today.day ? ` (${data.today.day} UTC)` : ''}`);
  const t = data.today;
  // Without a time no record is today's: zeros would read as a day without spend.
  if (!t.day && data.records > 0) line(p.paint('the records have no timestamp: none can be counted as today\'s', 'dim'));
  else {
    // Wrapped between the numbers, never through one.
    // Cache reads and writes are parts of the prompt tokens, shown only for logs that have them.
    const cached = t.cacheReadTokens + t.cacheWriteTokens > 0 ? [`(cache read ${formatInt(t.cacheReadTokens)}, written ${formatInt(t.cacheWriteTokens)})`] : [];
    const tokens = [`Prompt: ${formatInt(t.tokensIn)}`, ...cached, `Completion: ${formatInt(t.tokensOut)}`, `Total: ${formatInt(t.tokensIn + t.tokensOut)}`];
    for (const row of wrap(tokens, inner, '   ')) line(row);
    const calls = `${formatInt(t.unpricedCalls)} call${t.unpricedCalls === 1 ? '' : 's'} without a known cost`;
    // No call has a price: the cost is unknown, not $0 (as the rollups leave cost_usd empty).
    const unpriced = t.unpricedCalls > 0 ? p.paint(`   ${calls}${t.costUsd === null ? '' : ', not counted'}`, 'yellow') : '';
    line(`Cost: ${t.costUsd === null ? '–' : formatUsd(t.costUsd)}${unpriced}`);
  }

  // ---- workflows ----
  rule('WORKFLOWS');
  if (data.workflows.length === 0) line(p.paint('no finished workflow runs in range', 'dim'));
  else {
    const nameWidth = inner - 44;
    line(p.paint(padEnd('workflow', nameWidth) + padStart('runs', 7) + padStart('ok', 7) + padStart('failed', 8) + padStart('success', 10) + padStart('p95', 12), 'dim'));
    for (const w of data.workflows) {
      const success = w.runs > 0 ? w.success / w.runs : 0;
      const failed = padStart(formatInt(w.failed), 8);
      const rate = padStart(formatPercent(success, 0), 10);
      line(
        padEnd(truncate(safeText(w.workflow), nameWidth - 1), nameWidth) +
          padStart(formatInt(w.runs), 7) +
          padStart(formatInt(w.success), 7) +
          (w.failed > 0 ? p.paint(failed, 'red') : failed) +
          p.paint(rate, success >= 0.95 ? 'green' : success >= 0.8 ? 'yellow' : 'red') +
          padStart(formatMs(w.p95Ms), 12),
      );
    }
    if (data.hidden.workflows > 0) line(p.paint(more(data.hidden.workflows, 'workflow', 'workflows', 'query workflows'), 'dim'));
  }

  // ---- file operations ----
  rule('FILE OPERATIONS');
  if (data.fileOps.length === 0) line(p.paint('no file operations in range', 'dim'));
  else {
    const parts = data.fileOps.map((f) => {
      const errors = f.errors > 0 ? p.paint(`${formatInt(f.errors)} failed`, 'red') : '0 failed';
      return `${safeText(f.op)} ${formatInt(f.count)} (${errors}${f.bytes > 0 ? `, ${formatBytes(f.bytes)}` : ''})`;
    });
    if (data.hidden.fileOps > 0) parts.push(p.paint(more(data.hidden.fileOps, 'operation', 'operations', 'query file_ops'), 'dim'));
    for (const row of wrap(parts, inner, '   ')) line(row);
  }

  // ---- rejects ----
  rule('REJECTED LINES');
  if (data.rejects.length === 0) line('none');
  else {
    const parts = data.rejects.map((r) => {
      const text = `${r.reason} ${formatInt(r.count)}`;
      return r.reason === 'empty' ? p.paint(text, 'dim') : p.paint(text, 'yellow');
    });
    for (const row of wrap(parts, inner, '   ')) line(row);
  }
  out.push('└' + '─'.repeat(width - 2) + '┘');
  return out.join('\n') + '\n';
}

/** "+3 more models (logmeter query latency --by model)": the rows a section left out, and where they are. */
function more(n: number, one: string, many: string, command: string): string {
  return `+${formatInt(n)} more ${n === 1 ? one : many} (logmeter ${command})`;
}

function rangeText(data: DashboardData): string {
  const fmt = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const span = (from: string, to: string) => `${fmt(from)} → ${from.slice(0, 10) === to.slice(0, 10) ? fmt(to).slice(11) : fmt(to)} UTC`;
  if (data.since && data.now) return span(data.since, data.now);
  if (data.firstTs && data.lastTs) return span(data.firstTs, data.lastTs);
  // Records without a time still count (the line below says how many): only the range is unknown.
  return data.records > 0 ? 'no timestamps' : 'no records';
}

function bucketLabel(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return `${seconds / 60}m`;
}

/** Pads or cuts a (possibly coloured) line to exactly `width` columns. */
function fit(text: string, width: number): string {
  const w = displayWidth(text);
  if (w <= width) return text + ' '.repeat(width - w);
  // Coloured text is only ever the short parts; cut the plain remainder.
  return truncate(text.replace(/\x1b\[[0-9;]*m/g, ''), width);
}

/** Joins parts with a separator into lines no wider than `width`. */
function wrap(parts: readonly string[], width: number, sep: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const part of parts) {
    const candidate = current ? current + sep + part : part;
    if (current && displayWidth(candidate) > width) {
      lines.push(current);
      current = part;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines;
}

