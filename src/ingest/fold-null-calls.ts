// Folds the projection's macro calls that can only give NULL into a typed NULL before DuckDB sees
// the statement.
//
// A mapping fills a few of project-json.sql's ~70 slots; every other slot is `NULL::VARCHAR`, so
// most macro calls there read nothing (`lm_duration(NULL::VARCHAR, 's')`). DuckDB folds those too,
// but only after expanding each macro's body, and its nested macros, into the plan: for a `check`
// on a 10-line log that was a third of the projection statement's time (~15 of ~50 ms of CPU,
// docs/PERFORMANCE.md). Only calls whose first argument is `NULL::VARCHAR` and whose other arguments
// are literals (or the zone parameter $tz) are folded; test/ingest/fold-null-calls.test.ts asks DuckDB, for every such call the
// projection can contain, that it gives NULL of the type written here.

/** Functions that give NULL for a NULL VARCHAR first argument, whatever literals follow, and its type. */
const NULL_RESULT_TYPE: Readonly<Record<string, string>> = {
  lm_scalar: 'VARCHAR',
  lm_num: 'DOUBLE',
  lm_duration: 'DOUBLE',
  lm_unit_duration: 'DOUBLE',
  lm_repr_count: 'BIGINT',
  lm_request_line: 'VARCHAR',
  lm_level: 'VARCHAR',
  lm_python_level: 'VARCHAR',
  lm_severity_number: 'VARCHAR',
  lm_error_value: 'VARCHAR',
  lm_error_text: 'VARCHAR',
  lm_stack_error: 'VARCHAR',
  lm_service: 'VARCHAR',
  lm_chat_thread: 'VARCHAR',
  lm_gemini_version: 'VARCHAR',
  lm_http_status: 'INTEGER',
  lm_ts: 'TIMESTAMP WITH TIME ZONE',
  lm_ts_instant: 'TIMESTAMP WITH TIME ZONE',
  lower: 'VARCHAR',
  ltrim: 'VARCHAR',
};

// The zone parameter counts as a literal: lm_ts(NULL, $tz) is NULL whatever the zone.
const LITERAL = String.raw`(?:'[^']*'|-?\d+(?:\.\d+)?|NULL::VARCHAR|\$tz)`;
const FOLDABLE_CALL = new RegExp(
  String.raw`\b(${Object.keys(NULL_RESULT_TYPE).join('|')})\(NULL::VARCHAR((?:, ${LITERAL})*)\)`,
  'g',
);

/** The calls fold() replaces in `sql`, innermost first (a call around a folded one is listed as it is then). */
export function foldableCalls(sql: string): string[] {
  const calls: string[] = [];
  foldWith(sql, (call) => calls.push(call));
  return calls;
}

/** `sql` with every call that can only give NULL replaced by that NULL, typed as the call's result. */
export function foldNullCalls(sql: string): string {
  return foldWith(sql, () => {});
}

function foldWith(sql: string, seen: (call: string) => void): string {
  // A fold can make its caller foldable (`lm_service(lm_scalar(NULL::VARCHAR))`): repeat until none is left.
  for (;;) {
    let folded = 0;
    sql = sql.replace(FOLDABLE_CALL, (call, name: string) => {
      folded++;
      seen(call);
      return `NULL::${NULL_RESULT_TYPE[name] as string}`;
    });
    if (folded === 0) return sql;
  }
}
