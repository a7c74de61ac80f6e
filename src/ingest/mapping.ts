// Builds a source's field mapping: which JSON paths feed which slot, from the key paths seen in a
// sample of its records. Pure: sample objects in, mapping out. DuckDB then extracts all the paths
// in one parse per line (json_extract_string with a bound list of paths).

import { ALIASES, SLOTS, matchesAlias, type Slot } from './aliases.js';

export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface KeyPath {
  readonly segments: readonly string[];
  readonly types: ReadonlySet<JsonType>;
}

export interface FieldMapping {
  /** DuckDB JSON paths, extracted together; slots refer to them by 1-based index. */
  readonly paths: readonly string[];
  readonly slots: Readonly<Partial<Record<Slot, readonly number[]>>>;
}

/** Slots that may take an object value (its JSON text); the rest accept scalars only. */
const OBJECT_SLOTS = new Set<Slot>(['error']);
/** Slots that take text only: a usage object printed as a repr string, not a number named usage. */
const STRING_SLOTS = new Set<Slot>(['usage_repr']);

/** A path feeds at most one slot of each group: the first one it matches. */
export const EXCLUSIVE_GROUPS: readonly (readonly Slot[])[] = [
  ['duration_ms', 'duration_s', 'duration_us', 'duration_ns', 'duration_any'],
  ['ts', 'start_time', 'end_time'],
  // A cache count is not also the prompt total (gen_ai.usage.cache_read.input_tokens ends in input_tokens).
  ['cache_read', 'cache_write', 'cache_read_outside', 'cache_write_outside', 'tokens_in'],
];

/** Paths always extracted even when the sample did not show them: failures are often rare. */
const ALWAYS: readonly string[][] = [['error'], ['err'], ['error', 'message'], ['err', 'message'], ['exception'], ['success'], ['ok']];

const MAX_DEPTH = 5;

export function collectKeyPaths(records: readonly unknown[]): KeyPath[] {
  const byKey = new Map<string, { segments: string[]; types: Set<JsonType> }>();
  const visit = (value: unknown, segments: string[]) => {
    const type = jsonType(value);
    if (segments.length > 0) {
      const key = JSON.stringify(segments);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { segments, types: new Set() }));
      entry.types.add(type);
    }
    if (type === 'object' && segments.length < MAX_DEPTH) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, [...segments, k]);
    }
  };
  for (const record of records) visit(record, []);
  return [...byKey.values()];
}

/**
 * The key paths without those a logger fills with the place in the code that logged: Python
 * logging's `filename`, `pathname` and `module` (and structlog's CallsiteParameterAdder), told by a
 * `lineno` or `funcName` beside them. They name the logging module, not a file the application
 * worked on, so they must not reach `path` (nor make an `action` field a file operation).
 */
export function withoutCodeLocation(keyPaths: readonly KeyPath[]): KeyPath[] {
  const topLevel = new Set(keyPaths.filter((k) => k.segments.length === 1).map((k) => k.segments[0]));
  if (!['lineno', 'funcName', 'func_name'].some((key) => topLevel.has(key))) return [...keyPaths];
  return keyPaths.filter((k) => !(k.segments.length === 1 && ['filename', 'pathname', 'module'].includes(k.segments[0] as string)));
}

export function buildMapping(keyPaths: readonly KeyPath[], extraAliases: Partial<Record<Slot, readonly string[]>> = {}): FieldMapping {
  const candidates = [...keyPaths];
  const known = new Set(keyPaths.map((k) => JSON.stringify(k.segments)));
  for (const segments of ALWAYS) {
    if (!known.has(JSON.stringify(segments))) candidates.push({ segments, types: new Set<JsonType>(['string', 'object']) });
  }
  const paths: string[] = [];
  const indexOf = new Map<string, number>();
  const slots: Partial<Record<Slot, number[]>> = {};
  /** Per path, which slot of each exclusive group took it. */
  const claimed = new Map<string, Map<number, Slot>>();
  // The user's aliases claim their paths first: a field the configuration says is in seconds is
  // not also taken as milliseconds by a built-in alias of an earlier slot.
  for (const slot of SLOTS) {
    const group = EXCLUSIVE_GROUPS.findIndex((g) => g.includes(slot));
    if (group < 0) continue;
    for (const path of extraAliases[slot] ?? []) {
      for (const kp of candidates) {
        if (!matchesAlias(kp.segments, { path: path.toLowerCase() })) continue;
        const key = JSON.stringify(kp.segments);
        const owners = claimed.get(key) ?? new Map<number, Slot>();
        if (!owners.has(group)) owners.set(group, slot);
        claimed.set(key, owners);
      }
    }
  }

  for (const slot of SLOTS) {
    const group = EXCLUSIVE_GROUPS.findIndex((g) => g.includes(slot));
    const aliases = [...(extraAliases[slot] ?? []).map((path) => ({ path: path.toLowerCase(), deep: false })), ...ALIASES[slot]];
    const chosen: number[] = [];
    // Alias order is priority order: walk aliases, then the paths that match each.
    for (const alias of aliases) {
      for (const kp of candidates) {
        if (!acceptsTypes(slot, kp.types)) continue;
        if (!matchesAlias(kp.segments, alias)) continue;
        const key = JSON.stringify(kp.segments);
        if (group >= 0) {
          const owners = claimed.get(key) ?? new Map<number, Slot>();
          const owner = owners.get(group);
          if (owner !== undefined && owner !== slot) continue;
          owners.set(group, slot);
          claimed.set(key, owners);
        }
        let index = indexOf.get(key);
        if (index === undefined) {
          paths.push(toJsonPath(kp.segments));
          index = paths.length;
          indexOf.set(key, index);
        }
        if (!chosen.includes(index)) chosen.push(index);
      }
    }
    if (chosen.length > 0) slots[slot] = chosen;
  }
  return { paths, slots };
}

/** Explains a mapping per slot in terms of the original key paths (for `formats --explain`). */
export function describeMapping(mapping: FieldMapping): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [slot, indexes] of Object.entries(mapping.slots)) {
    out[slot] = (indexes ?? []).map((i) => mapping.paths[i - 1] as string);
  }
  return out;
}

function acceptsTypes(slot: Slot, types: ReadonlySet<JsonType>): boolean {
  // An error may be a list too: structlog's dict_tracebacks writes `exception` as a list of stacks.
  if (OBJECT_SLOTS.has(slot)) return true;
  if (STRING_SLOTS.has(slot)) return types.has('string');
  // A path that is sometimes a scalar is usable; json_extract_string yields JSON text otherwise.
  return types.has('string') || types.has('number') || types.has('boolean');
}

/** A DuckDB JSON path with every key quoted, so dots and spaces inside keys are literal. */
export function toJsonPath(segments: readonly string[]): string {
  return '$' + segments.map((s) => '.' + JSON.stringify(s)).join('');
}

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return t;
  return 'object';
}
