// Apache httpd's error log (real output of httpd 2.4 in test/fixtures/loggers/apache-error*.log,
// test/fixtures/gen/apache_error.sh). 2.4's default ErrorLogFormat (server/log.c, do_errorlog_default):
//   [%{u}t] [%-m:%l] [pid %P:tid %T] %7F: %E: [client %a] %M% , referer %{Referer}i
//   [Wed Nov 25 03:05:52.500378 2026] [core:info] [pid 19721:tid 19729] [client 127.0.0.1:34310] AH00128: File does not exist: /srv/missing.html
// the source file (%7F) only at LogLevel debug, the OS error (%E, `(13)Permission denied`) after a
// failed call, the client for a request, then the message, which most modules open with its
// `AHnnnnn` code. httpd 2.2 wrote `[%t] [%l] [client %a] %M` (no module, pid or microseconds):
//   [Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties
//
// The time is local, with its year: read as `2026-11-25 03:05:52.500378` in --tz's zone. The level
// as written (emerg, alert, crit read as fatal, notice as info, trace1-8 as trace: lm_level), the
// module as `module`, the pid and tid `process` and `thread_id`, the client (`127.0.0.1:34310`)
// `client`, the OS error `os_error`, the AH code `code`, the referer `referrer` (nginx's name for
// it, nginx-error.ts), the message less those the event. A line that is not httpd's (a CGI script's
// stderr, which mod_cgid writes as is) continues the record above it, in its message.
import type { JsonObject } from './format.js';
import type { Layout, LayoutReading } from './text-layouts.js';
import { messageRecord } from './text-reader.js';

const DAYS = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LINE = new RegExp(
  String.raw`^\[${DAYS} (?<month>${MONTHS.join('|')}) (?<day>[ \d]\d) (?<clock>\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) (?<year>\d{4})\] ` +
    String.raw`\[(?:(?<module>[\w.\-]+):)?(?<level>emerg|alert|crit|error|warn|notice|info|debug|trace[1-8])\]` +
    String.raw`(?: \[pid (?<pid>\d+)(?::tid (?<tid>\d+))?\])?(?: (?<source>[\w.\-]+\.c\(\d+\)):)?(?: (?<oserror>\(\d+\)[^:]*):)?` +
    String.raw`(?: \[client (?<client>[^\]]+)\])?(?: (?<message>.*))?$`,
);
const CODE = /^(AH\d{5}): /;
const REFERER = /, referer: (\S*)$/;

const reading: LayoutReading = {
  header(groups) {
    const month = String(MONTHS.indexOf(groups.month as string) + 1).padStart(2, '0');
    const header: JsonObject = {
      time: `${groups.year}-${month}-${(groups.day as string).replace(' ', '0')} ${groups.clock}`,
      level: groups.level as string,
    };
    if (groups.module) header.module = groups.module;
    if (groups.pid) header.process = groups.pid;
    if (groups.tid) header.thread_id = groups.tid;
    if (groups.source) header.caller = groups.source;
    if (groups.oserror) header.os_error = groups.oserror;
    if (groups.client) header.client = groups.client;
    let message = groups.message ?? '';
    const referer = REFERER.exec(message);
    if (referer) {
      header.referrer = referer[1] as string;
      message = message.slice(0, referer.index);
    }
    const code = CODE.exec(message);
    if (code) {
      header.code = code[1] as string;
      message = message.slice(code[0].length);
    }
    return messageRecord(header, message);
  },
  continuation(record, lines) {
    if (lines.length > 0) record.message = [String(record.message ?? ''), ...lines].join('\n');
  },
};

export const APACHE_ERROR_LAYOUTS: readonly Layout[] = [
  { template: '[DAY MON DD HH:MM:SS.uuuuuu YYYY] [module:level] [pid PID:tid TID] [client ADDR] MESSAGE   (Apache httpd error log)', regex: LINE, reading },
];
