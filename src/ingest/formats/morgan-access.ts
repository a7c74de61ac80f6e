// The access lines of morgan, the HTTP request logger of Express apps (`app.use(morgan('tiny'))`),
// in the three formats it defines without a time (morgan/index.js; real output of morgan 1.10 in
// test/fixtures/loggers/morgan-*.log):
//
//   tiny   :method :url :status :res[content-length] - :response-time ms
//   short  :remote-addr :remote-user :method :url HTTP/:http-version :status :res[content-length] - :response-time ms
//   dev    :method :url :status :response-time ms - :res[content-length]
//
// `dev` colours the status by its class, and every line it writes starts and ends with a reset
// (`\x1b[0m`): those are gone before a line gets here (terminal-codes.ts). A value morgan does not
// have is `-`: the status of a response whose headers were never sent, the length of a response
// without a Content-Length. The response time is milliseconds, with three decimals.
//
// morgan writes no time, so a record has none (ts is empty, as for pino-pretty's time of day):
// it counts in totals, latency percentiles and checks, not in a per-minute rate. Its `combined` and
// `common` formats are the common log format (common-log.ts). The event is the request as the
// line gives it (`GET /api/orders/42`, with the protocol in `short`), as an access line's is.
import type { JsonObject } from './format.js';
import type { Layout, LayoutReading } from './text-layouts.js';

const METHOD_URL = String.raw`(?<method>[A-Z]+) (?<url>\S+)`;
const STATUS = String.raw`(?<status>\d{3}|-)`;
const LENGTH = String.raw`(?<length>\d+|-)`;
const TIME = String.raw`(?<ms>\d+(?:\.\d+)?|-) ms`;

const TINY = new RegExp(String.raw`^${METHOD_URL} ${STATUS} ${LENGTH} - ${TIME}$`);
const SHORT = new RegExp(String.raw`^(?<remote>\S+) (?<user>\S+) ${METHOD_URL} (?<protocol>HTTP\/\d(?:\.\d)?) ${STATUS} ${LENGTH} - ${TIME}$`);
const DEV = new RegExp(String.raw`^${METHOD_URL} ${STATUS} ${TIME} - ${LENGTH}$`);

function recordOf(groups: Readonly<Record<string, string | undefined>>): JsonObject {
  const { method, url, protocol, status, length, ms, remote, user } = groups;
  const record: JsonObject = { event: [method, url, protocol].filter((part) => part !== undefined).join(' '), method, url };
  if (protocol !== undefined) record.protocol = protocol;
  if (status !== '-') record.status_code = Number(status);
  if (length !== '-') record.content_length = Number(length);
  if (ms !== '-') record.duration_ms = Number(ms);
  if (remote !== undefined && remote !== '-') record.remote_addr = remote;
  if (user !== undefined && user !== '-') record.remote_user = user;
  return record;
}

const reading: LayoutReading = {
  header: recordOf,
  // morgan writes one line a request; a line after it that starts none (a stack printed by the app)
  // stays with it as its message, as another text record's continuation does.
  continuation(record, lines) {
    if (lines.length > 0) record.message = lines.join('\n');
  },
};

const layout = (template: string, regex: RegExp): Layout => ({ template, regex, reading, claims: (line) => regex.test(line) });

export const MORGAN_LAYOUTS: readonly Layout[] = [
  layout('METHOD URL STATUS LENGTH - TIME ms   (morgan tiny)', TINY),
  layout('REMOTE USER METHOD URL HTTP/VERSION STATUS LENGTH - TIME ms   (morgan short)', SHORT),
  layout('METHOD URL STATUS TIME ms - LENGTH   (morgan dev)', DEV),
];
