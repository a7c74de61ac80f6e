// The rule language of `check --assert` and rules files: text -> checked Rule -> one SELECT.
//
// Grammar (keywords and metric names are case-insensitive):
//   rule      := metric op threshold ['where' filter] ['by' column (',' column)*]
//   metric    := agg '(' column ')' | 'count' '(' '*' ')' | named
//   agg       := count | sum | avg | min | max | pNN | pNN.N      (p50, p95, p99.9; 0 <= NN <= 100)
//   named     := count          records
//              | error_rate     share of records with ok = false (records with ok NULL are not errors)
//              | workflow_failure_rate  share of workflow runs (lm_workflow_run_end: a workflow
//                               record with a status or duration that is not in flight) with
//                               ok = false, as the workflows rollup counts runs and failures
//              | reject_ratio   rejects / (records + rejects), over all input: no where, no by
//              | budget_remaining  the configured budget's remainder in its current period, from
//                               the budget rollup (measured by check, not by ruleToSql): no where, no by
//              | unpriced_calls llm_call records without a cost
//              | cost_usd | tokens_in | tokens_out   sums over usage records only (usageRecord),
//                               as the cost and tokens rollups: a session's totals are never
//                               added a second time (sum(tokens_in) is the plain column sum)
//   op        := < | <= | > | >= | == | !=
//   threshold := number [unit] | 'baseline' [('*' | '+' | '-') number [unit]]
//   filter    := the filter language (filter.ts);   column := see columns.ts
//
// sum, avg, min, max and pNN need a number column (or an attrs field, read with TRY_CAST to
// DOUBLE); count(column) counts non-null values of any column. A duration unit (500ms, 1s, 2m,
// 1h) is allowed in the threshold when the metric aggregates duration_ms, and becomes milliseconds.
// `baseline` stands for the same metric measured on the --baseline data: the threshold is
// baseline * factor + offset (resolveThreshold).

import { quotedIdentifier } from '../db.js';
import { eventColumn } from '../schema.js';
import { messages } from '../messages.js';
import { closest, span, type Span } from './diagnostics.js';
import { swappedComparison, TokenStream, type Token } from './lexer.js';
import {
  columnSql,
  describeType,
  isNumericType,
  ParamSink,
  parseDimensionList,
  refLabel,
  refType,
  resolveColumn,
  type ColumnRef,
  type Params,
} from './columns.js';
import { compileFilterAst, describeFilter, numberValue, parseFilterExpression, type FilterAst } from './filter.js';

export const NAMED_METRICS = ['count', 'error_rate', 'workflow_failure_rate', 'reject_ratio', 'unpriced_calls', 'cost_usd', 'tokens_in', 'tokens_out', 'budget_remaining'] as const;
export type NamedMetric = (typeof NAMED_METRICS)[number];

export const BASIC_AGGREGATES = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type RuleOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Metric =
  /**
   * `agg` as normalised: count, sum, avg, min, max, or a percentile `p95`, `p99.9`;
   * `quantile` is the percentile as a fraction (0.95) and null otherwise;
   * `column` is null only for `count(*)`.
   */
  | { readonly type: 'aggregate'; readonly agg: string; readonly quantile: number | null; readonly column: ColumnRef | null; readonly span: Span }
  | { readonly type: 'named'; readonly named: NamedMetric; readonly span: Span };

export type Threshold =
  | { readonly type: 'value'; readonly value: number; readonly span: Span }
  /** baseline * factor + offset: `baseline * 1.2` is factor 1.2, offset 0; `baseline + 100` is factor 1, offset 100. */
  | { readonly type: 'baseline'; readonly factor: number; readonly offset: number; readonly span: Span };

export interface Rule {
  /** The expression exactly as written. */
  readonly source: string;
  readonly metric: Metric;
  readonly op: RuleOp;
  readonly threshold: Threshold;
  readonly where?: FilterAst;
  /** Group labels as written (`model`, `attrs.region`, `day`); the output column names of ruleToSql. */
  readonly by: readonly string[];
  readonly byColumns: readonly ColumnRef[];
  readonly spans: {
    readonly metric: Span;
    readonly op: Span;
    readonly threshold: Span;
    readonly where?: Span;
    readonly by?: Span;
  };
}

const RULE_OPS: readonly RuleOp[] = ['<', '<=', '>', '>=', '==', '!='];
const PERCENTILE = /^p(\d{1,3}(?:\.\d+)?)$/;
/** Names people reach for that are not aggregates here, and what to use instead. */
const AGGREGATE_HINTS: Readonly<Record<string, string>> = { median: 'p50', mean: 'avg', average: 'avg', total: 'sum' };

function isAggregateName(name: string): boolean {
  return (BASIC_AGGREGATES as readonly string[]).includes(name) || PERCENTILE.test(name);
}

function isNamedMetric(name: string): name is NamedMetric {
  return (NAMED_METRICS as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Parse and check a rule. Throws UsageError (exit 2) quoting the rule with a caret under the problem. */
export function parseRule(text: string): Rule {
  const stream = new TokenStream(text);
  const metric = parseMetric(stream);

  const opToken = stream.next();
  const op = parseOp(stream, opToken);
  const threshold = parseThreshold(stream, metric, opToken);

  let where: FilterAst | undefined;
  let whereSpan: Span | undefined;
  const whereToken = stream.acceptKeyword('where');
  if (whereToken) {
    if (metric.type === 'named' && metric.named === 'reject_ratio') {
      throw stream.fail(whereToken.span, messages.rejectRatioTakesNo('where'));
    }
    if (metric.type === 'named' && metric.named === 'budget_remaining') {
      throw stream.fail(whereToken.span, messages.budgetRemainingTakesNo('where'));
    }
    where = parseFilterExpression(stream);
    whereSpan = span(whereToken.span.start, where.span.end);
  }

  let byColumns: ColumnRef[] = [];
  let bySpan: Span | undefined;
  const byToken = stream.acceptKeyword('by');
  if (byToken) {
    if (metric.type === 'named' && metric.named === 'reject_ratio') {
      throw stream.fail(byToken.span, messages.rejectRatioTakesNo('by'));
    }
    if (metric.type === 'named' && metric.named === 'budget_remaining') {
      throw stream.fail(byToken.span, messages.budgetRemainingTakesNo('by'));
    }
    byColumns = parseDimensionList(stream);
    bySpan = span(byToken.span.start, byColumns[byColumns.length - 1]?.span.end ?? byToken.span.end);
  }

  if (byToken && stream.isKeyword('where')) throw stream.fail(stream.peek().span, messages.whereBeforeBy());
  if (stream.peek().kind !== 'end') {
    throw stream.unexpected(byToken ? messages.expectedCommaOrEnd() : whereToken ? messages.expectedFilterContinuation() : messages.expectedWhereByOrEnd());
  }

  return {
    source: text,
    metric,
    op,
    threshold,
    ...(where ? { where } : {}),
    by: byColumns.map(refLabel),
    byColumns,
    spans: {
      metric: metric.span,
      op: opToken.span,
      threshold: threshold.span,
      ...(whereSpan ? { where: whereSpan } : {}),
      ...(bySpan ? { by: bySpan } : {}),
    },
  };
}

function parseMetric(stream: TokenStream): Metric {
  const token = stream.next();
  if (token.kind !== 'ident') throw stream.unexpected(messages.expectedMetric(), token);
  const name = token.text.toLowerCase();

  if (stream.isOp('(')) {
    const open = stream.next();
    if (isAggregateName(name)) return parseAggregate(stream, name, token);
    if (isNamedMetric(name)) throw stream.fail(open.span, messages.metricTakesNoColumn(name));
    const hint = AGGREGATE_HINTS[name];
    const suggestion = hint ?? closest(name, [...BASIC_AGGREGATES, 'p50', 'p90', 'p95', 'p99']);
    throw stream.fail(token.span, messages.unknownAggregate(token.text, suggestion));
  }

  if (isNamedMetric(name)) return { type: 'named', named: name, span: token.span };
  if (isAggregateName(name)) throw stream.fail(token.span, messages.aggregateNeedsColumn(name));
  if (eventColumn(token.text)) throw stream.fail(token.span, messages.columnNeedsAggregate(token.text));
  throw stream.fail(token.span, messages.unknownMetric(token.text, closest(name, NAMED_METRICS)));
}

function parseAggregate(stream: TokenStream, name: string, nameToken: Token & { kind: 'ident' }): Metric {
  let quantile: number | null = null;
  const percentile = PERCENTILE.exec(name)?.[1];
  if (percentile !== undefined) {
    const value = Number(percentile);
    if (value > 100) throw stream.fail(nameToken.span, messages.percentileOutOfRange(nameToken.text));
    // Dividing by 100 in binary floating point turns 99.9 into 0.9990000000000001.
    quantile = Number((value / 100).toPrecision(12));
  }

  let column: ColumnRef | null = null;
  const star = stream.acceptOp('*');
  if (star) {
    if (name !== 'count') throw stream.fail(star.span, messages.aggregateNeedsColumn(name));
  } else {
    const token = stream.next();
    if (token.kind !== 'ident') throw stream.unexpected(messages.expectedColumn(), token);
    column = resolveColumn(stream, token);
    const type = refType(column);
    if (type === 'JSON') throw stream.fail(column.span, messages.attrsNeedsField('aggregate'));
    if (name !== 'count' && !isNumericType(type) && type !== 'FIELD') {
      throw stream.fail(column.span, messages.aggregateNeedsNumber(name, refLabel(column), describeType(type)));
    }
  }
  const close = stream.acceptOp(')');
  if (!close) throw stream.unexpected(messages.expectedCloseParen());
  return { type: 'aggregate', agg: name, quantile, column, span: span(nameToken.span.start, close.span.end) };
}

function parseOp(stream: TokenStream, token: Token): RuleOp {
  if (token.kind === 'op') {
    const op = RULE_OPS.find((o) => o === token.text);
    if (op) return op;
    const swapped = swappedComparison(stream, token);
    if (swapped) throw swapped;
    if (token.text === '=') throw stream.fail(token.span, messages.useDoubleEquals());
    if (token.text === '<>') throw stream.fail(token.span, messages.useBangEquals());
  }
  throw stream.unexpected(messages.expectedRuleOperator(), token);
}

function unitsAllowed(metric: Metric): boolean {
  const column = metric.type === 'aggregate' ? metric.column : null;
  return metric.type === 'aggregate' && metric.agg !== 'count' && column?.kind === 'column' && column.name === 'duration_ms';
}

function thresholdNumber(stream: TokenStream, metric: Metric): { value: number; span: Span } {
  const token = stream.peek();
  if (token.kind !== 'number') throw stream.unexpected(messages.expectedNumber());
  stream.next();
  const literal = { type: 'number', value: token.value, text: token.text, unit: token.unit, span: token.span } as const;
  const label = metric.type === 'named' ? metric.named : stream.source.slice(metric.span.start, metric.span.end);
  return { value: numberValue(stream, literal, unitsAllowed(metric), label), span: token.span };
}

function parseThreshold(stream: TokenStream, metric: Metric, opToken: Token): Threshold {
  const token = stream.peek();
  if (token.kind === 'number') {
    const { value, span: at } = thresholdNumber(stream, metric);
    return { type: 'value', value, span: at };
  }
  if (stream.acceptKeyword('baseline')) {
    const scale = stream.acceptOp('*');
    if (scale) {
      const next = stream.peek();
      if (next.kind === 'number' && next.unit !== null) throw stream.fail(next.span, messages.factorTakesNoUnit());
      const factor = thresholdNumber(stream, metric);
      return { type: 'baseline', factor: factor.value, offset: 0, span: span(token.span.start, factor.span.end) };
    }
    const sign = stream.acceptOp('+') ? 1 : stream.acceptOp('-') ? -1 : 0;
    if (sign === 0) return { type: 'baseline', factor: 1, offset: 0, span: token.span };
    const offset = thresholdNumber(stream, metric);
    return { type: 'baseline', factor: 1, offset: sign * offset.value, span: span(token.span.start, offset.span.end) };
  }
  throw stream.unexpected(messages.expectedThreshold(opToken.kind === 'op' ? opToken.text : 'the comparison'));
}

/** The number a value must be compared with: the threshold itself, or derived from the baseline's value. */
export function resolveThreshold(threshold: Threshold, baseline?: number): number {
  if (threshold.type === 'value') return threshold.value;
  if (baseline === undefined) throw new TypeError('this rule compares with a baseline, and none was given');
  return baseline * threshold.factor + threshold.offset;
}

/** The canonical text of a rule (lower-case keywords, thresholds in plain numbers). */
export function describeRule(rule: Rule): string {
  const metric =
    rule.metric.type === 'named'
      ? rule.metric.named
      : `${rule.metric.agg}(${rule.metric.column ? refLabel(rule.metric.column) : '*'})`;
  const t = rule.threshold;
  const threshold =
    t.type === 'value'
      ? String(t.value)
      : t.factor !== 1
        ? `baseline * ${t.factor}`
        : t.offset !== 0
          ? `baseline ${t.offset < 0 ? '-' : '+'} ${Math.abs(t.offset)}`
          : 'baseline';
  const where = rule.where ? ` where ${describeFilter(rule.where)}` : '';
  const by = rule.by.length > 0 ? ` by ${rule.by.join(', ')}` : '';
  return `${metric} ${rule.op} ${threshold}${where}${by}`;
}

// ---------------------------------------------------------------------------------------------
// Compiling

export interface RuleSqlOptions {
  /**
   * The relation the metric reads, default `events`. cost_usd and unpriced_calls only mean
   * something once prices are applied: pass a priced view with the same columns as `events`
   * (cost_usd filled from the price table) to have them computed over it.
   */
  readonly relation?: string;
  /** The rejects table for reject_ratio, default `rejects`. */
  readonly rejectsRelation?: string;
  /** Placeholder prefix, default `p`. */
  readonly paramPrefix?: string;
}

export interface RuleSql {
  /**
   * One row per group (a single row without `by`), ordered by the groups. Columns: one per
   * group (named as in `groupColumns`), then `value` (DOUBLE; NULL when there was nothing to
   * aggregate, except counts and sums, which are 0) and `samples` (BIGINT: the records the
   * aggregate saw; for avg, min, max, pNN and sums the non-null values).
   */
  readonly sql: string;
  readonly params: Params;
  /** Output names of the group columns, in order: the `by` labels, prefixed `by_` if one is `value` or `samples`. */
  readonly groupColumns: readonly string[];
}

/** The events columns a workflow run's end is told by (lm_workflow_run_end), and its failure by. */
export const WORKFLOW_RUN_COLUMNS = ['kind', 'status', 'duration_ms', 'ok'] as const;

/** The events columns usageRecord() reads (src/check/columns-read.ts fills them for piped logs). */
export const USAGE_RECORD_COLUMNS = ['kind', 'tokens_in', 'tokens_out', 'cost_usd'] as const;

/**
 * A usage record (the lm_usage_record macro of queries/ingest/macros.sql, as the rollups' `is_usage`):
 * an LLM call, or a metric sample carrying a call's tokens or cost. The named cost and token metrics
 * sum only these, so that a `session ended` record repeating its session's totals is not counted
 * twice and `check` agrees with `query tokens` and `query cost`.
 */
function usageRecord(): string {
  // Built when a rule is compiled, not when the module loads: quotedIdentifier loads DuckDB, which
  // `--version` and the other commands that start without it must not pay for.
  const q = quotedIdentifier;
  return `lm_usage_record(${USAGE_RECORD_COLUMNS.map((c) => q(c)).join(', ')})`;
}

/** value and samples expressions for a metric. */
function metricSql(metric: Metric, sink: ParamSink): { value: string; samples: string } {
  const q = quotedIdentifier;
  if (metric.type === 'named') {
    switch (metric.named) {
      case 'count':
        return { value: 'count(*)', samples: 'count(*)' };
      case 'error_rate':
        return {
          value: `CAST(count(*) FILTER (WHERE ${q('ok')} = false) AS DOUBLE) / nullif(count(*), 0)`,
          samples: 'count(*)',
        };
      case 'workflow_failure_rate': {
        // Runs only: a run's start or progress records would dilute the rate (and a failed run
        // may log no duration, so `duration_ms is not null` would leave it out).
        const runEnd = `lm_workflow_run_end(${q('kind')}, ${q('status')}, ${q('duration_ms')})`;
        return {
          value: `CAST(count(*) FILTER (WHERE ${runEnd} AND ${q('ok')} = false) AS DOUBLE) / nullif(count(*) FILTER (WHERE ${runEnd}), 0)`,
          samples: `count(*) FILTER (WHERE ${runEnd})`,
        };
      }
      case 'unpriced_calls':
        return {
          value: `count(*) FILTER (WHERE ${q('kind')} = 'llm_call' AND ${q('cost_usd')} IS NULL)`,
          samples: `count(*) FILTER (WHERE ${q('kind')} = 'llm_call')`,
        };
      case 'cost_usd':
        // Summed exactly (lm_exact_sum), so a gate's cost reads the same on every run, as query cost's.
        return {
          value: `coalesce(lm_exact_sum(CASE WHEN ${usageRecord()} THEN ${q('cost_usd')} END), 0)`,
          samples: `count(${q('cost_usd')}) FILTER (WHERE ${usageRecord()})`,
        };
      case 'tokens_in':
      case 'tokens_out':
        return {
          value: `coalesce(sum(${q(metric.named)}) FILTER (WHERE ${usageRecord()}), 0)`,
          samples: `count(${q(metric.named)}) FILTER (WHERE ${usageRecord()})`,
        };
      case 'reject_ratio':
        throw new TypeError('reject_ratio is compiled on its own');
      case 'budget_remaining':
        throw new TypeError('budget_remaining is measured by the budget rollup (src/check/query.ts), not compiled here');
    }
  }
  if (metric.column === null) return { value: 'count(*)', samples: 'count(*)' };
  const column = columnSql(metric.column, sink);
  if (metric.agg === 'count') return { value: `count(${column})`, samples: `count(${column})` };
  // A logged field is read as a number whatever JSON held, and "NaN", "inf" or "Infinity" cast to
  // non-finite doubles: one would make an avg or max NaN (so no data) and shift percentiles, as
  // DuckDB sorts NaN above every number. Such values are left out of the samples, as nulls are.
  // (Canonical columns are kept finite by the ingest.)
  const cast = `TRY_CAST(${column} AS DOUBLE)`;
  const numeric = metric.column.kind === 'field' ? `CASE WHEN isfinite(${cast}) THEN ${cast} END` : column;
  const samples = `count(${numeric})`;
  if (metric.quantile !== null) return { value: `quantile_cont(${numeric}, ${sink.bind(metric.quantile)})`, samples };
  // A sum or mean of doubles is taken exactly (lm_exact_sum), so the same log gives the same value
  // on every run (DuckDB's parallel float sums differ in the last digits); integer sums are exact anyway.
  const doubles = metric.column.kind === 'field' || refType(metric.column) === 'DOUBLE';
  if (metric.agg === 'sum') return { value: `coalesce(${doubles ? 'lm_exact_sum' : 'sum'}(${numeric}), 0)`, samples };
  if (metric.agg === 'avg' && doubles) return { value: `lm_exact_avg(${numeric})`, samples };
  return { value: `${metric.agg}(${numeric})`, samples };
}

/** The SELECT computing a rule's `value` and `samples` per group, with its parameters bound. */
export function ruleToSql(rule: Rule, opts: RuleSqlOptions = {}): RuleSql {
  const sink = new ParamSink(opts.paramPrefix);
  const events = quotedIdentifier(opts.relation ?? 'events');
  const q = quotedIdentifier;

  if (rule.metric.type === 'named' && rule.metric.named === 'reject_ratio') {
    const rejects = quotedIdentifier(opts.rejectsRelation ?? 'rejects');
    const sql = [
      `SELECT CAST(r.n AS DOUBLE) / nullif(r.n + e.n, 0) AS ${q('value')}, r.n + e.n AS ${q('samples')}`,
      `FROM (SELECT count(*) AS n FROM ${rejects}) AS r, (SELECT count(*) AS n FROM ${events}) AS e`,
    ].join('\n');
    return { sql, params: sink.params, groupColumns: [] };
  }

  const groupColumns = rule.by.map((label) => (label === 'value' || label === 'samples' ? `by_${label}` : label));
  const groups = rule.byColumns.map((ref, i) => `${columnSql(ref, sink)} AS ${q(groupColumns[i] ?? refLabel(ref))}`);
  const { value, samples } = metricSql(rule.metric, sink);
  const lines = [
    `SELECT ${[...groups, `CAST(${value} AS DOUBLE) AS ${q('value')}`, `${samples} AS ${q('samples')}`].join(', ')}`,
    `FROM ${events}`,
  ];
  if (rule.where) lines.push(`WHERE ${compileFilterAst(rule.where, sink)}`);
  if (groups.length > 0) {
    const positions = groups.map((_, i) => String(i + 1)).join(', ');
    lines.push(`GROUP BY ${positions}`, `ORDER BY ${positions}`);
  }
  return { sql: lines.join('\n'), params: sink.params, groupColumns };
}
