// structlog's JSONRenderer: the record's type in `event`, usually `timestamp` and `level`.
import { share, type JsonLinesFormat } from './format.js';

export const structlog: JsonLinesFormat = {
  name: 'structlog',
  family: 'json-lines',
  description: 'structlog JSONRenderer (event, timestamp, level)',
  score: (objects) =>
    share(objects, (o) => typeof o.event === 'string' && ('timestamp' in o || 'level' in o) && !('msg' in o) && !('message' in o) && !('@timestamp' in o)),
};
