import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { ExitCode } from '../../src/errors.js';
import { compileFilter, describeFilter, parseFilter } from '../../src/query-language/filter.js';
import { caret, usageErrorOf } from './helpers.js';

describe('the filter language compiles every documented example', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ["model = 'gpt-4o' and ok", '("model" = $p0 AND "ok")', { p0: 'gpt-4o' }],
    ["kind = 'llm_call'", '"kind" = $p0', { p0: 'llm_call' }],
    ['not ok', '(NOT "ok")', {}],
    [
      "duration_ms >= 1000 or status in ('429','500')",
      '("duration_ms" >= $p0 OR "status" IN ($p1, $p2))',
      { p0: 1000, p1: '429', p2: '500' },
    ],
    ["attrs.region = 'eu'", 'json_extract_string("attrs", $p0) = $p1', { p0: '$.region', p1: 'eu' }],
    ["model like 'gpt-%'", '"model" LIKE $p0', { p0: 'gpt-%' }],
    ['error is null', '"error" IS NULL', {}],
    [
      "level != 'debug' and (kind = 'file_op' or kind = 'workflow')",
      '("level" <> $p0 AND ("kind" = $p1 OR "kind" = $p2))',
      { p0: 'debug', p1: 'file_op', p2: 'workflow' },
    ],
    ["ts >= '2026-03-01T00:00:00Z'", '"ts" >= CAST($p0 AS TIMESTAMPTZ)', { p0: '2026-03-01 00:00:00+00:00' }],
    ['tokens_in > 1e3', '"tokens_in" > $p0', { p0: 1000 }],
    ["path ~ '^/tmp/'", 'regexp_matches("path", $p0)', { p0: '^/tmp/' }],
    ['model is not null', '"model" IS NOT NULL', {}],
  ];
  test.each(cases)('%s', (text, sql, params) => {
    expect(compileFilter(text)).toEqual({ sql, params });
  });
});

describe('the filter language', () => {
  test('reads keywords in any case', () => {
    expect(compileFilter("NOT ok AND model LIKE 'x%' Or error IS NOT NULL").sql).toBe(
      '(((NOT "ok") AND "model" LIKE $p0) OR "error" IS NOT NULL)',
    );
  });

  test('binds not like, not ilike, not in and !~ as negations', () => {
    expect(compileFilter("model not like 'a%'").sql).toBe('"model" NOT LIKE $p0');
    expect(compileFilter("model not ilike 'a%'").sql).toBe('"model" NOT ILIKE $p0');
    expect(compileFilter("status not in ('1', '2')").sql).toBe('"status" NOT IN ($p0, $p1)');
    expect(compileFilter("path !~ 'tmp'").sql).toBe('NOT regexp_matches("path", $p0)');
  });

  test('accepts == and <> as spellings of = and !=', () => {
    expect(compileFilter("kind == 'request' and kind <> 'metric'").sql).toBe('("kind" = $p0 AND "kind" <> $p1)');
  });

  test('gives and a tighter binding than or, and not a tighter one than and', () => {
    expect(compileFilter('not ok and ok or ok').sql).toBe('(((NOT "ok") AND "ok") OR "ok")');
    expect(compileFilter('ok or ok and not ok').sql).toBe('("ok" OR ("ok" AND (NOT "ok")))');
  });

  test('compares a text column with a number numerically', () => {
    expect(compileFilter('status >= 500')).toEqual({ sql: 'TRY_CAST("status" AS DOUBLE) >= $p0', params: { p0: 500 } });
    expect(compileFilter('status in (429, 500)').sql).toBe('TRY_CAST("status" AS DOUBLE) IN ($p0, $p1)');
  });

  test('compares an attrs field with a number through TRY_CAST to DOUBLE', () => {
    expect(compileFilter('attrs.retries > 2')).toEqual({
      sql: 'TRY_CAST(json_extract_string("attrs", $p0) AS DOUBLE) > $p1',
      params: { p0: '$.retries', p1: 2 },
    });
  });

  test('compares an attrs field with true or false as a boolean, as a bare flag reads it', () => {
    expect(compileFilter('attrs.cached = true')).toEqual({
      sql: 'TRY_CAST(json_extract_string("attrs", $p0) AS BOOLEAN) = $p1',
      params: { p0: '$.cached', p1: true },
    });
  });

  test('reads a bare attrs field as a flag', () => {
    expect(compileFilter('attrs.cached').sql).toBe('TRY_CAST(json_extract_string("attrs", $p0) AS BOOLEAN)');
  });

  test('writes quoted and numeric attrs keys as JSON path steps', () => {
    expect(compileFilter(`attrs."x-id".v = 'a'`).params.p0).toBe('$."x-id".v');
    expect(compileFilter(`attrs.items.0 = 'a'`).params.p0).toBe('$.items[0]');
  });

  test('reads a number column compared with numeric text as a number', () => {
    expect(compileFilter("duration_ms > '250'").params).toEqual({ p0: 250 });
  });

  test('converts duration units to milliseconds against duration_ms', () => {
    expect(compileFilter('duration_ms > 1.5s').params).toEqual({ p0: 1500 });
    expect(compileFilter('duration_ms < 500ms').params).toEqual({ p0: 500 });
    expect(compileFilter('duration_ms < 2m').params).toEqual({ p0: 120_000 });
    expect(compileFilter('duration_ms < 1h').params).toEqual({ p0: 3_600_000 });
  });

  test('reads a timestamp without an offset as UTC', () => {
    expect(compileFilter("ts < '2026-03-01'").params).toEqual({ p0: '2026-03-01 00:00:00+00:00' });
    expect(compileFilter("ts < '2026-03-01 10:30'").params).toEqual({ p0: '2026-03-01 10:30:00+00:00' });
    expect(compileFilter("ts < '2026-03-01T10:30:00.250+02:00'").params).toEqual({ p0: '2026-03-01 10:30:00.250+02:00' });
  });

  test('offers day, hour and weekday derived from ts in UTC', () => {
    expect(compileFilter("day = '2026-03-02'").sql).toBe(`CAST(("ts" AT TIME ZONE 'UTC') AS DATE) = CAST($p0 AS DATE)`);
    expect(compileFilter('hour >= 9').sql).toBe(`hour(("ts" AT TIME ZONE 'UTC')) >= $p0`);
    expect(compileFilter('weekday in (6, 7)').sql).toBe(`isodow(("ts" AT TIME ZONE 'UTC')) IN ($p0, $p1)`);
  });

  test('reads negative numbers', () => {
    expect(compileFilter('value > -5 and value in (-1, 2)').params).toEqual({ p0: -5, p1: -1, p2: 2 });
  });

  test('uses the given parameter prefix', () => {
    expect(compileFilter("model = 'x'", { paramPrefix: 'w_' })).toEqual({ sql: '"model" = $w_0', params: { w_0: 'x' } });
  });

  test('refuses a parameter prefix that could collide with a numbered placeholder', () => {
    expect(() => compileFilter('ok', { paramPrefix: 'p1' })).toThrow(TypeError);
  });

  test('keeps spans that point back into the source', () => {
    const text = "level != 'debug' and (kind = 'file_op')";
    const ast = parseFilter(text);
    expect(ast.type).toBe('and');
    if (ast.type !== 'and') return;
    expect(text.slice(ast.left.span.start, ast.left.span.end)).toBe("level != 'debug'");
    expect(text.slice(ast.right.span.start, ast.right.span.end)).toBe("(kind = 'file_op')");
  });

  test('prints a filter back to text that parses to the same filter', () => {
    const texts = [
      "model = 'gpt-4o' and ok",
      "level != 'debug' and (kind = 'file_op' or kind = 'workflow')",
      "not (ok or model = 'it''s')",
      "status not in ('429', '500') or path !~ '^/tmp/'",
      'attrs."x-id".v is not null and duration_ms > 1s',
      'ok and (ok and ok)',
    ];
    for (const text of texts) {
      const printed = describeFilter(parseFilter(text));
      expect(describeFilter(parseFilter(printed))).toBe(printed);
      expect(compileFilter(printed)).toEqual(compileFilter(text));
    }
    expect(describeFilter(parseFilter("level != 'debug' AND (kind = 'file_op' OR kind = 'workflow')"))).toBe(
      "level != 'debug' and (kind = 'file_op' or kind = 'workflow')",
    );
  });
});

describe('filter errors quote the expression and put a caret under the fault', () => {
  const cases: [string, string, string][] = [
    ["modle = 'x'", 'unknown column modle; did you mean model?', '^^^^^'],
    ['foo = 1', 'unknown column foo; fields of the logged record are under attrs, e.g. attrs.foo', '^^^'],
    ["atrs.region = 'eu'", 'unknown column atrs; did you mean attrs?', '^^^^'],
    ["ok = 'yes'", "ok is true or false; compare it with true or false, not 'yes'", '     ^^^^^'],
    ['ok = 1', 'ok is true or false; compare it with true or false, not 1', '     ^'],
    ["duration_ms > 'abc'", "duration_ms is a number; 'abc' is not a number", '              ^^^^^'],
    ['tokens_in = true', 'tokens_in is a number; true is not a number', '            ^^^^'],
    ["model = 'a'; drop table events", 'unexpected character ;', '           ^'],
    ['model = "gpt-4o"', "text takes single quotes: 'gpt-4o'", '        ^^^^^^^^'],
    ['model = gpt', "expected a value, found the name gpt; quote text: 'gpt'", '        ^^^'],
    ['model = null', 'nothing equals null; write "is null" or "is not null"', '        ^^^^'],
    ['model =', "expected a value (a 'quoted text', a number, true, false or null), found the end of the expression", '       ^'],
    ['(ok', 'expected ), found the end of the expression', '   ^'],
    ['model', 'expected an operator after model (=, !=, <, >, like, ~, in, is null, ...), found the end of the expression', '     ^'],
    ["model.name = 'a'", 'model has no fields; only attrs does (attrs.key)', '^^^^^^^^^^'],
    ["attrs = 'x'", 'attrs is the whole logged record; compare one of its fields, e.g. attrs.region', '^^^^^'],
    ['tokens_in > 1s', 'a unit (1s) only applies to duration_ms, not tokens_in', '            ^^'],
    ['duration_ms > 5parsecs', 'unknown unit parsecs; durations take ms, s, m or h', '              ^^^^^^^^'],
    ["ts > 'yesterday'", "ts is a timestamp; write it as 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ', not 'yesterday'", '     ^^^^^^^^^^^'],
    ["ts > '2026-02-30'", "ts is a timestamp; write it as 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ', not '2026-02-30'", '     ^^^^^^^^^^^^'],
    ["day = '2026-03'", "day is a date; write it as 'YYYY-MM-DD', not '2026-03'", '      ^^^^^^^^^'],
    ["duration_ms like '1%'", 'like needs a text column; duration_ms is a number', '^^^^^^^^^^^'],
    ['model like 5', 'expected a quoted pattern after like, found 5', '           ^'],
    ["status in ('200', 500)", 'the list mixes numbers and text; compare status with one kind', '                  ^^^'],
    ['status in 200', 'expected ( after in, found 200', '          ^^^'],
    ["status in ('200' '500')", "expected a comma or ), found '500'", '                 ^^^^^'],
    ["model = 'unterminated", "unterminated text: close it with ' (write '' for a quote inside)", '        ^^^^^^^^^^^^^'],
    ["ok && model = 'x'", 'write and instead of &&', '   ^^'],
    ["ok || model = 'x'", 'write or instead of ||', '   ^^'],
    ['!ok', 'write not instead of !', '^'],
    ['status = true', "status is text; quote the value: 'true'", '         ^^^^'],
    ['and ok', 'expected a column name, found and', '^^^'],
    ['ok or', 'expected a column name, found the end of the expression', '     ^'],
    ["model = 'a' model", 'expected and, or, or the end of the filter, found model', '            ^^^^^'],
    ['model is 5', 'expected null, found 5', '         ^'],
    ['attrs. = 1', 'expected a field name after the dot', '     ^'],
    ["attrs.http.x-request-id = 'a'", 'a key with dashes needs double quotes: attrs.http."x-request-id"', '           ^^^^^^^^^^^^'],
    ['duration_ms > 1e999', '1e999 is out of range', '              ^^^^^'],
    ['status => 500', '=> is not an operator; did you mean >=?', '       ^^'],
    ['', 'expected a column name, found the end of the expression', '^'],
  ];
  test.each(cases)('%s', (text, problem, underline) => {
    const error = usageErrorOf(() => compileFilter(text));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe(caret(problem, text, underline));
  });

  test('show tabs and line breaks as spaces so the caret stays aligned', () => {
    const error = usageErrorOf(() => compileFilter("ok and\n\tmodle = 'x'"));
    expect(error.message).toBe(caret('unknown column modle; did you mean model?', "ok and  modle = 'x'", '        ^^^^^'));
  });
});

describe('level and kind take only the values they can hold', () => {
  // A value outside the list matches no record: in a CI gate, `count < 1 where level = 'ERROR'`
  // would pass whatever the log holds.
  const LEVELS = 'level is one of trace, debug, info, warn, error, fatal';
  const KINDS = 'kind is one of llm_call, request, file_op, workflow, session, metric, other';
  const cases: [string, string, string][] = [
    ["level = 'ERROR'", `${LEVELS}; did you mean 'error'?`, '        ^^^^^^^'],
    ["level = 'warning'", `${LEVELS}; did you mean 'warn'?`, '        ^^^^^^^^^'],
    ["level = 'WARNING'", `${LEVELS}; did you mean 'warn'?`, '        ^^^^^^^^^'],
    ["level = 'critical'", `${LEVELS}; did you mean 'fatal'?`, '        ^^^^^^^^^^'],
    ["level != 'Info'", `${LEVELS}; did you mean 'info'?`, '         ^^^^^^'],
    ["level = 'eror'", `${LEVELS}; did you mean 'error'?`, '        ^^^^^^'],
    ['level = 50', `${LEVELS}; did you mean 'error'?`, '        ^^'],
    ["level >= 'warning'", `${LEVELS}; did you mean 'warn'?`, '         ^^^^^^^^^'],
    ["level in ('error', 'FATAL')", `${LEVELS}; did you mean 'fatal'?`, '                   ^^^^^^^'],
    ["kind = 'llm-call'", `${KINDS}; did you mean 'llm_call'?`, '       ^^^^^^^^^^'],
    ["kind not in ('request', 'File_Op')", `${KINDS}; did you mean 'file_op'?`, '                        ^^^^^^^^^'],
    ["kind <> 'requests'", `${KINDS}; did you mean 'request'?`, '        ^^^^^^^^^^'],
    ["kind = 'http'", `${KINDS}; 'http' is not one of them`, '       ^^^^^^'],
  ];
  test.each(cases)('%s is exit 2 with a suggestion', (text, problem, underline) => {
    const error = usageErrorOf(() => compileFilter(text));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe(caret(problem, text, underline));
  });

  test('their listed values compile as before, and other text columns take any value', () => {
    expect(compileFilter("level = 'error' and kind in ('llm_call', 'file_op')").params).toEqual({ p0: 'error', p1: 'llm_call', p2: 'file_op' });
    expect(compileFilter("model = 'ERROR' and attrs.level = 'WARNING'").sql).toBe('("model" = $p0 AND json_extract_string("attrs", $p1) = $p2)');
  });

  test('patterns are not checked: like and ~ may match several values', () => {
    expect(compileFilter("level ilike 'E%'").sql).toBe('"level" ILIKE $p0');
  });
});

describe('level compares by severity: trace < debug < info < warn < error < fatal', () => {
  test('<, <=, >, >= compare positions in that order, bound as a number', () => {
    const rank = 'list_position([\'trace\', \'debug\', \'info\', \'warn\', \'error\', \'fatal\'], "level")';
    expect(compileFilter("level >= 'warn'")).toEqual({ sql: `${rank} >= $p0`, params: { p0: 4 } });
    expect(compileFilter("level < 'info'")).toEqual({ sql: `${rank} < $p0`, params: { p0: 3 } });
  });

  test('= and != stay text comparisons', () => {
    expect(compileFilter("level != 'debug'").sql).toBe('"level" <> $p0');
  });
});

describe('filters never splice user text into SQL', () => {
  test("keep a quote-and-comment injection inside one bound value", () => {
    expect(compileFilter("model = 'x'' or 1=1 --'")).toEqual({ sql: '"model" = $p0', params: { p0: "x' or 1=1 --" } });
  });

  test('reject a second statement as a syntax error', () => {
    const error = usageErrorOf(() => compileFilter("model = 'a'; drop table events"));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toMatch(/^unexpected character ;/);
  });

  test('reject a double-quoted identifier trick as a value', () => {
    expect(() => compileFilter('model = "x" or 1=1')).toThrow(/text takes single quotes/);
  });

  test('round-trip any string literal as a bound parameter that never reaches the SQL text', () => {
    const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
    const templates: Record<string, (lits: string[]) => [string, string]> = {
      eq: ([a = '']) => [`model = ${quote(a)}`, '"model" = $p0'],
      ne: ([a = '']) => [`model != ${quote(a)}`, '"model" <> $p0'],
      like: ([a = '']) => [`model like ${quote(a)}`, '"model" LIKE $p0'],
      regexp: ([a = '']) => [`path ~ ${quote(a)}`, 'regexp_matches("path", $p0)'],
      field: ([a = '']) => [`attrs.region = ${quote(a)}`, 'json_extract_string("attrs", $p0) = $p1'],
      in: (lits) => [`status in (${lits.map(quote).join(', ')})`, `"status" IN (${lits.map((_, i) => `$p${i}`).join(', ')})`],
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(templates)),
        fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 4 }),
        (kind, literals) => {
          const template = templates[kind];
          if (!template) throw new Error(kind);
          const [text, expectedSql] = template(literals);
          const { sql, params } = compileFilter(text);
          expect(sql).toBe(expectedSql);
          const values = Object.entries(params)
            .filter(([, v]) => v !== '$.region')
            .map(([, v]) => v);
          expect(values).toEqual(kind === 'in' ? literals : literals.slice(0, 1));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('leave no user-chosen string in the SQL text, whatever it contains', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 3 }), (s) => {
        const { sql } = compileFilter(`model = '${s.replaceAll("'", "''")}' or error ilike '${s.replaceAll("'", "''")}'`);
        expect(sql).toBe('("model" = $p0 OR "error" ILIKE $p1)');
        fc.pre(!'("model" = $p0 OR "error" ILIKE $p1)'.includes(s));
        expect(sql.includes(s)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the whole attrs record', () => {
  test('may be tested for null', () => {
    expect(compileFilter('attrs is not null').sql).toBe('"attrs" IS NOT NULL');
  });
});
