// Text logs behind the prefixes log-prefix.ts knows (kubectl --prefix/--timestamps, docker compose,
// CRI, stern, journalctl), or inside Docker json-file wrappers (docker-json-file.ts):
// `kubectl logs --timestamps` over a Python app prints
// `2026-03-01T12:00:00.123456789Z 2026-03-01 12:00:00,123 - app - INFO - request done`, and its
// traceback lines carry the prefix too. Read as they are, the prefix's time is taken for the
// record's and every traceback line starts a record of its own. So the text format reads each line
// without its prefix, and each record gets what the prefix of its first line said under
// `log_prefix`, as a prefixed JSON line does (the aliases take its time, pod and container only
// where the record has none of its own).

import type { JsonObject, ReaderContext, RecordFormat, RecordReader, RecordSink } from './formats/format.js';

/**
 * A line's prefix parts (kept under log_prefix) and the text after them; undefined for a line without
 * one. log-prefix.ts's splitLogPrefix, docker-json-file.ts's splitDockerWrapper.
 */
export type LinePrefixSplitter = (line: string) => { parts: Record<string, string>; rest: string } | undefined;

/** `format`, reading each line as `split` leaves it, the parts it took off under log_prefix. */
export function behindLinePrefix(format: RecordFormat, split: LinePrefixSplitter): RecordFormat {
  const withoutPrefix = (line: string) => split(line)?.rest ?? line;
  return {
    ...format,
    reader: (context: ReaderContext): RecordReader => {
      // The prefix parts of the lines whose record is not out yet.
      const parts = new Map<number, Record<string, string>>();
      const forget = (upTo: number) => {
        for (const line of parts.keys()) if (line <= upTo) parts.delete(line);
      };
      const sink: RecordSink = {
        record(line: number, record: JsonObject) {
          const said = parts.get(line);
          forget(line);
          context.sink.record(line, said && !('log_prefix' in record) ? { log_prefix: said, ...record } : record);
        },
        reject(line, reason, text) {
          forget(line);
          context.sink.reject(line, reason, text);
        },
        continuation: (lines) => context.sink.continuation(lines),
        eventKind: (event, kind) => context.sink.eventKind?.(event, kind),
      };
      const inner = format.reader({ ...context, sink, sample: context.sample.map(withoutPrefix) });
      return {
        line(line: number, text: string) {
          const said = split(text);
          if (said) parts.set(line, said.parts);
          inner.line(line, said?.rest ?? text);
        },
        end: () => inner.end(),
        get layout() {
          return inner.layout;
        },
        get reopenLine() {
          return inner.reopenLine;
        },
      };
    },
  };
}
