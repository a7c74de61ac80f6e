// What follows the time in the common and combined log formats (NCSA's; nginx's built-in
// `combined`, Apache's `common` and `combined`, gunicorn's access log), read into the fields nginx's
// JSON access logs name the same values by (its variables: `status`, `body_bytes_sent`,
// `http_referer`, ...), so a text access log and a JSON one give the same record:
//
//   "$request" $status $body_bytes_sent                                      (common)
//   "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"    (combined)
//   ... "$http_user_agent" "$http_x_forwarded_for"                           (the official Docker
//                                                                            image's `main`)
//   ... "$http_user_agent" rt=$request_time uct="$upstream_connect_time" uht="$upstream_header_time"
//       urt="$upstream_response_time"                                       (nginx's blog,
//                                                                            "upstream_time")
//
// (nginx's ngx_http_log_module.c defines `combined`; the Docker image's nginx.conf `main`.) A value
// the request does not have is `-`; nginx writes a `"` or a byte outside printable ASCII inside a
// quoted value as `\x22`, Apache as `\"`. The request line is the event (`GET /api/orders/42
// HTTP/1.1`, as an Envoy line's is), so the event no longer carries the status and the user agent;
// a request that is not HTTP (`"GARBAGE"`, a TLS handshake sent to a plain port) is still the event,
// with no method. Pairs after the fields (`rt=0.301`) were read by the message reader; the blog's
// short names are renamed to the variables they stand for, so `rt` is `request_time`, a duration
// in seconds.
//
// Traefik's access log, its default (`<request_count> "<router>" "<server URL>" <duration>ms` after
// the combined fields, doc.traefik.io "Access Logs", Common Log Format): the count of requests since
// it started, the router and the server it chose (`-` for none) and the time taken in milliseconds,
// the request's `duration_ms`.
import type { JsonObject } from './format.js';

const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const TAIL = new RegExp(String.raw`^${QUOTED} (\d{3}) (\d+|-)(?: ${QUOTED} ${QUOTED}(?: ${QUOTED}(?= |$))?)?(?= |$)`);
const REQUEST_LINE = /^([A-Z]+) (\S+) (HTTP\/\d(?:\.\d)?)$/;
const TRAEFIK_TAIL = new RegExp(String.raw`^ (\d+) ${QUOTED} ${QUOTED} (\d+)ms$`);

/** The variables nginx's blog abbreviates in its `upstream_time` format. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  rt: 'request_time',
  uct: 'upstream_connect_time',
  uht: 'upstream_header_time',
  urt: 'upstream_response_time',
};

/** `\x22` and `\"` as the character they stand for; an escaped byte outside printable ASCII stays escaped. */
function unescaped(value: string): string {
  return value.replace(/\\x([0-9A-Fa-f]{2})|\\(["\\])/g, (escape, hex: string | undefined, char: string | undefined) => {
    if (char !== undefined) return char;
    const code = parseInt(hex as string, 16);
    return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : escape;
  });
}

/**
 * The record of a common/combined line's message (what follows its time), or undefined when the
 * message is not one (a custom format that moved the fields): the caller then reads it as any
 * message. `readMessage` reads the text after the fields (its pairs) as a message is read.
 */
export function commonLogRecord(record: JsonObject, message: string, readMessage: (record: JsonObject, text: string) => JsonObject): JsonObject | undefined {
  const tail = TAIL.exec(message);
  if (!tail) return undefined;
  const [matched, request, status, bytes, referer, agent, forwardedFor] = tail;
  const rest = message.slice(matched.length);
  const traefik = TRAEFIK_TAIL.exec(rest);
  if (traefik) {
    const [, count, router, server, ms] = traefik;
    record.request_count = Number(count);
    if (router !== '-') record.router_name = router as string;
    if (server !== '-') record.service_url = server as string;
    record.duration_ms = Number(ms);
  } else {
    // The pairs after the fields, and nothing inside them (a user agent may hold `a=b`).
    readMessage(record, rest);
  }
  record.message = message;
  delete record.event;
  const requestLine = unescaped(request as string);
  if (requestLine !== '-' && requestLine !== '') record.event = requestLine;
  const parts = REQUEST_LINE.exec(requestLine);
  if (parts) {
    record.method = parts[1] as string;
    record.url = parts[2] as string;
    record.protocol = parts[3] as string;
  }
  record.status_code = Number(status);
  if (bytes !== '-') record.body_bytes_sent = Number(bytes);
  for (const [key, value] of [['http_referer', referer], ['http_user_agent', agent], ['http_x_forwarded_for', forwardedFor]] as const) {
    if (value !== undefined && value !== '-') record[key] = unescaped(value);
  }
  for (const [short, name] of Object.entries(SHORT_NAMES)) {
    if (!(short in record)) continue;
    const value = record[short];
    delete record[short];
    if (value === '-' || value === '' || value === null) continue;
    record[name] = typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return record;
}
