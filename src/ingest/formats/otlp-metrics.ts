// The data points of an OTLP metric (one element of an ExportMetricsServiceRequest's
// scopeMetrics[].metrics[]), each one metric sample: `metric` its name, `value` its value, at its
// timeUnixNano. otlp.ts puts the resource's and the scope's attributes before the point's own.
//
// What a point's value is:
//   - gauge and sum: asDouble or asInt, as logged. A cumulative sum repeats its running total at every
//     export, so the samples of a series are levels to read the last of, not amounts to add up;
//   - histogram, exponential histogram and summary: the mean of the point, sum / count (over the
//     interval of a delta point, since the series started for a cumulative one), so the `system`
//     rollup shows a mean token count or latency per metric and model. count, sum, min, max and the
//     buckets (or quantiles) stay in the record beside it, for a weighted mean or a total over a range
//     (`query --sql`).
// A point flagged "no recorded value" (flags bit 0) and a NaN or infinite value give a sample with no
// value: still a record of its line, and left out of the rollups' numbers.
//
// Every point carries `otel.metric.type` (gauge, sum, histogram, exponential_histogram, summary): the
// projection reads it as "an aggregate, not an occurrence", so the point is a `metric` whatever its
// attributes say (an http.server.request.duration point names a method, a route and a status, as a
// request does) and never a usage, cost or duration record: a gen_ai.client.token.usage point sums
// many calls, and a cumulative one repeats them in every export.

import type { JsonObject } from './format.js';
import { attributes, double, enumName, field, integer, isObject, nanos } from './otlp-values.js';

/** A point and the record it gives. */
export interface MetricPointRecord {
  readonly record: JsonObject;
  readonly origin: object;
}

/** The record key that marks a metric point: the projection's `metric_point` slot (aliases.ts). */
export const METRIC_POINT_KEY = 'otel.metric.type';

/** The metric data types, each under its protobuf JSON and proto spellings, and the name a record gives it. */
const DATA_TYPES: readonly { readonly keys: readonly string[]; readonly type: string }[] = [
  { keys: ['gauge'], type: 'gauge' },
  { keys: ['sum'], type: 'sum' },
  { keys: ['histogram'], type: 'histogram' },
  { keys: ['exponentialHistogram', 'exponential_histogram'], type: 'exponential_histogram' },
  { keys: ['summary'], type: 'summary' },
];

const TEMPORALITIES = ['unspecified', 'delta', 'cumulative'];

/** DataPointFlags.FLAG_NO_RECORDED_VALUE: the point stands for a series that stopped reporting. */
const NO_RECORDED_VALUE = 1;

/** One record per data point of the metric, each after `context` (resource and scope fields). */
export function metricPointRecords(metric: JsonObject, context: JsonObject, out: MetricPointRecord[]): void {
  for (const { keys, type } of DATA_TYPES) {
    const data = field(metric, ...keys);
    if (!isObject(data)) continue;
    const fields = metricFields(metric, data, type);
    const points = field(data, 'dataPoints', 'data_points');
    if (!Array.isArray(points)) return;
    for (const point of points) {
      if (!isObject(point)) continue;
      out.push({ record: { ...context, ...attributes(field(point, 'attributes')), ...fields, ...pointFields(point, type) }, origin: point });
    }
    // A metric holds one data type (a proto oneof).
    return;
  }
}

/** What every point of the metric shares: its name, type, description, unit, temporality, monotonicity. */
function metricFields(metric: JsonObject, data: JsonObject, type: string): JsonObject {
  const out: JsonObject = {};
  const name = field(metric, 'name');
  if (typeof name === 'string' && name !== '') out.metric = name;
  out[METRIC_POINT_KEY] = type;
  for (const key of ['description', 'unit']) {
    const text = field(metric, key);
    if (typeof text === 'string' && text !== '') out[key] = text;
  }
  const temporality = enumName(field(data, 'aggregationTemporality', 'aggregation_temporality'), TEMPORALITIES, 'AGGREGATION_TEMPORALITY_');
  if (temporality !== undefined && temporality !== 'unspecified') out.temporality = temporality;
  // Protobuf JSON leaves out a false isMonotonic (the collector does); only a sum has one.
  if (type === 'sum') out.monotonic = field(data, 'isMonotonic', 'is_monotonic') === true;
  return out;
}

function pointFields(point: JsonObject, type: string): JsonObject {
  const out: JsonObject = {};
  const flags = integer(field(point, 'flags'));
  const recorded = !(typeof flags === 'number' && (flags & NO_RECORDED_VALUE) !== 0);
  if (type === 'gauge' || type === 'sum') {
    const value = 'asDouble' in point || 'as_double' in point ? double(field(point, 'asDouble', 'as_double')) : integer(field(point, 'asInt', 'as_int'));
    if (recorded && value !== undefined && value !== null) out.value = value;
  } else {
    const count = integer(field(point, 'count'));
    const sum = double(field(point, 'sum'));
    if (recorded && typeof count === 'number' && count > 0 && typeof sum === 'number') out.value = sum / count;
    if (count !== undefined) out.count = count;
    if (sum !== undefined) out.sum = sum;
    for (const key of ['min', 'max']) {
      const v = double(field(point, key));
      if (v !== undefined) out[key] = v;
    }
    Object.assign(out, type === 'summary' ? summaryFields(point) : type === 'histogram' ? histogramFields(point) : exponentialFields(point));
  }
  const time = nanos(field(point, 'timeUnixNano', 'time_unix_nano'));
  const start = nanos(field(point, 'startTimeUnixNano', 'start_time_unix_nano'));
  if (time !== undefined) out.timeUnixNano = time;
  if (start !== undefined) out.startTimeUnixNano = start;
  if (typeof flags === 'number' && flags !== 0) out.flags = flags;
  if (!recorded) out.noRecordedValue = true;
  const exemplars = field(point, 'exemplars');
  if (Array.isArray(exemplars) && exemplars.length > 0) out.exemplars = exemplars.filter(isObject).map(exemplar);
  return out;
}

function histogramFields(point: JsonObject): JsonObject {
  const out: JsonObject = {};
  const counts = field(point, 'bucketCounts', 'bucket_counts');
  const bounds = field(point, 'explicitBounds', 'explicit_bounds');
  if (Array.isArray(counts)) out.bucketCounts = counts.map(integer);
  if (Array.isArray(bounds)) out.explicitBounds = bounds.map(double);
  return out;
}

function exponentialFields(point: JsonObject): JsonObject {
  const out: JsonObject = {};
  const scale = integer(field(point, 'scale'));
  const zeroCount = integer(field(point, 'zeroCount', 'zero_count'));
  const zeroThreshold = double(field(point, 'zeroThreshold', 'zero_threshold'));
  if (scale !== undefined) out.scale = scale;
  if (zeroCount !== undefined) out.zeroCount = zeroCount;
  if (zeroThreshold !== undefined) out.zeroThreshold = zeroThreshold;
  for (const side of ['positive', 'negative']) {
    const buckets = field(point, side);
    if (!isObject(buckets)) continue;
    const counts = field(buckets, 'bucketCounts', 'bucket_counts');
    out[side] = { offset: integer(field(buckets, 'offset')) ?? 0, bucketCounts: Array.isArray(counts) ? counts.map(integer) : [] };
  }
  return out;
}

function summaryFields(point: JsonObject): JsonObject {
  const quantiles = field(point, 'quantileValues', 'quantile_values');
  if (!Array.isArray(quantiles)) return {};
  return {
    quantileValues: quantiles.filter(isObject).map((q) => ({ quantile: double(field(q, 'quantile')) ?? 0, value: double(field(q, 'value')) ?? 0 })),
  };
}

/** An exemplar: one measurement the SDK kept as an example, with the trace it was taken in. */
function exemplar(e: JsonObject): JsonObject {
  const out: JsonObject = { ...attributes(field(e, 'filteredAttributes', 'filtered_attributes')) };
  const value = 'asDouble' in e || 'as_double' in e ? double(field(e, 'asDouble', 'as_double')) : integer(field(e, 'asInt', 'as_int'));
  if (value !== undefined) out.value = value;
  const time = nanos(field(e, 'timeUnixNano', 'time_unix_nano'));
  if (time !== undefined) out.timeUnixNano = time;
  for (const [key, alt] of [
    ['traceId', 'trace_id'],
    ['spanId', 'span_id'],
  ] as const) {
    const id = field(e, key, alt);
    if (typeof id === 'string' && id !== '') out[key] = id;
  }
  return out;
}
