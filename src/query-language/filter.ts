// The filter language of `query --where` and of `where` in rules: text -> checked AST -> SQL.
//
// 1. tokenize (lexer.ts)
// 2. parse by recursive descent; each predicate is type-checked as it is built, so every
//    error can point at the token that caused it
// 3. compile the AST to a SQL boolean expression whose values are all bound parameters
//
// Grammar (keywords are case-insensitive):
//   filter    := or
//   or        := and ('or' and)*
//   and       := unary ('and' unary)*
//   unary     := 'not' unary | '(' or ')' | predicate
//   predicate := column cmp literal                    cmp: = == != <> < <= > >=
//              | column ['not'] ('like' | 'ilike') string
//              | column ('~' | '!~') string             regular expression (RE2), matches anywhere
//              | column ['not'] 'in' '(' literal (',' literal)* ')'
//              | column 'is' ['not'] 'null'
//              | column                                 a BOOLEAN column or an attrs field is true (= true)
//   column    := a name from src/schema.ts | attrs.key[.key...] | day | hour | weekday  (columns.ts)
//   literal   := 'text' ('' escapes a quote) | number [unit] | true | false | null
//
// Types: a BOOLEAN column compares only with true/false; a number column with numbers or
// numeric text; a text column or attrs field compared with a number is read with
// TRY_CAST(... AS DOUBLE) (so `status >= 500` compares numbers, not strings); an attrs field, bare
// or compared with true or false, is read with TRY_CAST(... AS BOOLEAN), so `attrs.cached` and
// `attrs.cached = true` agree: true, 1, 't' and 'yes' are true, false, 0, 'f' and 'no' false,
// anything else (2, 'on', a missing field) neither; `ts` compares with
// 'YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+hh:mm]' read as UTC when no offset is given. Units
// (500ms, 1s, 2m, 1h) are allowed against duration_ms and are converted to milliseconds.
// `level` and `kind` compare only with one of their values (vocabulary.ts), and `<`, `<=`, `>`,
// `>=` on level follow severity: `level >= 'warn'` is warn, error and fatal.
// As in SQL, a comparison with a missing (NULL) value is never true: `level != 'debug'` skips
// records without a level; use `is null` to find them.

import { messages } from '../messages.js';
import { span, type Span } from './diagnostics.js';
import { swappedComparison, TokenStream, type Token } from './lexer.js';
import {
  columnSql,
  describeType,
  isNumericType,
  ParamSink,
  refLabel,
  refType,
  resolveColumn,
  type ColumnRef,
  type CompileOptions,
  type ParamValue,
  type Params,
} from './columns.js';
import { fixedValues, orderedBySeverity, severityRank, SEVERITY_ORDER, suggestValue } from './vocabulary.js';

export type Literal =
  | { readonly type: 'string'; readonly value: string; readonly span: Span }
  | { readonly type: 'number'; readonly value: number; readonly text: string; readonly unit: string | null; readonly span: Span }
  | { readonly type: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly type: 'null'; readonly span: Span };

/** A literal after type checking against its column: how it is bound and compared. */
export type BoundValue =
  | { readonly as: 'text'; readonly value: string }
  | { readonly as: 'number'; readonly value: number }
  | { readonly as: 'boolean'; readonly value: boolean }
  /** Normalised to carry an explicit offset, so the session time zone never matters. */
  | { readonly as: 'timestamp'; readonly value: string }
  | { readonly as: 'date'; readonly value: string };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type MatchOp = 'like' | 'ilike' | 'regexp';

export type FilterAst =
  | { readonly type: 'and' | 'or'; readonly left: FilterAst; readonly right: FilterAst; readonly span: Span }
  | { readonly type: 'not'; readonly operand: FilterAst; readonly span: Span }
  | { readonly type: 'compare'; readonly column: ColumnRef; readonly op: CompareOp; readonly literal: Literal; readonly bound: BoundValue; readonly span: Span }
  | { readonly type: 'match'; readonly column: ColumnRef; readonly op: MatchOp; readonly negated: boolean; readonly pattern: string; readonly patternSpan: Span; readonly span: Span }
  | { readonly type: 'in'; readonly column: ColumnRef; readonly negated: boolean; readonly literals: readonly Literal[]; readonly bound: readonly BoundValue[]; readonly span: Span }
  | { readonly type: 'isNull'; readonly column: ColumnRef; readonly negated: boolean; readonly span: Span }
  /** A bare BOOLEAN column or attrs field: true when it is true. */
  | { readonly type: 'flag'; readonly column: ColumnRef; readonly span: Span };

const KEYWORDS = new Set(['and', 'or', 'not', 'like', 'ilike', 'in', 'is', 'null', 'true', 'false']);
const COMPARE_OPS: Readonly<Record<string, CompareOp>> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const NUMERIC_TEXT = /^\s*[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
const TIMESTAMP_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const join = (a: Span, b: Span): Span => span(a.start, b.end);

// ---------------------------------------------------------------------------------------------
// Parsing

/** Parse and type-check a filter. Throws UsageError (exit 2) with a caret under the problem. */
export function parseFilter(text: string): FilterAst {
  const stream = new TokenStream(text);
  const ast = parseFilterExpression(stream);
  if (stream.peek().kind !== 'end') throw stream.unexpected(messages.expectedAndOrEnd());
  return ast;
}

/**
 * Parse one filter from the stream and stop at the first token that cannot continue it
 * (a rule's `by`, say). Exported for the rule parser, which shares the stream.
 */
export function parseFilterExpression(stream: TokenStream): FilterAst {
  return parseOr(stream);
}

function parseOr(stream: TokenStream): FilterAst {
  let left = parseAnd(stream);
  while (stream.acceptKeyword('or')) {
    const right = parseAnd(stream);
    left = { type: 'or', left, right, span: join(left.span, right.span) };
  }
  return left;
}

function parseAnd(stream: TokenStream): FilterAst {
  let left = parseUnary(stream);
  while (stream.acceptKeyword('and')) {
    const right = parseUnary(stream);
    left = { type: 'and', left, right, span: join(left.span, right.span) };
  }
  return left;
}

function parseUnary(stream: TokenStream): FilterAst {
  const not = stream.acceptKeyword('not');
  if (not) {
    const operand = parseUnary(stream);
    return { type: 'not', operand, span: join(not.span, operand.span) };
  }
  const open = stream.acceptOp('(');
  if (open) {
    const inner = parseOr(stream);
    const close = stream.acceptOp(')');
    if (!close) throw stream.unexpected(messages.expectedCloseParen());
    return { ...inner, span: join(open.span, close.span) };
  }
  return parsePredicate(stream);
}

function parsePredicate(stream: TokenStream): FilterAst {
  const token = stream.peek();
  if (token.kind !== 'ident' || (token.segments.length === 1 && KEYWORDS.has(token.text.toLowerCase()))) {
    throw stream.unexpected(messages.expectedColumn());
  }
  stream.next();
  const column = resolveColumn(stream, token);
  const type = refType(column);
  const next = stream.peek();

  if (next.kind === 'op' && next.text in COMPARE_OPS) {
    stream.next();
    const swapped = swappedComparison(stream, next);
    if (swapped) throw swapped;
    const op = COMPARE_OPS[next.text] as CompareOp;
    const literal = parseLiteral(stream);
    const bound = bindLiteral(stream, column, literal);
    return { type: 'compare', column, op, literal, bound, span: join(token.span, literal.span) };
  }

  if (next.kind === 'op' && (next.text === '~' || next.text === '!~')) {
    stream.next();
    return parseMatch(stream, column, 'regexp', next.text === '!~', token.span);
  }

  const negated = stream.isKeyword('not') && ['like', 'ilike', 'in'].some((k) => stream.isKeyword(k, 1));
  if (negated) stream.next();
  if (stream.acceptKeyword('like')) return parseMatch(stream, column, 'like', negated, token.span);
  if (stream.acceptKeyword('ilike')) return parseMatch(stream, column, 'ilike', negated, token.span);
  if (stream.acceptKeyword('in')) return parseIn(stream, column, negated, token.span);

  if (stream.acceptKeyword('is')) {
    const isNot = stream.acceptKeyword('not') !== undefined;
    const nullToken = stream.peek();
    if (!stream.acceptKeyword('null')) throw stream.unexpected(messages.expectedNull());
    return { type: 'isNull', column, negated: isNot, span: join(token.span, nullToken.span) };
  }

  if (type === 'BOOLEAN' || type === 'FIELD') return { type: 'flag', column, span: token.span };
  if (type === 'JSON') throw stream.fail(column.span, messages.attrsNeedsField('compare'));
  throw stream.unexpected(messages.expectedOperatorAfter(refLabel(column)));
}

function parseMatch(stream: TokenStream, column: ColumnRef, op: MatchOp, negated: boolean, start: Span): FilterAst {
  const operator = op === 'regexp' ? (negated ? '!~' : '~') : op;
  const type = refType(column);
  if (type !== 'VARCHAR' && type !== 'FIELD') {
    throw stream.fail(column.span, messages.matchNeedsText(operator, refLabel(column), describeType(type)));
  }
  const pattern = stream.peek();
  if (pattern.kind !== 'string') throw stream.unexpected(messages.expectedPattern(operator));
  stream.next();
  return { type: 'match', column, op, negated, pattern: pattern.value, patternSpan: pattern.span, span: join(start, pattern.span) };
}

function parseIn(stream: TokenStream, column: ColumnRef, negated: boolean, start: Span): FilterAst {
  if (!stream.acceptOp('(')) throw stream.unexpected(messages.expectedOpenParen('in'));
  const literals: Literal[] = [];
  const bound: BoundValue[] = [];
  do {
    const literal = parseLiteral(stream);
    const value = bindLiteral(stream, column, literal);
    const first = bound[0];
    if (first && first.as !== value.as) throw stream.fail(literal.span, messages.mixedList(refLabel(column)));
    literals.push(literal);
    bound.push(value);
  } while (stream.acceptOp(','));
  const close = stream.acceptOp(')');
  if (!close) throw stream.unexpected(messages.expectedCommaOrCloseParen());
  return { type: 'in', column, negated, literals, bound, span: join(start, close.span) };
}

function parseLiteral(stream: TokenStream): Literal {
  const token: Token = stream.peek();
  switch (token.kind) {
    case 'string':
      stream.next();
      return { type: 'string', value: token.value, span: token.span };
    case 'number':
      stream.next();
      return { type: 'number', value: token.value, text: token.text, unit: token.unit, span: token.span };
    case 'quoted':
      throw stream.fail(token.span, messages.textTakesSingleQuotes(token.value));
    case 'ident': {
      const word = token.segments.length === 1 ? token.text.toLowerCase() : '';
      if (word === 'true' || word === 'false') {
        stream.next();
        return { type: 'boolean', value: word === 'true', span: token.span };
      }
      if (word === 'null') {
        stream.next();
        return { type: 'null', span: token.span };
      }
      throw stream.fail(token.span, messages.valueExpectedNotName(token.text));
    }
    default:
      throw stream.unexpected(messages.expectedValue());
  }
}

// ---------------------------------------------------------------------------------------------
// Type checking

function literalText(literal: Literal): string {
  switch (literal.type) {
    case 'string':
      return `'${literal.value.replaceAll("'", "''")}'`;
    case 'number':
      return literal.text + (literal.unit ?? '');
    case 'boolean':
      return String(literal.value);
    case 'null':
      return 'null';
  }
}

/** A number literal's value, with a duration unit converted to milliseconds. */
export function numberValue(
  stream: TokenStream,
  literal: Literal & { type: 'number' },
  unitsAllowed: boolean,
  label: string,
): number {
  let value = literal.value;
  if (literal.unit !== null) {
    const factor = DURATION_UNITS[literal.unit];
    if (factor === undefined) throw stream.fail(literal.span, messages.unknownUnit(literal.unit));
    if (!unitsAllowed) throw stream.fail(literal.span, messages.unitNeedsDuration(literalText(literal), label));
    value *= factor;
  }
  if (!Number.isFinite(value)) throw stream.fail(literal.span, messages.numberOutOfRange(literalText(literal)));
  return value;
}

function normalisedTimestamp(text: string): string | undefined {
  const m = TIMESTAMP_TEXT.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const calendarValid = date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d);
  if (!calendarValid || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const offset = !zone || zone.toUpperCase() === 'Z' ? '+00:00' : zone;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}${fraction}${offset}`;
}

function bindLiteral(stream: TokenStream, column: ColumnRef, literal: Literal): BoundValue {
  const type = refType(column);
  const label = refLabel(column);
  const shown = literalText(literal);
  if (literal.type === 'null') throw stream.fail(literal.span, messages.compareWithNull());
  if (type === 'JSON') throw stream.fail(column.span, messages.attrsNeedsField('compare'));
  const isDuration = column.kind === 'column' && column.name === 'duration_ms';

  if (type === 'BOOLEAN') {
    if (literal.type === 'boolean') return { as: 'boolean', value: literal.value };
    throw stream.fail(literal.span, messages.booleanComparedWith(label, shown));
  }
  if (isNumericType(type)) {
    if (literal.type === 'number') return { as: 'number', value: numberValue(stream, literal, isDuration, label) };
    if (literal.type === 'string' && NUMERIC_TEXT.test(literal.value) && Number.isFinite(Number(literal.value))) {
      return { as: 'number', value: Number(literal.value) };
    }
    throw stream.fail(literal.span, messages.numberComparedWith(label, shown));
  }
  if (type === 'TIMESTAMPTZ' || type === 'DATE') {
    const text = literal.type === 'string' ? literal.value.trim() : '';
    const normalised = normalisedTimestamp(text);
    if (normalised !== undefined && type === 'TIMESTAMPTZ') return { as: 'timestamp', value: normalised };
    if (normalised !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text)) return { as: 'date', value: text };
    throw stream.fail(literal.span, messages.timeComparedWith(label, shown, type === 'DATE'));
  }
  const listed = fixedValues(column);
  if (listed && (literal.type === 'string' || literal.type === 'number') && !(literal.type === 'string' && listed.includes(literal.value))) {
    throw stream.fail(literal.span, messages.valueNotListed(label, listed, shown, suggestValue(column, literal.value)));
  }
  // VARCHAR or an attrs field: text, or a number compared numerically.
  if (literal.type === 'string') return { as: 'text', value: literal.value };
  if (literal.type === 'number') return { as: 'number', value: numberValue(stream, literal, false, label) };
  if (type === 'FIELD') return { as: 'boolean', value: literal.value };
  throw stream.fail(literal.span, messages.textComparedWithBoolean(label, shown));
}

// ---------------------------------------------------------------------------------------------
// Compiling

const SQL_COMPARE: Readonly<Record<CompareOp, string>> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function boundSql(value: BoundValue, sink: ParamSink): string {
  const placeholder = sink.bind(value.value as ParamValue);
  if (value.as === 'timestamp') return `CAST(${placeholder} AS TIMESTAMPTZ)`;
  if (value.as === 'date') return `CAST(${placeholder} AS DATE)`;
  return placeholder;
}

/**
 * The column, read as a DOUBLE when text is compared with a number, and an attrs field read as a
 * BOOLEAN when compared with true or false, as a bare flag reads it (flagSql).
 */
function operandSql(column: ColumnRef, as: BoundValue['as'], sink: ParamSink): string {
  const type = refType(column);
  if (as === 'boolean' && type === 'FIELD') return flagSql(column, sink);
  const sql = columnSql(column, sink);
  return as === 'number' && !isNumericType(type) ? `TRY_CAST(${sql} AS DOUBLE)` : sql;
}

/**
 * A BOOLEAN column as it is; an attrs field read as DuckDB reads text as a boolean: true, 1, 't',
 * 'yes' are true, false, 0, 'f', 'no' false, anything else neither. A bare `attrs.cached` and
 * `attrs.cached = true` go through here both, so they select the same records.
 */
function flagSql(column: ColumnRef, sink: ParamSink): string {
  const sql = columnSql(column, sink);
  return column.kind === 'field' ? `TRY_CAST(${sql} AS BOOLEAN)` : sql;
}

function isOrdering(op: CompareOp): boolean {
  return op === '<' || op === '<=' || op === '>' || op === '>=';
}

/**
 * A level's rank in severity order (trace 1 ... fatal 6; NULL for no level), so that
 * `level >= 'warn'` means warn, error and fatal rather than the alphabet's order. The list is
 * the schema's constant, never user text.
 */
function severitySql(column: ColumnRef, sink: ParamSink): string {
  const list = SEVERITY_ORDER.map((level) => `'${level}'`).join(', ');
  return `list_position([${list}], ${columnSql(column, sink)})`;
}

/** Compile a checked AST to a SQL boolean expression, binding every value through `sink`. */
export function compileFilterAst(ast: FilterAst, sink: ParamSink): string {
  switch (ast.type) {
    case 'and':
    case 'or':
      return `(${compileFilterAst(ast.left, sink)} ${ast.type.toUpperCase()} ${compileFilterAst(ast.right, sink)})`;
    case 'not':
      return `(NOT ${compileFilterAst(ast.operand, sink)})`;
    case 'compare':
      if (isOrdering(ast.op) && orderedBySeverity(ast.column) && ast.bound.as === 'text') {
        return `${severitySql(ast.column, sink)} ${SQL_COMPARE[ast.op]} ${sink.bind(severityRank(ast.bound.value))}`;
      }
      return `${operandSql(ast.column, ast.bound.as, sink)} ${SQL_COMPARE[ast.op]} ${boundSql(ast.bound, sink)}`;
    case 'match': {
      const column = columnSql(ast.column, sink);
      const pattern = sink.bind(ast.pattern);
      if (ast.op === 'regexp') return `${ast.negated ? 'NOT ' : ''}regexp_matches(${column}, ${pattern})`;
      return `${column} ${ast.negated ? 'NOT ' : ''}${ast.op.toUpperCase()} ${pattern}`;
    }
    case 'in': {
      const column = operandSql(ast.column, ast.bound[0]?.as ?? 'text', sink);
      const values = ast.bound.map((v) => boundSql(v, sink)).join(', ');
      return `${column} ${ast.negated ? 'NOT IN' : 'IN'} (${values})`;
    }
    case 'isNull':
      return `${columnSql(ast.column, sink)} IS ${ast.negated ? 'NOT ' : ''}NULL`;
    case 'flag':
      return flagSql(ast.column, sink);
  }
}

/**
 * The regular expressions of a filter (`~`, `!~`) and where each is written. Their syntax is RE2's,
 * which only DuckDB knows exactly: src/regexp-check.ts has DuckDB compile them before any input is
 * read, and points at the one it refuses.
 */
export function regexpPatterns(ast: FilterAst): { readonly pattern: string; readonly span: Span }[] {
  switch (ast.type) {
    case 'and':
    case 'or':
      return [...regexpPatterns(ast.left), ...regexpPatterns(ast.right)];
    case 'not':
      return regexpPatterns(ast.operand);
    case 'match':
      return ast.op === 'regexp' ? [{ pattern: ast.pattern, span: ast.patternSpan }] : [];
    default:
      return [];
  }
}

/** True when the filter reads the canonical column `name` (not an attrs field of that name). */
export function filterReadsColumn(ast: FilterAst, name: string): boolean {
  switch (ast.type) {
    case 'and':
    case 'or':
      return filterReadsColumn(ast.left, name) || filterReadsColumn(ast.right, name);
    case 'not':
      return filterReadsColumn(ast.operand, name);
    default:
      return ast.column.kind === 'column' && ast.column.name === name;
  }
}

export interface CompiledFilter {
  /** A SQL boolean expression over the columns of `events`, e.g. `("model" = $p0 AND "ok")`. */
  readonly sql: string;
  /** Named parameters for the placeholders in `sql`; pass them as the values object to DuckDB. */
  readonly params: Params;
}

/** Parse, check and compile a filter, e.g. `compileFilter("model = 'gpt-4o' and ok")`. */
export function compileFilter(text: string, opts: CompileOptions = {}): CompiledFilter {
  const ast = parseFilter(text);
  const sink = new ParamSink(opts.paramPrefix);
  return { sql: compileFilterAst(ast, sink), params: sink.params };
}

// ---------------------------------------------------------------------------------------------
// Printing

const PRECEDENCE = { or: 1, and: 2, not: 3 } as const;

function precedence(ast: FilterAst): number {
  return ast.type === 'or' || ast.type === 'and' || ast.type === 'not' ? PRECEDENCE[ast.type] : 4;
}

/** The canonical text of a filter: lower-case keywords, minimal parentheses; parses back to the same AST shape. */
export function describeFilter(ast: FilterAst): string {
  const wrap = (child: FilterAst, min: number): string =>
    precedence(child) < min ? `(${describeFilter(child)})` : describeFilter(child);
  const column = (ref: ColumnRef): string => refLabel(ref);
  switch (ast.type) {
    case 'and':
    case 'or': {
      const p = PRECEDENCE[ast.type];
      return `${wrap(ast.left, p)} ${ast.type} ${wrap(ast.right, p + 1)}`;
    }
    case 'not':
      return `not ${wrap(ast.operand, PRECEDENCE.not)}`;
    case 'compare':
      return `${column(ast.column)} ${ast.op} ${literalText(ast.literal)}`;
    case 'match': {
      const pattern = `'${ast.pattern.replaceAll("'", "''")}'`;
      if (ast.op === 'regexp') return `${column(ast.column)} ${ast.negated ? '!~' : '~'} ${pattern}`;
      return `${column(ast.column)} ${ast.negated ? 'not ' : ''}${ast.op} ${pattern}`;
    }
    case 'in':
      return `${column(ast.column)} ${ast.negated ? 'not in' : 'in'} (${ast.literals.map(literalText).join(', ')})`;
    case 'isNull':
      return `${column(ast.column)} is ${ast.negated ? 'not ' : ''}null`;
    case 'flag':
      return column(ast.column);
  }
}
