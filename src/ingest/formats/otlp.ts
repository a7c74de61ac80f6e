// OpenTelemetry OTLP/JSON: an ExportLogsServiceRequest, ExportTraceServiceRequest or
// ExportMetricsServiceRequest per line (the collector's file exporter, OTLP/HTTP bodies) or as a whole
// pretty-printed document (the opentelemetry-proto examples). Each logRecord, each span and each metric
// data point is one record, flattened: resource attributes, then scope name/version/attributes, then
// its own attributes (later ones win), keyed by their dotted names (`service.name`,
// `gen_ai.usage.input_tokens`) as the semantic conventions spell them; then its fields. Integers may be
// JSON numbers or strings. An unset time ("0") is left out, so a log record's time falls back to
// observedTimeUnixNano.
//
// A span is read as the record of a finished operation: its name is the event, its start the time,
// end - start its duration (`duration_ns`), an ERROR status a failure (`error`: the status message,
// else the exception it recorded, else `ERROR`), and the attributes of its `exception` event
// (exception.type, exception.message) are the record's where its own attributes lack them.
//
// A metric data point is a metric sample (otlp-metrics.ts).

import type { JsonObject, ReaderContext, RecordFormat, RecordReader } from './format.js';
import { share } from './format.js';
import { DocumentReader } from './json-document.js';
import { metricPointRecords } from './otlp-metrics.js';
import { anyValue, attributes, enumName, field, integer, isObject, nanos } from './otlp-values.js';

export { anyValue, isObject } from './otlp-values.js';

/** One record and the logRecord, span or data point object it came from (for its line in a document). */
export interface OtlpRecord {
  readonly record: JsonObject;
  readonly origin: object;
}

/** Where a signal's items sit in a request, each level under its current and older spellings. */
interface Signal {
  readonly resources: readonly string[];
  readonly scopes: readonly string[];
  readonly items: readonly string[];
  /** The records of one item (a logRecord, span or metric), each after `context`: its resource's and scope's fields. */
  readonly read: (item: JsonObject, context: JsonObject, out: OtlpRecord[]) => void;
}

/** One item, one record: its attributes, then its fields. */
const oneRecord =
  (fields: (item: JsonObject) => JsonObject) =>
  (item: JsonObject, context: JsonObject, out: OtlpRecord[]): void => {
    out.push({ record: { ...context, ...attributes(field(item, 'attributes')), ...fields(item) }, origin: item });
  };

const LOGS: Signal = {
  resources: ['resourceLogs', 'resource_logs'],
  scopes: ['scopeLogs', 'scope_logs', 'instrumentationLibraryLogs', 'instrumentation_library_logs'],
  items: ['logRecords', 'log_records'],
  read: oneRecord(recordFields),
};

const TRACES: Signal = {
  resources: ['resourceSpans', 'resource_spans'],
  scopes: ['scopeSpans', 'scope_spans', 'instrumentationLibrarySpans', 'instrumentation_library_spans'],
  items: ['spans'],
  read: oneRecord(spanFields),
};

const METRICS: Signal = {
  resources: ['resourceMetrics', 'resource_metrics'],
  scopes: ['scopeMetrics', 'scope_metrics', 'instrumentationLibraryMetrics', 'instrumentation_library_metrics'],
  items: ['metrics'],
  read: metricPointRecords,
};

const SIGNALS: readonly Signal[] = [LOGS, TRACES, METRICS];

/** The records of an ExportLogsServiceRequest, ExportTraceServiceRequest or ExportMetricsServiceRequest, or undefined when the object is none. */
export function otlpRecords(request: JsonObject): OtlpRecord[] | undefined {
  let out: OtlpRecord[] | undefined;
  for (const signal of SIGNALS) {
    const resources = field(request, ...signal.resources);
    if (!Array.isArray(resources)) continue;
    out ??= [];
    for (const r of resources) if (isObject(r)) readResource(r, signal, out);
  }
  return out;
}

function readResource(rl: JsonObject, signal: Signal, out: OtlpRecord[]): void {
  const resource = field(rl, 'resource');
  const resourceAttrs = isObject(resource) ? attributes(field(resource, 'attributes')) : {};
  const scopes = field(rl, ...signal.scopes);
  if (!Array.isArray(scopes)) return;
  for (const sl of scopes) {
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
    const items = field(sl, ...signal.items);
    if (!Array.isArray(items)) continue;
    const context = { ...resourceAttrs, ...scopeFields };
    for (const item of items) if (isObject(item)) signal.read(item, context, out);
  }
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

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_CODES = ['UNSET', 'OK', 'ERROR'];

function spanFields(span: JsonObject): JsonObject {
  const out: JsonObject = {};
  const name = field(span, 'name');
  if (typeof name === 'string' && name !== '') out.name = name;
  const start = nanos(field(span, 'startTimeUnixNano', 'start_time_unix_nano'));
  const end = nanos(field(span, 'endTimeUnixNano', 'end_time_unix_nano'));
  if (start !== undefined) out.startTimeUnixNano = start;
  if (end !== undefined) out.endTimeUnixNano = end;
  if (start !== undefined && end !== undefined && /^\d+$/.test(start) && /^\d+$/.test(end) && BigInt(end) >= BigInt(start)) {
    out.duration_ns = integer(String(BigInt(end) - BigInt(start)));
  }
  for (const [key, alt] of [
    ['traceId', 'trace_id'],
    ['spanId', 'span_id'],
    ['parentSpanId', 'parent_span_id'],
  ] as const) {
    const v = field(span, key, alt);
    if (typeof v === 'string' && v !== '') out[key] = v;
  }
  const kind = enumName(field(span, 'kind'), SPAN_KINDS, 'SPAN_KIND_');
  if (kind !== undefined && kind !== 'unspecified') out.spanKind = kind;
  // The exception a span recorded, as the semantic conventions write it: an event named `exception`.
  const events = field(span, 'events');
  const exception = Array.isArray(events) ? events.find((e) => isObject(e) && field(e, 'name') === 'exception') : undefined;
  const exceptionAttrs = isObject(exception) ? attributes(field(exception, 'attributes')) : {};
  for (const [key, value] of Object.entries(exceptionAttrs)) if (key.startsWith('exception.')) out[key] = value;
  const status = field(span, 'status');
  if (isObject(status)) {
    const code = enumName(field(status, 'code'), STATUS_CODES, 'STATUS_CODE_')?.toUpperCase();
    const message = field(status, 'message');
    if (code === 'OK' || code === 'ERROR') out['otel.status_code'] = code;
    if (typeof message === 'string' && message !== '') out['otel.status_description'] = message;
    if (code === 'ERROR') {
      const reason = [message, exceptionAttrs['exception.message']].find((m) => typeof m === 'string' && m !== '');
      out.error = reason ?? 'ERROR';
    }
  }
  return out;
}

function isOtlpRequest(o: JsonObject): boolean {
  return SIGNALS.some((signal) => signal.resources.some((key) => key in o));
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

  // An export request a line: any line may begin a part (spool-parts.ts).
  splitsAt(): boolean {
    return true;
  }

  cleanBreakBefore(): boolean {
    return true;
  }
}

export const otlp: RecordFormat = {
  name: 'otlp',
  family: 'records',
  description: 'OpenTelemetry OTLP/JSON logs, traces and metrics (an export request per line, or a whole document)',
  manyPerLine: true,
  score: (input) => (input.document ? (/"resource_?([lL]ogs|[sS]pans|[mM]etrics)"/.test(input.head) ? 1 : 0) : share(input.objects, isOtlpRequest)),
  reader: (context) => (context.document ? new DocumentReader(context) : new OtlpLineReader(context)),
};
