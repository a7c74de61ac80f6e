// The ingest summary as people read it on stderr, and as machines read it with --json.

import type { IngestSummary } from '../ingest/load.js';
import { humanNumber } from './render.js';
import { messages } from '../messages.js';

/** The --json document: stable keys, raw numbers. The per-source field mapping is left out. */
export function ingestSummaryJson(summary: IngestSummary): string {
  const sources = summary.sources.map(({ mapping: _mapping, ...rest }) => rest);
  return JSON.stringify({ ...summary, sources }, null, 2) + '\n';
}

export function ingestSummaryText(summary: IngestSummary): string {
  const n = humanNumber;
  const seconds = (summary.elapsed_ms / 1000).toFixed(2);
  const sourceWord = summary.sources.length === 1 ? 'source' : 'sources';
  const out: string[] = [];
  out.push(`read ${n(summary.lines)} line${summary.lines === 1 ? '' : 's'} from ${n(summary.sources.length)} ${sourceWord} in ${seconds} s (${n(summary.lines_per_second)} lines/s)`);
  out.push(`  records   ${n(summary.records)}${recordsNote(summary)}`);
  const reasons = Object.entries(summary.rejects_by_reason).map(([reason, count]) => `${reason} ${n(count)}`);
  out.push(`  rejects   ${n(summary.rejects)}${reasons.length ? `  (${reasons.join(', ')})` : ''}`);
  const formats = Object.entries(summary.formats).map(([f, count]) => (summary.sources.length > 1 ? `${f} (${count})` : f));
  out.push(`  formats   ${formats.join(', ') || '-'}`);
  if (summary.first_ts) {
    out.push(`  time      ${summary.first_ts} .. ${summary.last_ts}`);
    if (summary.records_without_ts > 0) out.push(messages.ingestSomeWithoutTs(summary.records_without_ts, summary.records_with_unreadable_ts));
  } else if (summary.records > 0) {
    out.push(messages.ingestNoneWithTs(summary.records, summary.records_with_unreadable_ts));
  }
  if (summary.sources.length > 1) {
    out.push('  per source:');
    for (const s of summary.sources) {
      out.push(`    ${s.source}  ${s.format}  ${n(s.lines)} lines, ${n(s.records)} records, ${n(s.rejects)} rejects`);
    }
  }
  out.push(...checkpointNotes(summary));
  return out.join('\n') + '\n';
}

/** What the checkpoints changed about this run (incremental ingest), one line per source that needs one. */
function checkpointNotes(summary: IngestSummary): string[] {
  const notes: string[] = [];
  for (const s of summary.sources) {
    // An unchanged source says nothing: the summary's line count already says nothing was new.
    if (s.checkpoint === 'resumed' && (s.lines > 0 || s.previous_name)) notes.push(messages.checkpointResumed(s.source, s.first_line, s.previous_name, s.reread_lines));
    else if (s.checkpoint === 'rotated') notes.push(messages.checkpointRotated(s.source));
    else if (s.checkpoint === 'truncated') notes.push(messages.checkpointTruncated(s.source));
    else if (s.checkpoint === 'full') notes.push(messages.checkpointFull(s.source));
    if (s.held_back_bytes > 0) notes.push(messages.heldBackTail(s.source, s.held_back_bytes));
    if (s.unterminated_bytes) notes.push(messages.unterminatedTail(s.source));
  }
  return notes.map((n) => '  ' + n);
}

/** Where lines and records differ (tracebacks, OTLP requests, documents), say how the lines add up. */
function recordsNote(summary: IngestSummary): string {
  const continuation = summary.sources.reduce((acc, s) => acc + s.continuation_lines, 0);
  const manyPerLine = summary.sources.filter((s) => s.record_lines !== undefined);
  const parts: string[] = [];
  if (continuation > 0) parts.push(`plus ${humanNumber(continuation)} continuation lines (tracebacks, multi-line records)`);
  if (manyPerLine.length > 0) {
    const lines = manyPerLine.reduce((acc, s) => acc + (s.record_lines ?? 0), 0);
    const records = manyPerLine.reduce((acc, s) => acc + s.records, 0);
    parts.push(`${humanNumber(records)} of them from ${humanNumber(lines)} lines holding several records each`);
  }
  return parts.length ? `  (${parts.join('; ')})` : '';
}
