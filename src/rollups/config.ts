// The configuration-dependent inputs of the rollups, typed: health thresholds, a budget, price
// overrides and the session idle timeout. Pure: validation and the budget's period arithmetic.
//
// Hook: the configuration file (logmeter.yml) is read by src/config/ (the ingest work); whatever
// it yields for these settings is passed as `RollupConfig` in runRollup's params. Until then the
// CLI fills it from flags (--budget).

import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import type { PriceOverrides } from '../pricing/prices.js';
import { ALIASES, normalisePath } from '../ingest/aliases.js';

export interface HealthThresholds {
  /** Error rate (0-1) above which health is degraded / unhealthy. */
  readonly errorRateDegraded: number;
  readonly errorRateUnhealthy: number;
  /** p95 latency in ms above which health is degraded / unhealthy. */
  readonly p95DegradedMs: number;
  readonly p95UnhealthyMs: number;
}

/**
 * VIBEZEN alerts at an error rate of 0.05 and a response time of 1000 ms; the orchestrator calls
 * more than 10% errors critical. 5 s for unhealthy latency is ours.
 */
export const DEFAULT_HEALTH: HealthThresholds = {
  errorRateDegraded: 0.05,
  errorRateUnhealthy: 0.1,
  p95DegradedMs: 1000,
  p95UnhealthyMs: 5000,
};

export type BudgetPeriod = 'day' | 'week' | 'month';

/** A budget as the user states it (the Sidepanel seed's daily Diem balance, say). */
export interface BudgetConfig {
  readonly amount: number;
  /** USD (the default), a credit's name such as Diem, or `tokens` to count tokens instead of cost. */
  readonly unit?: string;
  readonly period: BudgetPeriod;
  /**
   * When the period resets, in UTC: `HH:MM` for a day; `mon 09:00` (or `mon`) for a week;
   * `15 06:00` (or `15`, days 1-28) for a month. Default: midnight, Monday, the 1st.
   */
  readonly reset?: string;
  /** Credits per US dollar for a non-USD unit; default 1 (a Venice Diem is worth $1). */
  readonly unitsPerUsd?: number;
}

export interface RollupConfig {
  readonly health?: Partial<HealthThresholds>;
  readonly budget?: BudgetConfig;
  /** Model prices that win over @pydantic/genai-prices. */
  readonly prices?: PriceOverrides;
  /** A session with no record for this many minutes is no longer active; default 30. */
  readonly sessionIdleMinutes?: number;
  /** More gauge names to read from wide metric samples (logmeter.yml `aliases: gauge`). */
  readonly gauges?: readonly string[];
}

export const DEFAULT_SESSION_IDLE_MINUTES = 30;

/** The budget as the budget rollup's parameters bind it. */
export interface BudgetParams {
  readonly budget_amount: number;
  readonly budget_unit: string;
  readonly budget_period: string;
  readonly budget_reset_offset: string;
  readonly budget_units_per_usd: number;
  readonly budget_measure: 'cost' | 'tokens';
}

/** The names of BudgetParams, for messages listing the parameters a query file may use. */
export const BUDGET_PARAM_NAMES: readonly (keyof BudgetParams)[] = [
  'budget_amount',
  'budget_unit',
  'budget_period',
  'budget_reset_offset',
  'budget_units_per_usd',
  'budget_measure',
];

const PERIOD_INTERVAL: Readonly<Record<BudgetPeriod, string>> = { day: '1 day', week: '7 days', month: '1 month' };
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function healthThresholds(config: RollupConfig | undefined): HealthThresholds {
  const merged = { ...DEFAULT_HEALTH, ...withoutUndefined(config?.health ?? {}) };
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new UsageError(messages.badHealthThreshold(key, String(value)));
  }
  return merged;
}

export function sessionIdleInterval(config: RollupConfig | undefined): string {
  const minutes = config?.sessionIdleMinutes ?? DEFAULT_SESSION_IDLE_MINUTES;
  if (!Number.isFinite(minutes) || minutes <= 0) throw new UsageError(messages.badSessionIdle(String(minutes)));
  return `${Math.round(minutes * 60)} seconds`;
}

/** Validates a budget and turns its reset time into the offset the SQL adds to the period's start. */
export function budgetParams(budget: BudgetConfig): BudgetParams {
  if (!Number.isFinite(budget.amount) || budget.amount <= 0) throw new UsageError(messages.badBudget(String(budget.amount), 'the amount must be above 0'));
  if (!(budget.period in PERIOD_INTERVAL)) throw new UsageError(messages.badBudget(String(budget.period), 'the period is day, week or month'));
  const unit = budget.unit?.trim() || 'USD';
  const unitsPerUsd = budget.unitsPerUsd ?? 1;
  if (!Number.isFinite(unitsPerUsd) || unitsPerUsd <= 0) throw new UsageError(messages.badBudget(String(unitsPerUsd), 'units per USD must be above 0'));
  return {
    budget_amount: budget.amount,
    budget_unit: unit,
    budget_period: PERIOD_INTERVAL[budget.period],
    budget_reset_offset: resetOffset(budget.period, budget.reset),
    budget_units_per_usd: unit.toUpperCase() === 'USD' ? 1 : unitsPerUsd,
    budget_measure: unit.toLowerCase() === 'tokens' ? 'tokens' : 'cost',
  };
}

/** `day` + `06:30` -> '0 days 23400 seconds'; `week` + `wed 09:00` -> '2 days 32400 seconds'. */
export function resetOffset(period: BudgetPeriod, reset: string | undefined): string {
  const text = (reset ?? '').trim().toLowerCase();
  const bad = (why: string) => new UsageError(messages.badBudget(reset ?? '', why));
  let days = 0;
  let rest = text;
  if (period === 'week') {
    const m = /^([a-z]{3})[a-z]*\s*(.*)$/.exec(text);
    if (m) {
      days = WEEKDAYS.indexOf(m[1] as string);
      if (days < 0) throw bad('a weekly reset starts with a weekday: mon, tue, ... sun');
      rest = m[2] as string;
    }
  } else if (period === 'month') {
    const m = /^(\d{1,2})(?:\s+(.*))?$/.exec(text);
    if (m) {
      const day = Number(m[1]);
      if (day < 1 || day > 28) throw bad('a monthly reset day is 1 to 28');
      days = day - 1;
      rest = m[2] ?? '';
    }
  }
  let seconds = 0;
  if (rest !== '') {
    const t = /^(\d{1,2}):(\d{2})$/.exec(rest);
    if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) throw bad('the reset time is HH:MM in UTC');
    seconds = Number(t[1]) * 3600 + Number(t[2]) * 60;
  }
  return `${days} days ${seconds} seconds`;
}

/**
 * `--budget` on the command line: `AMOUNT[UNIT]/PERIOD[@RESET]`, e.g. `100/day`, `50USD/day@06:00`,
 * `100 Diem/day`, `2000000tokens/week@mon`, `20/month@15`.
 */
export function parseBudgetSpec(spec: string): BudgetConfig {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z$][A-Za-z_$-]*)?\s*\/\s*(day|week|month|daily|weekly|monthly)\s*(?:@\s*(.+?))?\s*$/i.exec(spec);
  if (!m) throw new UsageError(messages.badBudget(spec, 'write AMOUNT[UNIT]/PERIOD[@RESET], e.g. 100USD/day@00:00'));
  const period = ({ daily: 'day', weekly: 'week', monthly: 'month' } as Record<string, BudgetPeriod>)[(m[3] as string).toLowerCase()] ?? ((m[3] as string).toLowerCase() as BudgetPeriod);
  const unit = m[2] === '$' ? 'USD' : m[2];
  const config: BudgetConfig = { amount: Number(m[1]), period, ...(unit ? { unit } : {}), ...(m[4] ? { reset: m[4] } : {}) };
  budgetParams(config);
  return config;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The gauge names the system rollup reads from wide samples: the ingest's own (src/ingest/aliases.ts)
 * and the configuration's, in the snake_case form the SQL compares with.
 */
export function gaugeNames(config: RollupConfig | undefined): string {
  const names = [...ALIASES.gauge.map((a) => a.path), ...(config?.gauges ?? []).map((g) => normalisePath(g.split('.')).join('_'))];
  return [...new Set(names.filter((n) => /^[a-z0-9_]+$/.test(n)))].join(',');
}
