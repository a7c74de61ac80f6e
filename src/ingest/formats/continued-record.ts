// How a text layout reads a record whose message may go on over the lines after its header, with
// the stack of an exception logged with it after the message: the layouts of Ruby's Logger, .NET's
// console logger, Elixir's Logger and Monolog (language-text-layouts.ts). The record is read again
// from its whole message once its lines are known, as rust-text.ts does, so that pairs on a message's
// last line are read; the stack is the record's `exc_info`, whose first line names the error.
import type { JsonObject } from './format.js';
import type { LayoutReading } from './text-layouts.js';
import { messageRecord } from './text-reader.js';

/** A header line as a layout reads it: the record's fields and its message's first line. */
export interface RecordStart {
  readonly header: JsonObject;
  readonly message: string;
}

/** A message and the stack logged after it, as a writer lays them out over the record's lines. */
export interface MessageAndStack {
  readonly message: string;
  readonly stack?: string;
  /** Fields the writer puts on those lines besides the message (.NET's scopes). */
  readonly fields?: JsonObject;
}

export interface ContinuedLayout {
  /** The record a header line starts, from the layout's named groups. */
  start(groups: Readonly<Record<string, string | undefined>>): RecordStart;
  /** How many spaces the writer puts before each line of a message after its first. */
  readonly indent: number;
  /** Where the stack starts among the message's lines (outdented), if there is one; default: none. */
  split?(first: string, lines: readonly string[]): MessageAndStack;
  /** The record from its header and its whole message; default: messageRecord (pairs, a trailing JSON object). */
  read?(header: JsonObject, message: string): JsonObject;
}

/** The record's start, kept for when its continuation lines are known. */
const starts = new WeakMap<JsonObject, RecordStart>();

export function continuedReading(layout: ContinuedLayout): LayoutReading {
  const read = layout.read ?? messageRecord;
  return {
    header(groups) {
      const start = layout.start(groups);
      const record = read({ ...start.header }, start.message);
      starts.set(record, start);
      return record;
    },
    continuation(record, lines) {
      const start = starts.get(record);
      if (!start || lines.length === 0) return;
      const outdentedLines = lines.map((line) => outdented(line, layout.indent));
      const { message, stack, fields } = layout.split ? layout.split(start.message, outdentedLines) : { message: [start.message, ...outdentedLines].join('\n'), fields: undefined };
      const again = read({ ...start.header, ...fields }, message);
      if (stack !== undefined) again.exc_info = stack;
      for (const key of Object.keys(record)) delete record[key];
      Object.assign(record, again);
    },
  };
}

/** The line less up to `indent` leading spaces. */
function outdented(line: string, indent: number): string {
  let at = 0;
  while (at < indent && line[at] === ' ') at++;
  return line.slice(at);
}

/** The message's lines up to the first that `startsStack` says begins the stack, and the stack from it. */
export function stackFrom(first: string, lines: readonly string[], startsStack: (line: string, next: string | undefined) => boolean): MessageAndStack {
  const at = lines.findIndex((line, i) => startsStack(line, lines[i + 1]));
  if (at < 0) return { message: [first, ...lines].join('\n') };
  return { message: [first, ...lines.slice(0, at)].join('\n'), stack: lines.slice(at).join('\n') };
}
