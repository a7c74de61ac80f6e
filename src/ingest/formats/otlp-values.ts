// OTLP/JSON's value encodings turned into plain JSON, shared by the logs, traces and metrics readers:
// KeyValue lists, AnyValue, int64s that arrive as strings, times in nanoseconds, and each field under
// its lowerCamelCase (protobuf JSON) or snake_case (proto field name) spelling.

import type { JsonObject } from './format.js';

/** The first of a field's spellings present in the object. */
export function field(o: JsonObject, ...names: string[]): unknown {
  for (const name of names) if (name in o) return o[name];
  return undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A time in ns as text; "0", 0 and absent mean unset. */
export function nanos(value: unknown): string | undefined {
  if (value === undefined || value === null || value === 0 || value === '0' || value === '') return undefined;
  return String(value);
}

/** OTLP KeyValue list -> object, by key. */
export function attributes(list: unknown): JsonObject {
  const out: JsonObject = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    out[kv.key] = anyValue(kv.value);
  }
  return out;
}

/** OTLP AnyValue -> plain JSON. */
export function anyValue(value: unknown): unknown {
  if (!isObject(value)) return value ?? null;
  if ('stringValue' in value || 'string_value' in value) return field(value, 'stringValue', 'string_value');
  if ('boolValue' in value || 'bool_value' in value) return field(value, 'boolValue', 'bool_value');
  if ('intValue' in value || 'int_value' in value) return integer(field(value, 'intValue', 'int_value'));
  if ('doubleValue' in value || 'double_value' in value) return double(field(value, 'doubleValue', 'double_value'));
  if ('bytesValue' in value || 'bytes_value' in value) return field(value, 'bytesValue', 'bytes_value');
  if ('arrayValue' in value || 'array_value' in value) {
    const a = field(value, 'arrayValue', 'array_value');
    const values = isObject(a) ? a.values : undefined;
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  if ('kvlistValue' in value || 'kvlist_value' in value) {
    const kv = field(value, 'kvlistValue', 'kvlist_value');
    return attributes(isObject(kv) ? kv.values : undefined);
  }
  return null;
}

/** Int64s arrive as strings in OTLP/JSON; keep them numbers while exact. */
export function integer(value: unknown): unknown {
  if (typeof value === 'string' && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  return value;
}

/**
 * A double as protobuf JSON writes it: a number, or a string (always for "NaN", "Infinity" and
 * "-Infinity", which JSON has no number for). A finite one becomes a number; the others stay text.
 */
export function double(value: unknown): unknown {
  return typeof value === 'string' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** A proto enum as OTLP/JSON writes it (a number, or its name with a prefix) -> its lower-case name. */
export function enumName(value: unknown, names: readonly string[], prefix: string): string | undefined {
  const n = integer(value);
  if (typeof n === 'number') return names[n]?.toLowerCase();
  if (typeof value === 'string' && value.startsWith(prefix)) return value.slice(prefix.length).toLowerCase();
  return undefined;
}
