// bunyan: like pino but with `v` (the format version), an ISO `time` and a logger `name`.
import { share, type JsonLinesFormat } from './format.js';

export const bunyan: JsonLinesFormat = {
  name: 'bunyan',
  family: 'json-lines',
  description: 'bunyan JSON lines (v, numeric level, ISO time, name, msg)',
  score: (objects) => share(objects, (o) => typeof o.v === 'number' && typeof o.level === 'number' && typeof o.time === 'string' && 'msg' in o),
};
