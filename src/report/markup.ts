// Small builders for the page's markup: tiles, headline numbers, tables, chart cards. Every piece
// of text goes through escape.ts here, so sections.ts only ever joins markup these return.

import { html, safeSvg } from './escape.js';
import { abbreviation, exact } from './format.js';
import type { BuiltChart, Row } from './charts.js';

/** A headline number: exact text, the raw value for tests and scrapers, and an abbreviation beside. */
export function metric(key: string, value: unknown, text = exact(value), options: { abbreviate?: boolean } = {}): string {
  const abbr = options.abbreviate === false ? undefined : abbreviation(value);
  const raw = value === undefined ? null : value;
  return (
    `<span data-metric="${html(key)}" data-value="${html(JSON.stringify(raw))}">${html(text)}</span>` +
    (abbr ? `<span class="abbr" aria-hidden="true">${html(abbr)}</span>` : '')
  );
}

/**
 * One logged value inside a sentence, bidirectionally isolated: an RTL override (U+202E) in a model
 * name reorders that name only, not the names and words after it.
 */
export function isolated(text: unknown): string {
  return `<bdi>${html(text)}</bdi>`;
}

/**
 * `text` isolated as `isolated` does, cut to `max` characters with an ellipsis when longer and whole
 * in a tooltip: a tile has no room for a 500-character model name that a table would clamp.
 */
export function isolatedShort(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return isolated(text);
  return `<bdi title="${html(text)}">${html(chars.slice(0, max - 1).join(''))}…</bdi>`;
}

export interface TileInput {
  readonly id: string;
  readonly title: string;
  /** Markup for the big value line. */
  readonly value?: string;
  /** Label/markup pairs shown as a small table. */
  readonly rows?: readonly (readonly [string, string])[];
  /** Markup for the line under the value. */
  readonly sub?: string;
  /** Markup placed at the bottom (a sparkline). */
  readonly extra?: string;
  /** 2: the tile takes two columns. */
  readonly span?: 2;
}

export function tile(t: TileInput): string {
  const wide = t.span === 2 ? ' span2' : '';
  const parts = [`<div class="tile${wide}" data-tile="${html(t.id)}">`, `<h3>${html(t.title)}</h3>`];
  if (t.value !== undefined) parts.push(`<div class="value">${t.value}</div>`);
  // Rows and the small print are narrow: their numbers stand alone, without the abbreviation metric() adds.
  const bare = (markup: string) => markup.replace(/<span class="abbr" aria-hidden="true">[^<]*<\/span>/g, '');
  if (t.rows) parts.push(`<dl>${t.rows.map(([label, value]) => `<dt>${html(label)}</dt><dd>${bare(value)}</dd>`).join('')}</dl>`);
  if (t.sub !== undefined) parts.push(`<div class="sub">${bare(t.sub)}</div>`);
  if (t.extra !== undefined) parts.push(t.extra);
  parts.push('</div>');
  return parts.join('');
}

export function tiles(items: readonly string[]): string {
  return `<div class="tiles">${items.join('\n')}</div>`;
}

export function noData(text: string): string {
  return `<p class="nodata">${html(text)}</p>`;
}

export interface Column {
  readonly title: string;
  /** `num` right-aligns; `code` is monospace; `text` wraps. */
  readonly kind?: 'num' | 'code' | 'text';
  /** Markup for the cell (use html() for text). */
  readonly cell: (row: Row) => string;
}

export function table(columns: readonly Column[], rows: readonly Row[], attributes = ''): string {
  const head = columns.map((c) => `<th${c.kind === 'num' ? ' class="num"' : ''}>${html(c.title)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${columns.map((c) => `<td${c.kind ? ` class="${c.kind}"` : ''}>${clamped(c, c.cell(row))}</td>`).join('')}</tr>`)
    .join('\n');
  // A table wider than its card (the 11 columns of "Per model" on a narrow screen) scrolls inside
  // the card instead of making the whole page scroll sideways.
  return `<div class="table-scroll"><table class="data"${attributes}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** Past this many characters a text cell is clamped to a few lines, its whole text in a tooltip. */
const CLAMP_CHARS = 240;

/**
 * A text or code cell whose value is long: a 3000-character path would otherwise take a screen.
 * The markup's text is already escaped (html()), so with its tags removed it is a safe attribute value.
 */
function clamped(column: Column, markup: string): string {
  if (column.kind !== 'text' && column.kind !== 'code') return markup;
  const text = markup.replace(/<[^>]*>/g, '');
  if (text.length <= CLAMP_CHARS) return markup;
  return `<div class="clamp" title="${text}">${markup}</div>`;
}

export function card(title: string, caption: string | undefined, body: string, options: { wide?: boolean; id?: string } = {}): string {
  const id = options.id ? ` id="${html(options.id)}"` : '';
  return (
    `<div class="card${options.wide ? ' wide' : ''}"${id}><h3>${html(title)}</h3>` +
    (caption ? `<p class="caption">${html(caption)}</p>` : '') +
    `${body}</div>`
  );
}

/** A chart's live container plus its <noscript> fallback: vega's static SVG, else a data table. */
export function chartView(chart: Extract<BuiltChart, { kind: 'chart' }>, svg: string | undefined): string {
  const id = chart.meta.id;
  const fallback = (svg && safeSvg(svg)) ?? fallbackTable(chart.rows);
  return (
    `<div class="chart" data-chart="${html(id)}" role="img" aria-label="${html(chart.meta.title)}"></div>` +
    `<noscript><div class="chart static">${fallback}</div></noscript>`
  );
}

/** Chart cards for a section: no-data lines in place of charts that have nothing to draw. */
export function chartCard(chart: BuiltChart, svg: string | undefined): string {
  const m = chart.meta;
  const body = chart.kind === 'chart' ? chartView(chart, svg) : noData(m.noData);
  return card(m.title, chart.kind === 'chart' ? m.caption : undefined, body, { wide: m.wide, id: `chart-${m.id}` });
}

const FALLBACK_ROWS = 60;

function fallbackTable(rows: readonly Row[]): string {
  const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== 'bucket_seconds');
  const shown = rows.slice(0, FALLBACK_ROWS);
  const t = table(
    columns.map((c) => ({
      title: c,
      kind: shown.every((r) => typeof r[c] === 'number' || r[c] === null) ? ('num' as const) : ('text' as const),
      cell: (r: Row) => html(typeof r[c] === 'number' ? exact(r[c]) : (r[c] ?? '')),
    })),
    shown,
  );
  return rows.length > FALLBACK_ROWS ? `${t}<p class="caption">${html(`first ${FALLBACK_ROWS} of ${exact(rows.length)} rows`)}</p>` : t;
}
