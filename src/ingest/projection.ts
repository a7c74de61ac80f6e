// Fills the slot placeholders of queries/ingest/project-json.sql for one source's mapping.
// A placeholder becomes `coalesce(v[i], v[j])` over integer indexes into the bound path list, or
// NULL: the only text this inserts is built from integers, so no logged key reaches the SQL text.

import { SLOTS, type Slot } from './aliases.js';
import type { FieldMapping } from './mapping.js';
import { readSqlFile } from '../sql-files.js';

export function slotExpression(indexes: readonly number[] | undefined): string {
  if (!indexes || indexes.length === 0) return 'NULL::VARCHAR';
  const refs = indexes.map((i) => {
    if (!Number.isInteger(i) || i < 1) throw new Error(`bad path index ${i}`);
    return 'v[' + String(i) + ']';
  });
  return refs.length === 1 ? (refs[0] as string) : 'coalesce(' + refs.join(', ') + ')';
}

export function projectionSql(mapping: FieldMapping): string {
  return readSqlFile('ingest/project-json.sql').replace(/\{\{([a-z_]+)\}\}/g, (_, slot: string) => {
    if (!SLOTS.includes(slot as Slot)) throw new Error(`unknown slot {{${slot}}} in project-json.sql`);
    return slotExpression(mapping.slots[slot as Slot]);
  });
}
