import { describe, expect, test } from 'vitest';
import { tokenize } from '../../src/query-language/lexer.js';

const kinds = (text: string) => tokenize(text).map((t) => t.kind);

describe('tokenize', () => {
  test('reads a dotted path, quoted segments included, as one identifier', () => {
    const [token] = tokenize('attrs."x-id".items.0');
    expect(token).toMatchObject({ kind: 'ident', text: 'attrs."x-id".items.0' });
    expect(token?.kind === 'ident' && token.segments).toEqual([
      { name: 'attrs', quoted: false },
      { name: 'x-id', quoted: true },
      { name: 'items', quoted: false },
      { name: '0', quoted: false },
    ]);
  });

  test('reads a percentile with a fraction as one identifier', () => {
    expect(tokenize('p99.9(')[0]).toMatchObject({ kind: 'ident', text: 'p99.9' });
  });

  test("unescapes '' inside a string", () => {
    expect(tokenize("'it''s'''")[0]).toMatchObject({ kind: 'string', value: "it's'" });
  });

  test('reads exponents and glued units on numbers', () => {
    expect(tokenize('1e3')[0]).toMatchObject({ kind: 'number', value: 1000, unit: null });
    expect(tokenize('1.5s')[0]).toMatchObject({ kind: 'number', value: 1.5, text: '1.5', unit: 's' });
    expect(tokenize('.5')[0]).toMatchObject({ kind: 'number', value: 0.5 });
  });

  test('reads a minus as a sign where a value may start and as an operator after a value', () => {
    expect(tokenize('> -5')[1]).toMatchObject({ kind: 'number', value: -5 });
    expect(tokenize('(-1, -2)').filter((t) => t.kind === 'number').map((t) => t.kind === 'number' && t.value)).toEqual([-1, -2]);
    expect(kinds('baseline - 5')).toEqual(['ident', 'op', 'number', 'end']);
    expect(kinds('baseline -5')).toEqual(['ident', 'op', 'number', 'end']);
  });

  test('reads the longest operator', () => {
    expect(tokenize('<= >= <> != == !~ < > = ~').map((t) => (t.kind === 'op' ? t.text : t.kind))).toEqual([
      '<=', '>=', '<>', '!=', '==', '!~', '<', '>', '=', '~', 'end',
    ]);
  });

  test('records spans as offsets into the source', () => {
    expect(tokenize("  model = 'x'").map((t) => t.span)).toEqual([
      { start: 2, end: 7 },
      { start: 8, end: 9 },
      { start: 10, end: 13 },
      { start: 13, end: 13 },
    ]);
  });
});
