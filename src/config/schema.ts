// A small schema language for YAML documents, and the schema of logmeter.yml written in it.
// A schema is data built from combinators; validating walks the YAML node tree (which keeps source
// positions), collects every mistake as "where: expected X, found Y", and returns the plain value.
// Why not JSON Schema with a validator library: its messages name JSON pointers, not lines, and
// the config needs a few checks (regexes, time zones) that are easier to write as functions.

import type { Node, Pair } from 'yaml';
import { isMap, isScalar, isSeq } from './yaml.js';

export interface Issue {
  /** Offset in the file of the node at fault. */
  readonly offset: number;
  /** Where in the document: `patterns[2].kind`. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

export interface Context {
  readonly issues: Issue[];
}

/** A schema for a value of type T. `read` returns undefined after recording an issue. */
export interface Schema<T> {
  /** What a valid value looks like, as a noun phrase ("a list of key names"). */
  readonly expected: string;
  read(node: Node | null, path: string, context: Context): T | undefined;
}

export function describeNode(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
    return typeof v === 'number' ? `the number ${String(v)}` : typeof v === 'boolean' ? String(v) : String(v);
  }
  return 'something else';
}

function issue(context: Context, node: Node | null, path: string, expected: string, found = describeNode(node)): undefined {
  context.issues.push({ offset: node?.range?.[0] ?? 0, path, expected, found });
  return undefined;
}

/** A text value, optionally checked further (`check` returns what was expected, or undefined). */
export function text(expected = 'text', check?: (value: string) => string | undefined): Schema<string> {
  return {
    expected,
    read(node, path, context) {
      if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') return issue(context, node, path, expected);
      const problem = check?.(node.value);
      return problem ? issue(context, node, path, problem) : node.value;
    },
  };
}

export function oneOf<T extends string>(values: readonly T[], noun = 'one of'): Schema<T> {
  const expected = `${noun} ${values.join(', ')}`;
  return {
    expected,
    read(node, path, context) {
      if (isScalar(node) && (values as readonly unknown[]).includes(node.value)) return node.value as T;
      return issue(context, node, path, expected);
    },
  };
}

export function scalar(): Schema<string | number | boolean> {
  const expected = 'a text, number or true/false';
  return {
    expected,
    read(node, path, context) {
      if (isScalar(node) && ['string', 'number', 'boolean'].includes(typeof node.value)) return node.value as string | number | boolean;
      return issue(context, node, path, expected);
    },
  };
}

export function integer(min: number, max: number): Schema<number> {
  const expected = `a whole number from ${min} to ${max}`;
  return {
    expected,
    read(node, path, context) {
      if (isScalar(node) && Number.isInteger(node.value) && (node.value as number) >= min && (node.value as number) <= max) return node.value as number;
      return issue(context, node, path, expected);
    },
  };
}

export function list<T>(item: Schema<T>, noun?: string): Schema<T[]> {
  const expected = noun ?? `a list of ${item.expected.replace(/^an? /, '')}s`;
  return {
    expected,
    read(node, path, context) {
      if (!isSeq(node)) return issue(context, node, path, expected);
      const out: T[] = [];
      node.items.forEach((child, i) => {
        const value = item.read(child as Node | null, `${path}[${i}]`, context);
        if (value !== undefined) out.push(value);
      });
      return out;
    },
  };
}

/** One value or a list of them; always read as a list. */
export function oneOrMany<T>(item: Schema<T>): Schema<T[]> {
  const many = list(item);
  const expected = `${item.expected} or a list of them`;
  return {
    expected,
    read(node, path, context) {
      if (isSeq(node)) return many.read(node, path, context);
      if (isScalar(node) && node.value !== null) {
        const value = item.read(node, path, context);
        return value === undefined ? undefined : [value];
      }
      return issue(context, node, path, expected);
    },
  };
}

/** A mapping with free keys, each key checked by `key` (which returns what was expected, or undefined). */
export function mapOf<T>(value: Schema<T>, keyExpected: string, key: (k: string) => string | undefined = () => undefined): Schema<Map<string, T>> {
  const expected = `a mapping of ${keyExpected} to ${value.expected}`;
  return {
    expected,
    read(node, path, context) {
      if (!isMap(node)) return issue(context, node, path, expected);
      const out = new Map<string, T>();
      for (const pair of node.items as Pair<Node, Node | null>[]) {
        const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const keyPath = path ? `${path}.${k ?? '?'}` : (k ?? '?');
        const problem = k === undefined ? keyExpected : key(k);
        if (problem) {
          issue(context, pair.key, keyPath, problem, k === undefined ? describeNode(pair.key) : JSON.stringify(k));
          continue;
        }
        const v = value.read(pair.value, keyPath, context);
        if (v !== undefined) out.set(k as string, v);
      }
      return out;
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type ShapeValue<S extends Shape> = { [K in keyof S]?: S[K] extends Schema<infer T> ? T : never };

/** A mapping with a fixed set of keys, all optional unless listed in `required`. */
export function record<S extends Shape>(shape: S, required: readonly (keyof S & string)[] = [], noun?: string): Schema<ShapeValue<S>> {
  const keys = Object.keys(shape);
  const expected = noun ?? `a mapping with ${keys.join(', ')}`;
  return {
    expected,
    read(node, path, context) {
      if (!isMap(node)) return issue(context, node, path, expected);
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const pair of node.items as Pair<Node, Node | null>[]) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const keyPath = path ? `${path}.${k}` : k;
        const schema = shape[k];
        if (!schema) {
          issue(context, pair.key, keyPath, `one of the keys ${keys.join(', ')}`, `"${k}"`);
          continue;
        }
        seen.add(k);
        const v = schema.read(pair.value, keyPath, context);
        if (v !== undefined) out[k] = v;
      }
      for (const k of required) if (!seen.has(k)) issue(context, node, path ? `${path}.${k}` : k, `a "${k}" key`, 'none');
      return out as ShapeValue<S>;
    },
  };
}

/** The first alternative whose `accepts` test fits the node; its issues are the ones reported. */
export function either<T>(expected: string, alternatives: readonly { accepts: (node: Node | null) => boolean; schema: Schema<T> }[]): Schema<T> {
  return {
    expected,
    read(node, path, context) {
      const alt = alternatives.find((a) => a.accepts(node));
      return alt ? alt.schema.read(node, path, context) : issue(context, node, path, expected);
    },
  };
}

export const isTextNode = (node: Node | null): boolean => isScalar(node) && typeof node.value === 'string';
export const isMapNode = (node: Node | null): boolean => isMap(node);

/** A number (integer or not) from `min`, above `min` when `exclusive`, up to `max`. */
export function number(min: number, max = Infinity, exclusive = false): Schema<number> {
  const expected = max === Infinity ? `a number ${exclusive ? 'above' : 'from'} ${min}${exclusive ? '' : ' up'}` : `a number from ${min} to ${max}`;
  return {
    expected,
    read(node, path, context) {
      const v = isScalar(node) ? node.value : undefined;
      if (typeof v === 'number' && Number.isFinite(v) && (exclusive ? v > min : v >= min) && v <= max) return v;
      return issue(context, node, path, expected);
    },
  };
}

/** A schema whose value must also pass `check` (which returns what was expected, or undefined). */
export function checked<T>(schema: Schema<T>, check: (value: T) => string | undefined): Schema<T> {
  return {
    expected: schema.expected,
    read(node, path, context) {
      const before = context.issues.length;
      const value = schema.read(node, path, context);
      if (value === undefined || context.issues.length > before) return undefined;
      const problem = check(value);
      return problem ? issue(context, node, path, problem) : value;
    },
  };
}
