// The query languages, pure and free of I/O: user text in, SQL fragments with bound parameters out.
//
//   filter.ts   `query --where` and a rule's `where`: compileFilter(text) -> { sql, params }
//   columns.ts  `--by` names: compileColumnRef(name), compileByList(text) -> SQL + label
//   rule.ts     `check --assert` and rules files: parseRule(text) -> Rule; ruleToSql(rule) -> SELECT
//
// Each goes text -> tokens (lexer.ts) -> checked AST -> SQL. Every error is a UsageError (exit 2)
// quoting the expression with a caret under the fault (diagnostics.ts); the wording lives in
// src/messages.ts. User text never enters the SQL: values and JSON paths are named parameters
// ($p0, $p1, ...) and column or relation names go through quotedIdentifier.

export {
  compileFilter,
  compileFilterAst,
  describeFilter,
  filterReadsColumn,
  parseFilter,
  regexpPatterns,
  type BoundValue,
  type CompareOp,
  type CompiledFilter,
  type FilterAst,
  type Literal,
  type MatchOp,
} from './filter.js';
export {
  compileByList,
  compileColumnRef,
  DERIVED_DIMENSIONS,
  ParamSink,
  type ColumnRef,
  type CompiledColumn,
  type CompileOptions,
  type DerivedDimension,
  type Params,
  type ParamValue,
} from './columns.js';
export {
  BASIC_AGGREGATES,
  describeRule,
  NAMED_METRICS,
  parseRule,
  resolveThreshold,
  ruleToSql,
  type Metric,
  type NamedMetric,
  type Rule,
  type RuleOp,
  type RuleSql,
  type RuleSqlOptions,
  type Threshold,
} from './rule.js';
export type { Span } from './diagnostics.js';
