// Builds a source's field mapping: which JSON paths feed which slot, from the key paths seen in a
// sample of its records. Pure: sample objects in, mapping out. DuckDB then extracts all the paths
// in one parse per line (json_extract_string with a bound list of paths).

import { ALIASES, SLOTS, matchesAlias, type Slot } from './aliases.js';
import type { DateOrder } from './date-order.js';

export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface KeyPath {
  readonly segments: readonly string[];
  readonly types: ReadonlySet<JsonType>;
}

export interface FieldMapping {
  /** DuckDB JSON paths, extracted together; slots refer to them by 1-based index. */
  readonly paths: readonly string[];
  readonly slots: Readonly<Partial<Record<Slot, readonly number[]>>>;
  /**
   * Top-level keys some sampled line named twice (repeated-keys.ts): their last value is the one
   * read, as JSON.parse and the logger mean it, not DuckDB's first. Absent or empty: none.
   */
  readonly repeatedKeys?: readonly string[];
  /**
   * The order of the source's numeric dates (`03/01/2026`), from its time values (date-order.ts);
   * absent where it shows none and no order was asked for: its times are read as they are.
   */
  readonly dateOrder?: DateOrder;
}

/** Slots that may take an object value (its JSON text); the rest accept scalars only. */
const OBJECT_SLOTS = new Set<Slot>(['error']);
/** Slots that take text only: a usage object printed as a repr string, not a number named usage. */
const STRING_SLOTS = new Set<Slot>(['usage_repr']);

/** A path feeds at most one slot of each group: the first one it matches. */
export const EXCLUSIVE_GROUPS: readonly (readonly Slot[])[] = [
  ['duration_ms', 'duration_s', 'duration_us', 'duration_ns', 'duration_any'],
  ['ts', 'start_time', 'end_time'],
  // A cache count is not also the prompt total (gen_ai.usage.cache_read.input_tokens ends in input_tokens,
  // and so does cache_creation.ephemeral_1h_input_tokens).
  ['cache_read', 'cache_write', 'cache_write_1h', 'cache_read_outside', 'cache_write_outside', 'tokens_in'],
];

/** Paths always extracted even when the sample did not show them: failures are often rare. */
const ALWAYS: readonly string[][] = [['error'], ['err'], ['error', 'message'], ['err', 'message'], ['exception'], ['success'], ['ok']];

const MAX_DEPTH = 5;

/**
 * Sibling keys that differ only in their digits (`call_00042`, `job_17`, `req-5`, `host3`) are ids,
 * not field names, once this many of one shape sit under one object: a map keyed by tool-call, job
 * or request ids. Each would otherwise become a path of its own (`tool_calls.call_00042.duration_ms`
 * matches the deep alias duration_ms), one per sampled line: thousands of paths that DuckDB extracts
 * from every line, which ran it out of memory at 2,000 lines. Their records keep them in attrs.
 */
const ID_KEY_SIBLINGS = 8;
/**
 * An object below the top level with more distinct keys than this across the records is keyed by
 * values (user names, hashes), whatever their shape: nothing below it is mapped, and no more of its
 * keys are remembered (a spool sees every record's keys, not a sample).
 */
const MAX_SIBLING_KEYS = 1000;
/** The top level holds the field names themselves: only memory bounds them. */
const MAX_TOP_LEVEL_KEYS = 100_000;
/** A slot reads at most this many paths (alias priority order): a backstop for keys no rule above caught. */
const MAX_PATHS_PER_SLOT = 32;

/** A gathered key path and its JSON types, as plain data a worker thread can send. */
export interface GatheredKey {
  readonly segments: readonly string[];
  readonly types: readonly JsonType[];
}

interface KeyNode {
  readonly segments: readonly string[];
  readonly types: Set<JsonType>;
  readonly children: Map<string, KeyNode>;
  /** Set when the node is one of many id-shaped or value-keyed siblings: it and its subtree are no paths. */
  dropped?: boolean;
}

/**
 * Gathers the key paths of records, one at a time (a sample's, or every record of a spool), without
 * the keys that are ids (ID_KEY_SIBLINGS, MAX_SIBLING_KEYS). Paths come out in the order they were
 * first seen: alias priority ties are broken by it.
 */
export class KeyPathCollector {
  private readonly root: KeyNode = { segments: [], types: new Set(), children: new Map() };
  private readonly seen: KeyNode[] = [];

  add(record: unknown): void {
    if (jsonType(record) === 'object') this.visit(this.root, record as Record<string, unknown>);
  }

  keyPaths(): KeyPath[] {
    markIdKeys(this.root);
    return this.seen.filter((node) => !node.dropped).map((node) => ({ segments: node.segments, types: node.types }));
  }

  /** Every path gathered so far with its types, in the order first seen, before ids are dropped: what absorb() takes. */
  gathered(): GatheredKey[] {
    return this.seen.map((node) => ({ segments: node.segments, types: [...node.types] }));
  }

  /**
   * Adds the paths another collector gathered from the records after this one's (a later part of
   * the same source, read in parallel: spool-parts.ts), as if this one had seen those records, in
   * their order and within the same limits. (A key the other part left out at its own limit is
   * left out here too, as it would be: this tree holds at least the other's keys by then.)
   */
  absorb(gathered: readonly GatheredKey[]): void {
    for (const { segments, types } of gathered) {
      let node = this.root;
      for (const [depth, key] of segments.entries()) {
        let child = node.children.get(key);
        if (!child) {
          const limit = node === this.root ? MAX_TOP_LEVEL_KEYS : MAX_SIBLING_KEYS + 1;
          if (node.children.size >= limit || depth < segments.length - 1) break;
          child = { segments: [...segments], types: new Set(), children: new Map() };
          node.children.set(key, child);
          this.seen.push(child);
        }
        node = child;
      }
      if (node.segments.length === segments.length) for (const type of types) node.types.add(type);
    }
  }

  private visit(node: KeyNode, value: Record<string, unknown>): void {
    const limit = node === this.root ? MAX_TOP_LEVEL_KEYS : MAX_SIBLING_KEYS + 1;
    for (const key in value) {
      const v = value[key];
      let child = node.children.get(key);
      if (!child) {
        if (node.children.size >= limit) continue;
        child = { segments: [...node.segments, key], types: new Set(), children: new Map() };
        node.children.set(key, child);
        this.seen.push(child);
      }
      const type = jsonType(v);
      child.types.add(type);
      if (type === 'object' && child.segments.length < MAX_DEPTH) this.visit(child, v as Record<string, unknown>);
    }
  }
}

/** Marks, below `node`, the children that are ids, with their subtrees. */
function markIdKeys(node: KeyNode): void {
  if (node.segments.length > 0 && node.children.size > MAX_SIBLING_KEYS) {
    for (const child of node.children.values()) drop(child);
    return;
  }
  const byShape = new Map<string, KeyNode[]>();
  for (const [key, child] of node.children) {
    const shape = idShape(key);
    if (shape === undefined) continue;
    const group = byShape.get(shape);
    if (group) group.push(child);
    else byShape.set(shape, [child]);
  }
  for (const group of byShape.values()) {
    if (group.length >= ID_KEY_SIBLINGS) for (const child of group) drop(child);
  }
  for (const child of node.children.values()) if (!child.dropped) markIdKeys(child);
}

function drop(node: KeyNode): void {
  node.dropped = true;
  for (const child of node.children.values()) drop(child);
}

/** A key with its digit runs (and the hex letters around them) as `#`, or undefined for a key without digits. */
export function idShape(key: string): string | undefined {
  if (!/[0-9]/.test(key)) return undefined;
  return key.replace(/[0-9a-fA-F]*[0-9][0-9a-fA-F]*/g, '#');
}

export function collectKeyPaths(records: readonly unknown[]): KeyPath[] {
  const collector = new KeyPathCollector();
  for (const record of records) collector.add(record);
  return collector.keyPaths();
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
        if (chosen.length >= MAX_PATHS_PER_SLOT) break;
      }
      if (chosen.length >= MAX_PATHS_PER_SLOT) break;
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
