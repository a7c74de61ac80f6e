// The access lines of eventlet.wsgi, the server under OpenStack's APIs (real output of
// python3-eventlet 0.33.1 and python3-oslo.service 3.0.0 in test/fixtures/loggers/oslo-wsgi.log and
// eventlet-wsgi.log), in its two formats:
//
//   oslo's wsgi_log_format   %(client_ip)s "%(request_line)s" status: %(status_code)s  len: %(body_length)s time: %(wall_seconds).7f
//                            (oslo.service writes two spaces before `len:`, nova's own server one)
//   eventlet's own default   %(client_ip)s - - [%(date_time)s] "%(request_line)s" %(status_code)s %(body_length)s %(wall_seconds).6f
//
// The first is the message of an oslo.log record (oslo-log.ts); the second is a line of its own
// when eventlet writes to a file (its date `02/Mar/2026 10:00:12`, local time, no colon after the
// year as in the common log format), or the message of a record when it logs through a logger.
// client_ip is the address, after the X-Forwarded-For chain when the request had one
// (`10.11.21.122,127.0.0.1`, log_x_forwarded_for); kept as written. The time is seconds: the
// record's duration_ms is it × 1000, shifted in its decimal text so that no float rounding creeps in.
// The request line is the event, as an access line's is (common-log.ts); method, url and status
// give the projection its request columns and `route`.
import type { JsonObject } from './format.js';
import { asctimeOf, type Layout, type LayoutReading } from './text-layouts.js';
import { messageRecord } from './text-reader.js';

const CLIENT = String.raw`(?<client>[\w.:\-]+(?:, ?[\w.:\-]+)*)`;
const REQUEST = String.raw`"(?<request>(?:[^"\\]|\\.)*)"`;
const BODY = String.raw`(?<length>\d+|-)`;
const SECONDS = String.raw`(?<seconds>\d+\.\d+)`;
const OSLO = new RegExp(String.raw`^${CLIENT} ${REQUEST} status: (?<status>\d{3}) +len: ${BODY} +time: ${SECONDS}$`);
const EVENTLET_DATE = String.raw`\d{2}/[A-Z][a-z]{2}/\d{4} \d{2}:\d{2}:\d{2}`;
const EVENTLET = new RegExp(String.raw`^${CLIENT} - - \[(?<date>${EVENTLET_DATE})\] ${REQUEST} (?<status>\d{3}) ${BODY} ${SECONDS}$`);
const REQUEST_LINE = /^([A-Z]+) (\S+)(?: (HTTP\/\d(?:\.\d)?))?$/;

/** `0.2477829` seconds as milliseconds (247.7829), by moving the decimal point in the text. */
export function secondsTextToMs(text: string): number {
  const [whole = '0', fraction = ''] = text.split('.');
  const digits = fraction.padEnd(3, '0');
  return Number(`${whole}${digits.slice(0, 3)}.${digits.slice(3) || '0'}`);
}

function putRequest(record: JsonObject, groups: Readonly<Record<string, string | undefined>>): JsonObject {
  const request = groups.request as string;
  if (request !== '') record.event = request;
  const parts = REQUEST_LINE.exec(request);
  if (parts) {
    record.method = parts[1] as string;
    record.url = parts[2] as string;
    if (parts[3] !== undefined) record.protocol = parts[3];
  }
  record.status_code = Number(groups.status);
  if (groups.length !== '-') record.content_length = Number(groups.length);
  record.duration_ms = secondsTextToMs(groups.seconds as string);
  record.client_ip = groups.client as string;
  return record;
}

/** The record of a message that is an eventlet access line in either format, or undefined. */
export function wsgiAccessRecord(header: JsonObject, message: string): JsonObject | undefined {
  // Cheap first test: both formats hold `" ` after the request line, few other messages end in digits after it.
  if (!message.includes('" ')) return undefined;
  const m = OSLO.exec(message) ?? EVENTLET.exec(message);
  if (!m?.groups) return undefined;
  const record = putRequest({ ...header, message }, m.groups);
  if (m.groups.date !== undefined && record.time === undefined) record.time = asctimeOf(m.groups.date);
  return record;
}

/** eventlet.wsgi.server's own lines beside its access lines: `(4242) wsgi starting up on http://...`, `(4242) accepted (...)`. */
const SERVER_LINE = /^\((?<pid>\d+)\) (?<message>.*)$/;
const STANDALONE = new RegExp(`${EVENTLET.source}|${SERVER_LINE.source.replace('(?<pid>', '(?<serverPid>').replace('(?<message>', '(?<serverMessage>')}`);
const TRACEBACK = 'Traceback (most recent call last):';

const reading: LayoutReading = {
  header(groups) {
    if (groups.serverPid !== undefined) {
      // No time: eventlet writes none on these lines.
      return messageRecord({ pid: Number(groups.serverPid) }, groups.serverMessage as string);
    }
    const record = putRequest({ time: asctimeOf(groups.date as string) }, groups);
    record.message = record.event;
    return record;
  },
  // What eventlet writes between its lines: the traceback of an app that raised (before the 500's
  // access line), which stays with the line above it as its exc_info.
  continuation(record, lines) {
    if (lines.length === 0) return;
    const at = lines.findIndex((line) => line.startsWith(TRACEBACK));
    if (at >= 0) record.exc_info = lines.slice(at).join('\n').trimEnd();
    const before = lines.slice(0, at >= 0 ? at : lines.length);
    if (before.length > 0) record.message = [record.message, ...before].join('\n');
  },
};

export const EVENTLET_LAYOUTS: readonly Layout[] = [
  { template: 'CLIENT - - [DATE] "REQUEST" STATUS LENGTH SECONDS   (eventlet.wsgi)', regex: STANDALONE, reading },
];
