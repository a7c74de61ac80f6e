// What a checked rule is once parsed and validated (the normalised form every later phase reads),
// and how `--assert` expressions become rules. Rules files are read in rules-file.ts.

import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { parseRule, type Rule } from '../query-language/rule.js';
import { parseBudgetSpec, type BudgetConfig } from '../rollups/config.js';

export const SEVERITIES = ['error', 'warn'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ON_NO_DATA = ['fail', 'pass', 'warn'] as const;
export type OnNoData = (typeof ON_NO_DATA)[number];

/** `for:` and `every:`: the breach must hold over `forMs / everyMs` consecutive buckets of `everyMs`. */
export interface RuleWindow {
  /** As written, e.g. `5m`. */
  readonly for: string;
  readonly every: string;
  readonly forMs: number;
  readonly everyMs: number;
  /** How many consecutive breached buckets fail the rule. */
  readonly buckets: number;
}

export interface RuleSpec {
  readonly name: string;
  /** The expression as written. */
  readonly expr: string;
  readonly rule: Rule;
  readonly severity: Severity;
  readonly onNoData: OnNoData;
  /** null: the rule is evaluated once over the whole time range. */
  readonly window: RuleWindow | null;
  readonly description?: string;
  /** Where the rule was written: a rules file and the line of its list item. */
  readonly origin?: { readonly file: string; readonly line: number; /** the line of its `expr`. */ readonly exprLine?: number };
  /** The budget its file configures (`budget:`), which budget_remaining reads. */
  readonly budget?: BudgetConfig;
}

/** Default bucket when a rule gives `for:` without `every:`, as Prometheus's default evaluation interval. */
export const DEFAULT_EVERY = '1m';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5m` -> 300000; undefined when the text is not a positive whole number of milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
}

/**
 * The window of a rule from its `for:` and `every:` texts, or a problem sentence.
 * `every` alone means any single breached bucket fails the rule.
 */
export function ruleWindow(forText: string | undefined, everyText: string | undefined): RuleWindow | null | string {
  if (forText === undefined && everyText === undefined) return null;
  const givenForMs = forText === undefined ? undefined : parseDuration(forText);
  if (forText !== undefined && givenForMs === undefined) return messages.badDuration('for', forText);
  // A `for` shorter than the default bucket is its own bucket.
  const every = everyText ?? (givenForMs !== undefined && givenForMs < (parseDuration(DEFAULT_EVERY) as number) ? (forText as string) : DEFAULT_EVERY);
  const everyMs = parseDuration(every);
  if (everyMs === undefined) return messages.badDuration('every', every);
  const forWritten = forText ?? every;
  const forMs = givenForMs ?? everyMs;
  if (forMs % everyMs !== 0) return messages.forNotMultipleOfEvery(forWritten, every);
  return { for: forWritten, every, forMs, everyMs, buckets: forMs / everyMs };
}

/** Problems a parsed rule can still have once its options are known (one sentence, or undefined). */
export function ruleOptionProblem(rule: Rule, window: RuleWindow | null): string | undefined {
  if (window && rule.metric.type === 'named' && rule.metric.named === 'reject_ratio') return messages.rejectRatioNoWindow();
  if (window && usesBudget(rule)) return messages.budgetRemainingNoWindow();
  return undefined;
}

/** `--assert EXPR`: a rule named by its expression, severity error, no data fails. */
export function ruleFromAssert(expr: string): RuleSpec {
  let rule: Rule;
  try {
    rule = parseRule(expr);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(messages.assertProblem(error.message));
    throw error;
  }
  return { name: expr.trim(), expr, rule, severity: 'error', onNoData: 'fail', window: null };
}

/** True when the rule reads budget_remaining, so it needs a budget. */
export function usesBudget(rule: Rule): boolean {
  return rule.metric.type === 'named' && rule.metric.named === 'budget_remaining';
}

/** `100 Diem/day@00:00` (the --budget syntax) checked now, before any input is read; UsageError if bad. */
export function parseBudget(text: string): BudgetConfig {
  return parseBudgetSpec(text);
}

/** True when the rule compares with `baseline`, so it needs --baseline. */
export function usesBaseline(spec: RuleSpec): boolean {
  return spec.rule.threshold.type === 'baseline';
}
