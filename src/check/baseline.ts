// `--baseline FILE`: where `baseline` in `p95(duration_ms) < baseline * 1.2` gets its number.
// FILE is an earlier `check --json` result (the rule's observed value per group, matched by rule
// name, then by what the expression measures: metric, where and by) or a logmeter database (the rule's metric measured on it afresh).
// A rule or group the baseline does not know has no baseline value: evaluation calls that no data.

import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { Database } from '../db.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { describeRule, parseRule, type Rule } from '../query-language/rule.js';
import { groupKey, type BaselineValues, type CheckResult } from './evaluate.js';
import { RuleQueries } from './query.js';
import type { RuleSpec } from './spec.js';

export interface BaselineSource {
  /** What the baseline is, for messages: the file as the user named it. */
  readonly label: string;
  values(spec: RuleSpec): Promise<BaselineValues>;
  close(): void;
}

/** Opens and checks a baseline file before any input is read. */
export async function openBaseline(path: string, shownAs: string = path): Promise<BaselineSource> {
  if (!existsSync(path)) throw new UsageError(messages.baselineNotFound(shownAs));
  if (isDuckDbFile(path)) {
    const db = await Database.open({ file: path });
    return new DatabaseBaseline(db, shownAs);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UsageError(messages.baselineNotUsable(shownAs));
  }
  if (!isCheckResult(parsed)) throw new UsageError(messages.baselineNotUsable(shownAs));
  return new JsonBaseline(parsed, shownAs);
}

/** DuckDB database files carry the magic "DUCK" at byte 8. */
function isDuckDbFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const n = readSync(fd, head, 0, 12, 0);
    return n === 12 && head.subarray(8, 12).toString('latin1') === 'DUCK';
  } finally {
    closeSync(fd);
  }
}

function isCheckResult(value: unknown): value is CheckResult {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<CheckResult>;
  return v.logmeter_check === 1 && Array.isArray(v.rules);
}

export class JsonBaseline implements BaselineSource {
  constructor(
    private readonly result: CheckResult,
    readonly label: string,
  ) {}

  async values(spec: RuleSpec): Promise<BaselineValues> {
    const rules = this.result.rules;
    const measured = measures(spec.rule);
    const found =
      rules.find((r) => r.name === spec.name) ??
      rules.find((r) => {
        try {
          return measures(parseRule(r.expr)) === measured;
        } catch {
          return false;
        }
      });
    const values = new Map<string, number | null>();
    for (const result of found?.results ?? []) {
      const group = result.group ?? {};
      values.set(groupKey(spec.rule.by.map((label) => group[label] ?? null)), typeof result.overall === 'number' ? result.overall : typeof result.observed === 'number' ? result.observed : null);
    }
    return values;
  }

  close(): void {}
}

/** What a rule measures, whatever it compares it with: its text with the comparison neutralised. */
function measures(rule: Rule): string {
  return describeRule({ ...rule, op: '<', threshold: { type: 'value', value: 0, span: rule.threshold.span } });
}

export class DatabaseBaseline implements BaselineSource {
  private readonly queries: RuleQueries;

  constructor(
    private readonly db: Database,
    readonly label: string,
  ) {
    this.queries = new RuleQueries(db);
  }

  async values(spec: RuleSpec): Promise<BaselineValues> {
    // The baseline is the metric over the whole baseline input, whatever the rule's window.
    const data = await this.queries.data({ ...spec, window: null });
    const values = new Map<string, number | null>();
    for (const row of data.overall) {
      values.set(groupKey(data.groupColumns.map((c) => row[c] ?? null)), typeof row.value === 'number' ? row.value : null);
    }
    return values;
  }

  close(): void {
    this.db.close();
  }
}
