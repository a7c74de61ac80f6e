// `check --follow`: poll the inputs every --every, keep --window of records, re-evaluate the
// rules, and print one line per state change of a rule and group:
//   FIRING    it breaches (an error rule fails, or a warn rule warns)
//   RESOLVED  it breached, or had no data, and holds again
//   NO DATA   it held or breached and now has nothing to judge, or has had nothing since the start
// State tracking is pure (ruleStates, changesBetween); the loop is the only part with I/O. With
// --webhook, each change is also POSTed as JSON (webhook.ts), in the background (webhook-sender.ts).

import type { DateOrder } from '../ingest/date-order.js';
import type { IO } from '../cli/io.js';
import { warn, write } from '../cli/io.js';
import { usesBudget, type CheckResult, type RuleSpec } from '../check/index.js';
import type { BudgetPeriod } from '../rollups/config.js';
import type { Database } from '../db.js';
import { messages } from '../messages.js';
import { FollowFeed } from './feed.js';
import { configIngestOptions, loadConfig } from '../config/load.js';
import { every } from './loop.js';
import { shownWebhookUrl, webhookEvent } from './webhook.js';
import { WebhookSender } from './webhook-sender.js';

export type RuleState = 'ok' | 'firing' | 'nodata';

export interface StateEntry {
  readonly state: RuleState;
  readonly rule: string;
  /** The rule's expression (its name, for an --assert). */
  readonly expr: string;
  /** The `by` columns and their values, shown as `group`. */
  readonly labels: Readonly<Record<string, unknown>>;
  readonly group: string;
  readonly observed: number | null;
  readonly op: string;
  readonly threshold: number | null;
  readonly severity: string;
}

export interface CheckFollowOptions {
  readonly inputs: readonly string[];
  readonly format?: string;
  readonly tz?: string;
  readonly dateOrder?: DateOrder;
  readonly maxLineBytes?: number;
  /** The logmeter.yml to use (else the one in the current directory). */
  readonly config?: string;
  readonly everyMs: number;
  readonly windowMs: number;
  /** Where to POST each state change as JSON (webhook.ts). */
  readonly webhook?: URL;
  readonly signal?: AbortSignal;
  readonly clock?: () => Date;
}

/** Every rule and group of a result, keyed `rule{group}`. */
export function ruleStates(result: CheckResult): Map<string, StateEntry> {
  const out = new Map<string, StateEntry>();
  for (const rule of result.rules) {
    for (const r of rule.results) {
      const group = Object.keys(r.group).length === 0 ? '' : `{${Object.entries(r.group).map(([k, v]) => `${k}=${String(v)}`).join(',')}}`;
      const state: RuleState = r.no_data ? 'nodata' : r.breached || r.status !== 'pass' ? 'firing' : 'ok';
      out.set(rule.name + group, { state, rule: rule.name, expr: rule.expr, labels: r.group, group, observed: r.observed, op: r.op, threshold: r.threshold, severity: rule.severity });
    }
  }
  return out;
}

export type StateLabel = 'FIRING' | 'RESOLVED' | 'NO DATA';

export interface StateChange {
  readonly label: StateLabel;
  /** The rule and group as they are now (as they were, for one with no data left). */
  readonly entry: StateEntry;
}

/**
 * What changed going from `before` to `after`. A key `before` lacks is new: it prints FIRING when
 * it breaches, and NO DATA only at the first evaluation (`before` empty), so a rule that never sees
 * a sample says so once instead of staying silent. A rule that holds after breaching or after NO
 * DATA prints RESOLVED; a new group that holds prints nothing.
 */
export function changesBetween(before: ReadonlyMap<string, StateEntry>, after: ReadonlyMap<string, StateEntry>): StateChange[] {
  const first = before.size === 0;
  const changes: StateChange[] = [];
  const keys = new Set([...before.keys(), ...after.keys()]);
  for (const key of keys) {
    const was = before.get(key)?.state ?? 'new';
    const entry = after.get(key) ?? (before.get(key) as StateEntry);
    const now = after.get(key)?.state ?? 'nodata';
    if (was === now) continue;
    let label: StateLabel | undefined;
    if (now === 'firing') label = 'FIRING';
    else if (now === 'ok') label = was === 'firing' || was === 'nodata' ? 'RESOLVED' : undefined;
    else label = was !== 'new' || first ? 'NO DATA' : undefined;
    if (label !== undefined) changes.push({ label, entry });
  }
  return changes;
}

/**
 * The states to compare the next evaluation with: `after`, and every key it lacks as no data, so
 * a group that comes back and holds is announced (RESOLVED) rather than taken for a new one.
 */
export function carryStates(before: ReadonlyMap<string, StateEntry>, after: ReadonlyMap<string, StateEntry>): Map<string, StateEntry> {
  const out = new Map(after);
  for (const [key, entry] of before) if (!out.has(key)) out.set(key, { ...entry, state: 'nodata' });
  return out;
}

/** A change as the line printed for it. */
export function changeLine({ label, entry }: StateChange, at: string): string {
  return messages.ruleStateChange(at, label, entry.rule, safe(entry.group), format(entry.observed), entry.op, format(entry.threshold), entry.severity);
}

/** The lines to print going from `before` to `after`. */
export function stateChanges(before: ReadonlyMap<string, StateEntry>, after: ReadonlyMap<string, StateEntry>, at: string): string[] {
  return changesBetween(before, after).map((change) => changeLine(change, at));
}

function format(value: number | null): string {
  if (value === null) return '-';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** The longest a budget period of the rules lasts: budget_remaining needs its period's spend. */
const PERIOD_MS: Readonly<Record<BudgetPeriod, number>> = { day: 86_400_000, week: 7 * 86_400_000, month: 31 * 86_400_000 };

/** How far back usage records must be kept for the rules' budgets (undefined: no rule reads one). */
export function budgetKeepMs(specs: readonly RuleSpec[]): number | undefined {
  const periods = specs.filter((s) => usesBudget(s.rule) && s.budget).map((s) => PERIOD_MS[(s.budget as NonNullable<RuleSpec['budget']>).period]);
  return periods.length > 0 ? Math.max(...periods) : undefined;
}

export async function followCheck(
  specs: readonly RuleSpec[],
  options: CheckFollowOptions,
  io: IO,
  evaluate: (db: Database, windowStartMs: number, nowMs: number) => Promise<CheckResult>,
): Promise<CheckResult | undefined> {
  const clock = options.clock ?? (() => new Date());
  const keepMs = budgetKeepMs(specs);
  const feed = await FollowFeed.open({
    ...options,
    ...(keepMs !== undefined ? { keepUsageSince: (now: Date) => new Date(now.getTime() - keepMs) } : {}),
    stdin: io.stdin,
    warnings: io.stderr,
    ingest: configIngestOptions(loadConfig({ cwd: io.cwd, file: options.config }), options.tz, options.dateOrder),
  });
  let states = new Map<string, StateEntry>();
  let last: CheckResult | undefined;
  let ended = false;
  const webhook = options.webhook;
  const sender =
    webhook &&
    new WebhookSender(webhook, (problem) =>
      warn(
        io.stderr,
        'failed' in problem
          ? messages.webhookFailed(shownWebhookUrl(webhook), problem.failed)
          : 'full' in problem
            ? messages.webhookQueueFull(shownWebhookUrl(webhook), problem.full)
            : messages.webhookUnsent(shownWebhookUrl(webhook), problem.unsent),
      ),
    );
  try {
    await write(io.stderr, messages.followChecking(specs.length, messages.shortDuration(options.everyMs), messages.shortDuration(options.windowMs)) + '\n');
    await every(options.everyMs, options.signal, async () => {
      const now = clock();
      // Nothing piped before this poll: not a window without data (the first evaluation would say NO DATA).
      const nothingPiped = feed.awaitingStreams;
      await feed.poll(now);
      if (nothingPiped) return true;
      last = await evaluate(feed.db, now.getTime() - options.windowMs, now.getTime());
      const next = ruleStates(last);
      const changes = changesBetween(states, next);
      states = carryStates(states, next);
      if (changes.length === 0) return !feed.finished;
      const at = now.toISOString().replace(/\.\d+Z$/, 'Z');
      await write(io.stdout, changes.map((c) => changeLine(c, at)).join('\n') + '\n');
      // Sent in the background: a slow receiver must not hold up the next poll.
      for (const change of changes) sender?.send(webhookEvent(change, at, options.windowMs));
      return !feed.finished;
    });
    ended = true;
  } finally {
    try {
      // Stopped (Ctrl-C) or failed: drop what is queued. Ended by itself (stdin or its pipes closed): send it.
      await sender?.close(!ended || options.signal?.aborted === true);
    } finally {
      feed.close();
    }
  }
  return last;
}
