// OpenTelemetry OTLP/JSON logs: an ExportLogsServiceRequest per line (the collector's file exporter,
// OTLP/HTTP bodies) or as a whole pretty-printed document (the opentelemetry-proto examples). Each
// logRecord is one record, flattened: resource attributes, then scope name/version/attributes, then
// the record's own attributes (later ones win), keyed by their dotted names (`service.name`,
// `gen_ai.usage.input_tokens`) as the semantic conventions spell them; then the record's fields.
// Integers may be JSON numbers or strings. An unset timeUnixNano ("0") is left out, so the time
// falls back to observedTimeUnixNano.

import type { JsonObject, ReaderContext, RecordFormat, RecordReader } from './format.js';
import { share } from './format.js';
import { DocumentReader } from './json-document.js';

/** One log record and the logRecord object it came from (for its line in a document). */
export interface OtlpRecord {
  readonly record: JsonObject;
  readonly origin: object;
}

/** The records of an ExportLogsServiceRequest, or undefined when the object is not one. */
export function otlpRecords(request: JsonObject): OtlpRecord[] | undefined {
  const resourceLogs = field(request, 'resourceLogs', 'resource_logs');
  if (!Array.isArray(resourceLogs)) return undefined;
  const out: OtlpRecord[] = [];
  for (const rl of resourceLogs) {
    if (!isObject(rl)) continue;
    const resource = field(rl, 'resource');
    const resourceAttrs = isObject(resource) ? attributes(field(resource, 'attributes')) : {};
    const scopeLogs = field(rl, 'scopeLogs', 'scope_logs', 'instrumentationLibraryLogs', 'instrumentation_library_logs');
    if (!Array.isArray(scopeLogs)) continue;
    for (const sl of scopeLogs) {
      if (!isObject(sl)) continue;
      const scope = field(sl, 'scope', 'instrumentationLibrary', 'instrumentation_library');
      const scopeFields: JsonObject = {};
      if (isObject(scope)) {
        const name = field(scope, 'name');
        const version = field(scope, 'version');
        if (typeof name === 'string' && name !== '') scopeFields['otel.scope.name'] = name;
        if (typeof version === 'string' && version !== '') scopeFields['otel.scope.version'] = version;
        Object.assign(scopeFields, attributes(field(scope, 'attributes')));
      }
      const logRecords = field(sl, 'logRecords', 'log_records');
      if (!Array.isArray(logRecords)) continue;
      for (const lr of logRecords) {
        if (!isObject(lr)) continue;
        out.push({ record: { ...resourceAttrs, ...scopeFields, ...attributes(field(lr, 'attributes')), ...recordFields(lr) }, origin: lr });
      }
    }
  }
  return out;
}

function recordFields(lr: JsonObject): JsonObject {
  const out: JsonObject = {};
  const time = nanos(field(lr, 'timeUnixNano', 'time_unix_nano'));
  const observed = nanos(field(lr, 'observedTimeUnixNano', 'observed_time_unix_nano'));
  if (time !== undefined) out.timeUnixNano = time;
  if (observed !== undefined) out.observedTimeUnixNano = observed;
  const severityNumber = field(lr, 'severityNumber', 'severity_number');
  if (severityNumber !== undefined) out.severityNumber = integer(severityNumber);
  const severityText = field(lr, 'severityText', 'severity_text');
  if (typeof severityText === 'string' && severityText !== '') out.severityText = severityText;
  const eventName = field(lr, 'eventName', 'event_name');
  if (typeof eventName === 'string' && eventName !== '') out.eventName = eventName;
  const body = field(lr, 'body');
  if (body !== undefined) out.body = anyValue(body);
  for (const [key, alt] of [
    ['traceId', 'trace_id'],
    ['spanId', 'span_id'],
  ] as const) {
    const v = field(lr, key, alt);
    if (typeof v === 'string' && v !== '') out[key] = v;
  }
  const flags = field(lr, 'flags');
  if (flags !== undefined && flags !== 0) out.flags = flags;
  return out;
}

/** A time in ns as text; "0", 0 and absent mean unset. */
function nanos(value: unknown): string | undefined {
  if (value === undefined || value === null || value === 0 || value === '0' || value === '') return undefined;
  return String(value);
}

/** OTLP KeyValue list -> object, by key. */
function attributes(list: unknown): JsonObject {
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
  if ('doubleValue' in value || 'double_value' in value) {
    const d = field(value, 'doubleValue', 'double_value');
    return typeof d === 'string' && Number.isFinite(Number(d)) ? Number(d) : d;
  }
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
function integer(value: unknown): unknown {
  if (typeof value === 'string' && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  return value;
}

function field(o: JsonObject, ...names: string[]): unknown {
  for (const name of names) if (name in o) return o[name];
  return undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads one request a line; a line that is another JSON object stays one record as it is. */
class OtlpLineReader implements RecordReader {
  constructor(private readonly context: ReaderContext) {}

  line(line: number, text: string): void {
    const { sink } = this.context;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      sink.reject(line, 'invalid_json', text);
      return;
    }
    if (!isObject(value)) {
      sink.reject(line, 'not_an_object', text);
      return;
    }
    const records = otlpRecords(value);
    if (records === undefined) sink.record(line, value);
    else if (records.length === 0) sink.reject(line, 'empty', text);
    else for (const { record } of records) sink.record(line, record);
  }

  end(): void {}
}

export const otlp: RecordFormat = {
  name: 'otlp',
  family: 'records',
  description: 'OpenTelemetry OTLP/JSON logs (ExportLogsServiceRequest per line, or a whole document)',
  manyPerLine: true,
  score: (input) => (input.document ? (/"resource_?[lL]ogs"/.test(input.head) ? 1 : 0) : share(input.objects, (o) => 'resourceLogs' in o || 'resource_logs' in o)),
  reader: (context) => (context.document ? new DocumentReader(context) : new OtlpLineReader(context)),
};
