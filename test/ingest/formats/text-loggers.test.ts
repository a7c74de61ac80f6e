// Text layouts of loggers, servers and runtimes beyond Python's cookbook: real output of Celery,
// gunicorn and Django (test/fixtures/loggers), and lines as syslog (RFC 5424 and 3164), AWS
// Lambda's runtimes, logrus's and zerolog's consoles document them. Also: a text log whose first
// line starts with `[` is not taken for a JSON document.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLog } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-text-loggers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ingests a fixture of test/fixtures/loggers, or the lines written as a file; its counts and the asked columns of its events. */
const read = (input: string | readonly string[], columns: string) => readLog(input, columns, { fixtures: LOGGERS, dir });

describe('a text log that starts with [', () => {
  it("is Flask's layout, not a JSON document: three records, the traceback the error's", async () => {
    const r = await read([
      '[2026-03-01 12:00:00,123] INFO in app: started',
      '[2026-03-01 12:00:01,456] ERROR in app: Exception on /x [GET]',
      'Traceback (most recent call last):',
      '  File "app.py", line 9, in x',
      'ValueError: bad',
      '[2026-03-01 12:00:02,000] WARNING in app: slow',
    ], 'line, level, event, ok, error');
    expect(r).toMatchObject({ format: 'python-text', lines: 6, records: 3, continuation: 3, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, level: 'info', event: 'started', ok: true, error: null },
      { line: 2, level: 'error', event: 'Exception on /x [GET]', ok: false, error: 'ValueError: bad' },
      { line: 6, level: 'warn', event: 'slow', ok: true, error: null },
    ]);
  });

  it('is `[TIME] MESSAGE` text, each line a record with its time', async () => {
    const r = await read(['[2026-03-01T12:00:00Z] server started', '[2026-03-01T12:00:01Z] request done'], 'ts, event');
    expect(r).toMatchObject({ format: 'text', records: 2, rejects: 0 });
    expect(r.rows).toEqual([
      { ts: '2026-03-01T12:00:00.000Z', event: 'server started' },
      { ts: '2026-03-01T12:00:01.000Z', event: 'request done' },
    ]);
  });

  it('is still a JSON document when its first line can begin one', async () => {
    const r = await read(['[', '  {"time": "2026-03-01T12:00:00Z", "msg": "a"},', '  {"time": "2026-03-01T12:00:01Z", "msg": "b"}', ']'], 'event');
    expect(r).toMatchObject({ format: 'json-document', records: 2 });
  });
});

describe('a level word in brackets after the time', () => {
  it("is the level of `%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s`, the pid the process, the logger the service", async () => {
    const r = await read([
      '2026-03-01 12:00:00,123 [822] [INFO] app.api: request done',
      '2026-03-01 12:00:01,123 [822] [ERROR] app.api: payment provider unreachable',
      '2026-03-01 12:00:02,123 [822] [CRITICAL] app.api: shutting down',
    ], "line, level, event, ok, service, attrs->>'process' AS process");
    expect(r.rows).toEqual([
      { line: 1, level: 'info', event: 'request done', ok: true, service: 'app.api', process: '822' },
      { line: 2, level: 'error', event: 'payment provider unreachable', ok: false, service: 'app.api', process: '822' },
      { line: 3, level: 'fatal', event: 'shutting down', ok: false, service: 'app.api', process: '822' },
    ]);
  });

  it("is the level of gunicorn's own error log (`[TIME] [PID] [LEVEL] message`), whose messages name no logger", async () => {
    const r = await read([
      '[2026-11-24 09:33:03 +0000] [30035] [INFO] Starting gunicorn 26.2.0',
      '[2026-11-24 09:33:03 +0000] [30035] [INFO] Listening at: http://127.0.0.1:18765 (30035)',
      '[2026-11-24 09:33:05 +0000] [30036] [ERROR] Reason: Worker failed to boot.',
    ], "line, ts, level, event, service, attrs->>'process' AS process");
    expect(r).toMatchObject({ format: 'text', records: 3 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-11-24T09:33:03.000Z', level: 'info', event: 'Starting gunicorn 26.2.0', service: null, process: '30035' },
      { line: 2, ts: '2026-11-24T09:33:03.000Z', level: 'info', event: 'Listening at: http://127.0.0.1:18765 (30035)', service: null, process: '30035' },
      { line: 3, ts: '2026-11-24T09:33:05.000Z', level: 'error', event: 'Reason: Worker failed to boot.', service: null, process: '30036' },
    ]);
  });

  it('is not taken from a bracketed word that is no level, nor from one later in the message', async () => {
    const r = await read(['2026-03-01 12:00:00,123 [worker-1] started [ERROR] count=0'], 'level, event');
    expect(r.rows).toEqual([{ level: null, event: '[worker-1] started [ERROR]' }]);
  });
});

describe('real servers and workers', () => {
  it("Celery's worker: 13 records, the task's traceback joined to its ERROR record", async () => {
    const r = await read('celery-worker.log', "line, ts, level, ok, error, attrs->>'process_name' AS process");
    expect(r).toMatchObject({ format: 'python-text', lines: 24, records: 13, continuation: 11, rejects: 0 });
    expect(r.rows[0]).toMatchObject({ line: 1, ts: '2026-11-24T09:32:35.762Z', level: 'warn', process: 'MainProcess' });
    expect(r.rows.filter((row) => row.level === 'info')).toHaveLength(11);
    expect(r.rows[10]).toMatchObject({ line: 11, level: 'error', ok: false, error: "KeyError: 'missing'" });
    expect(r.rows[12]).toMatchObject({ line: 24, ts: '2026-11-24T09:32:35.771Z', level: 'info' });
  });

  it("gunicorn's error log: the level in brackets after the pid, the time with its offset, the traceback the error's", async () => {
    const r = await read('gunicorn-error.log', "line, ts, level, event, ok, error, attrs->>'process' AS process");
    expect(r).toMatchObject({ lines: 18, records: 9, continuation: 9, rejects: 0 });
    expect(r.rows.map((row) => row.line)).toEqual([1, 2, 3, 4, 5, 6, 16, 17, 18]);
    expect(r.rows[0]).toEqual({ line: 1, ts: '2026-11-24T09:33:03.000Z', level: 'info', event: 'Starting gunicorn 26.2.0', ok: true, error: null, process: '30035' });
    expect(r.rows[5]).toEqual({
      line: 6, ts: '2026-11-24T09:33:06.000Z', level: 'error', event: 'Error handling request GET /boom', ok: false, error: 'ValueError: boom in handler', process: '30036',
    });
    expect(r.rows.filter((row) => row.level === 'info')).toHaveLength(8);
  });

  it("Django's verbose formatter: level first, then the time; the server's request lines are requests", async () => {
    const r = await read('django-verbose.log', "line, level, kind, method, route, status, ok, error, attrs->>'module' AS module");
    expect(r).toMatchObject({ format: 'python-text', lines: 21, records: 10, continuation: 11, rejects: 0 });
    expect(r.rows[0]).toMatchObject({ line: 1, level: 'info', kind: 'other', module: 'urls' });
    expect(r.rows[2]).toMatchObject({ line: 3, level: 'error', ok: false, error: 'ValueError: boom in view', module: 'log' });
    const requests = r.rows.filter((row) => row.kind === 'request').map((row) => [row.line, row.method, row.route, row.status, row.ok]);
    expect(requests).toEqual([
      [2, 'GET', '/api/users/{id}', '200', true],
      [15, 'GET', '/boom', '500', false],
      [17, 'GET', '/slow', '200', true],
      [19, 'GET', '/missing', '404', true],
      [21, 'GET', '/api/users/{id}', '200', true],
    ]);
  });
});

describe('syslog', () => {
  it('RFC 5424: the level from the PRI, the time with its offset, host and app, structured data kept, pairs read', async () => {
    const r = await read([
      '<165>1 2026-03-01T12:00:00.123Z web-1 myapp 1234 ID47 [exampleSDID@32473 iut="3" eventSource="Application"] request done method=GET status=200 duration_ms=12',
      '<163>1 2026-03-01T12:00:01.000+01:00 web-1 myapp 1234 - - database connection failed',
      '<15>1 2026-03-01T12:00:03Z web-1 myapp - - - debug detail',
    ], "line, ts, level, event, ok, status, duration_ms, host, service, attrs->>'process' AS process, attrs->>'msgid' AS msgid, attrs->>'structured_data' AS sd");
    expect(r).toMatchObject({ format: 'text', records: 3, rejects: 0 });
    expect(r.rows).toEqual([
      // 165 = facility 20 (local4) * 8 + severity 5 (notice).
      { line: 1, ts: '2026-03-01T12:00:00.123Z', level: 'info', event: 'request done', ok: true, status: '200', duration_ms: 12, host: 'web-1', service: 'myapp', process: '1234', msgid: 'ID47', sd: '[exampleSDID@32473 iut="3" eventSource="Application"]' },
      // 163 = 20 * 8 + 3 (error).
      { line: 2, ts: '2026-03-01T11:00:01.000Z', level: 'error', event: 'database connection failed', ok: false, status: null, duration_ms: null, host: 'web-1', service: 'myapp', process: '1234', msgid: null, sd: null },
      // 15 = 1 * 8 + 7 (debug); every nil column `-`.
      { line: 3, ts: '2026-03-01T12:00:03.000Z', level: 'debug', event: 'debug detail', ok: true, status: null, duration_ms: null, host: 'web-1', service: 'myapp', process: null, msgid: null, sd: null },
    ]);
  });

  it('RFC 3164, with and without a PRI (as a file or journalctl shows it): the program and pid, the time in this year', async () => {
    const year = new Date().getUTCFullYear();
    const r = await read([
      '<34>Mar  1 12:00:00 web-1 su[123]: \'su root\' failed for lonvick on /dev/pts/8',
      'Mar  1 12:00:02 web-1 myapp[456]: plain syslog line',
      'Mar  1 12:00:03 web-1 kernel: [12345.678] eth0 link up',
    ], "line, ts, level, event, host, service, attrs->>'process' AS process");
    expect(r).toMatchObject({ format: 'text', records: 3, rejects: 0 });
    const at = (time: string) => {
      const ts = new Date(`${year}-03-01T${time}Z`);
      // A time more than a day ahead is last year's.
      if (ts.getTime() > Date.now() + 86_400_000) ts.setUTCFullYear(year - 1);
      return ts.toISOString();
    };
    expect(r.rows).toEqual([
      // 34 = facility 4 (auth) * 8 + severity 2 (critical).
      { line: 1, ts: at('12:00:00'), level: 'fatal', event: "'su root' failed for lonvick on /dev/pts/8", host: 'web-1', service: 'su', process: '123' },
      { line: 2, ts: at('12:00:02'), level: null, event: 'plain syslog line', host: 'web-1', service: 'myapp', process: '456' },
      { line: 3, ts: at('12:00:03'), level: null, event: '[12345.678] eth0 link up', host: 'web-1', service: 'kernel', process: null },
    ]);
  });

  it('RFC 3164 on Feb 29: the time in the latest leap year it can be in, not dropped', async () => {
    const r = await read(['<14>Feb 28 23:59:59 host app[1]: before', '<14>Feb 29 10:00:00 host app[1]: leap day', '<14>Mar  1 00:00:01 host app[1]: after'], 'line, ts, event');
    expect(r).toMatchObject({ format: 'text', records: 3, rejects: 0 });
    const now = new Date();
    // This year, or last year when this year's would be more than a day ahead; a Feb 29 in the leap year at or before it.
    let year = now.getUTCFullYear();
    if (Date.UTC(year, 1, 28, 10) > now.getTime() + 86_400_000) year--;
    const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    while (!leap(year)) year--;
    expect(r.rows[1]).toEqual({ line: 2, ts: `${year}-02-29T10:00:00.000Z`, event: 'leap day' });
    expect(r.rows.map((row) => row.ts === null)).toEqual([false, false, false]);
  });

  it('RFC 3164: a time more than a day ahead of now is last year\'s, one less than a day ahead this year\'s', async () => {
    const now = Date.now();
    const stamp = (t: Date) => `${t.toUTCString().slice(8, 11)} ${String(t.getUTCDate()).padStart(2, ' ')} ${t.toISOString().slice(11, 19)}`;
    const ahead = (hours: number) => new Date(Math.floor(now / 1000) * 1000 + hours * 3_600_000);
    const r = await read([`${stamp(ahead(36))} host app[1]: 36 h ahead`, `${stamp(ahead(12))} host app[1]: 12 h ahead`], 'ts');
    // (Across New Year the month and day written are January's: this year's, far behind.)
    const expected = (t: Date, back: number) => {
      const year = now < Date.UTC(t.getUTCFullYear(), 0, 1) ? new Date(now).getUTCFullYear() : t.getUTCFullYear() - back;
      const moved = new Date(t);
      moved.setUTCFullYear(year);
      return moved.toISOString();
    };
    expect(r.rows.map((row) => row.ts)).toEqual([expected(ahead(36), 1), expected(ahead(12), 0)]);
  });
});

describe('PostgreSQL', () => {
  it("reads the zone abbreviation log_line_prefix writes as the time's, an ambiguous one as no time, never as UTC", async () => {
    const r = await read([
      '2026-03-01 10:00:00.123 CET [123] LOG:  checkpoint starting',
      '2026-03-01 10:00:01.123 CET [123] LOG:  checkpoint complete',
      '2026-03-01 13:00:02.000 +03 [123] LOG:  a zone without an abbreviation',
      '2026-03-01 10:00:03.000 UTC [123] LOG:  utc',
      '2026-03-01 04:00:04.000 CST [123] LOG:  US Central, China or Cuba',
    ], 'line, ts, event');
    expect(r).toMatchObject({ format: 'text', records: 5, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-01T09:00:00.123Z', event: '[123] LOG:  checkpoint starting' },
      { line: 2, ts: '2026-03-01T09:00:01.123Z', event: '[123] LOG:  checkpoint complete' },
      { line: 3, ts: '2026-03-01T10:00:02.000Z', event: '[123] LOG:  a zone without an abbreviation' },
      { line: 4, ts: '2026-03-01T10:00:03.000Z', event: '[123] LOG:  utc' },
      { line: 5, ts: null, event: '[123] LOG:  US Central, China or Cuba' },
    ]);
  });

  it("reads the abbreviations of the tz database's zones it lists at their offsets; a word it does not list stays the message's", async () => {
    // timezone = 'Asia/Karachi' (PKT, +05:00), and 'Australia/Eucla' as older systems wrote it. In
    // `TIME message`, an unlisted word cannot be told from a message that opens in capitals
    // (`DB pool exhausted`), which keeps its time (docs/INGEST.md, "Time").
    const r = await read([
      '2026-03-01 10:00:00.123 PKT [123] LOG:  checkpoint starting',
      '2026-03-01 10:00:01.123 ACWST [123] LOG:  checkpoint complete',
    ], "line, ts, event, attrs->>'time' AS time");
    expect(r).toMatchObject({ format: 'text', records: 2, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-01T05:00:00.123Z', event: '[123] LOG:  checkpoint starting', time: '2026-03-01 10:00:00.123 PKT' },
      { line: 2, ts: '2026-03-01T10:00:01.123Z', event: 'ACWST [123] LOG:  checkpoint complete', time: '2026-03-01 10:00:01.123' },
    ]);
  });

  it('reads each abbreviation added from the tz database at the offset its zone has there', async () => {
    // As `TZ=<zone> date +%Z%z` writes them: Africa/Lagos, Maputo, Nairobi; Asia/Jerusalem (summer),
    // Karachi, Makassar, Jayapura; America/Halifax (summer), St_Johns (summer, winter), Adak (summer).
    const zones: [string, string][] = [
      ['WAT', '09:00'], ['CAT', '08:00'], ['EAT', '07:00'], ['IDT', '07:00'], ['PKT', '05:00'], ['WITA', '02:00'],
      ['WIT', '01:00'], ['ADT', '13:00'], ['NDT', '12:30'], ['NST', '13:30'], ['HDT', '19:00'],
    ];
    const r = await read(zones.map(([zone]) => `2026-03-01 10:00:00 ${zone} checkpoint`), 'ts');
    expect(r.rows.map((row) => row.ts)).toEqual(zones.map(([, utc]) => `2026-03-01T${utc}:00.000Z`));
  });
});

describe('a zone abbreviation after the time in the other text layouts', () => {
  it('is read when known and gives no time when unknown, in each layout with an ISO time', async () => {
    // One source per layout: zap's console, zerolog's ConsoleWriter, logrus's FullTimestamp, a
    // bracketed time, a bracketed level after the time (read as Python's). ICT is Indochina's, which
    // the tz database now writes +07: not listed. (syslog RFC 5424's time is RFC 3339's, with an
    // offset: there a listed abbreviation is read, and an unlisted word would be the host.)
    const layouts: [string, string][] = [
      ['2026-03-01 10:00:00.123 ZONE\tinfo\thello', 'info'],
      ['2026-03-01 10:00:00.123 ZONE INF hello', 'info'],
      ['INFO[2026-03-01 10:00:00.123 ZONE] hello', 'info'],
      ['[2026-03-01 10:00:00.123 ZONE] hello', ''],
      ['2026-03-01 10:00:00.123 ZONE [INFO    ] hello', 'info'],
    ];
    for (const [layout, level] of layouts) {
      const r = await read(['NZDT', 'ICT'].map((zone) => layout.replace('ZONE', zone)), 'ts, level, event');
      expect(r.rows, layout).toEqual([
        { ts: '2026-02-28T21:00:00.123Z', level: level || null, event: 'hello' },
        { ts: null, level: level || null, event: 'hello' },
      ]);
    }
    const syslog = await read(['<14>1 2026-03-01T10:00:00.123 NZDT host app 12 - - hello'], 'ts, level, event');
    expect(syslog.rows).toEqual([{ ts: '2026-02-28T21:00:00.123Z', level: 'info', event: 'hello' }]);
  });

  it('is not a level, an HTTP method, a lower-case word or a message opening in capitals right after the time, nor any word after a syslog time', async () => {
    const r = await read([
      '2026-03-01 10:00:00 INFO ready',
      '2026-03-01 10:00:01 GET /health 200',
      '2026-03-01 10:00:02 app started',
      '2026-03-01 10:00:03 LOG: a capital word with a colon is the message',
      '2026-03-01 10:00:04 DB pool exhausted',
      '2026-03-01 10:00:05 API rate limit reached',
    ], "ts, event, attrs->>'time' AS time");
    expect(r.rows).toEqual([
      { ts: '2026-03-01T10:00:00.000Z', event: 'INFO ready', time: '2026-03-01 10:00:00' },
      { ts: '2026-03-01T10:00:01.000Z', event: 'GET /health 200', time: '2026-03-01 10:00:01' },
      { ts: '2026-03-01T10:00:02.000Z', event: 'app started', time: '2026-03-01 10:00:02' },
      { ts: '2026-03-01T10:00:03.000Z', event: 'LOG: a capital word with a colon is the message', time: '2026-03-01 10:00:03' },
      { ts: '2026-03-01T10:00:04.000Z', event: 'DB pool exhausted', time: '2026-03-01 10:00:04' },
      { ts: '2026-03-01T10:00:05.000Z', event: 'API rate limit reached', time: '2026-03-01 10:00:05' },
    ]);
    const syslog = await read(['Mar  1 10:00:00 WEB app[12]: hello'], "attrs->>'host' AS host, attrs->>'time' AS time, event");
    expect(syslog.rows).toEqual([{ host: 'WEB', time: 'Mar  1 10:00:00', event: 'hello' }]);
  });

  it('keeps the time of a message that opens with an acronym, alone in its file', async () => {
    const r = await read(['2026-03-01 10:00:00 DB pool exhausted'], "ts, event, attrs->>'time' AS time");
    expect(r.rows).toEqual([{ ts: '2026-03-01T10:00:00.000Z', event: 'DB pool exhausted', time: '2026-03-01 10:00:00' }]);
  });
});

describe('AWS Lambda', () => {
  it("the Node.js runtime's text lines and the platform's START, END and REPORT: the level, the request id, REPORT's duration", async () => {
    const id = '6d68ca91-49c9-448d-89b8-7ca3e6dc66aa';
    const r = await read([
      `START RequestId: ${id} Version: $LATEST`,
      `2026-03-01T12:00:00.010Z\t${id}\tINFO\tprocessing order 42`,
      `2026-03-01T12:00:00.050Z\t${id}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"boom","stack":["TypeError: boom","    at Runtime.handler (file:///var/task/index.mjs:2:9)"]}`,
      `END RequestId: ${id}`,
      `REPORT RequestId: ${id}\tDuration: 95.53 ms\tBilled Duration: 96 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.20 ms\t`,
    ], "line, ts, level, event, ok, error, duration_ms, attrs->>'request_id' AS request_id");
    expect(r).toMatchObject({ format: 'text', records: 5, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: null, level: null, event: 'START', ok: true, error: null, duration_ms: null, request_id: id },
      { line: 2, ts: '2026-03-01T12:00:00.010Z', level: 'info', event: 'processing order 42', ok: true, error: null, duration_ms: null, request_id: id },
      { line: 3, ts: '2026-03-01T12:00:00.050Z', level: 'error', event: 'Invoke Error', ok: false, error: 'boom', duration_ms: null, request_id: id },
      { line: 4, ts: null, level: null, event: 'END', ok: true, error: null, duration_ms: null, request_id: id },
      { line: 5, ts: null, level: null, event: 'REPORT', ok: true, error: null, duration_ms: 95.53, request_id: id },
    ]);
  });

  it("the Python runtime's `[LEVEL]\\tTIME\\tID\\tmessage`", async () => {
    const r = await read(['[ERROR]\t2026-03-01T12:00:00.050Z\t6d68ca91-49c9-448d-89b8-7ca3e6dc66aa\tpayment failed'], 'ts, level, event, ok');
    expect(r.rows).toEqual([{ ts: '2026-03-01T12:00:00.050Z', level: 'error', event: 'payment failed', ok: false }]);
  });
});

describe('Go consoles', () => {
  it("logrus's terminal format: INFO, WARN and ERRO as levels, the pairs after the padding as fields", async () => {
    const r = await read([
      'INFO[0000] A group of walrus emerges from the ocean      animal=walrus size=10',
      "WARN[0000] The group's number increased tremendously!   number=122 omg=true",
      'ERRO[0001] failed to read config                         error="open /etc/x: no such file or directory"',
      'INFO[2026-03-01T12:00:00Z] with FullTimestamp',
    ], "level, event, ok, error, ts, attrs->>'animal' AS animal");
    expect(r).toMatchObject({ format: 'text', records: 4, rejects: 0 });
    expect(r.rows).toEqual([
      { level: 'info', event: 'A group of walrus emerges from the ocean', ok: true, error: null, ts: null, animal: 'walrus' },
      { level: 'warn', event: "The group's number increased tremendously!", ok: true, error: null, ts: null, animal: null },
      { level: 'error', event: 'failed to read config', ok: false, error: 'open /etc/x: no such file or directory', ts: null, animal: null },
      { level: 'info', event: 'with FullTimestamp', ok: true, error: null, ts: '2026-03-01T12:00:00.000Z', animal: null },
    ]);
  });

  it("zerolog's ConsoleWriter: INF, ERR, WRN and DBG as levels, not words of the event", async () => {
    const r = await read([
      '2026-03-01T12:00:00+01:00 INF request method=GET status=200 url=/api/users/42 elapsed=12.345',
      '2026-03-01T12:00:01+01:00 ERR db query failed error="connection refused"',
      '2026-03-01T12:00:02+01:00 WRN slow dur=1500',
      '2026-03-01T12:00:03+01:00 DBG dbg',
    ], 'ts, level, event, ok, status, error');
    expect(r).toMatchObject({ format: 'text', records: 4, rejects: 0 });
    expect(r.rows).toEqual([
      { ts: '2026-03-01T11:00:00.000Z', level: 'info', event: 'request', ok: true, status: '200', error: null },
      { ts: '2026-03-01T11:00:01.000Z', level: 'error', event: 'db query failed', ok: false, status: null, error: 'connection refused' },
      { ts: '2026-03-01T11:00:02.000Z', level: 'warn', event: 'slow', ok: true, status: null, error: null },
      { ts: '2026-03-01T11:00:03.000Z', level: 'debug', event: 'dbg', ok: true, status: null, error: null },
    ]);
  });

  it("zerolog's ConsoleWriter with its default time (Go's Kitchen, `3:50PM`): records without a time, the clock kept", async () => {
    const r = await read(['3:50PM INF Hello world foo=bar', '3:51PM ERR failed foo=baz', '15:04:05 WRN slow'], "ts, level, event, ok, attrs->>'foo' AS foo, attrs->>'clock' AS clock");
    expect(r).toMatchObject({ format: 'text', records: 3, rejects: 0 });
    expect(r.rows).toEqual([
      { ts: null, level: 'info', event: 'Hello world', ok: true, foo: 'bar', clock: '3:50PM' },
      { ts: null, level: 'error', event: 'failed', ok: false, foo: 'baz', clock: '3:51PM' },
      { ts: null, level: 'warn', event: 'slow', ok: true, foo: null, clock: '15:04:05' },
    ]);
  });
});

describe('pino-pretty', () => {
  it('its default layout: a record per header, the indented fields continuing it, the time of day kept apart (it has no date)', async () => {
    const r = await read([
      '[12:00:00.123] INFO (1234): server listening',
      '    port: 3000',
      '[12:00:02.000] ERROR (1234 on box): request errored',
      '    err: {',
      '      "type": "Error",',
      '      "message": "boom"',
      '    }',
      '[12:00:03.000] WARN (1234): slow',
    ], "line, ts, level, event, ok, host, attrs->>'clock' AS clock, attrs->>'process' AS process");
    expect(r).toMatchObject({ format: 'text', lines: 8, records: 3, continuation: 5, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: null, level: 'info', event: 'server listening', ok: true, host: null, clock: '12:00:00.123', process: '1234' },
      { line: 3, ts: null, level: 'error', event: 'request errored', ok: false, host: 'box', clock: '12:00:02.000', process: '1234' },
      { line: 8, ts: null, level: 'warn', event: 'slow', ok: true, host: null, clock: '12:00:03.000', process: '1234' },
    ]);
  });
});
