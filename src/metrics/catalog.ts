// What `logmeter metrics` exports: every metric family as data (name, help, type, labels, and the
// SQL source and value column it is computed from). The exporter, the Grafana dashboard and the
// tests all read this one list, so a panel can only name a metric that exists.
//
// Names follow the seeds where they fit (Dream.OS `file_ops_write_total`,
// `file_operation_duration_seconds`; Sidepanel `request_duration_seconds`, `sessions_active`) and
// the OpenTelemetry GenAI semantic conventions for LLM calls (`gen_ai_client_token_usage`,
// `gen_ai_client_operation_duration_seconds`), each under the --prefix.

import type { MetricType } from './exposition.js';
import { KINDS, REJECT_REASONS } from '../schema.js';

/** A SQL file under queries/metrics/ that defines the view lm_obs(l1, l2, l3, col, v, t). */
export type MetricSource =
  | 'events'
  | 'requests'
  | 'llm-calls'
  | 'llm-tokens'
  | 'llm-token-counts'
  | 'file-ops'
  | 'workflows'
  | 'rejects';

/** Which default bucket set a histogram uses (each can be changed with --buckets). */
export type BucketSet = 'request' | 'llm' | 'file' | 'workflow' | 'tokens';

export interface FamilySpec {
  /** The name after the prefix. */
  readonly key: string;
  readonly help: string;
  readonly type: MetricType;
  /** Where the values come from: a SQL source (with `column`), or a `rollup`. */
  readonly source?: MetricSource;
  /** The value column of the source. */
  readonly column?: string;
  /** Label names for the source's positions l1, l2, l3; null drops that position. */
  readonly labels: readonly [string | null, string | null, string | null];
  /** Keep only observations whose label at a position equals a value (the label is then dropped). */
  readonly match?: readonly [string | null, string | null, string | null];
  /**
   * counter/gauge: how observations combine. For a rollup family, 'last' means the rows are latest
   * values: one folded into 'other' by --max-label-values is left out instead of added up.
   */
  readonly aggregate?: 'sum' | 'last' | 'max';
  /** Emit 0 when there is no observation (label-less families only). */
  readonly zeroWhenEmpty?: boolean;
  /** For a family with one label (at l1) over a closed set of values: report every value, 0 when unseen. */
  readonly zeroFill?: readonly string[];
  readonly buckets?: BucketSet;
  /**
   * Computed by a rollup instead (src/rollups), so metrics agree with `logmeter query`: the rollup,
   * its --by, and the column holding the value.
   */
  readonly rollup?: {
    /** A rollup, or a rollup-shaped piece of queries/metrics/ (`metrics/NAME`) that is not listed as one. */
    readonly name: 'cost' | 'budget' | 'system' | 'metrics/sessions-active';
    readonly by?: string;
    /** The section holding the rows, when not the main one. */
    readonly section?: string;
    readonly column: string;
    /** The column that weighs a label value when --max-label-values caps it (default `calls`, else 1 a row). */
    readonly weight?: string;
    /**
     * Run with `now` = the newest record's time: the rollup's own default, given so that its scans
     * can skip what is older (collect.ts). Only for a rollup with no range and no filter.
     */
    readonly atNewestRecord?: boolean;
  };
  /** Only when a budget is configured (logmeter.yml `budget:`); without one the family is left out. */
  readonly needsBudget?: boolean;
}

const NONE: readonly [null, null, null] = [null, null, null];

export const FAMILIES: readonly FamilySpec[] = [
  // ---- all records ----
  { key: 'events_total', type: 'counter', source: 'events', column: 'n', labels: ['kind', null, null], aggregate: 'sum', zeroFill: KINDS,
    help: 'Log records read, by kind (llm_call, request, file_op, workflow, session, metric, other).' },
  { key: 'errors_total', type: 'counter', source: 'events', column: 'failed', labels: ['kind', null, null], aggregate: 'sum', zeroFill: KINDS,
    help: 'Log records that carry a failure signal (ok = false), by kind.' },
  { key: 'last_event_timestamp_seconds', type: 'gauge', source: 'events', column: 'ts_seconds', labels: NONE, aggregate: 'max',
    help: 'Unix time of the newest log record.' },
  { key: 'rejects_total', type: 'counter', source: 'rejects', column: 'n', labels: ['reason', null, null], aggregate: 'sum', zeroFill: REJECT_REASONS,
    help: 'Input lines that yield no record, by reason (empty lines included).' },

  // ---- served requests (Sidepanel seed) ----
  { key: 'requests_total', type: 'counter', source: 'requests', column: 'n', labels: ['method', 'route', 'status'], aggregate: 'sum',
    help: 'Served requests, by method, templated route and status code.' },
  { key: 'request_duration_seconds', type: 'histogram', source: 'requests', column: 'duration_seconds', labels: ['method', 'route', null], buckets: 'request',
    help: 'Duration of served requests in seconds.' },

  // ---- LLM calls (OpenTelemetry GenAI conventions) ----
  { key: 'llm_calls_total', type: 'counter', source: 'llm-calls', column: 'n', labels: ['model', 'provider', 'status'], aggregate: 'sum',
    help: 'LLM calls, by model, provider and status (ok or error).' },
  { key: 'gen_ai_client_operation_duration_seconds', type: 'histogram', source: 'llm-calls', column: 'duration_seconds', labels: ['model', 'provider', 'status'], buckets: 'llm',
    help: 'GenAI operation duration in seconds (OpenTelemetry gen_ai.client.operation.duration).' },
  { key: 'gen_ai_client_token_usage', type: 'histogram', source: 'llm-tokens', column: 'tokens', labels: ['model', 'provider', 'type'], buckets: 'tokens',
    help: 'Tokens used per LLM call, by token type input or output (OpenTelemetry gen_ai.client.token.usage).' },
  { key: 'tokens_total', type: 'counter', source: 'llm-token-counts', column: 'tokens', labels: ['model', 'provider', 'type'], aggregate: 'sum',
    help: 'Tokens used by LLM calls, by token type: input, output, and cache_read and cache_write (the parts of input read from and written to a prompt cache).' },
  { key: 'cost_usd_total', type: 'counter', labels: ['model', 'provider', null],
    rollup: { name: 'cost', by: 'model,provider', column: 'cost_usd' },
    help: "Cost in US dollars of LLM calls: as the log states it, else from the model's price at the call's time; calls without a known cost are in llm_unpriced_calls_total." },
  { key: 'llm_unpriced_calls_total', type: 'counter', labels: ['model', 'provider', null],
    rollup: { name: 'cost', by: 'model,provider', column: 'unpriced_calls' },
    help: 'LLM calls with no logged cost and no known price, or no token counts to price, left out of cost_usd_total.' },

  // ---- file operations (Dream.OS seed) ----
  { key: 'file_ops_total', type: 'counter', source: 'file-ops', column: 'n', labels: ['operation', 'status', null], aggregate: 'sum',
    help: 'File operations attempted, by operation and status (ok or error).' },
  { key: 'file_ops_write_total', type: 'counter', source: 'file-ops', column: 'n', labels: [null, 'status', null], match: ['write', null, null], aggregate: 'sum', zeroWhenEmpty: true,
    help: 'File writes attempted, by status (the Dream.OS name; file_ops_total has every operation).' },
  { key: 'file_ops_read_total', type: 'counter', source: 'file-ops', column: 'n', labels: [null, 'status', null], match: ['read', null, null], aggregate: 'sum', zeroWhenEmpty: true,
    help: 'File reads attempted, by status (the Dream.OS name; file_ops_total has every operation).' },
  { key: 'file_ops_bytes_total', type: 'counter', source: 'file-ops', column: 'bytes', labels: ['operation', null, null], aggregate: 'sum',
    help: 'Bytes read or written by file operations, by operation.' },
  { key: 'file_operation_duration_seconds', type: 'histogram', source: 'file-ops', column: 'duration_seconds', labels: ['operation', null, null], buckets: 'file',
    help: 'Time spent on file operations in seconds.' },

  // ---- workflows (orchestrator seed) ----
  { key: 'workflow_runs_total', type: 'counter', source: 'workflows', column: 'n', labels: ['workflow', 'status', null], aggregate: 'sum',
    help: 'Finished workflow runs, by workflow type and status (ok or error).' },
  { key: 'workflow_duration_seconds', type: 'histogram', source: 'workflows', column: 'duration_seconds', labels: ['workflow', null, null], buckets: 'workflow',
    help: 'Duration of finished workflow runs in seconds.' },
  { key: 'workflow_lines_changed_total', type: 'counter', source: 'workflows', column: 'lines_changed', labels: ['workflow', null, null], aggregate: 'sum',
    help: 'Lines of code changed by finished workflow runs.' },

  // ---- gauges ----
  { key: 'sessions_active', type: 'gauge', labels: NONE, zeroWhenEmpty: true,
    rollup: { name: 'metrics/sessions-active', column: 'active_sessions', atNewestRecord: true },
    help: 'Sessions begun and not ended (nor idle) at the time of the newest record, as the overview rollup counts them.' },
  { key: 'budget_remaining', type: 'gauge', labels: ['unit', null, null], needsBudget: true,
    rollup: { name: 'budget', column: 'remaining' },
    help: 'Budget left in the current budget period (the Sidepanel Diem balance), in the budget unit, as the budget rollup computes it.' },
  { key: 'budget_spent', type: 'gauge', labels: ['unit', null, null], needsBudget: true,
    rollup: { name: 'budget', column: 'spent' },
    help: 'Budget spent in the current budget period, in the budget unit.' },
  // The system rollup's `latest` section: narrow samples (metric, value) and wide ones (one record
  // of several gauges) unpivoted once, by metric_samples in queries/_prelude.sql.
  { key: 'log_metric_value', type: 'gauge', labels: ['metric', null, null], aggregate: 'last',
    rollup: { name: 'system', section: 'latest', column: 'last', weight: 'samples' },
    help: 'Latest value of each metric logged as a record: a metric/value sample, or one gauge of a record that logs several (cpu_usage, memory_usage, goroutine_count, ...).' },
];

export function familyByKey(key: string): FamilySpec | undefined {
  return FAMILIES.find((f) => f.key === key);
}
