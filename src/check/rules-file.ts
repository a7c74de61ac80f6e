// Reads a rules file (YAML) into checked RuleSpecs. Every mistake is a UsageError (exit 2) that
// names the file and line; a bad expression also quotes the rule with a caret under the fault.
//
//   rules:
//     - name: HighLatency
//       expr: p95(duration_ms) < 1s where kind = 'request'
//       severity: warn          # error (default) | warn
//       for: 5m                 # breached over consecutive `every` buckets for this long
//       every: 1m               # bucket size (default 1m when `for` is given)
//       on_no_data: fail        # fail (default) | pass | warn
//       description: P95 latency above 1 second
//   budget: 100 Diem/day@00:00  # optional: the budget budget_remaining reads (--budget syntax)

import { readFileSync } from 'node:fs';
import type { Node as YamlNode, Pair } from 'yaml';
import { isMap, isScalar, isSeq, newLineCounter, parseDocument } from '../config/yaml.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { closest } from '../query-language/diagnostics.js';
import { jsonSyntaxError } from './json-syntax.js';
import { parseRule, type Rule } from '../query-language/rule.js';
import type { BudgetConfig } from '../rollups/config.js';
import { ON_NO_DATA, parseBudget, ruleOptionProblem, ruleWindow, SEVERITIES, type OnNoData, type RuleSpec, type Severity } from './spec.js';

const RULE_KEYS = ['name', 'expr', 'severity', 'for', 'every', 'on_no_data', 'description'] as const;
/** Prometheus alerting-rule keys people carry over, and what to write instead. */
const PROMETHEUS_KEYS: Readonly<Record<string, string>> = { alert: 'name', labels: 'severity', annotations: 'description' };

/** Reads and checks a rules file. `shownAs` is the path as the user wrote it, for messages. */
export function readRulesFile(path: string, shownAs: string = path): RuleSpec[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? messages.rulesFileNotFound(shownAs) : messages.rulesFileUnreadable(shownAs, (error as Error).message));
  }
  return parseRulesText(text, shownAs);
}

/**
 * A .json rules file is read by the YAML parser (JSON is YAML, and it gives every node a line),
 * but its syntax errors are JSON's: the YAML parser would call them YAML errors, at odd places.
 */
function checkJsonSyntax(text: string, file: string): void {
  const error = jsonSyntaxError(text);
  if (error) throw new UsageError(messages.rulesFileSyntax(file, error.line, error.column, 'JSON', error.detail));
}

/** Parses rules-file text; `file` names it in messages and in each rule's origin. */
export function parseRulesText(text: string, file: string): RuleSpec[] {
  const lines = newLineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: YamlNode | Pair | null | undefined): number => {
    const range = node && 'range' in node ? node.range : undefined;
    const at = range?.[0] ?? (node && 'key' in node ? (node.key as YamlNode | null)?.range?.[0] : undefined);
    return at === undefined ? 1 : lines.linePos(at).line;
  };
  const fail = (line: number, problem: string): UsageError => new UsageError(messages.rulesFileProblem(file, line, problem));

  const isJson = file.toLowerCase().endsWith('.json');
  if (isJson) checkJsonSyntax(text, file);
  const yamlError = doc.errors[0];
  if (yamlError) {
    const at = lines.linePos(yamlError.pos[0]);
    throw new UsageError(messages.rulesFileSyntax(file, at.line, at.col, isJson ? 'JSON' : 'YAML', yamlError.message.split('\n')[0] ?? ''));
  }

  const root = doc.contents;
  if (!isMap(root)) throw fail(lineOf(root), messages.rulesFileNeedsRules());
  let budget: BudgetConfig | undefined;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyLine = lineOf(pair.key as YamlNode);
    if (key === 'budget') {
      const value = pair.value as YamlNode | null;
      if (!isScalar(value) || typeof value.value !== 'string') throw fail(keyLine, messages.rulesFileBudget(messages.ruleFieldType('budget', 'text such as 100 Diem/day@00:00')));
      try {
        budget = parseBudget(value.value);
      } catch (error) {
        if (error instanceof UsageError) throw fail(keyLine, messages.rulesFileBudget(error.message));
        throw error;
      }
    } else if (key !== 'rules') throw fail(keyLine, messages.rulesFileUnknownTopKey(key));
  }
  const list = root.get('rules', true);
  if (!isSeq(list)) throw fail(lineOf(list ?? root), messages.rulesFileNeedsRules());
  if (list.items.length === 0) throw fail(lineOf(list), messages.rulesFileEmpty());

  const specs: RuleSpec[] = [];
  const seen = new Map<string, number>();
  for (const item of list.items) {
    const line = lineOf(item as YamlNode);
    if (!isMap(item)) throw fail(line, messages.ruleNotAMapping());
    const fields = new Map<string, { value: unknown; line: number }>();
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyLine = lineOf(pair.key as YamlNode);
      if (!(RULE_KEYS as readonly string[]).includes(key)) {
        throw fail(keyLine, messages.ruleUnknownKey(key, PROMETHEUS_KEYS[key] ?? closest(key, RULE_KEYS), RULE_KEYS));
      }
      const value = pair.value as YamlNode | null;
      if (value !== null && !isScalar(value)) throw fail(keyLine, messages.ruleFieldType(key, key === 'expr' ? 'an expression' : 'text'));
      fields.set(key, { value: value === null ? null : value.value, line: value ? lineOf(value) : keyLine });
    }
    const text = (key: string): string | undefined => {
      const field = fields.get(key);
      if (field === undefined || field.value === null) return undefined;
      const value = field.value;
      if (typeof value === 'string') return value;
      // `for: 5` would mean nothing; numbers are accepted only where text is expected anyway (name).
      if (key === 'name' && typeof value === 'number') return String(value);
      throw fail(field.line, messages.ruleFieldType(key, key === 'for' || key === 'every' ? 'a duration such as 5m' : 'text'));
    };

    const expr = text('expr');
    if (expr === undefined || expr.trim() === '') throw fail(line, messages.ruleNeedsExpr());
    const name = (text('name') ?? expr).trim();
    const exprLine = fields.get('expr')?.line ?? line;
    let rule: Rule;
    try {
      rule = parseRule(expr);
    } catch (error) {
      if (error instanceof UsageError) throw fail(exprLine, messages.ruleExprProblem(name, error.message));
      throw error;
    }

    const severity = text('severity') ?? 'error';
    if (!(SEVERITIES as readonly string[]).includes(severity)) throw fail(fields.get('severity')?.line ?? line, messages.badSeverity(severity));
    const onNoData = text('on_no_data') ?? 'fail';
    if (!(ON_NO_DATA as readonly string[]).includes(onNoData)) throw fail(fields.get('on_no_data')?.line ?? line, messages.badOnNoData(onNoData));

    const window = ruleWindow(text('for'), text('every'));
    const windowLine = fields.get('for')?.line ?? fields.get('every')?.line ?? line;
    if (typeof window === 'string') throw fail(windowLine, messages.ruleOptionProblem(name, window));
    const problem = ruleOptionProblem(rule, window);
    if (problem) throw fail(windowLine, messages.ruleOptionProblem(name, problem));

    const first = seen.get(name);
    if (first !== undefined) throw fail(line, messages.ruleNameDuplicate(name, first));
    seen.set(name, line);

    const description = text('description');
    specs.push({
      name,
      expr,
      rule,
      severity: severity as Severity,
      onNoData: onNoData as OnNoData,
      window,
      ...(description !== undefined ? { description } : {}),
      origin: { file, line, exprLine },
      ...(budget ? { budget } : {}),
    });
  }
  return specs;
}
