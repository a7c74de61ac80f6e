// Terminal text helpers for the dashboard: display width, padding, truncation, colour, and
// making logged text safe to print (a log line must not be able to move the cursor or recolour
// the screen). Pure.

import { significantPlaces } from '../output/render.js';
import { terminalText } from '../output/terminal-text.js';

const ANSI = /\x1b\[[0-9;]*m/g;

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';
const CODES: Record<Style, string> = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' };

export interface Painter {
  readonly color: boolean;
  paint(text: string, style: Style): string;
}

export function painter(color: boolean): Painter {
  return { color, paint: (text, style) => (color && text ? `\x1b[${CODES[style]}m${text}\x1b[0m` : text) };
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything but empty. */
export function wantsColor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

/** Logged text with control characters (ESC, CR, tabs, C1) and bidi controls replaced, on one line. */
export function safeText(text: string): string {
  return terminalText(text);
}

function charWidth(cp: number): number {
  if (cp === 0x200b || (cp >= 0x300 && cp <= 0x36f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Columns a string takes on a terminal, colour codes excluded. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text.replace(ANSI, '')) w += charWidth(ch.codePointAt(0) as number);
  return w;
}

/** Cuts plain text to at most `width` columns, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0) as number);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

const BARS = '▁▂▃▄▅▆▇█';

/** One bar per value, scaled from 0 to the largest value; all zero draws the lowest bar. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) => {
      if (!(max > 0) || !(v > 0)) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.max(1, Math.round((v / max) * (BARS.length - 1))))];
    })
    .join('');
}

export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 0.063 ms, 850 ms, 2.1 s, 3.4 min, 1.2 h. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  // Under a millisecond (a task that returns at once, a cached read), two digits rather than "0 ms".
  if (ms > 0 && ms < 1) return `${Number(ms.toPrecision(2))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatRate(perMinute: number): string {
  if (perMinute === 0) return '0';
  if (perMinute >= 100) return formatInt(perMinute);
  if (perMinute >= 10) return perMinute.toFixed(1).replace(/\.0$/, '');
  return perMinute.toFixed(2).replace(/\.?0+$/, '') || '0';
}

/**
 * $0.0123, $1.234, $1,234.57: thousands separators as the report shows them. Below $1 it keeps as
 * many places as the report (three significant digits, src/output/render.ts), at least four: four
 * alone showed a call priced $0.00012 as $0.0001 beside the report's $0.00012.
 */
export function formatUsd(usd: number): string {
  const digits = usd >= 100 ? 2 : usd >= 1 ? 3 : 4;
  const abs = Math.abs(usd);
  const most = abs > 0 && abs < 1 ? Math.max(digits, Math.min(20, significantPlaces(abs))) : digits;
  return '$' + usd.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: most });
}

/**
 * A share (0..1) as a percentage with `places` decimals that never rounds away what happened: one
 * failed run in 400 is ">99%", not "100%", and 2 errors in 10,400 records "<0.1%", not "0.0%".
 */
export function formatPercent(fraction: number, places: number): string {
  const text = (fraction * 100).toFixed(places);
  const step = 10 ** -places;
  if (fraction > 0 && Number(text) === 0) return `<${step.toFixed(places)}%`;
  if (fraction < 1 && Number(text) === 100) return `>${(100 - step).toFixed(places)}%`;
  return `${text}%`;
}
