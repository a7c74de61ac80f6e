// logfmt: key=value pairs, one record a line, as go-kit, logrus and the npm `logfmt` module write
// them: quoted values with escapes, empty values (`error=`), bare keys (true), units in values
// (`duration=1680ms`). A line with no pair is a `no_match` reject; logfmt has no continuation lines.
import type { JsonObject, RecordFormat } from './format.js';
import { looksLikeLogfmt, parseLogfmt } from './key-values.js';
import { share } from './format.js';

export const logfmt: RecordFormat = {
  name: 'logfmt',
  family: 'records',
  description: 'logfmt key=value lines (go-kit, logrus, npm logfmt)',
  manyPerLine: false,
  score: (input) => share(input.lines, looksLikeLogfmt),
  reader: ({ sink }) => ({
    line(line, text) {
      const { pairs } = parseLogfmt(text);
      if (!pairs.some((p) => p.value !== true)) {
        sink.reject(line, 'no_match', text);
        return;
      }
      const record: JsonObject = {};
      for (const { key, value } of pairs) record[key] = value;
      sink.record(line, record);
    },
    end() {},
  }),
};
