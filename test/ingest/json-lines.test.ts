// Ingest I: JSON-lines logs from the real loggers and from the public corpus become exactly the
// records and rejects an independent reading of the bytes predicts.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, FIXTURES, runInProcess } from '../helpers/cli.js';
import { accountFile } from '../helpers/independent.js';

interface Expected {
  lines: number;
  records: number;
  kinds: Record<string, number>;
  failures: number;
  failures_by_kind: Record<string, number>;
  tokens_in: number;
  tokens_out: number;
}

async function ingestJson(path: string) {
  const result = await runInProcess(['ingest', path, '--json']);
  return { ...result, summary: JSON.parse(result.stdout) };
}

async function queryJson(path: string, sql: string) {
  const result = await runInProcess(['query', path, '-q', '-F', 'json', '--sql', sql]);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, unknown>[];
}

const LOGGERS: [string, string][] = [
  ['pino.log', 'pino'],
  ['bunyan.log', 'bunyan'],
  ['winston.log', 'winston'],
  ['python-json.log', 'python-json'],
  ['structlog.log', 'structlog'],
  ['loguru.log', 'loguru'],
];

describe('logs written by the real loggers', () => {
  for (const [file, format] of LOGGERS) {
    const path = join(FIXTURES, file);
    const expected = JSON.parse(readFileSync(path.replace(/\.log$/, '.expected.json'), 'utf8')) as Expected;

    it(`${file} is detected as ${format} and every line becomes a record`, async () => {
      const { code, summary } = await ingestJson(path);
      expect(code).toBe(0);
      expect(summary.sources).toEqual([{ source: path, format, lines: expected.lines, records: expected.records, rejects: 0, continuation_lines: 0, bytes: readFileSync(path).length, checkpoint: 'new', first_line: 1, held_back_bytes: 0 }]);
      expect(summary.records_without_ts).toBe(0);
      expect(summary.first_ts).toBe('2026-03-02T10:00:00.000Z');
    });

    it(`${file} yields the scenario's kinds, failures and llm tokens`, async () => {
      const rows = await queryJson(
        path,
        `SELECT kind, count(*) AS n, count(*) FILTER (WHERE NOT ok) AS failed,
                sum(tokens_in) AS tin, sum(tokens_out) AS tout FROM events GROUP BY kind`,
      );
      const kinds = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
      const failed = Object.fromEntries(rows.map((r) => [r.kind, r.failed]));
      expect(kinds).toEqual(Object.fromEntries(Object.entries(expected.kinds).filter(([, n]) => n > 0)));
      for (const [kind, n] of Object.entries(expected.failures_by_kind)) if (expected.kinds[kind]) expect(failed[kind], kind).toBe(n);
      const llm = rows.find((r) => r.kind === 'llm_call');
      expect(llm?.tin).toBe(expected.tokens_in);
      expect(llm?.tout).toBe(expected.tokens_out);
    });
  }
});

describe('the JSON-lines files of the public corpus', () => {
  const files = [
    'lnav/gharchive_log.jsonl',
    'lnav/logfile_bunyan.0',
    'lnav/logfile_cloudflare.json',
    'lnav/logfile_ecs_log.json',
    'lnav/logfile_invalid_json.json',
    'lnav/logfile_invalid_json2.json',
    'lnav/logfile_journald.json',
    'lnav/logfile_json.json',
    'lnav/logfile_json2.json',
    'lnav/logfile_json3.json',
    'lnav/logfile_json_invalid.json',
    'lnav/logfile_json_subsec.json',
    'lnav/logfile_jsonid.json',
    'lnav/logfile_mixed_json2.json',
    'lnav/logfile_nested_json.json',
    'lnav/logfile_pino.0',
    'lnav/logfile_rust_tracing.0',
  ];
  for (const file of files) {
    it(`${file} gives the record and reject counts an independent reading predicts`, async () => {
      const path = join(CORPUS, file);
      const account = accountFile(path);
      const { summary } = await ingestJson(path);
      expect(summary.lines).toBe(account.lines);
      expect(summary.records).toBe(account.objects);
      expect(summary.rejects).toBe(account.lines - account.objects);
      expect(summary.records + summary.rejects).toBe(summary.lines);
    });
  }

  it('the lnav fixtures with invalid lines give their exact counts', async () => {
    // Counted by hand from the files: one broken line in each of the first three, five
    // non-JSON lines interleaved in logfile_mixed_json2.json.
    const cases: [string, number, number][] = [
      ['lnav/logfile_invalid_json.json', 4, 1],
      ['lnav/logfile_invalid_json2.json', 2, 1],
      ['lnav/logfile_json_invalid.json', 12, 1],
      ['lnav/logfile_mixed_json2.json', 13, 5],
    ];
    for (const [file, records, rejects] of cases) {
      const { summary } = await ingestJson(join(CORPUS, file));
      expect([file, summary.records, summary.rejects]).toEqual([file, records, rejects]);
      expect(summary.rejects_by_reason).toEqual({ invalid_json: rejects });
    }
  });

  it('understands ECS @timestamp and log.level, and bunyan numeric levels', async () => {
    const ecs = await queryJson(join(CORPUS, 'lnav/logfile_ecs_log.json'), 'SELECT count(ts) AS with_ts, count(level) AS with_level FROM events');
    expect(ecs).toEqual([{ with_ts: 5, with_level: 5 }]);
    const bunyan = await queryJson(join(CORPUS, 'lnav/logfile_bunyan.0'), 'SELECT count(ts) AS with_ts, count(level) AS with_level FROM events');
    expect(bunyan).toEqual([{ with_ts: 10, with_level: 10 }]);
  });
});
