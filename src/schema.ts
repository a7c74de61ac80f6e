// The canonical contract: the `events` and `rejects` tables that queries, rules and users rely on.
// Column names here are the single source of truth for the filter language, `--by`, and the DDL.

export type ColumnType = 'TIMESTAMPTZ' | 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'JSON';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly description: string;
  /**
   * The compression a new database file stores the column with, where DuckDB's own choice is worse:
   * for attrs (the whole record as JSON) it tries each method on every segment and picks FSST; ZSTD
   * (DuckDB 1.2's storage format, db.ts) writes it faster and in half the space (docs/PERFORMANCE.md).
   */
  readonly compression?: 'zstd';
}

export const EVENT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'ts', type: 'TIMESTAMPTZ', description: 'event time in UTC; NULL when the record has none' },
  { name: 'level', type: 'VARCHAR', description: 'trace, debug, info, warn, error or fatal' },
  { name: 'event', type: 'VARCHAR', description: "the record's type as logged (msg, event, eventName, ...)" },
  { name: 'message', type: 'VARCHAR', description: 'the human message when it is separate from the event' },
  { name: 'kind', type: 'VARCHAR', description: 'llm_call, request, file_op, workflow, session, metric or other' },
  { name: 'method', type: 'VARCHAR', description: 'HTTP or RPC method of a request' },
  { name: 'route', type: 'VARCHAR', description: 'request path with ids templated ({id})' },
  { name: 'metric', type: 'VARCHAR', description: 'metric name of a metric sample' },
  { name: 'value', type: 'DOUBLE', description: 'value of a metric sample' },
  { name: 'service', type: 'VARCHAR', description: 'service or logger name' },
  { name: 'host', type: 'VARCHAR', description: 'host name' },
  { name: 'session_id', type: 'VARCHAR', description: 'session id' },
  { name: 'workflow', type: 'VARCHAR', description: "workflow's type or name" },
  { name: 'workflow_id', type: 'VARCHAR', description: "workflow's run id" },
  { name: 'agent', type: 'VARCHAR', description: 'agent name' },
  { name: 'provider', type: 'VARCHAR', description: 'LLM provider' },
  { name: 'model', type: 'VARCHAR', description: 'LLM model' },
  { name: 'tokens_in', type: 'BIGINT', description: 'prompt / input tokens, all of them: cache reads and writes included' },
  { name: 'tokens_out', type: 'BIGINT', description: 'completion / output tokens' },
  { name: 'cost_usd', type: 'DOUBLE', description: 'cost stated by the log itself' },
  { name: 'duration_ms', type: 'DOUBLE', description: 'duration in milliseconds' },
  { name: 'ok', type: 'BOOLEAN', description: 'FALSE when a failure signal is present' },
  { name: 'status', type: 'VARCHAR', description: 'status as logged' },
  { name: 'error', type: 'VARCHAR', description: "the error's message, type or code" },
  { name: 'op', type: 'VARCHAR', description: 'file operation: read, write, delete, mkdir, ...' },
  { name: 'path', type: 'VARCHAR', description: 'file path of a file operation' },
  { name: 'bytes', type: 'BIGINT', description: 'bytes read or written' },
  { name: 'lines_changed', type: 'BIGINT', description: 'lines of code changed' },
  { name: 'source', type: 'VARCHAR', description: 'input the record came from (a path, or -)' },
  { name: 'line', type: 'BIGINT', description: '1-based line number in the source' },
  { name: 'attrs', type: 'JSON', description: 'the record as logged, so every field stays queryable', compression: 'zstd' },
  // Added after database files existed: last, so a new file and an old one given the columns
  // (ADDED_EVENT_COLUMNS) have the same column order.
  { name: 'cache_read_tokens', type: 'BIGINT', description: 'the input tokens read from a prompt cache (part of tokens_in)' },
  { name: 'cache_write_tokens', type: 'BIGINT', description: 'the input tokens written to a prompt cache (part of tokens_in)' },
  { name: 'cache_write_1h_tokens', type: 'BIGINT', description: 'the part of cache_write_tokens written to a 1-hour prompt cache' },
];

/**
 * Events columns a database file written by an older logmeter lacks: `ingest` adds them to the file,
 * and a reading command sees them as NULL (db.ts).
 */
export const ADDED_EVENT_COLUMNS: readonly string[] = ['cache_read_tokens', 'cache_write_tokens', 'cache_write_1h_tokens'];

/**
 * The events columns the sections of the summary read: all but attrs (only the `system` rollup and
 * `metrics` read it), host, service and route (only the report's Requests section, `query
 * --by/--where` and `metrics` do). Piped logs fill only these, so a large input is neither kept a second time (attrs
 * holds every line) nor mapped for nothing: the route alone is a regex per request. The page and the
 * dashboard are those of a database with every column (test/report/attrs.test.ts).
 */
export const SECTION_COLUMNS: ReadonlySet<string> = new Set(
  EVENT_COLUMNS.map((c) => c.name).filter((name) => !['attrs', 'host', 'service', 'route'].includes(name)),
);

/** The columns the report's sections read: the summary's, and the route its Requests section groups by. */
export const REPORT_COLUMNS: ReadonlySet<string> = new Set([...SECTION_COLUMNS, 'route']);

export const REJECT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'source', type: 'VARCHAR', description: 'input the line came from' },
  { name: 'line', type: 'BIGINT', description: '1-based line number' },
  { name: 'reason', type: 'VARCHAR', description: 'why the line yields no record' },
  { name: 'bytes', type: 'BIGINT', description: 'length of the line in bytes' },
  { name: 'sample', type: 'VARCHAR', description: 'first 256 bytes, with invalid bytes escaped' },
];

export const REJECT_REASONS = ['invalid_json', 'not_an_object', 'invalid_utf8', 'too_long', 'no_match', 'empty'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const KINDS = ['llm_call', 'request', 'file_op', 'workflow', 'session', 'metric', 'other'] as const;
export type Kind = (typeof KINDS)[number];

export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

export function eventColumn(name: string): ColumnSpec | undefined {
  return EVENT_COLUMNS.find((c) => c.name === name);
}
