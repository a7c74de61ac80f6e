// Python's logging with python-json-logger: `levelname`, `message`, `asctime` ("2026-03-02 10:00:00,123").
import { share, type JsonLinesFormat } from './format.js';

export const pythonJson: JsonLinesFormat = {
  name: 'python-json',
  family: 'json-lines',
  description: 'Python logging with python-json-logger (asctime, levelname, message)',
  score: (objects) => share(objects, (o) => 'levelname' in o || ('asctime' in o && 'message' in o)),
};
