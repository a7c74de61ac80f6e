// Renders result rows as table, csv, json, ndjson or markdown. Tables are for people: aligned, with
// thousands separators. The machine formats carry raw numbers (fractions to 15 significant digits)
// and ISO timestamps.

import { terminalText } from './terminal-text.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'ndjson', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

export function render(table: Table, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(table.rows, withoutFloatNoise, 2) + '\n';
    case 'ndjson':
      return table.rows.map((r) => JSON.stringify(r, withoutFloatNoise)).join('\n') + (table.rows.length ? '\n' : '');
    case 'csv':
      return [table.columns.map(csvCell).join(','), ...table.rows.map((r) => table.columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
    case 'markdown':
      return renderMarkdown(table);
    case 'table':
      return renderAligned(table);
  }
}

/**
 * Sums of doubles carry noise past the 15th significant digit ($0.000012 ten times sums to
 * 0.00011999999999999999): the machine formats give a fraction at 15 significant digits, as many
 * as a double holds exactly in decimal, so a script reads the 0.00012 the table shows.
 */
export function withoutFloatNoise(_key: string, value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(15)) : value;
}

/** Below this, a fraction is shown in scientific notation: its zeros would fill the column. */
const SCIENTIFIC_BELOW = 1e-9;

/**
 * 1234567.891 -> "1,234,567.89"; integers keep every digit; a fraction below 1 keeps three
 * significant digits (0.00000045, 4.5e-10), so a value that is not zero never reads as 0: a call
 * priced at $0.00000045 is not a silent $0.
 */
export function humanNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs < SCIENTIFIC_BELOW) return value.toPrecision(3).replace(/\.?0+e/, 'e');
  const digits = abs >= 100 ? 2 : abs >= 1 ? 3 : significantPlaces(abs);
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** The decimal places that keep three significant digits of a fraction: 0.00012345 -> 7 (0.000123). */
export function significantPlaces(abs: number): number {
  return 2 - Math.floor(Math.log10(abs)) + 1;
}

export function humanCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return humanNumber(value);
  if (typeof value === 'bigint') return value.toLocaleString('en-US');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function renderAligned(table: Table): string {
  if (table.columns.length === 0) return '';
  const cells = table.rows.map((r) => table.columns.map((c) => oneLine(humanCell(r[c]))));
  const numeric = table.columns.map((c) => table.rows.length > 0 && table.rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === 'number' || typeof r[c] === 'bigint'));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...cells.map((row) => displayWidth(row[i] as string))));
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, (widths[i] as number) - displayWidth(text)));
    return numeric[i] ? fill + text : text + fill;
  };
  const lines = [
    table.columns.map((c, i) => pad(c, i)).join('  ').trimEnd(),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((row) => row.map((cell, i) => pad(cell, i)).join('  ').trimEnd()),
  ];
  return lines.join('\n') + '\n';
}

function renderMarkdown(table: Table): string {
  const lines = [
    '| ' + table.columns.map(markdownCell).join(' | ') + ' |',
    '| ' + table.columns.map(() => '---').join(' | ') + ' |',
    ...table.rows.map((r) => '| ' + table.columns.map((c) => markdownCell(humanCell(r[c]))).join(' | ') + ' |'),
  ];
  return lines.join('\n') + '\n';
}

/**
 * Text for a GitHub-flavoured markdown table cell that renders as itself: a logged `<img src=x>`,
 * `*x*`, backticks or a `[link](…)` pasted into a PR comment or a job summary stay text. CommonMark
 * lets a backslash escape any ASCII punctuation: the backslash itself, `|` (the cell's end), `<`
 * and `&` (HTML and entities), and the emphasis, code, strikethrough and link characters. `_`
 * only emphasises at a word's edge, so `tokens_in` keeps its plain underscore.
 */
export function markdownCell(text: string): string {
  return oneLine(text)
    .replace(/[\\`*~<>&|[\]]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value, withoutFloatNoise) : String(withoutFloatNoise('', value));
  return /[",\r\n]/.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text;
}

function oneLine(text: string): string {
  return terminalText(text);
}

function displayWidth(text: string): number {
  return [...text].length;
}
