// .NET's console logger (Microsoft.Extensions.Logging.Console) with its simple formatter, the
// default of `Host.CreateDefaultBuilder` and ASP.NET Core. .NET is not installable here: the lines
// in test/ingest/formats/language-loggers.test.ts and test/fixtures/loggers/dotnet-*.log are written as
// dotnet/runtime's src/libraries/Microsoft.Extensions.Logging.Console/src/SimpleConsoleFormatter.cs
// writes them:
//   Write: the timestamp, when TimestampFormat is set (`dateTimeOffset.ToString(timestampFormat)`,
//   no separator: the format carries its own, e.g. "HH:mm:ss "), then the level
//   (GetLogLevelString: trce dbug info warn fail crit);
//   CreateDefaultLogMessage: `LoglevelPadding + logEntry.Category + '[' + eventId + "]"`, a newline
//   unless SingleLine, the scopes when IncludeScopes (`_messagePadding + "=> "`, ` => ` between them),
//   the message and then exception.ToString() (WriteMessage: each preceded by `_messagePadding`, six
//   spaces, and its newlines replaced by a newline and six spaces; with SingleLine by one space).
// So `info: Microsoft.Hosting.Lifetime[14]`, then `      Now listening on: http://localhost:5000`.
//
// The category is the `logger`, the event id `event_id`; trce dbug info warn fail crit read as
// trace, debug, info, warn, error, fatal. The lines after the header are the message (less the six
// spaces), the exception's from its first line (`System.Exception: boom` before an `   at ` frame)
// the record's `exc_info`. A single line's message may hold an exception flattened onto it: not taken apart.
//
// ASP.NET Core's hosting diagnostics log each request twice (Microsoft.AspNetCore.Hosting.Diagnostics,
// HostingRequestStartingLog and HostingRequestFinishedLog, .NET 6 on):
//   Request starting {Protocol} {Method} {Scheme}://{Host}{PathBase}{Path}{QueryString} - {ContentType} {ContentLength}
//   Request finished {Protocol} {Method} {Scheme}://{Host}{PathBase}{Path}{QueryString} - {StatusCode} {ContentLength} {ContentType} {ElapsedMilliseconds}ms
// an absent value as `-`, spaces in the content type as `_`, the time with four decimals. The second
// is the request: method, URL, status, length and duration; the first names the request only.
import type { JsonObject } from './format.js';
import { continuedReading } from './continued-record.js';
import { asctimeOf, TIME, type Layout } from './text-layouts.js';
import { messageRecord } from './text-reader.js';

const LEVELS: Readonly<Record<string, string>> = { trce: 'TRACE', dbug: 'DEBUG', info: 'INFO', warn: 'WARNING', fail: 'ERROR', crit: 'CRITICAL' };
const CLOCK = String.raw`\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?`;
/** A TimestampFormat's output as people set it: a date and time, or a time of day, maybe in brackets. */
const STAMP = String.raw`(?:(?<time>${TIME})|(?<clock>${CLOCK})|\[(?:(?<bracketTime>${TIME})|(?<bracketClock>${CLOCK}))\]) ?`;
const HEADER = String.raw`(?<level>trce|dbug|info|warn|fail|crit): (?<category>[^\s\[\]]+)\[(?<eventId>-?\d+)\]`;
const LINE = new RegExp(String.raw`^(?:${STAMP})?${HEADER}(?: (?<message>.*))?$`);
/** The first line of Exception.ToString(): the exception's type (`System.Net.Http.HttpRequestException: ...`). */
const EXCEPTION = /^[A-Za-z_][\w.`+]*(?:Exception|Error)\b/;
const FRAME = /^ +at \S/;

/** A line only .NET's console logger writes: python-text's `%(levelname)s: %(message)s` fits `info: ...` too. */
export function writtenByDotnetConsole(line: string): boolean {
  return LINE.test(line);
}

// .NET 5 and before wrote no ` - ` after the URL, and `Request finished in {ElapsedMilliseconds}ms
// {StatusCode} {ContentType}`: no method or URL, so that line gives the status and duration only.
const REQUEST_STARTING = /^Request starting \S+ ([A-Z]+) (\S+)(?: -)? \S+ \S+$/;
const REQUEST_FINISHED = /^Request finished \S+ ([A-Z]+) (\S+) - (\d{3}) (\d+|-) (\S+) (\d+(?:\.\d+)?)ms$/;
const REQUEST_FINISHED_BEFORE_6 = /^Request finished in (\d+(?:\.\d+)?)ms (\d{3})\b/;

function dotnetRecord(header: JsonObject, message: string): JsonObject {
  const record = messageRecord(header, message);
  const starting = REQUEST_STARTING.exec(message);
  if (starting) Object.assign(record, { method: starting[1], url: starting[2] });
  const finished = REQUEST_FINISHED.exec(message);
  if (finished) {
    const [, method, url, status, length, contentType, elapsed] = finished;
    Object.assign(record, { method, url, status_code: Number(status), duration_ms: Number(elapsed) });
    if (length !== '-') record.content_length = Number(length);
    if (contentType !== '-') record.content_type = contentType;
  }
  const before6 = REQUEST_FINISHED_BEFORE_6.exec(message);
  if (before6) Object.assign(record, { status_code: Number(before6[2]), duration_ms: Number(before6[1]) });
  return record;
}

const reading = continuedReading({
  start(groups) {
    const header: JsonObject = { level: LEVELS[groups.level as string] as string, logger: groups.category as string, event_id: Number(groups.eventId) };
    const time = groups.time ?? groups.bracketTime;
    const clock = groups.clock ?? groups.bracketClock;
    if (time) header.time = asctimeOf(time);
    else if (clock) header.clock = clock;
    return { header, message: groups.message ?? '' };
  },
  indent: 6,
  split(first, lines) {
    // IncludeScopes: the scopes' line comes first, before the message.
    const scopes = lines[0]?.startsWith('=> ') ? lines[0].slice(3) : undefined;
    const rest = scopes === undefined ? lines : lines.slice(1);
    const at = rest.findIndex((line, i) => EXCEPTION.test(line) && FRAME.test(rest[i + 1] ?? ''));
    const messageLines = at < 0 ? rest : rest.slice(0, at);
    // Without SingleLine the header holds no message: it starts on the next line.
    const message = first === '' ? messageLines.join('\n') : [first, ...messageLines].join('\n');
    return { message, stack: at < 0 ? undefined : rest.slice(at).join('\n'), fields: scopes === undefined ? undefined : { scopes } };
  },
  read: dotnetRecord,
});

export const DOTNET_LAYOUTS: readonly Layout[] = [
  { template: '[TIMESTAMP ]level: CATEGORY[EVENT_ID][ MESSAGE], MESSAGE on lines indented by six   (.NET console logger)', regex: LINE, reading, claims: writtenByDotnetConsole },
];
