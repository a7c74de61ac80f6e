// OTLP/JSON metrics: each data point of an ExportMetricsServiceRequest is one metric sample (its
// metric's name, its value or a histogram's mean, its time), never a call's usage, cost or duration.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, runInProcess } from '../../helpers/cli.js';
import { accountedLines } from '../../../src/ingest/load.js';
import { ingestFiles, type Ingested } from './helpers.js';

/** What gen/otlp_metrics.mjs computed from the measurements it recorded (fixtures README). */
interface ExpectedSample {
  metric: string;
  model: string | null;
  token_type: string | null;
  value: number;
  count: number | null;
}
interface Expected {
  lines: number;
  records: number;
  by_line: { line: number; ts: string; samples: ExpectedSample[] }[];
}

const SDK_FIXTURE = join(FIXTURES, 'otlp-metrics.jsonl');
const COLLECTOR_FIXTURE = join(FIXTURES, 'otlp-collector-metrics.jsonl');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'otlp-metrics.expected.json'), 'utf8')) as Expected;

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-otlp-metrics-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(content: string): string {
  const path = join(dir, `m${counter++}.json`);
  writeFileSync(path, content);
  return path;
}

const byKey = (a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b));

describe('otlp-metrics.jsonl, written by the OpenTelemetry JS metrics SDK', () => {
  let run: Ingested;
  beforeAll(async () => {
    run = await ingestFiles([SDK_FIXTURE]);
  });
  afterAll(() => run.close());

  it('`formats --explain` names the format, and counts the data points of each line as its records', async () => {
    const result = await runInProcess(['formats', '--explain', SDK_FIXTURE]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${SDK_FIXTURE}: otlp (OpenTelemetry OTLP/JSON logs, traces and metrics`);
    expect(result.stdout).toContain(`  lines      3: ${expected.records} records starting on 3 lines, 0 rejects`);
  });

  it('gives one record per data point, each on its line: lines = record lines + continuation lines + rejects', () => {
    const [source] = run.summary.sources;
    expect(source).toMatchObject({ format: 'otlp', lines: 3, records: expected.records, rejects: 0, continuation_lines: 0, record_lines: 3 });
    expect(accountedLines(source!)).toBe(3);
    expect(run.summary.records_without_ts).toBe(0);
  });

  it('each point is a metric sample: the metric name, the value (a histogram its running mean), the export time and the model', async () => {
    for (const { line, ts, samples } of expected.by_line) {
      const rows = await run.rows(
        `SELECT metric, model, attrs->>'$."gen_ai.token.type"' AS token_type, value, TRY_CAST(attrs->>'count' AS BIGINT) AS count, ts, kind
         FROM events WHERE line = $line`,
        { line },
      );
      expect(rows.every((r) => r.ts === ts && r.kind === 'metric')).toBe(true);
      const got = rows.map(({ ts: _, kind: __, ...r }) => r).sort(byKey);
      expect(got.map((r) => ({ ...r, value: null }))).toEqual(samples.map((s) => ({ ...s, value: null })));
      for (const [i, s] of samples.entries()) expect(got[i]!.value as number).toBeCloseTo(s.value, 9);
    }
  });

  it('fills no tokens, cost, duration or failure from a point, though gen_ai.client.token.usage and operation.duration name a model and an error.type', async () => {
    const [row] = await run.rows(
      `SELECT count(*) FILTER (WHERE kind <> 'metric') AS not_metric, count(tokens_in) AS tokens_in, count(tokens_out) AS tokens_out, count(cost_usd) AS cost,
              count(duration_ms) AS duration, count(*) FILTER (WHERE NOT ok) AS failed, count(error) AS errors, count(model) AS with_model
       FROM events`,
    );
    // Two points (lines 2 and 3) of the gpt-4o series whose call failed carry error.type 429.
    expect(row).toEqual({ not_metric: 0, tokens_in: 0, tokens_out: 0, cost: 0, duration: 0, failed: 0, errors: 2, with_model: 26 });
  });

  it('an HTTP server duration point with a method, route and status is a metric sample, not a request', async () => {
    const rows = await run.rows(`SELECT DISTINCT kind, method, route, status FROM events WHERE metric = 'http.server.request.duration' ORDER BY route, status`);
    expect(rows).toEqual([
      { kind: 'metric', method: 'GET', route: '/api/sessions/{id}', status: '200' },
      { kind: 'metric', method: 'GET', route: '/api/sessions/{id}', status: '500' },
      { kind: 'metric', method: 'POST', route: '/api/workflows', status: '201' },
    ]);
  });

  it('keeps the metric type, unit, temporality, monotonicity and a histogram\'s count, sum, min, max and buckets in attrs', async () => {
    const [sum] = await run.rows(
      `SELECT attrs->>'$."otel.metric.type"' AS type, attrs->>'temporality' AS temporality, attrs->>'monotonic' AS monotonic, value
       FROM events WHERE metric = 'agent.workflow.runs' AND line = 3 AND (attrs->>'$."workflow.type"') = 'code_review'`,
    );
    expect(sum).toEqual({ type: 'sum', temporality: 'cumulative', monotonic: 'true', value: 1 });
    const [histogram] = await run.rows(
      `SELECT attrs->>'$."otel.metric.type"' AS type, attrs->>'unit' AS unit, attrs->>'count' AS count, attrs->>'sum' AS sum, attrs->>'min' AS min, attrs->>'max' AS max,
              json_array_length(attrs->'bucketCounts') AS buckets, json_array_length(attrs->'explicitBounds') AS bounds, attrs->>'startTimeUnixNano' AS start
       FROM events WHERE metric = 'gen_ai.client.token.usage' AND line = 3 AND model = 'gpt-4o' AND (attrs->>'$."gen_ai.token.type"') = 'input'`,
    );
    // gpt-4o's input tokens: 1124, 2310 and 980 (gen/otlp_metrics.mjs), since the first call at 10:00:05.
    expect(histogram).toEqual({ type: 'histogram', unit: '{token}', count: '3', sum: '4414', min: '980', max: '2310', buckets: 15, bounds: 14, start: '1772445605000000000' });
  });

  it('`query system --by model,attrs."gen_ai.token.type"` shows the mean tokens per call of each model, input and output apart', async () => {
    const result = await runInProcess([
      'query', 'system', SDK_FIXTURE, '--by', 'model,attrs."gen_ai.token.type"', '--where', "metric = 'gen_ai.client.token.usage'", '--since', '2026-03-02T10:03', '-F', 'json', '-q',
    ]);
    expect(result.code).toBe(0);
    const rows = (JSON.parse(result.stdout) as { rows: Record<string, unknown>[] }).rows.map((r) => [r.model, r['attrs."gen_ai.token.type"'], r.samples, Number(r.last).toFixed(2)]);
    expect(rows).toEqual([
      ['claude-3-5-sonnet-20241022', 'input', 1, '2000.00'],
      ['claude-3-5-sonnet-20241022', 'output', 1, '275.00'],
      ['gpt-4o', 'input', 1, '1471.33'],
      ['gpt-4o', 'output', 1, '199.67'],
      ['gpt-4o-mini', 'input', 1, '640.00'],
      ['gpt-4o-mini', 'output', 1, '88.00'],
    ]);
  });

  it('`query overview` counts no LLM call, tokens or errors from the points', async () => {
    const result = await runInProcess(['query', 'overview', SDK_FIXTURE, '-F', 'json', '-q']);
    const [row] = (JSON.parse(result.stdout) as { rows: Record<string, unknown>[] }).rows;
    expect(row).toMatchObject({ records: expected.records, llm_calls: 0, errors: 0, tokens_in: 0, tokens_out: 0 });
  });
});

describe('otlp-collector-metrics.jsonl: the collector file exporter\'s encoding, logs and metrics in one file', () => {
  let run: Ingested;
  beforeAll(async () => {
    run = await ingestFiles([COLLECTOR_FIXTURE]);
  });
  afterAll(() => run.close());

  it('reads the logs request and the metrics requests of the same file, every line accounted for', async () => {
    const [source] = run.summary.sources;
    expect(source).toMatchObject({ format: 'otlp', lines: 3, records: 14, rejects: 0, continuation_lines: 0, record_lines: 3 });
    expect(accountedLines(source!)).toBe(3);
    const rows = await run.rows(`SELECT line, kind, count(*) AS n FROM events GROUP BY ALL ORDER BY line`);
    expect(rows).toEqual([
      { line: 1, kind: 'metric', n: 4 },
      { line: 2, kind: 'llm_call', n: 1 },
      { line: 3, kind: 'metric', n: 9 },
    ]);
    // The log record is a call with its usage, as before: only metric points give none.
    const [call] = await run.rows(`SELECT model, tokens_in, tokens_out FROM events WHERE line = 2`);
    expect(call).toEqual({ model: 'gpt-4o-mini', tokens_in: 1600, tokens_out: 210 });
  });

  it('reads int64s written as strings (asInt, count, bucketCounts) as numbers, and a delta histogram\'s mean', async () => {
    const rows = await run.rows(
      `SELECT metric, value, attrs->>'temporality' AS temporality, attrs->>'monotonic' AS monotonic, attrs->'bucketCounts'->>0 AS first_bucket
       FROM events WHERE metric IN ('system.memory.usage', 'otelcol_receiver_accepted_metric_points', 'gen_ai.client.token.usage') ORDER BY metric, value`,
    );
    expect(rows).toEqual([
      { metric: 'gen_ai.client.token.usage', value: 150, temporality: 'delta', monotonic: null, first_bucket: '0' },
      { metric: 'gen_ai.client.token.usage', value: 1280, temporality: 'delta', monotonic: null, first_bucket: '0' },
      { metric: 'otelcol_receiver_accepted_metric_points', value: 1532, temporality: 'cumulative', monotonic: 'true', first_bucket: null },
      { metric: 'system.memory.usage', value: 7905533952, temporality: 'cumulative', monotonic: 'false', first_bucket: null },
      { metric: 'system.memory.usage', value: 8241029120, temporality: 'cumulative', monotonic: 'false', first_bucket: null },
    ]);
    const [bucket] = await run.rows(`SELECT json_type(attrs->'bucketCounts'->6) AS t FROM events WHERE metric = 'gen_ai.client.token.usage' AND value = 1280`);
    expect(bucket).toEqual({ t: 'UBIGINT' });
  });

  it('a NaN value and a point flagged "no recorded value" are samples with no value, kept as records', async () => {
    const rows = await run.rows(
      `SELECT metric, attrs->>'queue' AS queue, value, attrs->>'value' AS logged, attrs->>'noRecordedValue' AS no_value, attrs->>'flags' AS flags
       FROM events WHERE metric LIKE 'worker_%' AND (attrs->>'$."otel.metric.type"') = 'gauge' ORDER BY metric, queue`,
    );
    expect(rows).toEqual([
      { metric: 'worker_jobs_in_flight', queue: 'default', value: null, logged: null, no_value: 'true', flags: '1' },
      { metric: 'worker_queue_fill_ratio', queue: 'default', value: null, logged: 'NaN', no_value: null, flags: null },
      { metric: 'worker_queue_fill_ratio', queue: 'priority', value: 0.25, logged: '0.25', no_value: null, flags: null },
    ]);
  });

  it('a summary\'s and an exponential histogram\'s value is its mean, their quantiles and buckets kept; exemplars keep their trace', async () => {
    const [summary] = await run.rows(`SELECT value, attrs->'quantileValues' AS q FROM events WHERE metric = 'go_gc_duration_seconds'`);
    expect(summary!.value as number).toBeCloseTo(0.1854 / 412, 12);
    expect(JSON.parse(summary!.q as string)[0]).toEqual({ quantile: 0, value: 0.000021 });
    const [exponential] = await run.rows(`SELECT value, attrs->>'scale' AS scale, attrs->'positive' AS positive FROM events WHERE metric = 'worker_job_duration_seconds'`);
    expect(exponential).toEqual({ value: 2.3, scale: '1', positive: '{"offset":1,"bucketCounts":[1,2,0,2]}' });
    const [exemplar] = await run.rows(`SELECT attrs->'exemplars'->0 AS e FROM events WHERE json_exists(attrs, '$.exemplars')`);
    expect(JSON.parse(exemplar!.e as string)).toEqual({
      'gen_ai.response.id': 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG', value: 1600, timeUnixNano: '1772445641000000000',
      traceId: '5b8aa5a2d2c872e8321cf37308d69df2', spanId: '8f2a1c0d9b7e6a55',
    });
  });

  it('resource and point attributes map as for logs: gen_ai.system is the provider, gen_ai.response.model before the request\'s, service.name the service', async () => {
    const rows = await run.rows(
      `SELECT DISTINCT metric, provider, model, service, error FROM events WHERE metric LIKE 'gen_ai.%' ORDER BY metric, model`,
    );
    expect(rows).toEqual([
      { metric: 'gen_ai.client.operation.duration', provider: 'openai', model: 'gpt-4o-mini', service: 'chat-api', error: 'RateLimitError' },
      { metric: 'gen_ai.client.operation.duration', provider: 'openai', model: 'gpt-4o-mini-2024-07-18', service: 'chat-api', error: null },
      { metric: 'gen_ai.client.token.usage', provider: 'openai', model: 'gpt-4o-mini-2024-07-18', service: 'chat-api', error: null },
    ]);
  });
});

describe('an OTLP metrics export, by hand', () => {
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
  /** A cumulative counter named as a token count and one named cost: each export repeats the running total. */
  const RUNNING_TOTALS = {
    resourceMetrics: [
      {
        resource: { attributes: [text('service.name', 'agent')] },
        scopeMetrics: [
          {
            scope: { name: 'app' },
            metrics: [
              { name: 'input_tokens', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ attributes: [text('model', 'gpt-4o')], timeUnixNano: '1772445660000000000', asInt: '5000' }] } },
              { name: 'cost', unit: 'USD', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ attributes: [text('model', 'gpt-4o')], timeUnixNano: '1772445660000000000', asDouble: 0.42 }] } },
              { name: 'duration', unit: 'ms', gauge: { dataPoints: [{ timeUnixNano: '1772445660000000000', asDouble: 250 }] } },
            ],
          },
        ],
      },
    ],
  };

  it('a point whose metric is named like a token count, a cost or a duration still fills none of them', async () => {
    const run = await ingestFiles([file(`${JSON.stringify(RUNNING_TOTALS)}\n${JSON.stringify(RUNNING_TOTALS)}\n`)]);
    try {
      const rows = await run.rows(`SELECT kind, metric, value, model, tokens_in, cost_usd, duration_ms FROM events ORDER BY line, metric`);
      expect(rows).toHaveLength(6);
      expect(rows.slice(0, 3)).toEqual([
        { kind: 'metric', metric: 'cost', value: 0.42, model: 'gpt-4o', tokens_in: null, cost_usd: null, duration_ms: null },
        { kind: 'metric', metric: 'duration', value: 250, model: null, tokens_in: null, cost_usd: null, duration_ms: null },
        { kind: 'metric', metric: 'input_tokens', value: 5000, model: 'gpt-4o', tokens_in: null, cost_usd: null, duration_ms: null },
      ]);
    } finally {
      run.close();
    }
  });

  it('pretty-printed as one document: the same samples, each on the line where its data point starts', async () => {
    const run = await ingestFiles([file(`${JSON.stringify(RUNNING_TOTALS, null, 2)}\n`)]);
    try {
      const [source] = run.summary.sources;
      expect(source).toMatchObject({ format: 'otlp', records: 3, rejects: 0, record_lines: 3 });
      expect(accountedLines(source!)).toBe(source!.lines);
      const rows = await run.rows(`SELECT line, metric, value FROM events ORDER BY line`);
      expect(rows.map((r) => [r.metric, r.value])).toEqual([['input_tokens', 5000], ['cost', 0.42], ['duration', 250]]);
      expect(new Set(rows.map((r) => r.line)).size).toBe(3);
    } finally {
      run.close();
    }
  });

  it('reads the proto field names (resource_metrics, scope_metrics, data_points, as_int) and instrumentationLibraryMetrics', async () => {
    const snake = { resource_metrics: [{ scope_metrics: [{ metrics: [{ name: 'queue.depth', gauge: { data_points: [{ time_unix_nano: '1772445660000000000', as_int: '7' }] } }] }] }] };
    const old = { resourceMetrics: [{ instrumentationLibraryMetrics: [{ instrumentationLibrary: { name: 'old' }, metrics: [{ name: 'queue.depth', gauge: { dataPoints: [{ timeUnixNano: '1772445720000000000', asDouble: 3 }] } }] }] }] };
    const run = await ingestFiles([file(`${JSON.stringify(snake)}\n${JSON.stringify(old)}\n`)]);
    try {
      const rows = await run.rows(`SELECT ts, metric, value, attrs->>'$."otel.scope.name"' AS scope FROM events ORDER BY line`);
      expect(rows).toEqual([
        { ts: '2026-03-02T10:01:00.000Z', metric: 'queue.depth', value: 7, scope: null },
        { ts: '2026-03-02T10:02:00.000Z', metric: 'queue.depth', value: 3, scope: 'old' },
      ]);
    } finally {
      run.close();
    }
  });

  it('a request without data points is an empty reject', async () => {
    const run = await ingestFiles([file(`${JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'x', gauge: { dataPoints: [] } }] }] }] })}\n`)]);
    try {
      expect([run.summary.sources[0]!.format, run.summary.records, run.summary.rejects_by_reason]).toEqual(['otlp', 0, { empty: 1 }]);
    } finally {
      run.close();
    }
  });
});
