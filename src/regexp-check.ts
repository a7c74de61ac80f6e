// The regular expressions of a filter (`--where`, a rule's `where`: `~` and `!~`), compiled by the
// engine that will run them, DuckDB's RE2, before any input is read. A typo such as `'['` is then a
// usage error (exit 2) with a caret under the pattern, instead of a failed query, reported as an
// internal error, once the whole input has been loaded. The query language itself is pure (no
// DuckDB), so the check lives here; only a filter that holds a pattern opens a database for it.

import { Database } from './db.js';
import type { UsageError } from './errors.js';
import { messages } from './messages.js';
import { expressionError } from './query-language/diagnostics.js';
import { regexpPatterns, type FilterAst } from './query-language/filter.js';

/**
 * The first pattern of `ast` that DuckDB refuses, as an error quoting `expression` (the text the
 * spans of `ast` point into) with a caret under it; undefined when every pattern compiles.
 */
export async function regexpError(expression: string, ast: FilterAst): Promise<UsageError | undefined> {
  const patterns = regexpPatterns(ast);
  if (patterns.length === 0) return undefined;
  // A database of its own (threads given, so not the one openMemoryAhead prepares for the command).
  const db = await Database.open({ threads: 1 });
  try {
    for (const { pattern, span } of patterns) {
      try {
        // Bound, so DuckDB compiles it as it will in the query: the pattern is a constant there too.
        await db.run('SELECT regexp_matches(\'\', $pattern)', { pattern });
      } catch (error) {
        return expressionError(expression, span, messages.badRegexp(reason(error)));
      }
    }
    return undefined;
  } finally {
    db.close();
  }
}

/** RE2's reason as DuckDB words it, without DuckDB's error class: `missing ]: [`. */
function reason(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return text.replace(/^Invalid Input Error: /, '');
}
