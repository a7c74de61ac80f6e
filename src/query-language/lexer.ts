// The tokenizer shared by the filter language, --by lists and rule expressions.
// It knows no keywords: `and`, `where`, `p95` are identifiers, and each parser decides.

import { expressionError, span, type Span } from './diagnostics.js';
import { messages } from '../messages.js';

/** One dot-separated part of an identifier; `quoted` when written "like-this". */
export interface PathSegment {
  readonly name: string;
  readonly quoted: boolean;
}

export type Operator = '=' | '==' | '!=' | '<>' | '<' | '<=' | '>' | '>=' | '~' | '!~' | '(' | ')' | ',' | '*' | '+' | '-';

export type Token =
  /** `model`, `attrs.region`, `attrs."x-id".v`, `p99.9`; `text` is the source as written. */
  | { readonly kind: 'ident'; readonly text: string; readonly segments: readonly PathSegment[]; readonly span: Span }
  /** A lone double-quoted word. Only meaningful inside a path; elsewhere parsers explain quoting. */
  | { readonly kind: 'quoted'; readonly value: string; readonly span: Span }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  /** `unit` is the letters glued to the number (`500ms`, `1s`), if any. */
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly unit: string | null; readonly span: Span }
  | { readonly kind: 'op'; readonly text: Operator; readonly span: Span }
  | { readonly kind: 'end'; readonly span: Span };

const OPERATORS: readonly Operator[] = ['==', '!=', '<>', '<=', '>=', '!~', '=', '<', '>', '~', '(', ')', ',', '*', '+', '-'];
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const SEGMENT = /[A-Za-z0-9_]+/y;
const DASHED_KEY = /[\w-]+/y;
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const UNIT = /[A-Za-z_]+/y;
const SPACE = /\s+/y;

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;

  const quotedAt = (start: number): { value: string; end: number } => {
    const close = source.indexOf('"', start + 1);
    if (close < 0) throw expressionError(source, span(start, source.length), messages.unterminatedQuotedName());
    return { value: source.slice(start + 1, close), end: close + 1 };
  };

  while (at < source.length) {
    const blank = matchAt(SPACE, source, at);
    if (blank) {
      at += blank.length;
      continue;
    }
    const start = at;
    const ch = source[at] ?? '';
    const previous = tokens[tokens.length - 1];

    const word = matchAt(WORD, source, at);
    if (word) {
      const segments: PathSegment[] = [{ name: word, quoted: false }];
      at += word.length;
      let segmentStart = start;
      while (source[at] === '.') {
        const dot = at;
        segmentStart = at + 1;
        if (source[at + 1] === '"') {
          const quoted = quotedAt(at + 1);
          if (quoted.value === '') throw expressionError(source, span(dot + 1, quoted.end), messages.emptyFieldName());
          segments.push({ name: quoted.value, quoted: true });
          at = quoted.end;
          continue;
        }
        const segment = matchAt(SEGMENT, source, at + 1);
        if (!segment) throw expressionError(source, span(dot, dot + 1), messages.fieldNameExpected());
        segments.push({ name: segment, quoted: false });
        at += 1 + segment.length;
      }
      // `attrs.request-id` would read as a subtraction; say how to write such a key.
      const last = segments[segments.length - 1];
      if (segments.length > 1 && last && !last.quoted && source[at] === '-' && /\w/.test(source[at + 1] ?? '')) {
        const key = matchAt(DASHED_KEY, source, segmentStart) ?? last.name;
        const written = `${source.slice(start, segmentStart)}"${key}"`;
        throw expressionError(source, span(segmentStart, segmentStart + key.length), messages.quoteDashedKey(written));
      }
      tokens.push({ kind: 'ident', text: source.slice(start, at), segments, span: span(start, at) });
      continue;
    }

    // A minus sign starts a negative number only where a value may begin, so `baseline - 5` stays
    // a subtraction while `count > -5` and `in (-1, 2)` read a negative literal.
    const valueMayStart = !previous || (previous.kind === 'op' && previous.text !== ')');
    const negative = ch === '-' && valueMayStart && matchAt(NUMBER, source, at + 1) !== undefined;
    const digits = matchAt(NUMBER, source, negative ? at + 1 : at);
    if (digits) {
      at += (negative ? 1 : 0) + digits.length;
      const text = source.slice(start, at);
      const unit = matchAt(UNIT, source, at) ?? null;
      if (unit) at += unit.length;
      tokens.push({ kind: 'number', value: Number(text), text, unit, span: span(start, at) });
      continue;
    }

    if (ch === "'") {
      let value = '';
      let i = at + 1;
      for (;;) {
        const close = source.indexOf("'", i);
        if (close < 0) throw expressionError(source, span(start, source.length), messages.unterminatedString());
        value += source.slice(i, close);
        if (source[close + 1] === "'") {
          value += "'";
          i = close + 2;
          continue;
        }
        at = close + 1;
        break;
      }
      tokens.push({ kind: 'string', value, span: span(start, at) });
      continue;
    }

    if (ch === '"') {
      const quoted = quotedAt(at);
      at = quoted.end;
      tokens.push({ kind: 'quoted', value: quoted.value, span: span(start, at) });
      continue;
    }

    const operator = OPERATORS.find((op) => source.startsWith(op, at));
    if (operator) {
      at += operator.length;
      tokens.push({ kind: 'op', text: operator, span: span(start, at) });
      continue;
    }

    const pair = source.slice(at, at + 2);
    const problem =
      pair === '&&' ? messages.useKeyword('and', '&&')
      : pair === '||' ? messages.useKeyword('or', '||')
      : ch === '!' ? messages.useKeyword('not', '!')
      : messages.unexpectedCharacter(ch);
    throw expressionError(source, span(at, at + (pair === '&&' || pair === '||' ? 2 : 1)), problem);
  }
  tokens.push({ kind: 'end', span: span(source.length, source.length) });
  return tokens;
}

/** How a token reads in an error message ("found ..."). */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'ident':
      return token.text;
    case 'quoted':
      return `"${token.value}"`;
    case 'string':
      return `'${token.value.replaceAll("'", "''")}'`;
    case 'number':
      return token.text + (token.unit ?? '');
    case 'op':
      return token.text;
    case 'end':
      return 'the end of the expression';
  }
}

/** A cursor over the tokens of one source text; parsers share it so a rule can embed a filter. */
export class TokenStream {
  private index = 0;
  readonly tokens: readonly Token[];

  constructor(readonly source: string) {
    this.tokens = tokenize(source);
  }

  peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + ahead] ?? last;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  /** The identifier is this keyword (case-insensitive) and is a bare word, not a path. */
  isKeyword(keyword: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'ident' && token.segments.length === 1 && token.text.toLowerCase() === keyword;
  }

  acceptKeyword(keyword: string): Token | undefined {
    return this.isKeyword(keyword) ? this.next() : undefined;
  }

  isOp(op: Operator, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'op' && token.text === op;
  }

  acceptOp(op: Operator): Token | undefined {
    return this.isOp(op) ? this.next() : undefined;
  }

  /** The error "expected X, found Y" with the caret under the current token. */
  unexpected(expected: string, token: Token = this.peek()): Error {
    const problem =
      token.kind === 'end' ? messages.unexpectedEnd(expected) : messages.unexpectedToken(expected, describeToken(token));
    return expressionError(this.source, token.span, problem);
  }

  fail(at: Span, problem: string): Error {
    return expressionError(this.source, at, problem);
  }
}

/**
 * `=>` and `=<`, typed for `>=` and `<=`: the lexer reads `=` then `>`. Returned as an error
 * pointing at both characters, or undefined when `token` does not start one.
 */
export function swappedComparison(stream: TokenStream, token: Token): Error | undefined {
  const next = stream.peek();
  if (token.kind !== 'op' || token.text !== '=' || next.kind !== 'op' || next.span.start !== token.span.end) return undefined;
  if (next.text !== '>' && next.text !== '<') return undefined;
  return stream.fail(span(token.span.start, next.span.end), messages.swappedComparison(`=${next.text}`, `${next.text}=`));
}
