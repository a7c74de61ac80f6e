// `logmeter formats`: the formats logmeter detects; with --explain FILE, how that file is read: the
// detected format (and text layout), the configuration in force, the lines accounted for, the key
// paths that fed each canonical column and how many records got a value, and the lines that did not
// match. The tool to reach for when a number looks wrong.
//   1. read     the files into an in-memory database, with the configuration (ingest, as always)
//   2. gather   per source: its summary, one count per column, its first rejects (queries/ingest/explain-*.sql)
//   3. render   text, or JSON with --json

import type { DateOrder } from '../ingest/date-order.js';
import { relative } from 'node:path';
import type { IO } from '../cli/io.js';
import { write } from '../cli/io.js';
import { configIngestOptions, loadConfig } from '../config/load.js';
import { Database } from '../db.js';
import { ingest, type SourceSummary } from '../ingest/load.js';
import { FORMATS, formatByName } from '../ingest/formats/index.js';
import type { Slot } from '../ingest/aliases.js';
import { messages } from '../messages.js';
import { readSqlFile } from '../sql-files.js';
import { listValue } from '../db.js';
import { safeText } from '../summary/text.js';

export interface FormatsOptions {
  /** Files to explain; none lists the formats. */
  readonly explain: readonly string[];
  readonly format?: string;
  readonly tz?: string;
  readonly dateOrder?: DateOrder;
  readonly config?: string;
  /** As ingest's --max-line-bytes, so that an ingest with another limit can be explained. */
  readonly maxLineBytes?: number;
  /** At most this many unmatched lines per source. */
  readonly limit: number;
  readonly json: boolean;
}

export interface ColumnExplanation {
  /** The logged key paths that feed the column, first found wins; a unit when it is not ms. */
  readonly from: string[];
  /** Records of the source with a value in the column. */
  readonly filled: number;
}

export interface SourceExplanation {
  readonly source: string;
  readonly format: string;
  readonly description: string;
  readonly layout?: string;
  readonly wrapping?: 'prefixed' | 'docker' | 'journald' | 'prefixed-text' | 'docker-text';
  /** Lines read without the terminal colour codes (escape sequences) they held; absent when none. */
  readonly terminal_code_lines?: number;
  /** Top-level keys some lines name twice, read at their last value; absent when none. */
  readonly repeated_keys?: string[];
  readonly config?: string;
  readonly patterns: number;
  readonly lines: number;
  readonly records: number;
  readonly record_lines?: number;
  readonly continuation_lines: number;
  readonly rejects: number;
  readonly columns: Record<string, ColumnExplanation>;
  /** Lines that did not match, empty ones left out; the first `--limit` of them in `unmatched`. */
  readonly unmatched_lines: number;
  readonly unmatched: { line: number; reason: string; sample: string }[];
  /** Records that hold a value under a time key and have no time: the first one's line, key and value. */
  readonly unread_times: { records: number; line?: number; key?: string; sample?: string };
}

/**
 * Which slots feed each canonical column, in the order the projection tries them. A slot's unit (or
 * how its value is read) is shown beside its paths when it is not plain.
 */
const COLUMN_SLOTS: readonly (readonly [string, readonly (readonly [Slot, string?])[]])[] = [
  ['ts', [['ts'], ['ts_epoch_second', 'epoch seconds'], ['end_time', 'end time'], ['start_time', 'start time']]],
  ['level', [['level'], ['severity_number', 'OTel severity number'], ['clef_template', 'Serilog CLEF: info without @l'], ['syslog_levels', 'GELF, journald: syslog level numbers']]],
  ['event', [['event']]],
  ['message', [['message']]],
  ['method', [['method'], ['request_line', 'request line']]],
  ['route', [['route'], ['request_line', 'request line'], ['path', 'request path']]],
  ['metric', [['metric'], ['name', 'when the event announces a metric']]],
  ['value', [['value']]],
  ['service', [['service']]],
  ['host', [['host']]],
  ['session_id', [['session_id']]],
  ['workflow', [['workflow']]],
  ['workflow_id', [['workflow_id']]],
  ['agent', [['agent']]],
  ['provider', [['provider']]],
  ['model', [['model']]],
  ['tokens_in', [['tokens_in'], ['cache_read_outside', '+ Anthropic cache reads'], ['cache_write_outside', '+ Anthropic cache writes']]],
  ['tokens_out', [['tokens_out']]],
  ['cost_usd', [['cost_usd']]],
  ['duration_ms', [['duration_ms', 'ms'], ['duration_s', 's'], ['duration_us', 'us'], ['duration_ns', 'ns'], ['duration_any', 'unit in the value, else ms'], ['start_time', 'end - start'], ['end_time', 'end - start']]],
  ['ok', [['success'], ['status', 'failure word'], ['http_status', 'HTTP status'], ['error', 'error present']]],
  ['status', [['status'], ['http_status']]],
  ['error', [['error']]],
  ['op', [['op']]],
  ['path', [['path']]],
  ['bytes', [['bytes']]],
  ['lines_changed', [['lines_changed']]],
  ['cache_read_tokens', [['cache_read'], ['cache_read_outside', 'Anthropic']]],
  ['cache_write_tokens', [['cache_write'], ['cache_write_outside', 'Anthropic']]],
  ['cache_write_1h_tokens', [['cache_write_1h', 'part of cache_write_tokens']]],
];

/** The width of the column names in the table of columns: the longest one's. */
const COLUMN_WIDTH = Math.max(...COLUMN_SLOTS.map(([column]) => column.length));

/** How a column is filled when no logged key feeds it. */
const DERIVED: Readonly<Record<string, string>> = {
  ok: 'true unless a failure signal',
  op: 'from the event name',
  route: 'from the path of a request',
  ts: 'from the start and end times',
  duration_ms: 'from a metric sample or the start and end times',
  tokens_in: 'from a metric sample',
  tokens_out: 'from a metric sample',
  cost_usd: 'from a metric sample',
};

export async function formatsCommand(options: FormatsOptions, io: IO): Promise<SourceExplanation[]> {
  if (options.explain.length === 0) {
    await write(io.stdout, options.json ? formatsJson() : listFormats());
    return [];
  }
  const config = loadConfig({ cwd: io.cwd, file: options.config });
  const db = await Database.open();
  try {
    const summary = await ingest(db, { ...configIngestOptions(config, options.tz, options.dateOrder), inputs: options.explain, stdin: io.stdin, format: options.format, maxLineBytes: options.maxLineBytes });
    const explanations: SourceExplanation[] = [];
    for (const source of summary.sources) {
      const file = config.file === undefined ? undefined : relative(io.cwd, config.file) || config.file;
      explanations.push(await explainSource(db, source, { file, patterns: config.patterns.length, limit: options.limit }));
    }
    await write(io.stdout, options.json ? JSON.stringify(explanations, null, 2) + '\n' : explanations.map(renderExplanation).join('\n'));
    return explanations;
  } finally {
    db.close();
  }
}

/** `formats --json`: each format's name and what it recognises. */
function formatsJson(): string {
  return JSON.stringify(FORMATS.map((f) => ({ name: f.name, description: f.description })), null, 2) + '\n';
}

function listFormats(): string {
  const width = Math.max(...FORMATS.map((f) => f.name.length));
  const lines = [messages.formatsHeader()];
  for (const f of FORMATS) lines.push(`  ${f.name.padEnd(width)}  ${f.description}`);
  lines.push('', messages.formatsFooter());
  return lines.join('\n') + '\n';
}

async function explainSource(
  db: Database,
  source: SourceSummary,
  context: { file: string | undefined; patterns: number; limit: number },
): Promise<SourceExplanation> {
  const counts = (await db.one(readSqlFile('ingest/explain-columns.sql'), { source: source.source })) ?? {};
  const mapping = source.mapping ?? {};
  // Paths the mapping always asks for (error, ok, ...) are shown only where some record has them.
  const used = [...new Set(Object.values(mapping).flat())];
  const present = new Map<string, number>();
  if (used.length > 0) {
    for (const r of await db.all(readSqlFile('ingest/explain-paths.sql'), { source: source.source, paths: listValue(used) })) {
      present.set(String(r.path), Number(r.records));
    }
  }
  const columns: Record<string, ColumnExplanation> = {};
  for (const [column, slots] of COLUMN_SLOTS) {
    const from: string[] = [];
    for (const [slot, note] of slots) {
      for (const path of mapping[slot] ?? []) {
        if (!present.get(path)) continue;
        const shown = displayPath(path) + (note ? ` (${note})` : '');
        if (!from.includes(shown)) from.push(shown);
      }
    }
    columns[column] = { from, filled: countOf(counts, column) };
  }
  const unmatched = await db.all(readSqlFile('ingest/explain-rejects.sql'), { source: source.source, limit: context.limit });
  const unreadTimes = await explainUnreadTimes(db, source.source, mapping.ts ?? []);
  return {
    source: source.source,
    format: source.format,
    description: formatByName(source.format)?.description ?? '',
    ...(source.layout ? { layout: source.layout } : {}),
    ...(source.wrapping ? { wrapping: source.wrapping } : {}),
    ...(source.terminal_code_lines ? { terminal_code_lines: source.terminal_code_lines } : {}),
    ...(source.repeated_keys ? { repeated_keys: source.repeated_keys } : {}),
    ...(context.file ? { config: context.file } : {}),
    patterns: context.patterns,
    lines: source.lines,
    records: source.records,
    ...(source.record_lines !== undefined ? { record_lines: source.record_lines } : {}),
    continuation_lines: source.continuation_lines,
    rejects: source.rejects,
    columns,
    // Counted apart from the listed ones: with --limit 0 none are listed, and they still exist.
    unmatched_lines: Number((await db.one("SELECT count(*) AS n FROM rejects WHERE source = $source AND reason <> 'empty'", { source: source.source }))?.n ?? 0),
    unmatched: unmatched.map((r) => ({ line: Number(r.line), reason: String(r.reason), sample: String(r.sample) })),
    unread_times: unreadTimes,
  };
}

/** A time key present and no time read: the record keeps ts NULL, which nothing else would say. */
async function explainUnreadTimes(db: Database, source: string, paths: readonly string[]): Promise<SourceExplanation['unread_times']> {
  if (paths.length === 0) return { records: 0 };
  const row = await db.one(readSqlFile('ingest/explain-unread-times.sql'), { source, paths: listValue([...paths]) });
  const records = Number(row?.records ?? 0);
  if (records === 0) return { records };
  return { records, line: Number(row?.line), key: displayPath(String(row?.path)), sample: String(row?.sample) };
}

/** count(COLUMNS(*)) names its columns after the expression; find the one for `column`. */
function countOf(counts: Record<string, unknown>, column: string): number {
  for (const [key, value] of Object.entries(counts)) {
    if (key === column || key === `count(${column})` || key === `count("${column}")`) return Number(value);
  }
  return 0;
}

/** `$."usage"."prompt_tokens"` -> `usage.prompt_tokens` (a key with dots inside stays quoted). */
export function displayPath(jsonPath: string): string {
  const segments = [...jsonPath.matchAll(/\."((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1] as string}"`) as string);
  return segments.map((s) => (segments.length > 1 && s.includes('.') ? JSON.stringify(s) : s)).join('.');
}

function renderExplanation(e: SourceExplanation): string {
  const out: string[] = [messages.explainSource(e.source, e.format, e.description)];
  if (e.layout) out.push(messages.explainLayout(e.layout));
  if (e.wrapping) out.push(messages.explainWrapping(e.wrapping));
  if (e.terminal_code_lines) out.push(messages.explainTerminalCodes(e.terminal_code_lines));
  if (e.repeated_keys) out.push(safeText(messages.explainRepeatedKeys(e.repeated_keys)));
  out.push(messages.explainConfig(e.config, e.patterns));
  out.push(messages.explainLines(e.lines, e.records, e.record_lines, e.continuation_lines, e.rejects));
  out.push('', messages.explainMappingHeader(COLUMN_WIDTH));
  for (const [column, c] of Object.entries(e.columns)) {
    const from =
      c.from.length > 0 ? c.from.join(', ') : c.filled > 0 ? messages.explainDerived(DERIVED[column] ?? 'derived') : messages.explainUnmapped();
    out.push(`  ${column.padEnd(COLUMN_WIDTH)} ${String(c.filled).padStart(6)}   ${safeText(from)}`);
  }
  out.push(`  ${'kind'.padEnd(COLUMN_WIDTH)} ${String(e.records).padStart(6)}   ${messages.explainDerived('from the event name and the columns above')}`);
  const unread = e.unread_times;
  if (unread.records > 0) out.push('', safeText(messages.explainUnreadTimes(unread.records, unread.line as number, unread.key as string, unread.sample as string)));
  out.push('', messages.explainRejectsHeader(e.unmatched_lines, e.unmatched.length, e.rejects - e.unmatched_lines));
  // A line's text may hold terminal control sequences: printed as escapes, never run by the terminal.
  for (const r of e.unmatched) out.push(messages.explainReject(r.line, r.reason, safeText(r.sample)));
  return out.join('\n') + '\n';
}
