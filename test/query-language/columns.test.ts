import { describe, expect, test } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { compileByList, compileColumnRef } from '../../src/query-language/columns.js';
import { caret, usageErrorOf } from './helpers.js';

describe('compileColumnRef', () => {
  test('quotes a canonical column and binds nothing', () => {
    expect(compileColumnRef('model')).toEqual({ sql: '"model"', params: {}, label: 'model' });
  });

  test('reads an attrs path as text with its JSON path bound', () => {
    expect(compileColumnRef('attrs.http.status')).toEqual({
      sql: 'json_extract_string("attrs", $p0)',
      params: { p0: '$.http.status' },
      label: 'attrs.http.status',
    });
  });

  test('derives day, hour and weekday from ts in UTC', () => {
    expect(compileColumnRef('day').sql).toBe(`CAST(("ts" AT TIME ZONE 'UTC') AS DATE)`);
    expect(compileColumnRef('hour').sql).toBe(`hour(("ts" AT TIME ZONE 'UTC'))`);
    expect(compileColumnRef('weekday').sql).toBe(`isodow(("ts" AT TIME ZONE 'UTC'))`);
  });

  test('uses the given parameter prefix', () => {
    expect(compileColumnRef('attrs.region', { paramPrefix: 'by_' }).params).toEqual({ by_0: '$.region' });
  });

  const errors: [string, string, string][] = [
    ['modle', 'unknown column modle; did you mean model?', '^^^^^'],
    ['durationms', 'unknown column durationms; did you mean duration_ms?', '^^^^^^^^^^'],
    ['attrs', 'attrs is the whole logged record; group by one of its fields, e.g. attrs.region', '^^^^^'],
    ['hour.x', 'hour has no fields; only attrs does (attrs.key)', '^^^^^^'],
    ['model,', 'expected the end of the expression, found ,', '     ^'],
    ["'model'", "expected a column name, found 'model'", '^^^^^^^'],
  ];
  test.each(errors)('rejects %s with a caret under the fault', (name, problem, underline) => {
    const error = usageErrorOf(() => compileColumnRef(name));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe(caret(problem, name, underline));
  });
});

describe('compileByList', () => {
  test('compiles a comma-separated list with one set of parameters', () => {
    expect(compileByList('model, attrs.region, attrs.zone, day')).toEqual({
      columns: [
        { sql: '"model"', label: 'model', column: 'model' },
        { sql: 'json_extract_string("attrs", $p0)', label: 'attrs.region' },
        { sql: 'json_extract_string("attrs", $p1)', label: 'attrs.zone' },
        { sql: `CAST(("ts" AT TIME ZONE 'UTC') AS DATE)`, label: 'day' },
      ],
      params: { p0: '$.region', p1: '$.zone' },
    });
  });

  test('rejects a name listed twice', () => {
    const error = usageErrorOf(() => compileByList('model, kind, model'));
    expect(error.message).toBe(caret('model is listed twice', 'model, kind, model', '             ^^^^^'));
  });

  test('rejects a missing comma', () => {
    const error = usageErrorOf(() => compileByList('model kind'));
    expect(error.message).toBe(caret('expected a comma or the end of the list, found kind', 'model kind', '      ^^^^'));
  });
});
