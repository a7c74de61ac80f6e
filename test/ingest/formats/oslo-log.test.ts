// OpenStack's oslo.log and the eventlet WSGI access lines of its APIs: real output of Debian 12's
// python3-oslo.log 5.0.1, python3-oslo.service 3.0.0 and python3-eventlet 0.33.1
// (test/fixtures/loggers/oslo-service.log, oslo-wsgi.log and eventlet-wsgi.log, from
// test/fixtures/gen/oslo_log.sh), and lines as older releases wrote them (no global request id, a
// user identity of five). Every value below is read by hand off those lines.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountedLogReader, checkResults } from './helpers.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));

const read = accountedLogReader(LOGGERS, 'logmeter-oslo-');

const OSLO_LAYOUT = '%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [CONTEXT] %(instance)s%(message)s   (OpenStack oslo.log)';
const CONTEXT_COLUMNS =
  "line, ts, level, service, event, error, attrs->>'pid' AS pid, attrs->>'global_request_id' AS global_id, attrs->>'request_id' AS request_id, attrs->>'user_id' AS user_id, attrs->>'project_id' AS project_id, attrs->>'user_domain_id' AS user_domain, attrs->>'instance' AS instance";

const PERIODIC = 'req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab';
const GLOBAL = 'req-c53a921a-16c7-422e-8c9d-c922a720d047';
const LOCAL = 'req-8e64797b-fb99-4c8a-87e5-9a8de673412f';
const USER = '113d3a99c3da401fbd62cc2caa5b96d2';
const PROJECT = '54fadb412c4e40cdbaed9335e4c35a9e';
const INSTANCE = 'b9000564-fe1a-409b-b8cc-1e88b294cd1d';
const NONE = { global_id: null, request_id: null, user_id: null, project_id: null, user_domain: null, instance: null };
const USER_CONTEXT = { global_id: GLOBAL, request_id: LOCAL, user_id: USER, project_id: PROJECT, user_domain: 'default' };

describe("oslo.log's default layouts", () => {
  it('a service: pid, logger, the request context split into its ids, the instance, a multi-line message, an exception whose prefixed lines are its exc_info', async () => {
    const r = await read('oslo-service.log', `${CONTEXT_COLUMNS}, message, attrs->>'caller' AS caller, attrs->>'func_name' AS func, attrs->>'exc_info' AS exc_info`);
    // 13 lines: 7 records; the message's second line and the traceback's 5 prefixed lines continue theirs.
    expect(r).toMatchObject({ format: 'python-text', layout: OSLO_LAYOUT, lines: 13, records: 7, continuation: 6, rejects: 0 });
    const base = { level: 'info', service: 'nova.compute.manager', pid: '4242', error: null, message: null, caller: null, func: null, exc_info: null };
    expect(r.rows).toEqual([
      // logging_default_format_string: `[-]`, no context.
      { ...base, ...NONE, line: 1, ts: '2026-03-02T10:00:00.000Z', event: 'Starting compute node (version 27.1.0)' },
      // A periodic task's context: `None` for the global id, `-` for each missing id.
      { ...base, ...NONE, line: 2, ts: '2026-03-02T10:00:00.250Z', event: 'VM Started (Lifecycle Event)', request_id: PERIODIC, instance: INSTANCE },
      { ...base, ...USER_CONTEXT, line: 3, ts: '2026-03-02T10:00:00.375Z', event: 'Took 19.05 seconds to spawn the instance on the hypervisor.', instance: INSTANCE },
      // DEBUG: oslo appends `funcName pathname:lineno`, read as where it was logged.
      {
        ...base, ...NONE, line: 4, ts: '2026-03-02T10:00:00.375Z', level: 'debug', request_id: PERIODIC,
        event: 'Lock "compute_resources" acquired by "update_available_resource" :: waited 0.000s',
        caller: '/tmp/logmeter-oslo/nova/services.py:81', func: 'service_log',
      },
      { ...base, ...USER_CONTEXT, line: 5, ts: '2026-03-02T10:00:00.875Z', level: 'warn', event: 'Volume vol-0042 is still attaching\nafter 30 seconds', instance: null },
      {
        ...base, ...USER_CONTEXT, line: 7, ts: '2026-03-02T10:00:00.885Z', level: 'error', instance: INSTANCE,
        event: 'Failed to connect to libvirt: ConnectionRefusedError: [Errno 111] ECONNREFUSED',
        error: 'ConnectionRefusedError: [Errno 111] ECONNREFUSED',
        exc_info: [
          'Traceback (most recent call last):',
          '  File "/tmp/logmeter-oslo/nova/services.py", line 86, in service_log',
          "    raise ConnectionRefusedError(111, 'ECONNREFUSED')",
          'ConnectionRefusedError: [Errno 111] ECONNREFUSED',
        ].join('\n'),
      },
      { ...base, ...NONE, line: 13, ts: '2026-03-02T10:00:01.885Z', service: 'nova.virt.libvirt.driver', event: 'Instance destroyed successfully.', request_id: PERIODIC, instance: INSTANCE },
    ]);
  });

  it('releases before Queens: no global request id, a user identity of five; a record of its own in the same millisecond as an exception is not part of it', async () => {
    const r = await read(
      [
        `2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae ${USER} ${PROJECT} - - -] 10.11.10.1 "GET /v2/${PROJECT}/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829`,
        `2017-05-16 00:00:04.500 2931 ERROR nova.compute.manager [req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab - - - - -] [instance: ${INSTANCE}] boom: KeyError: 'x'`,
        `2017-05-16 00:00:04.500 2931 ERROR nova.compute.manager [instance: ${INSTANCE}] Traceback (most recent call last):`,
        `2017-05-16 00:00:04.500 2931 ERROR nova.compute.manager [instance: ${INSTANCE}] KeyError: 'x'`,
        `2017-05-16 00:00:04.500 2931 ERROR nova.compute.manager [req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab - - - - -] [instance: ${INSTANCE}] second`,
      ],
      `${CONTEXT_COLUMNS}, method, route, status, duration_ms, attrs->>'client_ip' AS client`,
    );
    expect(r).toMatchObject({ layout: OSLO_LAYOUT, records: 3, continuation: 2, rejects: 0 });
    const periodic = { ...NONE, request_id: PERIODIC, instance: INSTANCE, level: 'error', service: 'nova.compute.manager', pid: '2931', method: null, route: null, status: null, duration_ms: null, client: null };
    expect(r.rows).toEqual([
      {
        ...NONE, line: 1, ts: '2017-05-16T00:00:00.008Z', level: 'info', service: 'nova.osapi_compute.wsgi.server', pid: '25746', error: null,
        request_id: 'req-38101a0b-2096-447d-96ea-a692162415ae', user_id: USER, project_id: PROJECT,
        event: `GET /v2/${PROJECT}/servers/detail HTTP/1.1`, method: 'GET', route: '/v2/{id}/servers/detail', status: '200', duration_ms: 247.7829, client: '10.11.10.1',
      },
      { ...periodic, line: 2, ts: '2017-05-16T00:00:04.500Z', event: "boom: KeyError: 'x'", error: "KeyError: 'x'" },
      { ...periodic, line: 5, ts: '2017-05-16T00:00:04.500Z', event: 'second', error: null },
    ]);
  });
});

describe("eventlet.wsgi's access lines", () => {
  const ACCESS = "line, ts, event, kind, method, route, status, duration_ms, bytes, ok, error, attrs->>'client_ip' AS client";
  // The eight requests of services.py, in order: route, status, length, seconds as eventlet measured them.
  const REQUESTS = [
    ['GET', '/v2.1/servers/detail', '/v2.1/servers/detail', '200', 142, 250],
    ['GET', `/v2.1/servers/${INSTANCE}`, '/v2.1/servers/{id}', '200', 148, 50.0002],
    ['GET', '/v2.1/servers/detail', '/v2.1/servers/detail', '200', 142, 250],
    ['DELETE', '/v2.1/flavors', '/v2.1/flavors', '200', 160, 20],
    ['GET', '/v2.1/missing', '/v2.1/missing', '404', 165, 0.9999],
    ['GET', '/v2.1/flavors', '/v2.1/flavors', '200', 160, 20],
    ['POST', '/v2.1/boom', '/v2.1/boom', '500', 139, 3],
    ['GET', '/v2.1/os-hypervisors/statistics', '/v2.1/os-hypervisors/statistics', '200', 166, 1200],
  ] as const;

  it("oslo's wsgi_log_format: the request in an oslo.log record, with its context; eventlet's traceback of the 500 a record of its own", async () => {
    const r = await read('oslo-wsgi.log', `${ACCESS}, attrs->>'request_id' AS request_id`);
    // 20 lines: 13 records, the traceback's 6 unprefixed lines continuing the record it opens, and
    // its blank last line an `empty` reject.
    expect(r).toMatchObject({ format: 'python-text', layout: OSLO_LAYOUT, lines: 20, records: 13, continuation: 6, rejects: 1 });
    const requestLines = [3, 4, 5, 6, 7, 8, 17, 18];
    const requests = r.rows.filter((row) => row.kind === 'request');
    expect(requests).toEqual(
      REQUESTS.map(([method, url, route, status, bytes, ms], i) => ({
        line: requestLines[i],
        ts: expect.stringMatching(/^2026-03-02T10:00:/),
        event: `${method} ${url} HTTP/1.1`,
        kind: 'request',
        method,
        route,
        status,
        duration_ms: ms,
        bytes,
        ok: status !== '500',
        error: null,
        // eventlet writes the X-Forwarded-For chain before the address.
        client: i === 5 ? '10.11.21.122,127.0.0.1' : '127.0.0.1',
        request_id: expect.stringMatching(/^req-\d{8}-0000-4000-8000-\d{12}$/),
      })),
    );
    expect(requests.map((q) => q.ts)).toEqual([
      '2026-03-02T10:00:03.135Z', '2026-03-02T10:00:04.186Z', '2026-03-02T10:00:05.436Z', '2026-03-02T10:00:06.456Z',
      '2026-03-02T10:00:07.457Z', '2026-03-02T10:00:08.476Z', '2026-03-02T10:00:09.480Z', '2026-03-02T10:00:11.680Z',
    ]);
    // eventlet logs the app's traceback as an INFO message: its event and error are the error it names.
    expect(r.rows.find((row) => row.line === 9)).toMatchObject({ kind: 'other', event: 'RuntimeError: database is locked', error: 'RuntimeError: database is locked', request_id: 'req-00000012-0000-4000-8000-000000000012' });
    expect(r.rows.filter((row) => row.kind !== 'request').map((row) => row.line)).toEqual([1, 2, 9, 19, 20]);
  });

  it("eventlet's own default format: the date in its own form, the server's `(pid)` lines without a time", async () => {
    const r = await read('eventlet-wsgi.log', `${ACCESS}, attrs->>'pid' AS pid`);
    // 26 lines: 18 records (8 requests, 10 server lines), the traceback's 7 lines continuing the
    // `accepted` line before the 500, its blank last line an `empty` reject.
    expect(r).toMatchObject({ format: 'text', layout: 'CLIENT - - [DATE] "REQUEST" STATUS LENGTH SECONDS   (eventlet.wsgi)', lines: 26, records: 18, continuation: 7, rejects: 1 });
    const requests = r.rows.filter((row) => row.kind === 'request');
    // eventlet writes the length of the body it sent: its own 500 page (528) differs from oslo's.
    expect(requests).toEqual(
      REQUESTS.map(([method, url, route, status, bytes, ms], i) => ({
        line: [3, 5, 7, 9, 11, 13, 23, 25][i],
        ts: ['10:00:12', '10:00:13', '10:00:15', '10:00:16', '10:00:17', '10:00:18', '10:00:19', '10:00:21'].map((t) => `2026-03-02T${t}.000Z`)[i],
        event: `${method} ${url} HTTP/1.1`,
        kind: 'request',
        method,
        route,
        status,
        // %(wall_seconds).6f: six decimals.
        duration_ms: [250, 50, 250, 20, 1, 20, 3, 1200][i],
        bytes: status === '500' ? 528 : bytes,
        ok: status !== '500',
        error: null,
        client: i === 5 ? '10.11.21.122,127.0.0.1' : '127.0.0.1',
        pid: null,
      })),
    );
    const server = r.rows.filter((row) => row.kind !== 'request');
    expect(server.map((row) => [row.line, row.ts, row.pid, row.event])).toEqual([
      [1, null, '4242', 'wsgi starting up on http://127.0.0.1:8775'],
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => [[2, 4, 6, 8, 10, 12, 14, 24][i], null, '4242', `accepted ('127.0.0.1', ${42000 + i})`]),
      [26, null, '4242', 'wsgi exited,'],
    ]);
    expect(server.find((row) => row.line === 14)?.error).toBe('RuntimeError: database is locked');
  });

  it('check over the oslo access log, by hand: 8 requests; p95 of 0.9999, 3, 20, 20, 50.0002, 250, 250, 1200 ms is 250 + 0.65 × 950; one 500 of 8', async () => {
    const r = await checkResults([
      '--assert', "p95(duration_ms) < 500 where kind = 'request'",
      '--assert', "count >= 8 where kind = 'request'",
      '--assert', "error_rate < 0.1 where kind = 'request'",
      join(LOGGERS, 'oslo-wsgi.log'),
    ]);
    expect(r.code).toBe(1);
    expect(r.results.map((result) => [result.observed, result.samples])).toEqual([
      [expect.closeTo(250 + 0.65 * 950, 9), 8],
      [8, 8],
      [0.125, 8],
    ]);
  });
});
