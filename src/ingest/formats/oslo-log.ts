// OpenStack's services (nova, neutron, keystone, cinder, glance, ...) log through oslo.log, whose
// ContextFormatter writes (oslo_log/_options.py, real output of python3-oslo.log 5.0.1 in
// test/fixtures/loggers/oslo-*.log):
//
//   logging_context_format_string  %(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s
//                                  [%(global_request_id)s %(request_id)s %(user_identity)s] %(instance)s%(message)s
//   logging_default_format_string  %(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [-] %(instance)s%(message)s
//   logging_user_identity_format   %(user)s %(project)s %(domain)s %(system_scope)s %(user_domain)s %(project_domain)s
//   logging_exception_prefix       %(asctime)s.%(msecs)03d %(process)d ERROR %(name)s %(instance)s
//   logging_debug_format_suffix    %(funcName)s %(pathname)s:%(lineno)d   (after a DEBUG record's message)
//
// A missing id is `-`, a missing global request id `None`. Releases before Queens (2018) wrote no
// global request id and a user identity of five (`user tenant domain user_domain project_domain`):
// `[req-ID USER PROJECT - - -]`. %(instance)s is `[instance: UUID] ` or empty.
//
// A traceback logged with a record (LOG.exception) is written one line at a time, each after the
// exception prefix (the record's time, pid, `ERROR`, logger and instance): those lines continue the
// record, and become its `exc_info` less the prefix. A message with line breaks goes on over lines
// without a prefix. The pid is `pid`, never a logger or a service.
//
// The access lines of an API served by eventlet.wsgi (oslo_service.wsgi.Server, nova's and
// glance's own servers) are records of this layout whose message is the request (wsgi-access.ts).
import type { JsonObject } from './format.js';
import { levelOf, type Layout, type LayoutReading } from './text-layouts.js';
import { messageRecord } from './text-reader.js';
import { wsgiAccessRecord } from './wsgi-access.js';

const TIME = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}`;
// oslo.log adds TRACE (5) below DEBUG; its levels are always written in capitals.
const LEVEL = 'DEBUG|INFO|WARNING|ERROR|CRITICAL|TRACE';
/**
 * A header, or a line of an exception logged with one (no context brackets: the exception prefix
 * has none). An `[instance: ...]` is never the context.
 */
const LINE = new RegExp(String.raw`^(?<time>${TIME}) (?<pid>\d+) (?<level>${LEVEL}) (?<logger>[\w.\-]+) (?:\[(?!instance: )(?<context>[^\]]*)\] )?(?<message>.*)$`);
const INSTANCE = /^\[instance: ([0-9a-f-]{36})\] ?/;
const DEBUG_SUFFIX = / ([\w<>.]+) ((?:\/|[A-Za-z]:\\)\S*\.py):(\d+)$/;
const TRACEBACK = 'Traceback (most recent call last):';

/** The ids a context names, by how many words it has; `-` and `None` are none. */
const CONTEXT_KEYS: Readonly<Record<number, readonly string[]>> = {
  8: ['global_request_id', 'request_id', 'user_id', 'project_id', 'domain_id', 'system_scope', 'user_domain_id', 'project_domain_id'],
  6: ['request_id', 'user_id', 'project_id', 'domain_id', 'user_domain_id', 'project_domain_id'],
};

function putContext(record: JsonObject, context: string): void {
  if (context === '-') return;
  const words = context.split(' ');
  const keys = CONTEXT_KEYS[words.length];
  if (keys) {
    words.forEach((word, i) => {
      if (word !== '-' && word !== 'None') record[keys[i] as string] = word;
    });
    return;
  }
  // A user identity format of its own: the request ids are still the words that look like them.
  const ids = words.filter((w) => w.startsWith('req-'));
  if (ids.length > 1) record.global_request_id = ids[0] as string;
  if (ids.length > 0) record.request_id = ids[ids.length - 1] as string;
  record.request_context = context;
}

interface Start {
  readonly header: JsonObject;
  readonly message: string;
  /** How each line of an exception logged with this record starts. */
  readonly prefix: string;
}

const starts = new WeakMap<JsonObject, Start>();

/** The record from its header and its whole message: the DEBUG caller, an access line, pairs. */
function read(start: Start, message: string, stack: readonly string[]): JsonObject {
  const header: JsonObject = { ...start.header };
  let text = message;
  if (header.level === 'DEBUG') {
    const suffix = DEBUG_SUFFIX.exec(text);
    if (suffix) {
      header.func_name = suffix[1] as string;
      header.caller = `${suffix[2]}:${suffix[3]}`;
      text = text.slice(0, suffix.index);
    }
  }
  const record = wsgiAccessRecord(header, text) ?? messageRecord(header, text);
  // eventlet.wsgi logs the traceback of an app that raised as an INFO message of its own.
  const own = text.startsWith(TRACEBACK) ? text.trimEnd() : undefined;
  if (stack.length > 0) record.exc_info = stack.join('\n').trimEnd();
  else if (own !== undefined) {
    // Its event is the error it names (the traceback's last line), not the traceback's frames.
    record.exc_info = own;
    record.event = own.slice(own.lastIndexOf('\n') + 1);
  }
  return record;
}

const reading: LayoutReading = {
  header(groups) {
    const header: JsonObject = { time: groups.time as string, pid: Number(groups.pid), ...levelOf(groups.level as string), logger: groups.logger as string };
    if (groups.context !== undefined) putContext(header, groups.context);
    let message = groups.message ?? '';
    const instance = INSTANCE.exec(message);
    if (instance) {
      header.instance = instance[1] as string;
      message = message.slice(instance[0].length);
    }
    const prefix = `${groups.time} ${groups.pid} ERROR ${groups.logger} ${instance ? instance[0] : ''}`;
    const start = { header, message, prefix };
    const record = read(start, message, []);
    starts.set(record, start);
    return record;
  },
  continues(record, line) {
    const start = starts.get(record);
    // The prefix, and no context after it: a record of its own logged in the same millisecond has one.
    return start !== undefined && (line.startsWith(start.prefix) || line === start.prefix.trimEnd()) && !/^\[(?!instance: )[^\]]*\] /.test(line.slice(start.prefix.length));
  },
  continuation(record, lines) {
    const start = starts.get(record);
    if (!start || lines.length === 0) return;
    const message = [start.message];
    const stack: string[] = [];
    for (const line of lines) {
      if (line.startsWith(start.prefix) || line === start.prefix.trimEnd()) stack.push(line.slice(start.prefix.length));
      else message.push(line);
    }
    const again = read(start, message.join('\n'), stack);
    for (const key of Object.keys(record)) delete record[key];
    Object.assign(record, again);
  },
};

export const OSLO_LAYOUTS: readonly Layout[] = [
  { template: '%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [CONTEXT] %(instance)s%(message)s   (OpenStack oslo.log)', regex: LINE, reading },
];
