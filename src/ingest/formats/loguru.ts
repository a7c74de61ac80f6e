// Python's loguru with serialize=True: the formatted line in `text`, the record in `record` (time,
// level, message, and the fields bound with logger.bind under record.extra; aliases.ts reads those
// as top-level keys and skips record.file, the source file that logged).
import { share, type JsonLinesFormat } from './format.js';

export const loguru: JsonLinesFormat = {
  name: 'loguru',
  family: 'json-lines',
  description: 'Python loguru, serialize=True (text, record.time, record.level, record.extra)',
  score: (objects) =>
    share(objects, (o) => typeof o.text === 'string' && o.record !== null && typeof o.record === 'object' && 'time' in o.record && 'level' in o.record),
};
