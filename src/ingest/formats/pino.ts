// pino: numeric `level`, `time` in epoch milliseconds, `msg`, usually `pid` and `hostname`.
import { share, type JsonLinesFormat } from './format.js';

export const pino: JsonLinesFormat = {
  name: 'pino',
  family: 'json-lines',
  description: 'pino JSON lines (numeric level, time in epoch ms, msg)',
  score: (objects) =>
    share(objects, (o) => typeof o.level === 'number' && typeof o.time === 'number' && o.v === undefined && ('msg' in o || 'pid' in o)),
};
