// Web servers' access logs, as the servers wrote them (test/fixtures/gen/web_access.py): uvicorn's
// default output (`INFO:     127.0.0.1:PORT - "GET /a HTTP/1.1" 200 OK`, FastAPI's server, no time)
// and gunicorn's access log in the combined log format nginx and Apache write too. Each request
// line becomes a `request` record with its method, route and status; the counts are the generator's.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../helpers/cli.js';
import { ingestFiles } from './helpers.js';

interface Expected {
  lines: number;
  records: number;
  requests: number;
  failed_requests: number;
  by_status: Record<string, number>;
  by_method: Record<string, number>;
}

async function readAccessLog(name: string) {
  const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
  const run = await ingestFiles([join(FIXTURES, `${name}.log`)]);
  try {
    const rows = async (sql: string) => run.rows(sql);
    return {
      expected,
      summary: run.summary,
      totals: (await rows("SELECT count(*) FILTER (WHERE kind = 'request') AS requests, count(*) FILTER (WHERE kind = 'request' AND NOT ok) AS failed FROM events"))[0],
      byStatus: Object.fromEntries((await rows("SELECT status, count(*) AS n FROM events WHERE kind = 'request' GROUP BY status")).map((r) => [String(r.status), Number(r.n)])),
      byMethod: Object.fromEntries((await rows("SELECT method, count(*) AS n FROM events WHERE kind = 'request' GROUP BY method")).map((r) => [String(r.method), Number(r.n)])),
      routes: (await rows("SELECT DISTINCT route FROM events WHERE kind = 'request' ORDER BY route")).map((r) => r.route),
      other: await rows("SELECT level, kind, ts FROM events WHERE kind <> 'request' ORDER BY line"),
      times: await rows('SELECT ts FROM events ORDER BY line'),
    };
  } finally {
    run.close();
  }
}

describe('access logs', () => {
  for (const name of ['uvicorn', 'gunicorn-access']) {
    it(`${name}: every line a record, every request line a request with its method, route and status`, async () => {
      const r = await readAccessLog(name);
      expect(r.summary).toMatchObject({ lines: r.expected.lines, records: r.expected.records, rejects: 0 });
      expect(r.totals).toEqual({ requests: r.expected.requests, failed: r.expected.failed_requests });
      expect(r.byStatus).toEqual(r.expected.by_status);
      expect(r.byMethod).toEqual(r.expected.by_method);
      // Query strings go; numeric ids become {id}.
      expect(r.routes).toEqual(['/chat/{id}', '/health/{id}', '/items/{id}/{id}']);
    });
  }

  it("uvicorn: its start and stop lines are info records without a time (it writes none)", async () => {
    const r = await readAccessLog('uvicorn');
    expect(r.other).toHaveLength(8);
    expect(r.other.every((row) => row.level === 'info' && row.kind === 'other' && row.ts === null)).toBe(true);
  });

  it('gunicorn: the time in brackets, with its offset', async () => {
    const r = await readAccessLog('gunicorn-access');
    const first = readFileSync(join(FIXTURES, 'gunicorn-access.log'), 'utf8').split('\n')[0] as string;
    const [, day, month, year, clock, offset] = /\[(\d{2})\/(\w{3})\/(\d{4}):(\S+) ([+-]\d{4})\]/.exec(first) ?? [];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const iso = `${year}-${String(months.indexOf(month as string) + 1).padStart(2, '0')}-${day}T${clock}${(offset as string).slice(0, 3)}:${(offset as string).slice(3)}`;
    expect(r.times[0]?.ts).toBe(new Date(iso).toISOString());
    expect(r.times.every((row) => row.ts !== null)).toBe(true);
  });
});
