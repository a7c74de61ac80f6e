// Ingest II on the public corpus (../shared/corpus): every file that is not JSON lines (those are in
// test/ingest/json-lines.test.ts) gives the record, continuation and reject counts that an
// independent reading of its bytes predicts, and the fields that matter are understood.

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CORPUS } from '../../helpers/cli.js';
import { accountedLines } from '../../../src/ingest/load.js';
import { ingestFiles } from './helpers.js';

interface Account {
  lines: number;
  records: number;
  /** Lines on which a record starts, where one line may hold several records. */
  recordLines?: number;
  continuation: number;
  rejects: Record<string, number>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Physical lines of a file: split on LF, a last line without LF still a line, CR before LF dropped. */
function physicalLines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    let line = bytes.subarray(start, end);
    if (line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    out.push(line);
    start = end + 1;
  }
  return out;
}

const BLANK = /^[ \t\r\v\f]*$/;
const STARTS_WITH_TIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d/;

/** Text: a line starting with a date-time starts a record; later non-blank lines continue it. */
function textAccount(bytes: Buffer): Account {
  const account: Account = { lines: 0, records: 0, continuation: 0, rejects: {} };
  const reject = (reason: string) => (account.rejects[reason] = (account.rejects[reason] ?? 0) + 1);
  for (const raw of physicalLines(bytes)) {
    account.lines++;
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      reject('invalid_utf8');
      continue;
    }
    if (BLANK.test(text)) reject('empty');
    else if (STARTS_WITH_TIME.test(text)) account.records++;
    else if (account.records > 0) account.continuation++;
    else reject('no_match');
  }
  return account;
}

/** OTLP lines: each line's logRecords, summed over resourceLogs and scopeLogs. */
function otlpLinesAccount(bytes: Buffer): Account {
  const lines = physicalLines(bytes).map((l) => l.toString('utf8'));
  const counts = lines.map((l) => countLogRecords(JSON.parse(l)));
  return { lines: lines.length, records: counts.reduce((a, b) => a + b, 0), recordLines: counts.filter((n) => n > 0).length, continuation: 0, rejects: {} };
}

function countLogRecords(request: { resourceLogs: { scopeLogs: { logRecords: unknown[] }[] }[] }): number {
  let n = 0;
  for (const rl of request.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}

/** A pretty-printed document whose records all start on different lines; the other lines continue them. */
function documentAccount(bytes: Buffer, records: number): Account {
  const lines = physicalLines(bytes).length;
  return { lines, records, recordLines: records, continuation: lines - records, rejects: {} };
}

const json = (file: string) => JSON.parse(readFileSync(join(CORPUS, file), 'utf8'));

const CASES: Record<string, { format: string; account: (bytes: Buffer) => Account }> = {
  // Whole documents. The LiteLLM spend row and payload are one object each; the Langfuse body holds
  // its records in a `batch` array of timestamped events; sources.json is an array of objects.
  'litellm/spend_logs_payload.json': { format: 'json-document', account: (b) => documentAccount(b, 1) },
  'litellm/standard_logging_payload.json': { format: 'json-document', account: (b) => documentAccount(b, 1) },
  'litellm/langfuse_expected_request_body-completion.json': {
    format: 'json-document',
    account: (b) => documentAccount(b, json('litellm/langfuse_expected_request_body-completion.json').batch.length),
  },
  'sources.json': { format: 'json-document', account: (b) => documentAccount(b, json('sources.json').length) },
  'opentelemetry-proto/logs.json': { format: 'otlp', account: (b) => documentAccount(b, countLogRecords(json('opentelemetry-proto/logs.json'))) },
  'opentelemetry-proto/events.json': { format: 'otlp', account: (b) => documentAccount(b, countLogRecords(json('opentelemetry-proto/events.json'))) },
  // OTLP requests, one a line.
  'lnav/logfile_otel_collector.jsonl': { format: 'otlp', account: otlpLinesAccount },
  'vector/collector-sink.log': { format: 'otlp', account: otlpLinesAccount },
  // logfmt (logrus): every line is a record.
  'lnav/logfile_logfmt.0': {
    format: 'logfmt',
    account: (b) => ({ lines: physicalLines(b).length, records: physicalLines(b).length, continuation: 0, rejects: {} }),
  },
  // Text with a timestamp at the start of each record.
  'lnav/logfile_crlf.0': { format: 'python-text', account: textAccount },
  'lnav/logfile_invalid_utf8.0': { format: 'python-text', account: textAccount },
  'lnav/logfile_zap_console.0': { format: 'text', account: textAccount },
  // UTF-16LE with a BOM: five lines of prose, no layout, so five no_match rejects once transcoded.
  'vector/utf-16le.log': {
    format: 'text',
    account: (b) => textAccount(Buffer.from(new TextDecoder('utf-16le').decode(b), 'utf8')),
  },
  // Prose: no line starts a record.
  'SOURCES.md': { format: 'text', account: textAccount },
  'lnav/LICENSE': { format: 'text', account: textAccount },
  'opentelemetry-proto/LICENSE': { format: 'text', account: textAccount },
  'vector/LICENSE': { format: 'text', account: textAccount },
};

/** The JSON-lines files of the corpus, which test/ingest/json-lines.test.ts reads. */
const JSON_LINES_ELSEWHERE = [
  'lnav/gharchive_log.jsonl', 'lnav/logfile_bunyan.0', 'lnav/logfile_cloudflare.json', 'lnav/logfile_ecs_log.json',
  'lnav/logfile_invalid_json.json', 'lnav/logfile_invalid_json2.json', 'lnav/logfile_journald.json', 'lnav/logfile_json.json',
  'lnav/logfile_json2.json', 'lnav/logfile_json3.json', 'lnav/logfile_json_invalid.json', 'lnav/logfile_json_subsec.json',
  'lnav/logfile_jsonid.json', 'lnav/logfile_mixed_json2.json', 'lnav/logfile_nested_json.json', 'lnav/logfile_pino.0',
  'lnav/logfile_rust_tracing.0',
];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('the public corpus, beyond JSON lines', () => {
  it('covers every file of the corpus, here or in the JSON-lines test', () => {
    const files = walk(CORPUS).map((f) => relative(CORPUS, f)).sort();
    expect([...Object.keys(CASES), ...JSON_LINES_ELSEWHERE].sort()).toEqual(files);
  });

  for (const [file, { format, account }] of Object.entries(CASES)) {
    it(`${file} is read as ${format} with the counts an independent reading predicts`, async () => {
      const path = join(CORPUS, file);
      const expected = account(readFileSync(path));
      const run = await ingestFiles([path]);
      try {
        const [source] = run.summary.sources;
        expect(source?.format).toBe(format);
        expect([source?.lines, source?.records, source?.continuation_lines]).toEqual([expected.lines, expected.records, expected.continuation]);
        expect(source?.record_lines).toBe(expected.recordLines);
        expect(run.summary.rejects_by_reason).toEqual(expected.rejects);
        expect(accountedLines(source!)).toBe(source?.lines);
      } finally {
        run.close();
      }
    });
  }

  it('understands the LiteLLM rows: model, provider, tokens, stated cost, status and time', async () => {
    const run = await ingestFiles(['litellm/spend_logs_payload.json', 'litellm/standard_logging_payload.json'].map((f) => join(CORPUS, f)));
    try {
      const rows = await run.rows('SELECT kind, model, provider, tokens_in, tokens_out, cost_usd, ok, status, session_id, ts FROM events ORDER BY source');
      const call = { kind: 'llm_call', model: 'gpt-4o', provider: 'openai', tokens_in: 10, tokens_out: 20, cost_usd: 0.00022500000000000002, ok: true, status: 'success' };
      // Naive times (no zone) are UTC; a row with no time of its own is dated by its endTime.
      expect(rows).toEqual([
        { ...call, session_id: '1234567890', ts: '2025-01-24T09:20:46.851Z' },
        { ...call, session_id: null, ts: '2025-01-24T09:20:46.851Z' },
      ]);
      const [spend] = await run.rows(`SELECT duration_ms FROM events WHERE source LIKE '%spend_logs%'`);
      expect(spend?.duration_ms).toBeCloseTo(4.583, 6);
    } finally {
      run.close();
    }
  });

  it('reads response_time as seconds when the configuration says so (LiteLLM states it in seconds)', async () => {
    const path = join(CORPUS, 'litellm/standard_logging_payload.json');
    const run = await ingestFiles([path], { units: { response_time: 's' } });
    try {
      const [row] = await run.rows('SELECT duration_ms FROM events');
      expect(row?.duration_ms).toBeCloseTo(7.394075393676758, 9);
    } finally {
      run.close();
    }
  });

  it('takes each event of a Langfuse batch as a record, on the line where its object starts', async () => {
    const run = await ingestFiles([join(CORPUS, 'litellm/langfuse_expected_request_body-completion.json')]);
    try {
      const rows = await run.rows(`SELECT line, kind, model, tokens_in, tokens_out, cost_usd, ts, attrs->>'type' AS type FROM events ORDER BY line`);
      expect(rows).toEqual([
        { line: 3, kind: 'other', model: null, tokens_in: null, tokens_out: null, cost_usd: null, ts: '2025-01-16T19:28:55.125Z', type: 'trace-create' },
        { line: 28, kind: 'llm_call', model: 'gpt-3.5-turbo', tokens_in: 10, tokens_out: 20, cost_usd: 5.4999999999999995e-5, ts: '2025-01-16T19:28:55.125Z', type: 'generation-create' },
      ]);
    } finally {
      run.close();
    }
  });

  it('reads the OTLP examples: string intValues as numbers, severity, service and scope', async () => {
    const run = await ingestFiles(['logs.json', 'events.json'].map((f) => join(CORPUS, 'opentelemetry-proto', f)));
    try {
      const rows = await run.rows(
        `SELECT line, ts, level, event, service, attrs->>'$."int.attribute"' AS int_attr, json_type(attrs->'$."int.attribute"') AS int_type,
                attrs->>'$."otel.scope.name"' AS scope, attrs->>'$.body.url' AS url FROM events ORDER BY source`,
      );
      expect(rows).toEqual([
        { line: 29, ts: '2018-12-13T14:51:00.300Z', level: 'info', event: 'browser.page_view', service: 'my.service', int_attr: null, int_type: null, scope: 'my.library', url: 'https://www.guidgenerator.com/online-guid-generator.aspx' },
        { line: 29, ts: '2018-12-13T14:51:00.300Z', level: 'info', event: 'Example log record', service: 'my.service', int_attr: '10', int_type: 'UBIGINT', scope: 'my.library', url: null },
      ]);
    } finally {
      run.close();
    }
  });

  it('reads the collector sink of Vector: timeUnixNano in seconds, severity text only, empty ids left out', async () => {
    const run = await ingestFiles([join(CORPUS, 'vector/collector-sink.log')]);
    try {
      const rows = await run.rows(`SELECT ts, level, route, attrs->>'traceId' AS trace FROM events ORDER BY line`);
      expect(rows[0]).toEqual({ ts: '2025-07-23T17:42:16.000Z', level: 'debug', route: '/health', trace: null });
      expect(rows.map((r) => r.level)).toEqual(['debug', 'warn', 'warn', 'error', 'debug']);
    } finally {
      run.close();
    }
  });

  it('reads logrus logfmt: quoted time, level words, empty values that are not failures', async () => {
    const run = await ingestFiles([join(CORPUS, 'lnav/logfile_logfmt.0')]);
    try {
      const rows = await run.rows('SELECT ts, level, event, ok, error FROM events ORDER BY line');
      expect(rows.map((r) => r.level)).toEqual(['error', 'warn', 'info', 'info', 'error']);
      expect(rows[0]?.ts).toBe('2021-09-15T21:17:10.220Z');
      expect(rows[2]).toMatchObject({ event: 'DeletionGracePeriodSeconds set to 0', ok: true, error: null });
      expect(rows[1]).toMatchObject({ ok: false, error: expect.stringContaining('PodNotFound') });
    } finally {
      run.close();
    }
  });

  it('reads the zap console: tab-separated columns (the caller only where there is one), the trailing JSON object as fields, the stack as continuation', async () => {
    const run = await ingestFiles([join(CORPUS, 'lnav/logfile_zap_console.0')]);
    try {
      const rows = await run.rows(
        `SELECT line, level, event, ok, attrs->>'dropped_items' AS dropped, attrs->>'caller' AS caller, attrs->>'metrics' AS metrics, message FROM events ORDER BY line`,
      );
      expect(rows.map((r) => [r.line, r.level, r.ok])).toEqual([[1, 'info', true], [2, 'error', false], [9, 'info', true]]);
      expect(rows[1]).toMatchObject({ event: 'Exporting failed. Dropping data.', dropped: '60', caller: 'internal/queue_sender.go:128' });
      // The collector logs these without a caller: the third column is the message, not a caller.
      expect(rows[0]).toMatchObject({ event: 'Metrics', caller: null, metrics: '27' });
      expect(rows[2]).toMatchObject({ event: 'Metrics', caller: null, metrics: '30' });
      expect(String(rows[1]?.message).split('\n')).toHaveLength(7);
    } finally {
      run.close();
    }
  });
});
