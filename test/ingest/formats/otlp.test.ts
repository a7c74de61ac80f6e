// OTLP/JSON traces: each span of an ExportTraceServiceRequest is a record (its name the event, its
// start the time, end - start the duration, an ERROR status the failure), flattened as log records are.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFiles } from './helpers.js';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-otlp-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });
const sdkSpan = { droppedAttributesCount: 0, droppedEventsCount: 0, links: [], droppedLinksCount: 0, flags: 257 };

/**
 * What @opentelemetry/sdk-trace 2.12 and otlp-transformer's JsonTraceSerializer 0.223 wrote for an
 * agent run (a planner span, two chat calls, the second failing with a 429) and an HTTP request.
 */
const TRACES = {
  resourceSpans: [
    {
      resource: { attributes: [text('service.name', 'agent')], droppedAttributesCount: 0 },
      scopeSpans: [
        {
          scope: { name: 'openai-instr', version: '1.2.0' },
          spans: [
            {
              traceId: 'c23bf5e3ca5e22e7a9b3b743ceab5f5a', spanId: '2ffac6913e9f4dbf', parentSpanId: '485286ff7bb17c52', name: 'chat gpt-4o', kind: 3,
              startTimeUnixNano: '1772445600100000000', endTimeUnixNano: '1772445601600000000',
              attributes: [text('gen_ai.operation.name', 'chat'), text('gen_ai.system', 'openai'), text('gen_ai.request.model', 'gpt-4o'), int('gen_ai.usage.input_tokens', 1124), int('gen_ai.usage.output_tokens', 67)],
              events: [], status: { code: 0 }, ...sdkSpan,
            },
            {
              traceId: 'c23bf5e3ca5e22e7a9b3b743ceab5f5a', spanId: '9490b70be6ee4c99', parentSpanId: '485286ff7bb17c52', name: 'chat gpt-4o', kind: 3,
              startTimeUnixNano: '1772445602000000000', endTimeUnixNano: '1772445602250000000',
              attributes: [text('gen_ai.operation.name', 'chat'), text('gen_ai.system', 'openai'), text('gen_ai.request.model', 'gpt-4o')],
              events: [
                {
                  attributes: [text('exception.type', 'RateLimitError'), text('exception.message', 'Rate limit exceeded')],
                  name: 'exception', timeUnixNano: '1772445602200000000', droppedAttributesCount: 0,
                },
              ],
              status: { code: 2, message: 'Rate limit exceeded' }, ...sdkSpan,
            },
            {
              traceId: 'c23bf5e3ca5e22e7a9b3b743ceab5f5a', spanId: '485286ff7bb17c52', name: 'invoke_agent planner', kind: 1,
              startTimeUnixNano: '1772445600000000000', endTimeUnixNano: '1772445603000000000',
              attributes: [], events: [], status: { code: 0 }, ...sdkSpan,
            },
          ],
        },
        {
          scope: { name: 'http' },
          spans: [
            {
              traceId: '984acec26a92395f19daadd6474b4268', spanId: 'a43cb9ac5d57463f', name: 'GET /api/x', kind: 2,
              startTimeUnixNano: '1772445604000000000', endTimeUnixNano: '1772445604012500000',
              attributes: [text('http.request.method', 'GET'), text('http.route', '/api/x'), int('http.response.status_code', 200)],
              events: [], status: { code: 0 }, ...sdkSpan,
            },
          ],
        },
      ],
    },
  ],
};

async function read(content: string, columns: string) {
  const path = join(dir, `t${counter++}.json`);
  writeFileSync(path, content);
  const run = await ingestFiles([path]);
  try {
    const source = run.summary.sources[0]!;
    return { source, rejects: run.summary.rejects_by_reason, rows: await run.rows(`SELECT ${columns} FROM events ORDER BY ts, line`) };
  } finally {
    run.close();
  }
}

const COLUMNS = `ts, event, kind, service, model, provider, tokens_in, tokens_out, duration_ms, ok, error, route, status`;
/** By hand from the spans above: duration = end - start, the failure from status code 2. */
const EXPECTED = [
  { ts: '2026-03-02T10:00:00.000Z', event: 'invoke_agent planner', kind: 'other', service: 'agent', model: null, provider: null, tokens_in: null, tokens_out: null, duration_ms: 3000, ok: true, error: null, route: null, status: null },
  { ts: '2026-03-02T10:00:00.100Z', event: 'chat gpt-4o', kind: 'llm_call', service: 'agent', model: 'gpt-4o', provider: 'openai', tokens_in: 1124, tokens_out: 67, duration_ms: 1500, ok: true, error: null, route: null, status: null },
  { ts: '2026-03-02T10:00:02.000Z', event: 'chat gpt-4o', kind: 'llm_call', service: 'agent', model: 'gpt-4o', provider: 'openai', tokens_in: null, tokens_out: null, duration_ms: 250, ok: false, error: 'Rate limit exceeded', route: null, status: null },
  { ts: '2026-03-02T10:00:04.000Z', event: 'GET /api/x', kind: 'request', service: 'agent', model: null, provider: null, tokens_in: null, tokens_out: null, duration_ms: 12.5, ok: true, error: null, route: '/api/x', status: '200' },
];

describe('an OTLP traces export', () => {
  it('one request a line (the collector file exporter): each span is a record, on that line', async () => {
    const { source, rows } = await read(`${JSON.stringify(TRACES)}\n`, COLUMNS);
    expect([source.format, source.lines, source.records, source.rejects]).toEqual(['otlp', 1, 4, 0]);
    expect(rows).toEqual(EXPECTED);
  });

  it('pretty-printed as one document: the same records, each on the line where its span starts', async () => {
    const { source, rows } = await read(`${JSON.stringify(TRACES, null, 2)}\n`, `${COLUMNS}, line`);
    expect([source.format, source.records, source.rejects]).toEqual(['otlp', 4, 0]);
    expect(rows.map(({ line: _, ...r }) => r)).toEqual(EXPECTED);
    expect(new Set(rows.map((r) => r.line)).size).toBe(4);
  });

  it('keeps the trace, span and parent ids, the span kind and the status, and the exception the span recorded', async () => {
    const { rows } = await read(
      `${JSON.stringify(TRACES)}\n`,
      `attrs->>'traceId' AS trace, attrs->>'spanId' AS span, attrs->>'parentSpanId' AS parent, attrs->>'spanKind' AS kind,
       attrs->>'$."otel.status_code"' AS status, attrs->>'$."exception.type"' AS exception, attrs->>'$."otel.scope.name"' AS scope`,
    );
    expect(rows[0]).toEqual({ trace: 'c23bf5e3ca5e22e7a9b3b743ceab5f5a', span: '485286ff7bb17c52', parent: null, kind: 'internal', status: null, exception: null, scope: 'openai-instr' });
    expect(rows[2]).toEqual({ trace: 'c23bf5e3ca5e22e7a9b3b743ceab5f5a', span: '9490b70be6ee4c99', parent: '485286ff7bb17c52', kind: 'client', status: 'ERROR', exception: 'RateLimitError', scope: 'openai-instr' });
    expect(rows[3]).toMatchObject({ kind: 'server', scope: 'http' });
  });

  it('takes the failure from the recorded exception, else ERROR, when the status has no message; enum names and older spellings too', async () => {
    const span = (name: string, status: object, events: object[] = []) => ({ name, kind: 'SPAN_KIND_CLIENT', startTimeUnixNano: '1772445600000000000', endTimeUnixNano: '1772445600500000000', events, status });
    const request = {
      resourceSpans: [
        {
          instrumentationLibrarySpans: [
            {
              spans: [
                span('a', { code: 'STATUS_CODE_ERROR' }, [{ name: 'exception', attributes: [text('exception.message', 'connection reset')] }]),
                span('b', { code: 2 }),
                span('c', { code: 'STATUS_CODE_OK' }),
              ],
            },
          ],
        },
      ],
    };
    const { rows } = await read(`${JSON.stringify(request)}\n${JSON.stringify({ resourceSpans: [] })}\n`, `event, ok, error, duration_ms, attrs->>'spanKind' AS kind`);
    expect(rows).toEqual([
      { event: 'a', ok: false, error: 'connection reset', duration_ms: 500, kind: 'client' },
      { event: 'b', ok: false, error: 'ERROR', duration_ms: 500, kind: 'client' },
      { event: 'c', ok: true, error: null, duration_ms: 500, kind: 'client' },
    ]);
  });

  it('is an empty reject when it holds no span', async () => {
    const { source, rejects } = await read(`${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [] }] }] })}\n`, 'event');
    expect([source.format, source.records, rejects]).toEqual(['otlp', 0, { empty: 1 }]);
  });
});
