// How results read wherever they are shown (table, JUnit, annotations, markdown): a group as
// `model=gpt-4o`, numbers with separators, a threshold with its baseline, one sentence per result.

import { humanNumber } from '../../output/render.js';
import { messages } from '../../messages.js';
import type { GroupResult, RuleResult, Status } from '../evaluate.js';

export const STATUS_MARK: Readonly<Record<Status, string>> = { pass: '✓', warn: '!', fail: '✗' };

export function formatValue(value: number | null): string {
  return value === null ? messages.checkNoValue() : humanNumber(value);
}

/** `model=gpt-4o, day=2026-03-02`; empty without `by`. */
export function formatGroup(group: Readonly<Record<string, unknown>>): string {
  return Object.entries(group)
    .map(([k, v]) => `${k}=${v === null || v === undefined ? messages.checkNullGroup() : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/** `< 1,000`, or `< 1,200 (baseline 1,000 * 1.2)`. */
export function formatThreshold(result: GroupResult, rule: RuleResult): string {
  const formula = rule.baseline_formula;
  if (formula === null) return `${result.op} ${formatValue(result.threshold)}`;
  if (result.baseline === null) return `${result.op} ${formula}`;
  return `${result.op} ${formatValue(result.threshold)} (${formula.replace('baseline', `baseline ${humanNumber(result.baseline)}`)})`;
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
  const observed = formatValue(result.observed);
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
