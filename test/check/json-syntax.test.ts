// The position of a JSON syntax error: V8's where it states one, else the scanner's, which stops
// where V8 stops. Checked against V8 itself on every error for which it states a position.

import { describe, expect, test } from 'vitest';
import { errorOffset, jsonSyntaxError } from '../../src/check/json-syntax.js';

describe('errorOffset', () => {
  // Texts whose error V8 locates: the scanner must name the same offset.
  const located = [
    '{"a":1,}',
    '{"a" 1}',
    '{"a":1} x',
    '{"a":"x\ny"}',
    '{"a":1',
    '[1,2',
    '{"a":01}',
    '{"a":-}',
    '{,}',
    '{"a":1}}',
    '"abc',
    '{"a":"\\q"}',
    '{"a":1e}',
    '{"a":1.}',
    '{"a":"\\u12x4"}',
    '{\n  "rules": [\n    {"name": "b" "expr": "x"}\n  ]\n}',
  ];
  test.each(located)('stops where V8 says it stopped: %j', (text) => {
    let stated: number | undefined;
    try {
      JSON.parse(text);
    } catch (error) {
      stated = Number(/at position (\d+)/.exec((error as Error).message)?.[1]);
    }
    expect(stated).toBeTypeOf('number');
    expect(errorOffset(text)).toBe(stated);
  });

  test.each([
    ['a trailing comma in an array: at the ]', '[1, 2, ]', 7],
    ['a misspelt literal: at the first wrong letter', '{"a": tru}', 9],
    ['a stray character: at it', '{"a": @}', 6],
    ['nothing at all: at the end', '', 0],
    ['a cut string: at the end', '{"a": "b', 8],
  ])('%s', (_, text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(errorOffset(text)).toBe(offset);
  });

  test('valid JSON has no error', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"]} ', '0']) expect(errorOffset(text)).toBeUndefined();
  });
});

describe('jsonSyntaxError', () => {
  test('gives the line and column, and V8\'s description on one line without its quote of the text', () => {
    expect(jsonSyntaxError('{\n  "rules": [\n    {"a": 1},\n  ]\n}\n')).toEqual({ line: 4, column: 3, detail: "Unexpected token ']'" });
    // V8 found a line break where the e of true belongs: named as an escape, at the end of line 2
    expect(jsonSyntaxError('{\n  "a": tru\n}')).toEqual({ line: 2, column: 11, detail: "Unexpected token '\\n'" });
    expect(jsonSyntaxError('{"a": 1}')).toBeUndefined();
  });
});
