// winston's JSON format: a string `level` and `message`, and a `timestamp` when the format adds one.
import { share, type JsonLinesFormat } from './format.js';

export const winston: JsonLinesFormat = {
  name: 'winston',
  family: 'json-lines',
  description: 'winston JSON (string level, message, timestamp)',
  score: (objects) =>
    share(
      objects,
      (o) =>
        typeof o.level === 'string' &&
        'message' in o &&
        !('levelname' in o) &&
        !('msg' in o) &&
        !('@timestamp' in o) &&
        !('event' in o && !('message' in o)),
    ),
};
