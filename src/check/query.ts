// The DuckDB edge of check: for each rule, the rows evaluation needs (value and samples per group,
// and per bucket for rules with `for:`/`every:`). All SQL comes from ruleToSql with bound
// parameters; the only text composed here is fixed, or numbers this module computed.

import { quotedIdentifier } from '../db.js';
import type { Database, Row } from '../db.js';
import type { ColumnRef } from '../query-language/columns.js';
import type { FilterAst } from '../query-language/filter.js';
import { ruleToSql, type Rule } from '../query-language/rule.js';
import type { PriceOverrides } from '../pricing/prices.js';
import type { BudgetConfig } from '../rollups/config.js';
import { createPricedEvents } from '../rollups/prices.js';
import { readSqlFile } from '../sql-files.js';
import { loadMacros } from '../sql-macros.js';
import type { RuleSpec } from './spec.js';

/** The group column ruleToSql adds for a rule's bucket (epoch ms of the bucket start). */
export const BUCKET_COLUMN = '__bucket';
const BAD_REJECTS = 'logmeter_check_bad_rejects';

/** What evaluation reads for one rule: query results only. */
export interface RuleData {
  /** Output names of the `by` groups, in order. */
  readonly groupColumns: readonly string[];
  /** One row per group: the group columns, `value` (number or null) and `samples`. */
  readonly overall: readonly Row[];
  /** Rules with a window: one row per bucket and group, with BUCKET_COLUMN first. */
  readonly buckets?: readonly Row[];
  /** Rules with a window: the first and last bucket of the whole input (epoch ms), null without timed events. */
  readonly range?: { readonly first: number; readonly last: number } | null;
}

export interface QueryOptions {
  readonly priceOverrides?: PriceOverrides;
  /** The budget budget_remaining reads, over each rule's own (from its rules file). */
  readonly budget?: BudgetConfig;
  /**
   * False when the rejects were never read (events from Parquet): a reject ratio over them would be
   * a 0 that measured nothing, so reject_ratio is no data instead.
   */
  readonly holdsRejects?: boolean;
  /**
   * Epoch ms: rules read only the records at or after it (`check --follow`'s window, whose
   * database also keeps the budget period's usage records for budget_remaining).
   */
  readonly sinceMs?: number;
  /**
   * Epoch ms, the follow clock: rules with for:/every: see buckets up to the last whole one before
   * it, so the silence after the last record counts (a bucket without records is 0 for counts).
   */
  readonly nowMs?: number;
}

/** Runs the queries of every rule against one database. */
export class RuleQueries {
  private priced: Promise<string> | undefined;
  private badRejects: Promise<string> | undefined;
  private readonly bucketed = new Map<string, Promise<string>>();
  private readonly filled = new Map<string, Promise<string>>();
  private readonly windowed = new Map<string, Promise<string>>();

  constructor(
    private readonly db: Database,
    private readonly options: QueryOptions = {},
  ) {}

  async data(spec: RuleSpec): Promise<RuleData> {
    // The rules' SQL asks lm_usage_record (queries/ingest/macros.sql), also on a --db no ingest ran on.
    await loadMacros(this.db);
    if (spec.rule.metric.type === 'named' && spec.rule.metric.named === 'budget_remaining') return this.budgetData(spec);
    const base = await this.windowRelation(mentionsCost(spec.rule) ? await this.pricedRelation() : 'events');
    const relation = readsWorkflow(spec.rule) ? await this.filledRelation(base) : base;
    const isRejectRatio = spec.rule.metric.type === 'named' && spec.rule.metric.named === 'reject_ratio';
    if (isRejectRatio && this.options.holdsRejects === false) return { groupColumns: [], overall: [{ value: null, samples: 0 }] };
    const overall = ruleToSql(spec.rule, { relation, ...(isRejectRatio ? { rejectsRelation: await this.badRejectsRelation() } : {}) });
    const rows = await this.db.all(overall.sql, overall.params);
    if (!spec.window) return { groupColumns: overall.groupColumns, overall: rows };

    const every = spec.window.everyMs;
    const view = await this.bucketedRelation(relation, every);
    const bucketRef: ColumnRef = { kind: 'column', name: BUCKET_COLUMN, type: 'BIGINT', span: { start: 0, end: 0 } };
    const perBucket: Rule = { ...spec.rule, by: [BUCKET_COLUMN, ...spec.rule.by], byColumns: [bucketRef, ...spec.rule.byColumns] };
    const bucketSql = ruleToSql(perBucket, { relation: view });
    const buckets = await this.db.all(bucketSql.sql, bucketSql.params);
    const bounds = await this.db.one(
      `SELECT epoch_ms(min(ts)) // ${every} * ${every} AS first, epoch_ms(max(ts)) // ${every} * ${every} AS last FROM ${quotedIdentifier(relation)}`,
    );
    const first = bounds?.first;
    const last = bounds?.last;
    let range = typeof first === 'number' && typeof last === 'number' ? { first, last } : null;
    if (this.options.nowMs !== undefined) range = untilNow(range, every, this.options.nowMs, this.options.sinceMs);
    return { groupColumns: overall.groupColumns, overall: rows, buckets, range };
  }

  /**
   * budget_remaining: the budget rollup's `remaining` for the period that holds the last record;
   * its samples are the usage records the rollup counted in that period. No row: no data.
   */
  private async budgetData(spec: RuleSpec): Promise<RuleData> {
    const budget = this.options.budget ?? spec.budget;
    if (!budget) throw new TypeError(`rule ${spec.name} reads budget_remaining and has no budget`);
    const { runRollup } = await import('../rollups/index.js');
    const config = { budget, ...(this.options.priceOverrides ? { prices: this.options.priceOverrides } : {}) };
    const row = (await runRollup(this.db, 'budget', { config })).rows[0];
    if (!row || typeof row.remaining !== 'number') return { groupColumns: [], overall: [] };
    // The budget rollup's usage records (lm_usage_record, as queries/_prelude.sql's is_usage) in [period_start, now]. `now`
    // (the last record) came back as a JavaScript Date, to the millisecond, and a record's time
    // has microseconds: up to the end of now's millisecond keeps the last record in.
    const counted = await this.db.one(
      `SELECT count(*) AS n FROM events
       WHERE ts >= CAST($start AS TIMESTAMPTZ) AND ts < CAST($now AS TIMESTAMPTZ) + INTERVAL 1 millisecond
         AND lm_usage_record(kind, tokens_in, tokens_out, cost_usd)`,
      { start: String(row.period_start), now: String(row.now) },
    );
    return { groupColumns: [], overall: [{ value: row.remaining, samples: counted?.n ?? 0 }] };
  }

  /** `relation` from options.sinceMs on (itself without it); sinceMs is a number this module checks. */
  private windowRelation(relation: string): Promise<string> {
    const since = this.options.sinceMs;
    if (since === undefined) return Promise.resolve(relation);
    if (!Number.isSafeInteger(since)) throw new RangeError(`window start must be an integer of epoch ms: ${since}`);
    let view = this.windowed.get(relation);
    if (!view) {
      const name = `logmeter_check_${relation}_window`;
      view = this.db.run(`CREATE OR REPLACE TEMP VIEW ${quotedIdentifier(name)} AS SELECT * FROM ${quotedIdentifier(relation)} WHERE epoch_ms(ts) >= ${since}`).then(() => name);
      this.windowed.set(relation, view);
    }
    return view;
  }

  /** Empty lines are rejects only so that the books balance; they are not bad input (as --max-reject-ratio). */
  private badRejectsRelation(): Promise<string> {
    this.badRejects ??= this.db
      .run(`CREATE OR REPLACE TEMP VIEW ${quotedIdentifier(BAD_REJECTS)} AS SELECT * FROM rejects WHERE reason <> 'empty'`)
      .then(() => BAD_REJECTS);
    return this.badRejects;
  }

  /**
   * `relation` with each record's workflow type filled in from the other records of its run (a
   * run's type is often logged only on its start record), as every rollup does (queries/_prelude.sql).
   */
  private filledRelation(relation: string): Promise<string> {
    let view = this.filled.get(relation);
    if (!view) {
      const name = `logmeter_check_${relation}_filled`;
      view = this.db
        .run(
          `CREATE OR REPLACE TEMP VIEW ${quotedIdentifier(name)} AS
           SELECT e.* REPLACE (coalesce(e.workflow, r.workflow) AS workflow)
           FROM ${quotedIdentifier(relation)} AS e
           LEFT JOIN (${readSqlFile('_run-names.sql')}) AS r ON e.workflow_id = r.workflow_id`,
        )
        .then(() => name);
      this.filled.set(relation, view);
    }
    return view;
  }

  private pricedRelation(): Promise<string> {
    this.priced ??= createPricedEvents(this.db, this.options.priceOverrides ? { overrides: this.options.priceOverrides } : {});
    return this.priced;
  }

  /** A temporary view of `relation` with the bucket start of every record; `every` is a safe integer. */
  private bucketedRelation(relation: string, every: number): Promise<string> {
    if (!Number.isSafeInteger(every) || every <= 0) throw new RangeError(`bucket size must be a positive integer of ms: ${every}`);
    const key = `${relation}:${every}`;
    let view = this.bucketed.get(key);
    if (!view) {
      const name = `logmeter_check_${relation}_every_${every}`;
      view = this.db
        .run(
          `CREATE OR REPLACE TEMP VIEW ${quotedIdentifier(name)} AS SELECT *, epoch_ms(ts) // ${every} * ${every} AS ${quotedIdentifier(BUCKET_COLUMN)} FROM ${quotedIdentifier(relation)}`,
        )
        .then(() => name);
      this.bucketed.set(key, view);
    }
    return view;
  }
}

/**
 * A follow session's bucket range: on to the last whole bucket before now (the one now is in is
 * still filling), and from the window's first whole bucket when the window has no record left.
 */
function untilNow(range: { first: number; last: number } | null, every: number, nowMs: number, sinceMs: number | undefined): { first: number; last: number } | null {
  const lastWhole = Math.floor(nowMs / every) * every - every;
  if (range) return { first: range.first, last: Math.max(range.last, lastWhole) };
  if (sinceMs === undefined) return null;
  const firstWhole = Math.ceil(sinceMs / every) * every;
  return firstWhole <= lastWhole ? { first: firstWhole, last: lastWhole } : null;
}

/** True when a rule reads the workflow type: then it runs over the records with it filled in. */
function readsWorkflow(rule: Rule): boolean {
  return readsColumn(rule, 'workflow');
}

/** True when a rule reads cost: then it runs over the priced view. */
export function mentionsCost(rule: Rule): boolean {
  const m = rule.metric;
  if (m.type === 'named' && (m.named === 'cost_usd' || m.named === 'unpriced_calls')) return true;
  return readsColumn(rule, 'cost_usd');
}

/** True when the rule's aggregate, its groups or its filter read the events column `name`. */
function readsColumn(rule: Rule, name: string): boolean {
  const reads = (ref: ColumnRef | null) => ref?.kind === 'column' && ref.name === name;
  const inFilter = (ast: FilterAst): boolean => {
    switch (ast.type) {
      case 'and':
      case 'or':
        return inFilter(ast.left) || inFilter(ast.right);
      case 'not':
        return inFilter(ast.operand);
      default:
        return reads(ast.column);
    }
  };
  const m = rule.metric;
  return (m.type === 'aggregate' && reads(m.column)) || rule.byColumns.some(reads) || (rule.where !== undefined && inFilter(rule.where));
}
