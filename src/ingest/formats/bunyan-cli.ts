// bunyan's CLI (`... | bunyan`, the pretty-printer of the bunyan npm package) read back into the
// bunyan record it printed, so that its events are those of the JSON line it came from:
//
//   long (default)  [TIME] LEVEL: NAME[/COMPONENT]/PID on HOST[ (FILE:LINE in FUNC)]: MSG (KEY=VALUE, ...)
//   -o short        TIME-OF-DAY LEVEL NAME[/COMPONENT]: MSG (KEY=VALUE, ...)
//   -o simple       LEVEL - MSG
//
// long and short write the record's other fields in parentheses after the message, and a multi-line
// message, the request and response, an error's stack and long or nested values on the indented
// lines that follow (bunyan-cli-details.ts). The keys are bunyan's own (`name`, `hostname`, `pid`,
// `component`, `msg`, `req`, `res`, `err`), so they map as in bunyan's JSON.
import type { JsonObject } from './format.js';
import { readDetails, setField } from './bunyan-cli-details.js';
import type { Layout, LayoutReading } from './text-layouts.js';

// The level as bunyan's CLI prints it: its names upper case (long and short pad them to five
// columns, ` INFO`), a number it has no name for as `LVL35`.
const LEVEL = String.raw`(?<level>TRACE|DEBUG|INFO|WARN|ERROR|FATAL|LVL\d+)`;
// `rec.time` as logged (ISO in UTC), or with the offset `-L` (`--time local`) prints.
const TIME = String.raw`(?<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)`;
// -o short prints the time of day only (`10:00:00.123Z`; without the Z under -L).
const CLOCK = String.raw`(?<clock>\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)`;
// NAME and COMPONENT are joined by a slash: the first slash parts them.
const NAME = String.raw`(?<name>[^\s/]+?)(?:/(?<component>\S+?))?`;
const SRC = String.raw`(?: \((?<file>[^()]+?):(?<line>\d+)(?: in (?<func>[^()]+))?\))?`;
// The message group keeps the space bunyan writes before MSG: without it, MSG is on the lines below.
const MESSAGE = '(?<message>.*)';

// (The pid holds no slash, so that a long word after the level costs one pass, not one per slash.)
const LONG = new RegExp(String.raw`^\[${TIME}\] {1,2}${LEVEL}: ${NAME}/(?<pid>[^\s/]+) on (?<hostname>\S+?)${SRC}:${MESSAGE}$`);
const SHORT = new RegExp(String.raw`^${CLOCK} {1,2}${LEVEL} ${NAME}:${MESSAGE}$`);
const SIMPLE = new RegExp(String.raw`^${LEVEL} - (?<msg>.*)$`);

/** A level bunyan's CLI printed: its name, or the number it had none for (`LVL35`), which maps as in JSON. */
function levelOf(text: string): string | number {
  return text.startsWith('LVL') ? Number(text.slice(3)) : text;
}

/** A record whose header is all there is (-o simple): its other lines are more of the message. */
const simpleReading: LayoutReading = {
  header: (groups) => ({ level: levelOf(groups.level as string), msg: groups.msg ?? '' }),
  continuation: (record, lines) => {
    if (lines.length > 0) record.msg = [record.msg, ...lines].join('\n');
  },
};

/** long and short: the header's columns, its message and its extras, then the indented details. */
const prettyReading: LayoutReading = {
  header(groups) {
    const record: JsonObject = {};
    if (groups.time) record.time = groups.time;
    // A time of day without a date places no record: kept as `clock`, as python-text and text do.
    if (groups.clock) record.clock = groups.clock;
    record.level = levelOf(groups.level as string);
    record.name = groups.name;
    if (groups.component) record.component = groups.component;
    if (groups.pid !== undefined) record.pid = /^\d+$/.test(groups.pid) ? Number(groups.pid) : groups.pid;
    if (groups.hostname) record.hostname = groups.hostname;
    if (groups.file) record.src = { file: groups.file, line: Number(groups.line), ...(groups.func ? { func: groups.func } : {}) };
    const { msg, extras } = messageAndExtras(groups.message ?? '');
    record.msg = msg ?? '';
    for (const [key, value] of extras) setField(record, key, value);
    if (msg === undefined) messageBelow.add(record);
    return record;
  },
  continuation: (record, lines) => readDetails(record, lines, messageBelow.has(record)),
};

/** The records whose message bunyan printed on the indented lines below the header (a message of several lines). */
const messageBelow = new WeakSet<JsonObject>();

/** At most this many ` (` are tried as the start of the extras: a line pays for few failed parses. */
const MAX_EXTRAS_STARTS = 4;

/**
 * The message and the `(KEY=VALUE, ...)` extras after it. The text starts with the space bunyan puts
 * before a one-line message; without it (`: (a=1)`, `:`), the message is on the lines below and
 * `msg` is undefined. Extras start at the leftmost ` (` from which the rest reads as pairs to the
 * closing parenthesis at the end of the line, so a message holding ` (` keeps it.
 */
export function messageAndExtras(text: string): { msg: string | undefined; extras: [string, string][] } {
  if (text === '') return { msg: undefined, extras: [] };
  // (A one-line message that itself starts with `(` and reads as pairs is taken for extras.)
  const below = text.startsWith(' (') ? extrasFrom(text, 2) : undefined;
  if (below) return { msg: undefined, extras: below };
  if (!text.startsWith(' ')) return { msg: text, extras: [] };
  const body = text.slice(1);
  if (body.endsWith(')')) {
    let tries = 0;
    for (let at = body.indexOf(' ('); at >= 0 && tries < MAX_EXTRAS_STARTS; at = body.indexOf(' (', at + 1), tries++) {
      const extras = extrasFrom(body, at + 2);
      if (extras) return { msg: body.slice(0, at), extras };
    }
  }
  return { msg: body, extras: [] };
}

const KEY = /[^\s=]+(?==)/y;

/**
 * The pairs from `from` to the `)` that ends the text, or undefined when the text is not pairs. bunyan
 * writes a string with a space (or an empty one) as JSON, any other value bare: a bare value holds no
 * space, so the `,` before the space that follows it parts it from the next pair.
 */
function extrasFrom(text: string, from: number): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  let i = from;
  for (;;) {
    KEY.lastIndex = i;
    const key = KEY.exec(text);
    if (!key) return undefined;
    i += key[0].length + 1;
    let value: string;
    if (text[i] === '"') {
      const end = jsonStringEnd(text, i);
      if (end < 0) return undefined;
      try {
        value = JSON.parse(text.slice(i, end)) as string;
      } catch {
        return undefined;
      }
      i = end;
      if (i === text.length - 1 && text[i] === ')') return [...pairs, [key[0], value]];
      if (!text.startsWith(', ', i)) return undefined;
      i += 2;
    } else {
      const space = text.indexOf(' ', i);
      if (space < 0) {
        if (!text.endsWith(')') || text.length - 1 < i) return undefined;
        return [...pairs, [key[0], text.slice(i, -1)]];
      }
      if (text[space - 1] !== ',') return undefined;
      value = text.slice(i, space - 1);
      i = space + 1;
    }
    pairs.push([key[0], value]);
  }
}

/** The index just past the JSON string that opens at `start`, or -1 when it does not close. */
function jsonStringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return -1;
}

export const BUNYAN_CLI_LAYOUTS: readonly Layout[] = [
  { template: '[TIME] LEVEL: NAME[/COMPONENT]/PID on HOST: MSG (KEY=VALUE, ...)   (bunyan CLI, long)', regex: LONG, reading: prettyReading },
  { template: 'TIME-OF-DAY LEVEL NAME[/COMPONENT]: MSG (KEY=VALUE, ...)   (bunyan CLI, -o short)', regex: SHORT, reading: prettyReading },
  { template: 'LEVEL - MSG   (bunyan CLI, -o simple)', regex: SIMPLE, reading: simpleReading },
];
