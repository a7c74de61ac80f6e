// The format registry and per-source detection. Adding a format means adding a file and a line here.
//
// Detection, per source, from the scanner's sample:
//   1. a whole JSON document (the file starts with '{' or '[', its first line can begin JSON but is
//      not a JSON object, and most lines are not): `otlp` when it is an OTLP request, else
//      `json-document`. `[2026-03-01 12:00:00] ...` cannot begin JSON: it is a text log's;
//   2. OTLP requests, one a line: `otlp`;
//   3. mostly JSON objects: the best named JSON-lines logger, else generic `json`;
//   4. text: the best of `python-text`, `logfmt` and `text` (timestamped layouts, message patterns);
//   5. otherwise `json` if any line is a JSON object, else `text` (its lines are `no_match` rejects).

import type { MessagePattern } from '../../config/patterns.js';
import type { DetectionInput, Format, JsonObject } from './format.js';
import { pino } from './pino.js';
import { bunyan } from './bunyan.js';
import { winston } from './winston.js';
import { pythonJson } from './python-json.js';
import { structlog } from './structlog.js';
import { loguru } from './loguru.js';
import { slog } from './slog.js';
import { zap } from './zap.js';
import { json } from './json.js';
import { pythonText } from './python-text.js';
import { logfmt } from './logfmt.js';
import { otlp } from './otlp.js';
import { jsonDocument } from './json-document.js';
import { text } from './text.js';
import { couldStartJson } from './json-prefix.js';

/** Named JSON-lines formats, most specific first; `json` is their fallback. */
const JSON_LINES: readonly Format[] = [bunyan, pino, pythonJson, structlog, loguru, zap, slog, winston, json];
/** Text formats in order of preference when they score alike. */
const TEXT: readonly Format[] = [pythonText, logfmt, text];

export const FORMATS: readonly Format[] = [...JSON_LINES, pythonText, logfmt, otlp, jsonDocument, text];

/** A named format must describe at least this share of the sampled records to be chosen. */
const MIN_SCORE = 0.6;
/** Text logs carry continuation lines (tracebacks), so a smaller share of record starts suffices. */
const MIN_TEXT_SCORE = 0.3;

export function formatByName(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}

export function detectionInput(lines: readonly string[], head: string, patterns: readonly MessagePattern[] = []): DetectionInput {
  const objects: JsonObject[] = [];
  let firstIsObject = false;
  for (const [i, line] of lines.entries()) {
    const trimmed = line.trimStart();
    if (!trimmed.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        objects.push(value as JsonObject);
        if (i === 0) firstIsObject = true;
      }
    } catch {
      // Not JSON: counted as a reject later, by DuckDB.
    }
  }
  const document = /^\uFEFF?\s*[[{]/.test(head) && couldStartJson(firstLine(head)) && !firstIsObject && objects.length * 2 < lines.length;
  return { lines, objects, head, document, patterns };
}

/** The head's first non-blank line, without a BOM: what a JSON document's first line must be able to start. */
function firstLine(head: string): string {
  const start = head.replace(/^\uFEFF/, '').replace(/^\s*\n/, '');
  const end = start.indexOf('\n');
  return end < 0 ? start : start.slice(0, end);
}

export function detectFormat(input: DetectionInput): Format {
  if (input.document) return otlp.score(input) >= MIN_SCORE ? otlp : jsonDocument;
  if (input.objects.length > 0 && otlp.score(input) >= MIN_SCORE) return otlp;
  if (input.objects.length > 0 && input.objects.length * 2 >= input.lines.length) return best(JSON_LINES, input, MIN_SCORE) ?? json;
  const textFormat = best(TEXT, input, MIN_TEXT_SCORE);
  if (textFormat) return textFormat;
  return input.objects.length > 0 || input.lines.length === 0 ? json : text;
}

/** The text format that reads the sample (at least MIN_TEXT_SCORE of its lines start records), if any. */
export function detectTextFormat(input: DetectionInput, given?: Format): Format | undefined {
  if (given) return given.family === 'records' && TEXT.includes(given) && given.score(input) >= MIN_TEXT_SCORE ? given : undefined;
  return best(TEXT, input, MIN_TEXT_SCORE);
}

function best(formats: readonly Format[], input: DetectionInput, min: number): Format | undefined {
  let chosen: Format | undefined;
  let bestScore = 0;
  for (const format of formats) {
    const score = format.family === 'json-lines' ? format.score(input.objects) : format.score(input);
    if (score > bestScore) {
      chosen = format;
      bestScore = score;
    }
  }
  return bestScore >= min ? chosen : undefined;
}
