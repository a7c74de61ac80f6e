// Go's zap with its production JSON encoder: `ts` in epoch seconds (a float), `level` in lower case,
// `caller` (unless disabled), `msg`. Its duration encoder writes seconds as a float (zapcore.SecondsDurationEncoder).
import { share, type JsonLinesFormat } from './format.js';

export const zap: JsonLinesFormat = {
  name: 'zap',
  family: 'json-lines',
  description: "Go zap's JSON encoder (ts in epoch seconds, level, msg, a caller if any; durations in seconds)",
  // Without a caller (DisableCaller; Caddy's logs, which name a `logger`), zap's epoch seconds still tell it.
  score: (objects) =>
    share(objects, (o) => typeof o.ts === 'number' && typeof o.level === 'string' && typeof o.msg === 'string' && (typeof o.caller === 'string' || Math.abs(o.ts) < 1e11)),
  bareDurationUnit: 's',
};
