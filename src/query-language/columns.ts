// Column references: what a name in a filter, a --by list or a rule may denote, and its SQL.
//
// A reference is one of
//   - a canonical column of `events` (src/schema.ts), e.g. `model`, `duration_ms`;
//   - a field of the logged record, `attrs.<key>[.<key>...]`, read as text with
//     json_extract_string; a key that is not a plain word is written in double quotes
//     (`attrs."x-request-id"`), and an all-digit key indexes an array (`attrs.items.0`);
//   - a pseudo-dimension derived from `ts`, always in UTC:
//       day      the calendar date (DATE), e.g. 2026-03-01
//       hour     the hour of day, 0-23
//       weekday  the ISO day of week, 1 = Monday ... 7 = Sunday
//     A canonical column of the same name would win over a pseudo-dimension.
// Values never enter the SQL text: JSON paths and literals are bound as named parameters.

import { quotedIdentifier } from '../db.js';
import { EVENT_COLUMNS, eventColumn, type ColumnType } from '../schema.js';
import { messages } from '../messages.js';
import { closest, span, type Span } from './diagnostics.js';
import { TokenStream, type Token } from './lexer.js';

export type ParamValue = string | number | boolean | null;
export type Params = Record<string, ParamValue>;

export const DERIVED_DIMENSIONS = ['day', 'hour', 'weekday'] as const;
export type DerivedDimension = (typeof DERIVED_DIMENSIONS)[number];

export type ColumnRef =
  | { readonly kind: 'column'; readonly name: string; readonly type: ColumnType; readonly span: Span }
  /** `attrs.a.b`: `text` as written, `path` the JSON path bound at compile time (`$.a.b`). */
  | { readonly kind: 'field'; readonly text: string; readonly path: string; readonly span: Span }
  | { readonly kind: 'derived'; readonly name: DerivedDimension; readonly span: Span };

/** How a reference behaves in comparisons: the canonical types, plus DATE (`day`) and FIELD (`attrs.x`). */
export type RefType = ColumnType | 'DATE' | 'FIELD';

export function refType(ref: ColumnRef): RefType {
  switch (ref.kind) {
    case 'column':
      return ref.type;
    case 'field':
      return 'FIELD';
    case 'derived':
      return ref.name === 'day' ? 'DATE' : 'BIGINT';
  }
}

/** How a type reads in a message: "model is text", "duration_ms is a number". */
export function describeType(type: RefType): string {
  switch (type) {
    case 'BIGINT':
    case 'DOUBLE':
      return 'a number';
    case 'BOOLEAN':
      return 'true or false';
    case 'TIMESTAMPTZ':
      return 'a timestamp';
    case 'DATE':
      return 'a date';
    case 'JSON':
      return 'the whole logged record';
    case 'VARCHAR':
    case 'FIELD':
      return 'text';
  }
}

export function refLabel(ref: ColumnRef): string {
  return ref.kind === 'field' ? ref.text : ref.name;
}

export function isNumericType(type: RefType): boolean {
  return type === 'BIGINT' || type === 'DOUBLE';
}

/** Collects bound values and hands out their placeholders: `$<prefix>0`, `$<prefix>1`, ... */
export class ParamSink {
  readonly params: Params = {};
  private count = 0;

  constructor(readonly prefix = 'p') {
    // Ending in a letter or underscore keeps `p1` + `0` from meeting `p` + `10`.
    if (!/^[A-Za-z_](?:[A-Za-z0-9_]*[A-Za-z_])?$/.test(prefix)) {
      throw new TypeError(`parameter prefix must be a word ending in a letter or _: ${JSON.stringify(prefix)}`);
    }
  }

  bind(value: ParamValue): string {
    const name = `${this.prefix}${this.count++}`;
    this.params[name] = value;
    return `$${name}`;
  }
}

function jsonPath(segments: readonly { name: string; quoted: boolean }[]): string {
  return (
    '$' +
    segments.map((s) => (s.quoted ? `."${s.name}"` : /^\d+$/.test(s.name) ? `[${s.name}]` : `.${s.name}`)).join('')
  );
}

/**
 * Resolve an identifier token to a column reference, or throw a UsageError pointing at it.
 * `attrs` alone is allowed here (a filter may ask `attrs is null`); callers that need a value reject it.
 */
export function resolveColumn(stream: TokenStream, token: Token & { kind: 'ident' }): ColumnRef {
  const [first, ...rest] = token.segments;
  const head = first?.name ?? '';
  const headSpan = span(token.span.start, token.span.start + head.length);
  const column = eventColumn(head);
  if (column && rest.length === 0) return { kind: 'column', name: column.name, type: column.type, span: token.span };
  if (column?.name === 'attrs') return { kind: 'field', text: token.text, path: jsonPath(rest), span: token.span };
  if (column) throw stream.fail(token.span, messages.columnHasNoFields(head));
  const derived = DERIVED_DIMENSIONS.find((d) => d === head);
  if (derived && rest.length === 0) return { kind: 'derived', name: derived, span: token.span };
  if (derived) throw stream.fail(token.span, messages.columnHasNoFields(head));
  const known = [...EVENT_COLUMNS.map((c) => c.name), ...DERIVED_DIMENSIONS];
  throw stream.fail(headSpan, messages.unknownColumn(head, closest(head, known)));
}

/** The SQL expression for a reference; a field's JSON path is bound through `sink`. */
export function columnSql(ref: ColumnRef, sink: ParamSink): string {
  const utc = `(${quotedIdentifier('ts')} AT TIME ZONE 'UTC')`;
  switch (ref.kind) {
    case 'column':
      return quotedIdentifier(ref.name);
    case 'field':
      return `json_extract_string(${quotedIdentifier('attrs')}, ${sink.bind(ref.path)})`;
    case 'derived':
      return ref.name === 'day' ? `CAST(${utc} AS DATE)` : ref.name === 'hour' ? `hour(${utc})` : `isodow(${utc})`;
  }
}

/** A reference that names one groupable value: anything but the whole `attrs` record. */
export function parseDimension(stream: TokenStream): ColumnRef {
  const token = stream.next();
  if (token.kind !== 'ident') throw stream.unexpected(messages.expectedColumn(), token);
  const ref = resolveColumn(stream, token);
  if (refType(ref) === 'JSON') throw stream.fail(ref.span, messages.attrsNeedsField('group by'));
  return ref;
}

/** Parse `a, b, c` into dimensions, rejecting repeats. Stops at the first token after a name. */
export function parseDimensionList(stream: TokenStream): ColumnRef[] {
  const refs: ColumnRef[] = [];
  do {
    const ref = parseDimension(stream);
    const label = refLabel(ref);
    if (refs.some((r) => refLabel(r) === label)) throw stream.fail(ref.span, messages.duplicateDimension(label));
    refs.push(ref);
  } while (stream.acceptOp(','));
  return refs;
}

export interface CompiledColumn {
  /** SQL expression; its placeholders are in the accompanying params. */
  readonly sql: string;
  /** The name as the user wrote it: `model`, `attrs.region`, `hour`; use it as the output column name. */
  readonly label: string;
  /** The events column it reads, when it is one (not `attrs.x` or a derived `hour`). */
  readonly column?: string;
}

export interface CompileOptions {
  /** Placeholder prefix, default `p`: values bind as `$p0`, `$p1`, ... */
  readonly paramPrefix?: string;
}

/** One `--by` name: a canonical column, an `attrs.x.y` field, or `day` / `hour` / `weekday`. */
export function compileColumnRef(name: string, opts: CompileOptions = {}): CompiledColumn & { params: Params } {
  const stream = new TokenStream(name);
  const ref = parseDimension(stream);
  if (stream.peek().kind !== 'end') throw stream.unexpected(messages.expectedEnd());
  const sink = new ParamSink(opts.paramPrefix);
  return { sql: columnSql(ref, sink), params: sink.params, label: refLabel(ref) };
}

/** A comma-separated `--by` list, e.g. `model, attrs.region, day`. */
export function compileByList(text: string, opts: CompileOptions = {}): { columns: CompiledColumn[]; params: Params } {
  const stream = new TokenStream(text);
  const refs = parseDimensionList(stream);
  if (stream.peek().kind !== 'end') throw stream.unexpected(messages.expectedCommaOrEnd());
  const sink = new ParamSink(opts.paramPrefix);
  return {
    columns: refs.map((ref) => ({ sql: columnSql(ref, sink), label: refLabel(ref), ...(ref.kind === 'column' ? { column: ref.name } : {}) })),
    params: sink.params,
  };
}
