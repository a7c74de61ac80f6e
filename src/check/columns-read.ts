// Which events columns a set of rules reads, so that `check` over piped logs fills only those
// (src/ingest/projection.ts). Mapping every record to all 31 columns is most of a large check's
// time; a p95 of duration_ms over llm_call needs two of them.
//
// Undefined means "all columns": rules over cost (the priced view joins model prices and reads most
// usage columns) and the budget (a rollup) are not narrowed, nor is anything this module does not
// know, so a new rule feature is correct before it is fast.

import type { ColumnRef } from '../query-language/columns.js';
import type { FilterAst } from '../query-language/filter.js';
import { USAGE_RECORD_COLUMNS, WORKFLOW_RUN_COLUMNS, type Rule } from '../query-language/rule.js';
import { mentionsCost } from './query.js';
import type { RuleSpec } from './spec.js';

export function columnsRead(specs: readonly RuleSpec[]): ReadonlySet<string> | undefined {
  const columns = new Set<string>();
  for (const spec of specs) {
    const read = ruleColumns(spec.rule);
    if (read === undefined) return undefined;
    for (const column of read) columns.add(column);
    // Windows bucket by time, and name the first and last bucket of the input.
    if (spec.window) columns.add('ts');
  }
  return columns;
}

function ruleColumns(rule: Rule): string[] | undefined {
  if (mentionsCost(rule)) return undefined;
  const columns: string[] = [];
  const m = rule.metric;
  if (m.type === 'named') {
    switch (m.named) {
      case 'count':
      case 'reject_ratio':
        break;
      case 'error_rate':
        columns.push('ok');
        break;
      case 'workflow_failure_rate':
        columns.push(...WORKFLOW_RUN_COLUMNS);
        break;
      case 'tokens_in':
      case 'tokens_out':
        // summed over usage records only, which are told apart by these columns
        columns.push(...USAGE_RECORD_COLUMNS);
        break;
      default:
        return undefined;
    }
  } else if (m.column) {
    columns.push(refColumn(m.column));
  }
  for (const ref of rule.byColumns) columns.push(refColumn(ref));
  if (rule.where) filterColumns(rule.where, columns);
  // A run's type is filled in from its other records by workflow_id (queries/_run-names.sql).
  if (columns.includes('workflow')) columns.push('workflow_id', 'kind', 'agent');
  return columns;
}

/** The events column a reference reads: `attrs.x` reads attrs, `day`/`hour`/`weekday` read ts. */
function refColumn(ref: ColumnRef): string {
  switch (ref.kind) {
    case 'column':
      return ref.name;
    case 'field':
      return 'attrs';
    case 'derived':
      return 'ts';
  }
}

function filterColumns(ast: FilterAst, into: string[]): void {
  switch (ast.type) {
    case 'and':
    case 'or':
      filterColumns(ast.left, into);
      filterColumns(ast.right, into);
      return;
    case 'not':
      filterColumns(ast.operand, into);
      return;
    default:
      into.push(refColumn(ast.column));
  }
}
