// Go's log/slog JSONHandler: `time` (RFC 3339), `level` as DEBUG, INFO, WARN or ERROR (with an
// offset such as INFO+2), `msg`. It writes a time.Duration as int64 nanoseconds, as encoding/json does.
import { share, type JsonLinesFormat } from './format.js';

const LEVEL = /^(DEBUG|INFO|WARN|ERROR)([+-]\d+)?$/;

export const slog: JsonLinesFormat = {
  name: 'slog',
  family: 'json-lines',
  description: "Go log/slog's JSONHandler (time, level DEBUG..ERROR, msg; durations in nanoseconds)",
  score: (objects) => share(objects, (o) => typeof o.time === 'string' && typeof o.level === 'string' && LEVEL.test(o.level) && typeof o.msg === 'string'),
  bareDurationUnit: 'ns',
};
