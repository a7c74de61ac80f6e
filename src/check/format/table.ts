// The human table: one line per rule and group with ✓ (pass), ! (warn) or ✗ (fail), the observed
// value, the threshold, the sample count and a note, then a one-line summary.

import { humanNumber } from '../../output/render.js';
import { messages } from '../../messages.js';
import { terminalText } from '../../output/terminal-text.js';
import type { CheckResult } from '../evaluate.js';
import { formatGroup, formatObserved, formatThreshold, resultSentence, STATUS_MARK } from './describe.js';

export function renderTable(result: CheckResult, baselineLabel?: string): string {
  const header = messages.checkTableHeader();
  const rows: string[][] = [];
  for (const rule of result.rules) {
    for (const r of rule.results) {
      // Observed and threshold have columns; the note explains only what they cannot show.
      const note = r.no_data || r.window ? resultSentence(r, rule, baselineLabel) : '';
      const cells = [
        `${STATUS_MARK[r.status]} ${r.status}`,
        rule.name,
        formatGroup(r.group),
        formatObserved(r),
        formatThreshold(r, rule),
        humanNumber(r.samples),
        note,
      ];
      rows.push(cells.map(oneLine));
    }
  }
  const rightAligned = new Set([3, 5]);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const fill = ' '.repeat((widths[i] ?? 0) - width(cell));
        return rightAligned.has(i) ? fill + cell : cell + fill;
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line), '', messages.checkSummaryLine(result.counts)].join('\n') + '\n';
}

/** Control characters (a line break in a logged model name, say) would break the row. */
function oneLine(text: string): string {
  return terminalText(text);
}

function width(text: string): number {
  return [...text].length;
}
