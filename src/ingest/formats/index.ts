// The format registry and per-source detection. Adding a format means adding a file and a line here.

import type { DetectionInput, Format, JsonObject } from './format.js';
import { pino } from './pino.js';
import { bunyan } from './bunyan.js';
import { winston } from './winston.js';
import { pythonJson } from './python-json.js';
import { structlog } from './structlog.js';
import { json } from './json.js';

/** Named JSON-lines formats, most specific first; `json` is the fallback. */
export const FORMATS: readonly Format[] = [bunyan, pino, pythonJson, structlog, winston, json];

/** A named format must describe at least this share of the sampled records to be chosen. */
const MIN_SCORE = 0.6;

export function formatByName(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}

export function detectionInput(lines: readonly string[], head: string): DetectionInput {
  const objects: JsonObject[] = [];
  for (const line of lines) {
    const trimmed = line.trimStart();
    if (!trimmed.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) objects.push(value as JsonObject);
    } catch {
      // Not JSON: counted as a reject later, by DuckDB.
    }
  }
  return { lines, objects, head };
}

export function detectFormat(input: DetectionInput): Format {
  let best: Format = json;
  let bestScore = 0;
  for (const format of FORMATS) {
    const score = format.score(input.objects);
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return bestScore >= MIN_SCORE ? best : json;
}
