// How results read wherever they are shown (table, JUnit, annotations, markdown): a group as
// `model=gpt-4o`, numbers with separators, a threshold with its baseline, one sentence per result.

import { humanNumber } from '../../output/render.js';
import { messages } from '../../messages.js';
import type { GroupResult, RuleResult, Status } from '../evaluate.js';

export const STATUS_MARK: Readonly<Record<Status, string>> = { pass: '✓', warn: '!', fail: '✗' };

export function formatValue(value: number | null): string {
  return value === null ? messages.checkNoValue() : humanNumber(value);
}

/** Every digit of a number (0.0000999, 1,234.5678): a threshold as the user wrote it. */
export function exactNumber(value: number): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { maximumSignificantDigits: 21 }) : String(value);
}

/**
 * `value` rounded as humanNumber does, unless the rounding would make it read as equal to `other`
 * or on the wrong side of it ("0.05, must be < 0.05" for 0.0500025): then with as many
 * significant digits as it takes to show the difference.
 */
export function distinguishedNumber(value: number, other: number | null): string {
  const shown = humanNumber(value);
  if (other === null || !Number.isFinite(value) || !Number.isFinite(other)) return shown;
  const side = Math.sign(value - other);
  const reads = (text: string) => Math.sign(Number(text.replaceAll(',', '')) - other) === side;
  if (reads(shown)) return shown;
  for (let digits = 2; digits <= 17; digits++) {
    const text = value.toLocaleString('en-US', { maximumSignificantDigits: digits });
    if (reads(text)) return text;
  }
  return exactNumber(value);
}

/** The observed value, told apart from the threshold it is compared with. */
export function formatObserved(result: GroupResult): string {
  return result.observed === null ? messages.checkNoValue() : distinguishedNumber(result.observed, result.threshold);
}

/** `model=gpt-4o, day=2026-03-02`; empty without `by`. */
export function formatGroup(group: Readonly<Record<string, unknown>>): string {
  return Object.entries(group)
    .map(([k, v]) => `${k}=${v === null || v === undefined ? messages.checkNullGroup() : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/**
 * `< 1,000` (a written threshold, every digit as written), or `< 1,200 (baseline 1,000 * 1.2)`
 * (a derived one, rounded unless the rounding hides its difference from the observed value).
 */
export function formatThreshold(result: GroupResult, rule: RuleResult): string {
  const formula = rule.baseline_formula;
  if (formula === null) return `${result.op} ${result.threshold === null ? messages.checkNoValue() : exactNumber(result.threshold)}`;
  if (result.baseline === null || result.threshold === null) return `${result.op} ${formula}`;
  const threshold = distinguishedNumber(result.threshold, result.observed);
  return `${result.op} ${threshold} (${formula.replace('baseline', `baseline ${humanNumber(result.baseline)}`)})`;
}

/** Milliseconds as the shortest exact duration: 300000 -> 5m, 5400000 -> 1h30m. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  let rest = ms;
  const parts: string[] = [];
  for (const [unit, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || '0s';
}

/** One sentence saying why a result has its status. */
export function resultSentence(result: GroupResult, rule: RuleResult, baselineLabel?: string): string {
  if (result.no_data_reason === 'no_baseline') return messages.checkNoBaseline(baselineLabel, rule.on_no_data);
  if (result.no_data) return messages.checkNoSamples(rule.on_no_data);
  const observed = formatObserved(result);
  const threshold = formatThreshold(result, rule);
  const w = result.window;
  if (w) {
    const longest = w.longest_breach;
    const needed = formatDuration(w.for_ms);
    const worst = messages.checkWindowWorst(observed, w.every, shortTime(w.worst_bucket?.from ?? ''));
    if (!longest) return `${worst}; ${messages.checkWindowNeverBreached()}`;
    const lasted = formatDuration(longest.buckets * w.every_ms);
    return result.breached
      ? `${worst}; ${messages.checkWindowBreached(lasted, needed, shortTime(longest.from), shortTime(longest.to), threshold)}`
      : `${worst}; ${messages.checkWindowHeld(lasted, needed)}`;
  }
  return result.breached ? messages.checkBreached(observed, threshold, result.samples) : messages.checkHeld(observed, threshold, result.samples);
}

/** 2026-03-02T10:05:00.000Z -> 2026-03-02T10:05:00Z */
function shortTime(iso: string): string {
  return iso.replace(/\.000Z$/, 'Z');
}

/** `HighLatency [model=gpt-4o]` */
export function resultTitle(rule: RuleResult, result: GroupResult): string {
  const group = formatGroup(result.group);
  return group ? `${rule.name} [${group}]` : rule.name;
}
