// The projection's macro calls over empty slots are folded into typed NULLs before DuckDB plans the
// statement (src/ingest/fold-null-calls.ts), and the columns a narrowed projection does not fill are
// left out of its final SELECT (src/ingest/output-columns.ts). Both must leave every value as it
// was: DuckDB itself is asked what each folded call gives, and test/perf/narrow-projection.test.ts and
// test/perf/equivalence.test.ts compare the events of every format with a full ingest and the goldens.

import { describe, expect, it } from 'vitest';
import { Database } from '../../src/db.js';
import { foldableCalls, foldNullCalls } from '../../src/ingest/fold-null-calls.js';
import { keepOutputColumns, outputName, topLevelItems } from '../../src/ingest/output-columns.js';
import { PAIRING_COLUMNS } from '../../src/ingest/request-pairing.js';
import { EVENT_COLUMNS } from '../../src/schema.js';
import { loadMacros } from '../../src/sql-macros.js';
import { readSqlFile } from '../../src/sql-files.js';

/** project-json.sql as a mapping that fills no slot makes it: every call over a slot reads NULL. */
function everySlotEmpty(): string {
  return readSqlFile('ingest/project-json.sql').replace(/\{\{([a-z0-9_]+)\}\}/g, 'NULL::VARCHAR');
}

describe('folding calls over empty slots', () => {
  it('gives, for every call the projection can fold, the NULL and the type DuckDB computes for it', async () => {
    const calls = [...new Set(foldableCalls(everySlotEmpty()))];
    // The slots of levels, tokens, durations, errors and the rest: a fold table that lost its entries shows here.
    expect(calls.length).toBeGreaterThan(25);
    const db = await Database.open();
    try {
      await loadMacros(db);
      for (const call of calls) {
        // lm_ts's zone is the projection's $tz parameter.
        const [row] = await db.all(`SELECT typeof(${call}) AS type, (${call}) IS NULL AS is_null`, call.includes('$tz') ? { tz: 'UTC' } : {});
        expect({ call, folded: foldNullCalls(call) }).toEqual({ call, folded: `NULL::${row?.type as string}` });
        expect({ call, isNull: row?.is_null }).toEqual({ call, isNull: true });
      }
    } finally {
      await db.close();
    }
  });

  it('leaves a call alone when any argument is a column, or when its NULL is not what it gives', () => {
    expect(foldNullCalls("lm_clef_level(NULL::VARCHAR, p1)")).toBe("lm_clef_level(NULL::VARCHAR, p1)");
    expect(foldNullCalls("lm_duration(p3, 'ms')")).toBe("lm_duration(p3, 'ms')");
    // lm_model_operation(NULL) is false, not NULL; lm_kind_word(NULL) has no type of its own.
    expect(foldNullCalls('lm_model_operation(lm_scalar(NULL::VARCHAR))')).toBe('lm_model_operation(NULL::VARCHAR)');
    expect(foldNullCalls('lm_kind_word(NULL::VARCHAR)')).toBe('lm_kind_word(NULL::VARCHAR)');
  });

  it('folds a call made foldable by the fold of its argument', () => {
    expect(foldNullCalls("coalesce(lm_scalar(t4), lm_service(lm_scalar(NULL::VARCHAR)), lm_duration(NULL::VARCHAR, 'ns'))"))
      .toBe('coalesce(lm_scalar(t4), NULL::VARCHAR, NULL::DOUBLE)');
  });
});

describe("the projection's final columns", () => {
  const finalSelect = (sql: string): string[] => {
    const start = sql.lastIndexOf('\nSELECT\n');
    const list = sql.slice(start + 8, sql.indexOf('\nFROM derived\n', start)).replace(/--[^\n]*/g, '');
    return topLevelItems(list).map(outputName);
  };

  it('are the events columns, the reader flags and the request-pairing columns, one item each, as project-json.sql writes them', () => {
    const names = finalSelect(everySlotEmpty());
    expect(names.sort()).toEqual([...EVENT_COLUMNS.map((c) => c.name), 'is_record', 'unread', ...PAIRING_COLUMNS].sort());
  });

  it('keep only the columns a narrowed projection fills, with the reader flags', () => {
    const narrowed = keepOutputColumns(everySlotEmpty(), ['kind', 'duration_ms', 'source', 'line']);
    expect(finalSelect(narrowed)).toEqual(['kind', 'duration_ms', 'source', 'line', 'is_record', 'unread']);
    // Everything before the final SELECT is untouched.
    expect(narrowed.slice(0, narrowed.lastIndexOf('\nSELECT\n'))).toBe(everySlotEmpty().slice(0, everySlotEmpty().lastIndexOf('\nSELECT\n')));
  });

  it('refuse a column the final SELECT does not have', () => {
    expect(() => keepOutputColumns(everySlotEmpty(), ['kind', 'no_such_column'])).toThrow(/lacks/);
  });
});
