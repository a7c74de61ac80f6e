// Leaves the columns a projection does not fill out of project-json.sql's final SELECT.
//
// The statement's head reads only the columns it fills (all of them for an ingest; `kind` and
// `duration_ms` for a `check` of a p95 rule), and DuckDB drops the others' expressions, but only
// after binding them, macros and all (the route's, the timestamps', `ok`'s): ~6 ms of the ~25 ms it
// takes to plan that check's projection. The final SELECT is written one column after another, each
// `expression AS name` (or a bare name), so it can be cut at its top-level commas.

/** Columns every reader of the projection reads besides the events columns it fills. */
const ALWAYS_KEPT = ['is_record', 'unread'];

/** `sql` (a filled project-json.sql) with its final SELECT reduced to `columns` and the reader's own. */
export function keepOutputColumns(sql: string, columns: readonly string[]): string {
  const start = sql.lastIndexOf('\nSELECT\n');
  const end = start < 0 ? -1 : sql.indexOf('\nFROM derived\n', start);
  if (end < 0) throw new Error('project-json.sql: no final SELECT ... FROM derived');
  const keep = new Set([...columns, ...ALWAYS_KEPT]);
  const items = topLevelItems(withoutComments(sql.slice(start + '\nSELECT\n'.length, end)));
  const kept = items.filter((item) => keep.has(outputName(item)));
  if (kept.length !== keep.size) throw new Error(`project-json.sql's final SELECT lacks some of: ${[...keep].join(', ')}`);
  return `${sql.slice(0, start)}\nSELECT\n  ${kept.join(',\n  ')}${sql.slice(end)}`;
}

/** The name a select item outputs: its alias, or the bare column it names. */
export function outputName(item: string): string {
  const match = /(?:\bAS\s+|^)"?([a-z_][a-z0-9_]*)"?$/i.exec(item);
  if (!match) throw new Error(`project-json.sql: a final column without a name: ${item}`);
  return match[1] as string;
}

/** The comma-separated items of a select list, split where no bracket or quote is open. */
export function topLevelItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      items.push(list.slice(from, i).trim());
      from = i + 1;
    }
  }
  items.push(list.slice(from).trim());
  return items.filter((item) => item.length > 0);
}

/** The text without its `--` comments (none of the select list's string literals holds `--`). */
function withoutComments(text: string): string {
  return text.replace(/--[^\n]*/g, '');
}
