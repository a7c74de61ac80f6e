// How numbers and times read on the page. Headline numbers are exact, with thousands separators;
// an abbreviation (7.5M) may sit beside one but never replaces it.

import { humanNumber } from '../output/render.js';

/** Exact: 7486581 -> "7,486,581"; 0.21880125 -> "0.2188"; null -> "–". */
export function exact(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  const n = Number(value);
  return Number.isFinite(n) ? humanNumber(n) : String(value);
}

/** 7486581 -> "7.5M", for numbers of 10,000 and more; otherwise undefined (the exact one says it). */
export function abbreviation(value: unknown): string | undefined {
  const n = Number(value);
  if (!Number.isFinite(n) || Math.abs(n) < 10_000) return undefined;
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of units) {
    if (Math.abs(n) >= size) return `${(n / size).toFixed(Math.abs(n) / size >= 100 ? 0 : 1).replace(/\.0$/, '')}${suffix}`;
  }
  return undefined;
}

export function usd(value: unknown): string {
  if (value === null || value === undefined) return '–';
  const n = Number(value);
  return n < 0 ? `-$${exact(-n)}` : `$${exact(n)}`;
}

/**
 * 0.0865 -> "8.65%". Never rounded into what did not happen: one failed run in 20,001 is
 * ">99.99%", not "100%", and one error in ten million records "<0.001%", not "0%".
 */
export function percent(value: unknown): string {
  if (value === null || value === undefined) return '–';
  const n = Number(value) * 100;
  if (!Number.isFinite(n)) return '–';
  const places = n !== 0 && Math.abs(n) < 1 ? 3 : 2;
  const text = n.toLocaleString('en-US', { maximumFractionDigits: places });
  if (n > 0 && text === '0') return `<${(10 ** -places).toFixed(places)}%`;
  if (n < 100 && text === '100') return `>${(100 - 10 ** -places).toFixed(places)}%`;
  return `${text}%`;
}

/** A duration for people: 4156666 ms -> "1h 9m 17s"; under a minute keeps a decimal. */
export function duration(ms: unknown): string {
  if (ms === null || ms === undefined) return '–';
  let n = Number(ms);
  if (!Number.isFinite(n)) return '–';
  if (n < 1000) return `${exact(n)} ms`;
  if (n < 60_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  n = Math.round(n / 1000);
  const d = Math.floor(n / 86_400);
  const h = Math.floor((n % 86_400) / 3600);
  const m = Math.floor((n % 3600) / 60);
  const s = n % 60;
  const parts = d > 0 ? [[d, 'd'], [h, 'h'], [m, 'm']] : h > 0 ? [[h, 'h'], [m, 'm'], [s, 's']] : [[m, 'm'], [s, 's']];
  return parts
    .filter(([v], i) => i === 0 || v !== 0)
    .map(([v, u]) => `${v}${u}`)
    .join(' ');
}

/** "2026-03-02T10:00:00.000Z" -> "2026-03-02 10:00:00 UTC". */
export function utcTime(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}
