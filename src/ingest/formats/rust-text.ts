// The text that Rust services log with, as its two common writers format it (real output of both
// is in test/fixtures/loggers/rust-*.log):
//
//   tracing-subscriber's `fmt` layer (tracing_subscriber::fmt::init(); tracing-subscriber 0.3,
//   src/fmt/format/mod.rs, `impl FormatEvent for Format<Full, T>` and `Format<Compact, T>`):
//     2026-03-02T10:00:00.250000Z  WARN request{method=GET uri=/users/42}:handler{id=7}: my_crate::http: slow request elapsed=1.2s
//   format_event writes the time and a space (`writer.write_char(' ')`), the level right-aligned to
//   five (`const INFO_STR: &str = " INFO";`, `write!(writer, "{} ", fmt_level)`), the thread name
//   and `ThreadId(01)` when asked (with_thread_names, with_thread_ids: `"{:0>2?} "`), each span from
//   the root as its name, `{fields}` when it has any and `:` (tracing-spans.ts), a space after the
//   last, the target and `: ` (`"{}{} "`, with_target(false): none), the file and line when asked
//   (`src/main.rs:42: `), then the fields, the message first and bare, the others `key=value` (a
//   string in Debug quotes). Compact writes the span names alone (`request:handler: `) and the span
//   fields after the event's (`write!(writer, " {}", dimmed.paint(&fields.fields))`).
//
//   env_logger's default format (env_logger 0.9 to 0.11, src/fmt/mod.rs, `DefaultFormat::write`,
//   0.11's `ConfigurableFormatWriter::write`):
//     [2026-03-02T10:00:00Z INFO  my_crate::server] started port=8080
//   `[`, the time (format_timestamp(None): none), the level left-aligned to five
//   (`format_args!("{:<5}", level)`), the target, `] `, the message; the lines of a message after its
//   first are indented by four spaces (`format_indent: Some(4)`). 0.11's `kv` feature writes the
//   record's pairs after the message (`write!(self.0, " {}={}", key, value)`).
//
// Both read as a Python layout's records would (time, level, the target as the `logger`, pairs),
// except that a message of several lines carries its pairs on its last line: the record is read
// again from its whole message. The colours both write to a terminal (tracing-subscriber 0.3 writes
// them to a file too, unless told not to) are gone before a line gets here (terminal-codes.ts).
//
// tracing's without_time() is not read: its ` INFO target: message` is also what is left of a line
// tracing stamped itself (`TIME  INFO ...`) once the time is taken for the prefix `docker logs -t`
// writes (prefixed-text.ts), and behind such a prefix `ERROR app: failed` could be anybody's.
import type { JsonObject } from './format.js';
import { asctimeOf, levelOf, TIME, type Layout, type LayoutReading } from './text-layouts.js';
import { putPair } from './text-reader.js';
import { continuedReading } from './continued-record.js';
import { readSpanContext } from './tracing-spans.js';

const LEVEL = '(?<level>TRACE|DEBUG|INFO|WARN|ERROR)';
/** A module path (`my_crate::http`) or a target set by hand (`audit`). */
const PART = String.raw`[\w.\-]+`;
const TARGET = `${PART}(?:::${PART})*`;
const MODULE_PATH = `${PART}(?:::${PART})+`;
// A span's fields: pairs whose quoted values may hold braces, and Debug values with braces of their own (`User { id: 1 }`).
const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
const FIELDS = String.raw`\{(?:[^{}"]|${QUOTED}|\{(?:[^{}"]|${QUOTED})*\})*\}`;
// A span name is the function's for #[instrument], a word for info_span!("request"), words only
// before fields (tracing-actix-web's `HTTP request{...}`).
const SPAN = String.raw`(?:${PART}(?: ${PART})*${FIELDS}|${PART}):`;
const SPANS = `(?:${SPAN})+`;
/**
 * A thread name stands alone only before its id or a module path: else `INFO worker started: x`
 * would take `worker` for a thread, and tracing-actix-web's `HTTP request{...}:` `HTTP`.
 */
const THREAD = String.raw`(?:(?<threadName>${PART}) +(?=ThreadId\(|${MODULE_PATH}: ))?(?:ThreadId\((?<threadId>\d+)\) +)?`;
/**
 * The spans and the target: `spans: target: message` and `target: message` read alike when the span
 * has no fields and the target no `::` (`handle: my_app: done`, `my_app: error: disk full`). A message
 * often starts with `word: `, so spans are read before a target only when it is a module path, or
 * when the line does not start with a target at all. Spans alone (with_target(false)) are the
 * context when no target follows them; one of the two there must be.
 */
const CONTEXT = String.raw`(?:(?<spans>${SPANS}) (?=${MODULE_PATH}: )|(?!${TARGET}: )(?<innerSpans>${SPANS}) )?(?:(?<target>${TARGET}): |(?<=: ))`;
const CALLER = String.raw`(?:(?<file>[^\s:]+\.rs):(?:(?<line>\d+):)? )?`;
const MESSAGE = '(?<message>.*)';

const FULL = new RegExp(String.raw`^(?<time>${TIME}) +${LEVEL} +${THREAD}${CONTEXT}${CALLER}${MESSAGE}$`);
const ENV_LOGGER = new RegExp(String.raw`^\[(?:(?<time>${TIME}) )?${LEVEL} +(?<target>[^\s\]]+)\] ${MESSAGE}$`);

function headerOf(groups: Readonly<Record<string, string | undefined>>): JsonObject {
  const record: JsonObject = {};
  if (groups.time) record.time = asctimeOf(groups.time);
  Object.assign(record, levelOf(groups.level as string));
  if (groups.target) record.logger = groups.target;
  if (groups.threadName) record.thread_name = groups.threadName;
  // As tracing's JSON format writes it (`"threadId":"ThreadId(1)"`): a thread of the process, never a chat thread.
  if (groups.threadId) record.thread_id = `ThreadId(${groups.threadId})`;
  if (groups.file) record.caller = groups.line ? `${groups.file}:${groups.line}` : groups.file;
  const context = groups.spans ?? groups.innerSpans;
  if (context) {
    const spans = readSpanContext(context);
    record.spans = spans.names.join(':');
    for (const pair of spans.fields) putPair(record, pair.key, pair.value);
  }
  return record;
}

/**
 * Reads a Rust logger's records; `indent` is how far the writer indents the lines a message
 * continues on. The event's pairs come after the span's, so a key both have is the event's.
 */
function rustReading(indent: number): LayoutReading {
  return continuedReading({ start: (groups) => ({ header: headerOf(groups), message: groups.message ?? '' }), indent });
}

/**
 * A line only tracing-subscriber writes: its layout fits, with a module path for the target, a span
 * with fields or a thread id. Python's `TIME LEVEL message` fits it too, and so does text's: python-text
 * leaves such lines to text (python-text.ts), and text reads them with this layout wherever they are
 * (with_target(false) writes most lines as `TIME LEVEL message`).
 */
export function writtenByTracing(line: string): boolean {
  const groups = FULL.exec(line)?.groups;
  if (!groups) return false;
  return groups.threadId !== undefined || (groups.target?.includes('::') ?? false) || (groups.spans ?? groups.innerSpans ?? '').includes('{');
}

export const RUST_LAYOUTS: readonly Layout[] = [
  { template: 'TIME LEVEL [THREAD] [SPAN{FIELDS}:...] TARGET: MESSAGE   (tracing-subscriber)', regex: FULL, reading: rustReading(0), claims: writtenByTracing },
  { template: '[TIME LEVEL TARGET] MESSAGE   (env_logger)', regex: ENV_LOGGER, reading: rustReading(4) },
];
