// Threshold rules over logs: the API other commands use (`report --rules`, `check --follow`).
//
//   loadRules       rules files and --assert expressions -> checked RuleSpecs (UsageError, exit 2)
//   checkRuleRegexps  their regular expressions, compiled by DuckDB (async, so apart from loadRules)
//   evaluateRules   database + rules -> CheckResult (queries per rule, then pure evaluation)
//   render*         CheckResult -> human table, JSON, JUnit XML, GitHub annotations, markdown
//
// evaluateRules never throws for breaches: deciding the exit code is the check command's job.

import { isAbsolute, resolve } from 'node:path';
import type { Database } from '../db.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { regexpError } from '../regexp-check.js';
import type { PriceOverrides } from '../pricing/prices.js';
import type { BudgetConfig } from '../rollups/config.js';
import type { BaselineSource } from './baseline.js';
import { checkResult, evaluateRule, type CheckResult } from './evaluate.js';
import { RuleQueries } from './query.js';
import { readRulesFile } from './rules-file.js';
import { parseBudget, ruleFromAssert, usesBaseline, usesBudget, type RuleSpec } from './spec.js';

export { openBaseline, type BaselineSource } from './baseline.js';
export {
  checkResult,
  evaluateRule,
  evaluateWindow,
  type CheckCounts,
  type CheckResult,
  type GroupResult,
  type RuleResult,
  type Status,
  type WindowResult,
} from './evaluate.js';
export { parseRulesText, readRulesFile } from './rules-file.js';
export { parseBudget, ruleFromAssert, usesBaseline, usesBudget, type RuleSpec, type RuleWindow } from './spec.js';
export { renderAnnotations, renderErrorAnnotation, renderMarkdownError, renderMarkdownSummary } from './format/github.js';
export { renderJson, renderJsonError } from './format/json.js';
export { renderJUnit, renderJUnitError } from './format/junit.js';
export { renderTable } from './format/table.js';

export interface RuleSources {
  /** Rules files, as the user wrote them (relative to cwd). */
  readonly rulesFiles?: readonly string[];
  readonly asserts?: readonly string[];
  /** `--budget`: the budget budget_remaining reads, over any rules file's `budget:`. */
  readonly budget?: string;
  /** logmeter.yml's `budget:`, for rules whose file sets none (--budget wins over both). */
  readonly configBudget?: BudgetConfig;
  readonly cwd: string;
}

/** Reads and checks every rule, rules files first. Throws UsageError on the first problem. */
export function loadRules(sources: RuleSources): RuleSpec[] {
  const specs: RuleSpec[] = [];
  for (const file of sources.rulesFiles ?? []) {
    specs.push(...readRulesFile(isAbsolute(file) ? file : resolve(sources.cwd, file), file));
  }
  for (const expr of sources.asserts ?? []) specs.push(ruleFromAssert(expr));
  if (specs.length === 0) throw new UsageError(messages.checkNeedsRules());
  const budget = sources.budget === undefined ? undefined : parseBudget(sources.budget);
  const seen = new Map<string, RuleSpec>();
  const where = (spec: RuleSpec) => (spec.origin ? `${spec.origin.file}:${spec.origin.line}` : '--assert');
  for (const spec of specs) {
    const first = seen.get(spec.name);
    if (first) throw new UsageError(messages.ruleNameRepeated(spec.name, where(first), where(spec)));
    seen.set(spec.name, spec);
    if (usesBudget(spec.rule) && !budget && !spec.budget && !sources.configBudget) throw new UsageError(messages.ruleNeedsBudget(spec.name));
  }
  if (budget) return specs.map((spec) => ({ ...spec, budget }));
  const configBudget = sources.configBudget;
  return configBudget ? specs.map((spec) => (spec.budget ? spec : { ...spec, budget: configBudget })) : specs;
}

/**
 * Every rule's regular expressions (`where model ~ '...'`) compiled by DuckDB, as loadRules checks
 * the rest: before any input is read. A pattern RE2 refuses is exit 2, naming the rule.
 */
export async function checkRuleRegexps(specs: readonly RuleSpec[]): Promise<void> {
  for (const spec of specs) {
    if (spec.rule.where === undefined) continue;
    const error = await regexpError(spec.expr, spec.rule.where);
    if (error === undefined) continue;
    const { origin } = spec;
    throw new UsageError(
      origin ? messages.rulesFileProblem(origin.file, origin.exprLine ?? origin.line, messages.ruleExprProblem(spec.name, error.message)) : messages.assertProblem(error.message),
    );
  }
}

export interface EvaluateOptions {
  /** Where `baseline` thresholds get their values; without it such rules have no data. */
  readonly baseline?: BaselineSource;
  readonly priceOverrides?: PriceOverrides;
  /** False when the database holds no rejects to measure (events from Parquet): reject_ratio is then no data. */
  readonly holdsRejects?: boolean;
  /** Epoch ms: rules read only the records from then on (budget_remaining still reads its whole period). */
  readonly sinceMs?: number;
  /** Epoch ms, the follow clock: windowed rules count the silence from the last record up to it. */
  readonly nowMs?: number;
}

/** Evaluates every rule against the database's events (and rejects). */
export async function evaluateRules(db: Database, rules: readonly RuleSpec[], options: EvaluateOptions = {}): Promise<CheckResult> {
  const queries = new RuleQueries(db, {
    ...(options.priceOverrides ? { priceOverrides: options.priceOverrides } : {}),
    ...(options.holdsRejects === false ? { holdsRejects: false } : {}),
    ...(options.sinceMs !== undefined ? { sinceMs: options.sinceMs } : {}),
    ...(options.nowMs !== undefined ? { nowMs: options.nowMs } : {}),
  });
  const results = [];
  for (const spec of rules) {
    const data = await queries.data(spec);
    const baseline = usesBaseline(spec) && options.baseline ? await options.baseline.values(spec) : undefined;
    results.push(evaluateRule(spec, data, baseline));
  }
  return checkResult(results);
}
