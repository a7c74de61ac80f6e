// logfmt: key=value pairs, one record a line, as go-kit, logrus, slog's TextHandler and the npm
// `logfmt` module write them: quoted values with escapes, empty values (`error=`), bare keys (true),
// units in values (`duration=1680ms`).
//
// A line is a record when its first token is a key=value pair. Every logfmt writer starts a line
// that way (a key without a value is written `key=` or `key=null`, never bare), whereas the other
// output that lands in the same files (Go's `log` package: `2026/03/01 12:00:00 http: ...`, a
// panic's `[signal SIGSEGV: ... code=0x1 addr=0x18 pc=0x4d]`, `exit status 2`) starts with prose.
// The grammar (kr/logfmt, go-logfmt) would read such a line as bare keys, but a leading bare word
// cannot be told from prose, so it is taken as prose; after the first pair, bare words are keys as
// the grammar says. Other lines are `no_match` rejects. logfmt writers escape newlines inside
// values, so a record is one line: a panic dump or stack is the process's own output, not part of
// the record above it, and its lines are rejects, not continuation lines.
import type { JsonObject, RecordFormat } from './format.js';
import { looksLikeLogfmt, parseLogfmt } from './key-values.js';
import { isJobEvent, JOB_EVENT_KINDS, sidekiqRecord } from './sidekiq-pretty.js';
import { share } from './format.js';

export const logfmt: RecordFormat = {
  name: 'logfmt',
  family: 'records',
  description: 'logfmt key=value lines (go-kit, logrus, npm logfmt, Sidekiq)',
  manyPerLine: false,
  score: (input) => share(input.lines, looksLikeLogfmt),
  reader: ({ sink }) => {
    let jobEventsNamed = false;
    return {
      line(line, text) {
        // Sidekiq's pairs end in `SEVERITY: message` (sidekiq-pretty.ts).
        const sidekiq = sidekiqRecord(text);
        if (sidekiq) {
          // Where JobLogger logs, its events are job runs: workflow records.
          if (!jobEventsNamed && isJobEvent(sidekiq)) {
            for (const [event, kind] of Object.entries(JOB_EVENT_KINDS)) sink.eventKind?.(event, kind);
            jobEventsNamed = true;
          }
          sink.record(line, sidekiq);
          return;
        }
        const { pairs, startsWithPair } = parseLogfmt(text);
        if (!startsWithPair) {
          sink.reject(line, 'no_match', text);
          return;
        }
        const record: JsonObject = {};
        for (const { key, value } of pairs) record[key] = value;
        sink.record(line, record);
      },
      end() {},
      // Every line is a record of its own (or a reject): any line may begin a part.
      splitsAt: () => true,
      cleanBreakBefore: () => true,
    };
  },
};
