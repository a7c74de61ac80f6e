// `--baseline FILE`: where `baseline` in `p95(duration_ms) < baseline * 1.2` gets its number.
// FILE is an earlier `check --json` result (the rule's observed value per group, matched by rule
// name, then by what the expression measures: metric, where and by) or a logmeter database (the rule's metric measured on it afresh).
// A rule or group the baseline does not know has no baseline value: evaluation calls that no data.
// FILE may also be a directory holding exactly one .json file: what actions/download-artifact
// leaves for an artifact named after the baseline.

import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Database } from '../db.js';
import { InputError, UsageError } from '../errors.js';
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
  if (statSync(path).isDirectory()) {
    const file = onlyJsonFile(path, shownAs);
    return openBaseline(join(path, file), join(shownAs, file));
  }
  if (isDuckDbFile(path, shownAs)) {
    const db = await openBaselineDatabase(path, shownAs);
    try {
      // As with --db: a database with no records (or one logmeter did not write) measures nothing,
      // and a baseline of 0 from it would be a silent, wrong threshold.
      const row = await db.one('SELECT count(*) AS n FROM events');
      if (!row || row.n === 0) throw new InputError(messages.noEventsInDb(shownAs));
    } catch (error) {
      db.close();
      throw error;
    }
    return new DatabaseBaseline(db, shownAs);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UsageError(messages.baselineNotUsable(shownAs));
  }
  if (isErrorResult(parsed)) throw new UsageError(messages.baselineIsError(shownAs, String(parsed.error).split('\n')[0]));
  if (!isCheckResult(parsed)) throw new UsageError(messages.baselineNotUsable(shownAs));
  return new JsonBaseline(parsed, shownAs);
}

/**
 * A baseline database is only read, as --db is: a user who may only read the file can use it, and
 * a DuckDB file logmeter did not write is refused (exit 2) rather than given logmeter's tables.
 */
async function openBaselineDatabase(path: string, shownAs: string): Promise<Database> {
  try {
    return await Database.open({ file: path, readOnly: true });
  } catch (error) {
    if (error instanceof UsageError && error.message === messages.notALogmeterDb(path)) throw new UsageError(messages.notALogmeterDb(shownAs));
    throw error;
  }
}

/** The one .json file directly in `dir`; a usage error when there is none or more than one. */
function onlyJsonFile(dir: string, shownAs: string): string {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.name.endsWith('.json') && !entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new UsageError(messages.baselineUnreadable(shownAs, (error as Error).message));
  }
  if (names.length !== 1) throw new UsageError(messages.baselineIsDirectory(shownAs, names));
  return names[0] as string;
}

/** DuckDB database files carry the magic "DUCK" at byte 8. */
function isDuckDbFile(path: string, shownAs: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UsageError(messages.baselineUnreadable(shownAs, (error as Error).message));
  }
  try {
    const head = Buffer.alloc(12);
    const n = readSync(fd, head, 0, 12, 0);
    return n === 12 && head.subarray(8, 12).toString('latin1') === 'DUCK';
  } finally {
    closeSync(fd);
  }
}

/** `check --json`'s object for a check that could not run: `{"logmeter_check": 1, "status": "error", "error": ...}`. */
function isErrorResult(value: unknown): value is { error: unknown } {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v.logmeter_check === 1 && v.status === 'error';
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
