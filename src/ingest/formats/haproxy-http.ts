// HAProxy's HTTP log (`option httplog`; real output of HAProxy 2.6 in
// test/fixtures/loggers/haproxy-http.log), in its documented default format
// (doc/configuration.txt, "HTTP log format"):
//
//   %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r
//   127.0.0.1:36566 [25/Nov/2026:03:48:18.752] api llm/app1 0/0/0/302/302 200 116 - - ---- 1/1/0/0/0 0/0 "GET /slow/chat HTTP/1.1"
//
// the client, the time the request was accepted (local, no zone: UTC unless --tz), the frontend,
// backend and server, the timers in milliseconds (TR to receive the request, Tw in queues, Tc to
// connect, Tr for the server's response, Ta the whole request; -1 for a step never reached, a `+`
// before Ta and the bytes under `option logasap`), the status, the bytes sent to the client, the
// captured cookies, the termination state (`SC--`: the server refused the connection), the
// connection counts and retries, the queues, the captured headers in braces when configured, and
// the request line. Written to stdout (`log stdout format raw`) a line is just that; through syslog
// it follows the syslog header (`... haproxy[123]: `), and the syslog layout hands the message here.
//
// Each line is a request: method, URL, status, `duration_ms` from Ta, the body size as nginx names
// it (`body_bytes_sent`), the other timers, names and states under HAProxy's own names.
import type { JsonObject } from './format.js';
import type { Layout, LayoutReading } from './text-layouts.js';

const HTTP_LOG = new RegExp(
  String.raw`^(?<client>[\da-fA-F:.]+):(?<port>\d+) \[(?<day>\d{2})/(?<month>[A-Z][a-z]{2})/(?<year>\d{4}):(?<clock>\d{2}:\d{2}:\d{2}\.\d{3})\] ` +
    String.raw`(?<frontend>\S+) (?<backend>[^/\s]+)/(?<server>\S+) (?<tr>-?\d+)/(?<tw>-?\d+)/(?<tc>-?\d+)/(?<trs>-?\d+)/\+?(?<ta>-?\d+) ` +
    String.raw`(?<status>-?\d+) \+?(?<bytes>\d+) (?<cookieReq>\S+) (?<cookieRes>\S+) (?<termination>\S{4}) ` +
    String.raw`(?<ac>\d+)/(?<fc>\d+)/(?<bc>\d+)/(?<sc>\d+)/\+?(?<rc>\d+) (?<sq>\d+)/(?<bq>\d+)` +
    String.raw`(?: \{(?<requestHeaders>[^}]*)\})?(?: \{(?<responseHeaders>[^}]*)\})? "(?<request>[^"]*)"$`,
);
const REQUEST_LINE = /^([A-Z]+) (\S+)(?: (HTTP\/[\d.]+))?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A timer HAProxy logs, or nothing for -1 (a step the request never reached). */
function timer(value: string | undefined): number | undefined {
  const ms = Number(value);
  return value === undefined || ms < 0 ? undefined : ms;
}

/** The record of an HTTP log line (the message of a syslog line, or a raw line), or undefined when the text is not one. */
export function haproxyHttpRecord(text: string): JsonObject | undefined {
  const g = HTTP_LOG.exec(text)?.groups;
  if (!g) return undefined;
  const month = MONTHS.indexOf(g.month as string) + 1;
  const record: JsonObject = {
    time: `${g.year}-${String(month).padStart(2, '0')}-${g.day} ${g.clock}`,
    event: g.request as string,
    client_ip: g.client as string,
    client_port: Number(g.port),
    frontend_name: g.frontend as string,
    backend_name: g.backend as string,
    server_name: g.server as string,
    termination_state: g.termination as string,
    retries: Number(g.rc),
    body_bytes_sent: Number(g.bytes),
  };
  const request = REQUEST_LINE.exec(g.request as string);
  if (request) Object.assign(record, { method: request[1], url: request[2], ...(request[3] ? { protocol: request[3] } : {}) });
  // -1: HAProxy answered itself before any status (a client abort): no status.
  if (Number(g.status) >= 0) record.status_code = Number(g.status);
  for (const [key, value] of [['duration_ms', g.ta], ['request_ms', g.tr], ['queue_ms', g.tw], ['connect_ms', g.tc], ['server_response_ms', g.trs]] as const) {
    const ms = timer(value);
    if (ms !== undefined) record[key] = ms;
  }
  if (g.requestHeaders !== undefined) record.captured_request_headers = g.requestHeaders;
  if (g.responseHeaders !== undefined) record.captured_response_headers = g.responseHeaders;
  return record;
}

const reading: LayoutReading = {
  header: (groups) => haproxyHttpRecord(groups.line ?? '') ?? { event: groups.line ?? '' },
  continuation(record, lines) {
    if (lines.length > 0) record.message = lines.join('\n');
  },
};

const RAW = /^(?<line>[\da-fA-F:.]+:\d+ \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2}\.\d{3}\] .*)$/;
const rawLine = (line: string) => RAW.test(line) && HTTP_LOG.test(line);

export const HAPROXY_LAYOUTS: readonly Layout[] = [
  { template: 'CLIENT:PORT [ACCEPT_DATE] FRONTEND BACKEND/SERVER TR/Tw/Tc/Tr/Ta STATUS BYTES ... "REQUEST"   (HAProxy httplog)', regex: RAW, reading, claims: rawLine },
];
