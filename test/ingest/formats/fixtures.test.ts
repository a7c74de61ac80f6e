// Ingest II: the python-text, logfmt and OTLP logs written by the real libraries (test/fixtures) give
// exactly the records, kinds, failures, tokens, costs, latencies and times their generators computed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../helpers/cli.js';
import { accountedLines } from '../../../src/ingest/load.js';
import { ingestFiles, type Ingested } from './helpers.js';

interface Expected {
  lines: number;
  records: number;
  kinds: Record<string, number>;
  failures: number;
  failures_by_kind: Record<string, number>;
  tokens_in: number;
  tokens_out: number;
  llm_latency_ms: Record<string, number[]>;
  cost_usd: number;
  cost_records: number;
  file_bytes_written: number;
  workflow_runs: number;
  workflow_successes: number;
  first_ts: string;
  last_ts: string;
  empty_5min_windows: string[];
}

const CASES: { file: string; format: string; continuation: number; recordLines: number | undefined }[] = [
  // python-text: two logger.exception() records carry a 10-line traceback each (fixtures README).
  { file: 'python-text.log', format: 'python-text', continuation: 20, recordLines: undefined },
  { file: 'logfmt.log', format: 'logfmt', continuation: 0, recordLines: undefined },
  // otlp: 7 lines, each one ExportLogsServiceRequest holding 16 records (8 in the last).
  { file: 'otlp.jsonl', format: 'otlp', continuation: 0, recordLines: 7 },
];

for (const { file, format, continuation, recordLines } of CASES) {
  describe(`${file}, written by the real library`, () => {
    const path = join(FIXTURES, file);
    const expected = JSON.parse(readFileSync(path.replace(/\.(log|jsonl)$/, '.expected.json'), 'utf8')) as Expected;
    let run: Ingested;
    beforeAll(async () => {
      run = await ingestFiles([path]);
    });
    afterAll(() => run.close());

    it(`is detected as ${format}, and every line is a record, part of one, or a reject`, () => {
      const [source] = run.summary.sources;
      expect(source).toMatchObject({ format, lines: expected.lines, records: expected.records, rejects: 0, continuation_lines: continuation });
      expect(source?.record_lines).toBe(recordLines);
      expect(accountedLines(source!)).toBe(expected.lines);
      expect(run.summary.records_without_ts).toBe(0);
    });

    it('yields the kinds and the failures per kind of the scenario', async () => {
      const rows = await run.rows('SELECT kind, count(*) AS n, count(*) FILTER (WHERE NOT ok) AS failed FROM events GROUP BY kind');
      const kinds = Object.fromEntries(Object.keys(expected.kinds).map((k) => [k, 0]));
      const failed = { ...kinds };
      for (const r of rows) {
        kinds[String(r.kind)] = Number(r.n);
        failed[String(r.kind)] = Number(r.failed);
      }
      expect(kinds).toEqual(expected.kinds);
      expect(failed).toEqual(expected.failures_by_kind);
    });

    it('sums the tokens and the stated cost of the LLM calls, and keeps each latency in time order', async () => {
      const [llm] = await run.rows(
        `SELECT sum(tokens_in) AS tin, sum(tokens_out) AS tout, sum(cost_usd) AS cost, count(cost_usd) AS priced
         FROM events WHERE kind = 'llm_call'`,
      );
      expect([llm?.tin, llm?.tout, llm?.priced]).toEqual([expected.tokens_in, expected.tokens_out, expected.cost_records]);
      expect(Number(llm?.cost)).toBeCloseTo(expected.cost_usd, 9);
      const latencies: Record<string, number[]> = {};
      for (const r of await run.rows(`SELECT model, duration_ms FROM events WHERE kind = 'llm_call' ORDER BY ts, line`)) {
        (latencies[String(r.model)] ??= []).push(Number(r.duration_ms));
      }
      expect(latencies).toEqual(expected.llm_latency_ms);
    });

    it('counts the bytes of successful writes, the workflow runs that finished, and their successes', async () => {
      const [fs] = await run.rows(`SELECT sum(bytes) AS written FROM events WHERE kind = 'file_op' AND op = 'write' AND ok`);
      expect(fs?.written).toBe(expected.file_bytes_written);
      const [wf] = await run.rows(
        `SELECT count(*) AS runs, count(*) FILTER (WHERE ok) AS successes FROM events
         WHERE kind = 'workflow' AND NOT regexp_matches(lower(event), 'start')`,
      );
      expect([wf?.runs, wf?.successes]).toEqual([expected.workflow_runs, expected.workflow_successes]);
    });

    it('reads every time as UTC, with the same first, last and empty 5-minute windows', async () => {
      const [range] = await run.rows('SELECT min(ts) AS first, max(ts) AS last FROM events');
      expect([range?.first, range?.last]).toEqual([expected.first_ts, expected.last_ts]);
      const empty = await run.rows(
        `WITH used AS (SELECT DISTINCT time_bucket(INTERVAL 5 MINUTE, ts) AS b FROM events),
              every AS (SELECT unnest(generate_series(time_bucket(INTERVAL 5 MINUTE, min(ts)), max(ts), INTERVAL 5 MINUTE)) AS b FROM events)
         SELECT every.b FROM every LEFT JOIN used USING (b) WHERE used.b IS NULL ORDER BY 1`,
      );
      expect(empty.map((r) => r.b)).toEqual(expected.empty_5min_windows);
    });
  });
}

describe('python-text details', () => {
  let run: Ingested;
  beforeAll(async () => {
    run = await ingestFiles([join(FIXTURES, 'python-text.log')]);
  });
  afterAll(() => run.close());

  it('takes the prose before the first key=value pair as the event, and the pairs as fields', async () => {
    const [r] = await run.rows(`SELECT event, model, provider, tokens_in, service, level FROM events WHERE line = 12`);
    expect(r).toEqual({ event: 'LLM call completed', model: 'gpt-4o', provider: 'openai', tokens_in: 1936, service: 'agent.llm', level: 'info' });
  });

  it('hangs a traceback on the record above it, as exc_info, and never counts its lines as rejects', async () => {
    const rows = await run.rows(`SELECT line, ok, error, attrs->>'exc_info' AS exc FROM events WHERE attrs->>'exc_info' IS NOT NULL ORDER BY line`);
    expect(rows.map((r) => [r.line, r.ok, r.error])).toEqual([
      [43, false, 'Internal server error'],
      [57, false, "EACCES: permission denied, open '/srv/agent/workspace/src/util/retry.ts'"],
    ]);
    for (const r of rows) {
      expect(String(r.exc).split('\n')).toHaveLength(10);
      expect(String(r.exc)).toMatch(/^Traceback \(most recent call last\):\n/);
    }
  });

  it('names metric samples by their name= pair and reads their value', async () => {
    const rows = await run.rows(`SELECT metric, value FROM events WHERE kind = 'metric' AND ts < '2026-03-02 10:01:00+00' ORDER BY line`);
    expect(rows).toEqual([
      { metric: 'cpu_usage', value: 12.5 },
      { metric: 'memory_usage', value: 268435456 },
      { metric: 'goroutine_count', value: 42 },
      { metric: 'active_sessions', value: 1 },
    ]);
  });
});

describe('OTLP details', () => {
  let run: Ingested;
  beforeAll(async () => {
    run = await ingestFiles([join(FIXTURES, 'otlp.jsonl')]);
  });
  afterAll(() => run.close());

  it('carries the resource and scope attributes into every record', async () => {
    const rows = await run.rows(
      `SELECT DISTINCT service, host, attrs->>'$."deployment.environment.name"' AS env, attrs->>'$."otel.scope.name"' AS scope
       FROM events ORDER BY scope`,
    );
    expect(rows.map((r) => r.scope)).toEqual(['agent', 'agent.fs', 'agent.http', 'agent.llm', 'agent.metrics', 'agent.orchestrator']);
    for (const r of rows) expect([r.service, r.host, r.env]).toEqual(['agent-system', 'agent-01', 'production']);
  });

  it('falls back to observedTimeUnixNano when timeUnixNano is unset, and reads HTTP durations in seconds', async () => {
    const [metric] = await run.rows(`SELECT ts FROM events WHERE kind = 'metric' ORDER BY ts LIMIT 1`);
    expect(metric?.ts).toBe('2026-03-02T10:00:30.000Z');
    const [health] = await run.rows(`SELECT route, duration_ms, status FROM events WHERE kind = 'request' ORDER BY ts LIMIT 1`);
    expect(health).toEqual({ route: '/health', duration_ms: 2.1, status: '200' });
  });
});
