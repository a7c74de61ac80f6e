// Generic JSON lines: ECS (`@timestamp`, `log.level`), `ts`/`lvl`, nested objects. The fallback for
// any source whose lines are JSON objects but match no named logger.
import type { JsonLinesFormat } from './format.js';

export const json: JsonLinesFormat = {
  name: 'json',
  family: 'json-lines',
  description: 'generic JSON lines (ECS, ts/lvl, nested objects)',
  score: () => 0,
};
