// Errors that point into the expression the user typed: the message, the expression, and a caret
// under the offending part. Also the "did you mean" search shared by columns, metrics and aggregates.

import { UsageError } from '../errors.js';
import { messages } from '../messages.js';

/** Half-open range [start, end) of UTF-16 offsets into the source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** A UsageError (exit 2) quoting `source` with carets under `at`. */
export function expressionError(source: string, at: Span, problem: string): UsageError {
  // Tabs and line breaks would shift the caret line, so show them as spaces (same width).
  const shown = source.replace(/[\t\n\r\v\f]/g, ' ');
  const start = Math.min(at.start, shown.length);
  const width = Math.max(1, Math.min(at.end, shown.length) - start);
  return new UsageError(messages.expressionProblem(problem, shown, start, width));
}

/**
 * Levenshtein distance, counting a swap of two adjacent letters as one edit (optimal string
 * alignment), so `modle` is one edit from `model`, as a typist would judge it.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo: at most a third
 * of the word's length in edits (at least one), compared case-insensitively.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const needle = word.toLowerCase();
  const limit = Math.max(1, Math.floor(needle.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
