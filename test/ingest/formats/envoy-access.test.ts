// Envoy's default access log and Istio's, as `kubectl logs` shows an Envoy pod's or an Istio
// sidecar's (istio-proxy) output. Envoy is not installable here, so the lines are written as its
// formatter writes them: the default format of envoyproxy/envoy's
// docs/root/configuration/observability/access_log/usage.rst ("Default Format String") and Istio's
// EnvoyTextLogFormat (istio/istio, pilot/pkg/model/telemetry_logging.go), `-` for a value the
// request does not have, START_TIME in UTC milliseconds. Every value below is counted by hand.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../../helpers/cli.js';
import { readLog, type LogRead } from './helpers.js';

const ENVOY_LAYOUT =
  '[START_TIME] "METHOD PATH PROTOCOL" RESPONSE_CODE RESPONSE_FLAGS BYTES_RECEIVED BYTES_SENT DURATION UPSTREAM_SERVICE_TIME "X-FORWARDED-FOR" "USER-AGENT" "X-REQUEST-ID" "AUTHORITY" "UPSTREAM_HOST"   (Envoy)';
const ISTIO_LAYOUT =
  '[START_TIME] "METHOD PATH PROTOCOL" RESPONSE_CODE RESPONSE_FLAGS DETAILS TERMINATION "TRANSPORT_FAILURE" BYTES_RECEIVED BYTES_SENT DURATION UPSTREAM_SERVICE_TIME "X-FORWARDED-FOR" "USER-AGENT" "X-REQUEST-ID" "AUTHORITY" "UPSTREAM_HOST" [CLUSTER ADDRESSES SNI ROUTE]   (Istio)';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-envoy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(lines: readonly string[], columns: string): Promise<LogRead> {
  const r = await readLog(lines, columns, { fixtures: dir, dir });
  // Every line is a record's first line, a line continuing one, or a reject.
  expect(r.records + r.continuation + r.rejects).toBe(r.lines);
  return r;
}

const COLUMNS = 'line, ts, event, method, route, status, duration_ms, ok, kind, bytes, error';
const ATTRS =
  "line, attrs->>'response_flags' AS flags, attrs->>'request_id' AS request_id, attrs->>'authority' AS authority, attrs->>'upstream_host' AS upstream_host, attrs->>'user_agent' AS user_agent, attrs->>'x_forwarded_for' AS xff, attrs->>'bytes_received' AS received, attrs->>'bytes_sent' AS sent, attrs->>'upstream_service_time' AS service_time, attrs->>'protocol' AS protocol";

const ENVOY_LINES = [
  '[2026-03-02T10:00:00.123Z] "GET /api/orders/42?expand=items HTTP/1.1" 200 - 0 1234 45 44 "10.0.0.9" "curl/8.5.0" "5c7a1b2e-0f3d-4c1a-9d2b-1b2c3d4e5f60" "api.local" "10.0.0.1:8080"',
  // HTTP/2, the upstream unreachable (UF) after a retry (URX): no upstream service time.
  '[2026-03-02T10:00:01.250Z] "POST /v1/chat/completions HTTP/2" 503 UF,URX 512 91 812 - "-" "python-httpx/0.27.0" "9f1d3c0a-6b7e-4f2a-8c9d-0e1f2a3b4c5d" "llm.local" "10.0.0.2:8000"',
  // No route (NR): answered by Envoy itself in 0 ms, no upstream host.
  '[2026-03-02T10:00:02.000Z] "GET /favicon.ico HTTP/1.1" 404 NR 0 0 0 - "-" "Mozilla/5.0 (X11; Linux x86_64)" "1b2c3d4e-5f60-4718-9a0b-c1d2e3f4a5b6" "api.local" "-"',
  // A downstream protocol error (DPE): no method, no path, no header, `-` wherever Envoy has nothing.
  '[2026-03-02T10:00:03.500Z] "- - HTTP/1.1" 400 DPE 0 11 0 - "-" "-" "-" "-" "-"',
];

describe("Envoy's default access log", () => {
  it('each line a request: method, route templated, status, duration_ms from %DURATION%, ok false for a 5xx; the event is the request line', async () => {
    const r = await read(ENVOY_LINES, COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: ENVOY_LAYOUT, lines: 4, records: 4, continuation: 0, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.123Z', event: 'GET /api/orders/42?expand=items HTTP/1.1', method: 'GET', route: '/api/orders/{id}', status: '200', duration_ms: 45, ok: true, kind: 'request', bytes: null, error: null },
      { line: 2, ts: '2026-03-02T10:00:01.250Z', event: 'POST /v1/chat/completions HTTP/2', method: 'POST', route: '/v1/chat/completions', status: '503', duration_ms: 812, ok: false, kind: 'request', bytes: null, error: null },
      { line: 3, ts: '2026-03-02T10:00:02.000Z', event: 'GET /favicon.ico HTTP/1.1', method: 'GET', route: '/favicon.ico', status: '404', duration_ms: 0, ok: true, kind: 'request', bytes: null, error: null },
      // No method: not a request the event can name; the line after the time is the event.
      { line: 4, ts: '2026-03-02T10:00:03.500Z', event: '"- - HTTP/1.1" 400 DPE 0 11 0 - "-" "-" "-" "-" "-"', method: null, route: null, status: '400', duration_ms: 0, ok: true, kind: 'other', bytes: null, error: null },
    ]);
  });

  it('the flags, request id, authority, upstream host, user agent and byte counts are in attrs; a `-` is no value', async () => {
    const r = await read(ENVOY_LINES, ATTRS);
    expect(r.rows).toEqual([
      { line: 1, flags: null, request_id: '5c7a1b2e-0f3d-4c1a-9d2b-1b2c3d4e5f60', authority: 'api.local', upstream_host: '10.0.0.1:8080', user_agent: 'curl/8.5.0', xff: '10.0.0.9', received: '0', sent: '1234', service_time: '44', protocol: 'HTTP/1.1' },
      { line: 2, flags: 'UF,URX', request_id: '9f1d3c0a-6b7e-4f2a-8c9d-0e1f2a3b4c5d', authority: 'llm.local', upstream_host: '10.0.0.2:8000', user_agent: 'python-httpx/0.27.0', xff: null, received: '512', sent: '91', service_time: null, protocol: 'HTTP/2' },
      { line: 3, flags: 'NR', request_id: '1b2c3d4e-5f60-4718-9a0b-c1d2e3f4a5b6', authority: 'api.local', upstream_host: null, user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', xff: null, received: '0', sent: '0', service_time: null, protocol: 'HTTP/1.1' },
      { line: 4, flags: 'DPE', request_id: null, authority: null, upstream_host: null, user_agent: null, xff: null, received: '0', sent: '11', service_time: null, protocol: 'HTTP/1.1' },
    ]);
  });

  it('lines of other text among them are read as before; the Envoy lines keep their reading', async () => {
    const r = await read(
      ['[2026-03-02T09:59:59.000Z] starting envoy', '[2026-03-02T09:59:59.500Z] listener ready', ENVOY_LINES[1] as string],
      'line, event, method, route, status, duration_ms',
    );
    expect(r).toMatchObject({ format: 'text', lines: 3, records: 3, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, event: 'starting envoy', method: null, route: null, status: null, duration_ms: null },
      { line: 2, event: 'listener ready', method: null, route: null, status: null, duration_ms: null },
      { line: 3, event: 'POST /v1/chat/completions HTTP/2', method: 'POST', route: '/v1/chat/completions', status: '503', duration_ms: 812 },
    ]);
  });

  it('`formats --explain` names the Envoy layout', async () => {
    const path = join(dir, 'envoy.log');
    writeFileSync(path, `${ENVOY_LINES.join('\n')}\n`);
    const r = await runInProcess(['formats', '--explain', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`layout     ${ENVOY_LAYOUT}`);
  });
});

const ISTIO_LINES = [
  '[2026-03-02T10:00:00.123Z] "GET /reviews/0 HTTP/1.1" 200 - via_upstream - "-" 0 437 142 141 "-" "Mozilla/5.0" "4e43168a-01e6-907c-ba17-2f72fad816a8" "reviews:9080" "10.244.1.15:9080" outbound|9080||reviews.default.svc.cluster.local 10.244.2.19:60236 10.96.81.152:9080 10.244.2.19:55058 - default',
  // A TLS failure to the upstream: the details and the transport failure reason say why.
  '[2026-03-02T10:00:01.123Z] "POST /v1/chat HTTP/2" 503 UF upstream_reset_before_response_started{connection_failure,TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED} - "TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED" 10 91 812 - "-" "python-httpx/0.27" "9f1d-req" "llm.local" "10.0.0.2:8000" outbound|8000||llm.default.svc.cluster.local - 10.96.0.20:8000 10.244.2.19:50112 - default',
  // A TCP connection (a database behind the mesh): no request, response code 0.
  '[2026-03-02T10:00:05.000Z] "- - -" 0 - - - "-" 1024 2048 5003 - "-" "-" "-" "-" "10.244.1.20:3306" outbound|3306||mysql.db.svc.cluster.local 10.244.2.19:41234 10.96.5.5:3306 10.244.2.19:41230 - -',
  // Without the six fields Istio puts last (as a custom accessLogFormat that ends at %UPSTREAM_HOST% writes it).
  '[2026-03-02T10:00:06.123Z] "GET /api/orders HTTP/1.1" 200 - via_upstream - "-" 0 123 45 44 "-" "curl/8.0" "5c7a1b-req" "api.local" "10.0.0.1:8080"',
];

describe("Istio's default access log", () => {
  it('reads the request as Envoy\'s, with the response code details, cluster, addresses and route name in attrs', async () => {
    const r = await read(ISTIO_LINES, COLUMNS);
    expect(r).toMatchObject({ format: 'text', layout: ISTIO_LAYOUT, lines: 4, records: 4, continuation: 0, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.123Z', event: 'GET /reviews/0 HTTP/1.1', method: 'GET', route: '/reviews/{id}', status: '200', duration_ms: 142, ok: true, kind: 'request', bytes: null, error: null },
      { line: 2, ts: '2026-03-02T10:00:01.123Z', event: 'POST /v1/chat HTTP/2', method: 'POST', route: '/v1/chat', status: '503', duration_ms: 812, ok: false, kind: 'request', bytes: null, error: null },
      // Response code 0 is no HTTP status.
      { line: 3, ts: '2026-03-02T10:00:05.000Z', event: '"- - -" 0 - - - "-" 1024 2048 5003 - "-" "-" "-" "-" "10.244.1.20:3306" outbound|3306||mysql.db.svc.cluster.local 10.244.2.19:41234 10.96.5.5:3306 10.244.2.19:41230 - -', method: null, route: null, status: null, duration_ms: 5003, ok: true, kind: 'other', bytes: null, error: null },
      { line: 4, ts: '2026-03-02T10:00:06.123Z', event: 'GET /api/orders HTTP/1.1', method: 'GET', route: '/api/orders', status: '200', duration_ms: 45, ok: true, kind: 'request', bytes: null, error: null },
    ]);
    const attrs = await read(
      ISTIO_LINES,
      `${ATTRS}, attrs->>'response_code_details' AS details, attrs->>'upstream_transport_failure_reason' AS failure, attrs->>'upstream_cluster' AS cluster, attrs->>'downstream_remote_address' AS remote, attrs->>'route_name' AS route_name`,
    );
    expect(attrs.rows).toEqual([
      {
        line: 1, flags: null, request_id: '4e43168a-01e6-907c-ba17-2f72fad816a8', authority: 'reviews:9080', upstream_host: '10.244.1.15:9080', user_agent: 'Mozilla/5.0', xff: null, received: '0', sent: '437', service_time: '141', protocol: 'HTTP/1.1',
        details: 'via_upstream', failure: null, cluster: 'outbound|9080||reviews.default.svc.cluster.local', remote: '10.244.2.19:55058', route_name: 'default',
      },
      {
        line: 2, flags: 'UF', request_id: '9f1d-req', authority: 'llm.local', upstream_host: '10.0.0.2:8000', user_agent: 'python-httpx/0.27', xff: null, received: '10', sent: '91', service_time: null, protocol: 'HTTP/2',
        details: 'upstream_reset_before_response_started{connection_failure,TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED}',
        failure: 'TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED', cluster: 'outbound|8000||llm.default.svc.cluster.local', remote: '10.244.2.19:50112', route_name: 'default',
      },
      {
        line: 3, flags: null, request_id: null, authority: null, upstream_host: '10.244.1.20:3306', user_agent: null, xff: null, received: '1024', sent: '2048', service_time: null, protocol: null,
        details: null, failure: null, cluster: 'outbound|3306||mysql.db.svc.cluster.local', remote: '10.244.2.19:41230', route_name: null,
      },
      {
        line: 4, flags: null, request_id: '5c7a1b-req', authority: 'api.local', upstream_host: '10.0.0.1:8080', user_agent: 'curl/8.0', xff: null, received: '0', sent: '123', service_time: '44', protocol: 'HTTP/1.1',
        details: 'via_upstream', failure: null, cluster: null, remote: null, route_name: null,
      },
    ]);
  });

  it('behind `kubectl logs --timestamps` (and --prefix): the prefix is kept apart, the line read as Istio\'s', async () => {
    const r = await read(
      ISTIO_LINES.slice(0, 2).map((line) => `[pod/reviews-v1-7d9f4/istio-proxy] 2026-03-02T10:00:09.000000000Z ${line}`),
      "line, ts, method, route, status, duration_ms, host, service, attrs->>'request_id' AS request_id",
    );
    expect(r).toMatchObject({ format: 'text', layout: ISTIO_LAYOUT, lines: 2, records: 2, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, ts: '2026-03-02T10:00:00.123Z', method: 'GET', route: '/reviews/{id}', status: '200', duration_ms: 142, host: 'reviews-v1-7d9f4', service: 'istio-proxy', request_id: '4e43168a-01e6-907c-ba17-2f72fad816a8' },
      { line: 2, ts: '2026-03-02T10:00:01.123Z', method: 'POST', route: '/v1/chat', status: '503', duration_ms: 812, host: 'reviews-v1-7d9f4', service: 'istio-proxy', request_id: '9f1d-req' },
    ]);
  });
});
