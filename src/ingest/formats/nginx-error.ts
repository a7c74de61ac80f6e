// nginx's error log (real output of nginx 1.22 in test/fixtures/loggers/nginx-error.log). nginx's
// src/core/ngx_log.c, ngx_log_error_core: the cached time (`ngx_cached_err_log_time`, local,
// "%4d/%02d/%02d %02d:%02d:%02d", no zone), ` [level] ` (err_levels: emerg alert crit error warn
// notice info debug), `pid#tid: `, `*connection ` when the line is about a connection, the message,
// ` (errno: strerror)` after a failed call; then src/http/ngx_http_request.c, ngx_http_log_error,
// appends what the request was: `, client: %V`, `, server: %V`, `, request: "%V"`, then
// `, upstream: "%V"` (ngx_http_upstream.c), `, host: "%V"`, `, referrer: "%V"`.
//
// The pid, thread id and connection number are `process`, `thread` and `connection` (attrs), the
// message before `, client: ` the event, and the request's parts fields: `client`, `server`,
// `upstream`, `host`, `referrer`, and `request` (`GET /v1/chat HTTP/1.1`), which gives the method
// and route as nginx's $request does in a JSON access log. emerg, alert and crit read as fatal,
// notice as info.
import type { JsonObject } from './format.js';
import type { Layout, LayoutReading } from './text-layouts.js';
import { messageRecord } from './text-reader.js';

const LINE = /^(?<time>\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}) \[(?<level>debug|info|notice|warn|error|crit|alert|emerg)\] (?<pid>\d+)#(?<tid>\d+): (?:\*(?<connection>\d+) )?(?<message>.*)$/;
/** One of the request's parts as ngx_http_log_error writes them, a quoted value in nginx's quotes (no escapes). */
const PART = /, (client|server|subrequest|request|upstream|host|referrer): ("[^"]*"|[^\s,]*)/y;

/**
 * The message and the request's parts after it, when the whole tail reads as them. The tail is
 * the message's end, so it starts at the last `, client: ` from which the rest reads as parts: the
 * message before it may quote one (FastCGI's stderr).
 */
export function nginxRequestParts(message: string): { text: string; parts: JsonObject } {
  for (let at = message.lastIndexOf(', client: '); at >= 0; at = at === 0 ? -1 : message.lastIndexOf(', client: ', at - 1)) {
    const parts = partsFrom(message, at);
    if (parts) return { text: message.slice(0, at), parts };
  }
  return { text: message, parts: {} };
}

function partsFrom(message: string, at: number): JsonObject | undefined {
  const parts: JsonObject = {};
  PART.lastIndex = at;
  let end = at;
  for (let m = PART.exec(message); m; m = PART.exec(message)) {
    const value = m[2] as string;
    parts[m[1] as string] = value.startsWith('"') && value.endsWith('"') && value.length > 1 ? value.slice(1, -1) : value;
    end = PART.lastIndex;
  }
  return end === message.length ? parts : undefined;
}

const reading: LayoutReading = {
  header(groups) {
    const header: JsonObject = { time: groups.time as string, level: groups.level as string, process: groups.pid as string, thread: groups.tid as string };
    if (groups.connection) header.connection = groups.connection;
    const { text, parts } = nginxRequestParts(groups.message ?? '');
    const record = messageRecord(header, text);
    Object.assign(record, parts);
    return record;
  },
  // nginx writes a record a line: a line after it that is not nginx's is kept in its message.
  continuation(record, lines) {
    if (lines.length > 0) record.message = [String(record.message ?? ''), ...lines].join('\n');
  },
};

export const NGINX_ERROR_LAYOUTS: readonly Layout[] = [{ template: 'YYYY/MM/DD HH:MM:SS [level] PID#TID: [*CONN ]MESSAGE[, client: ..., request: "..."]   (nginx error log)', regex: LINE, reading }];
