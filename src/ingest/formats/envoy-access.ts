// The access log Envoy writes when none is configured, and the one Istio configures for its
// sidecars and gateways (`meshConfig.accessLogFile: /dev/stdout`), as `kubectl logs -c istio-proxy`
// shows it. Envoy's default format (envoyproxy/envoy, docs/root/configuration/observability/
// access_log/usage.rst, "Default Format String"):
//
//   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%"
//   %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
//   %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
//   "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n
//
// Istio's (istio/istio, pilot/pkg/model/telemetry_logging.go, EnvoyTextLogFormat, Istio 1.9 on)
// adds %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%"
// after the flags, and %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS%
// %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME% at the end (Istio's own
// accessLogFormat examples leave those six out: they are optional here). The time is UTC in
// milliseconds (`2026-03-02T10:00:00.123Z`); a value the request does not have is `-` (quoted, `"-"`,
// where the format quotes it); %DURATION% and the upstream service time are milliseconds; a TCP
// connection's request is `"- - -"` and its response code 0.
//
// A line reads as Envoy's JSON format would give it (Istio's EnvoyJSONLogFormatIstio names), except
// the path, which is the record's `url` as an nginx line's (`path` is a file's), and the duration,
// `duration_ms`. The event is the request line (`GET /api/orders HTTP/1.1`), as a common-log-format
// line's is (common-log.ts); what followed it is in fields.
import type { JsonObject } from './format.js';
import type { Layout, LayoutReading } from './text-layouts.js';

const QUOTED = (name: string) => String.raw`"(?<${name}>[^"]*)"`;
const COUNT = (name: string) => String.raw`(?<${name}>\d+|-)`;
const START = String.raw`^\[(?<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2}))\] (?=(?<message>.*))"(?<method>[A-Z]+|-) (?<url>\S+) (?<protocol>[^\s"]+)" (?<response_code>\d{1,3}) (?<response_flags>\S+) `;
const ISTIO_DETAILS = String.raw`(?<response_code_details>\S+) (?<connection_termination_details>\S+) ${QUOTED('upstream_transport_failure_reason')} `;
const COMMON = [
  `${COUNT('bytes_received')} ${COUNT('bytes_sent')} ${COUNT('duration_ms')} ${COUNT('upstream_service_time')}`,
  ...['x_forwarded_for', 'user_agent', 'request_id', 'authority', 'upstream_host'].map(QUOTED),
].join(' ');
const ISTIO_TAIL = String.raw`(?: (?<upstream_cluster>\S+) (?<upstream_local_address>\S+) (?<downstream_local_address>\S+) (?<downstream_remote_address>\S+) (?<requested_server_name>\S+) (?<route_name>\S+))?`;

const ENVOY = new RegExp(`${START}${COMMON}$`);
const ISTIO = new RegExp(`${START}${ISTIO_DETAILS}${COMMON}${ISTIO_TAIL}$`);

const NUMBERS = new Set(['response_code', 'bytes_received', 'bytes_sent', 'duration_ms', 'upstream_service_time']);

function recordOf(groups: Readonly<Record<string, string | undefined>>): JsonObject {
  const record: JsonObject = {};
  for (const [key, value] of Object.entries(groups)) {
    // The text after the time, as a common-log-format line's message is the text after its header.
    if (key === 'message' || value === undefined || value === '-' || value === '') continue;
    record[key] = NUMBERS.has(key) ? Number(value) : value;
  }
  record.message = groups.message as string;
  if (groups.method !== '-') record.event = `${groups.method} ${groups.url} ${groups.protocol}`;
  return record;
}

const reading: LayoutReading = {
  header: recordOf,
  // A line after an access line that is none (Envoy writes no such line): kept in its message.
  continuation(record, lines) {
    if (lines.length > 0) record.message = [String(record.message ?? ''), ...lines].join('\n');
  },
};

export const ENVOY_LAYOUTS: readonly Layout[] = [
  {
    template: '[START_TIME] "METHOD PATH PROTOCOL" RESPONSE_CODE RESPONSE_FLAGS BYTES_RECEIVED BYTES_SENT DURATION UPSTREAM_SERVICE_TIME "X-FORWARDED-FOR" "USER-AGENT" "X-REQUEST-ID" "AUTHORITY" "UPSTREAM_HOST"   (Envoy)',
    regex: ENVOY,
    reading,
    claims: (line) => ENVOY.test(line),
  },
  {
    template: '[START_TIME] "METHOD PATH PROTOCOL" RESPONSE_CODE RESPONSE_FLAGS DETAILS TERMINATION "TRANSPORT_FAILURE" BYTES_RECEIVED BYTES_SENT DURATION UPSTREAM_SERVICE_TIME "X-FORWARDED-FOR" "USER-AGENT" "X-REQUEST-ID" "AUTHORITY" "UPSTREAM_HOST" [CLUSTER ADDRESSES SNI ROUTE]   (Istio)',
    regex: ISTIO,
    reading,
    claims: (line) => ISTIO.test(line),
  },
];
