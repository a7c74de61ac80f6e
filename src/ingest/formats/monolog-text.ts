// PHP's Monolog in its LineFormatter's default layout, which Laravel and Symfony write (real output
// of Monolog 2.9 in test/fixtures/loggers/monolog-*.log). Monolog's src/Monolog/Formatter/LineFormatter.php:
//   public const SIMPLE_FORMAT = "[%datetime%] %channel%.%level_name%: %message% %context% %extra%\n";
// the time in NormalizerFormatter::SIMPLE_DATE, "Y-m-d\TH:i:s.uP" (`2026-03-02T10:00:00.123456+00:00`),
// or Laravel's "Y-m-d H:i:s" (LogManager::formatter()); the channel (`app`, Laravel's the environment:
// `local`, `production`); the level's name (DEBUG INFO NOTICE WARNING ERROR CRITICAL ALERT EMERGENCY:
// NOTICE reads as info, CRITICAL, ALERT and EMERGENCY as fatal); the message; the context and the
// extra (what processors add) as JSON, `[]` when empty, or left out when empty with
// ignoreEmptyContextAndExtra (Laravel's). Laravel also allows line breaks and includes stack traces:
// the lines after the header then continue the message or the context's JSON strings, which the
// formatter writes with their newlines as they are (`{"exception":"[object] (RuntimeException(code: 0):
// boom at /srv/app/worker.php:35)` then `[stacktrace]`, `#0 ...`, ... then `"}`).
//
// The channel is the `logger`; the context's and the extra's keys are fields, as a trailing JSON
// object's are in python-text; an `exception` in the context is the record's error.
import type { JsonObject } from './format.js';
import { continuedReading } from './continued-record.js';
import { asctimeOf, TIME, type Layout } from './text-layouts.js';
import { messageRecord, putPair } from './text-reader.js';

const LINE = new RegExp(
  String.raw`^\[(?<time>${TIME})\] (?<channel>[^\s\[\]]+?)\.(?<level>DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY): (?<message>.*)$`,
);

/** At most this many starts are tried for each of the two JSON values: a line pays for few failed parses. */
const MAX_TRIES = 8;

/** The JSON value (`[]` or an object) that ends `text`, and the text before it; tried from the right. */
function lastJsonValue(text: string): { before: string; value: JsonObject | undefined } | undefined {
  const end = text.trimEnd();
  if (end.endsWith(' []') || end === '[]') return { before: end.slice(0, -2).trimEnd(), value: undefined };
  if (!end.endsWith('}')) return undefined;
  let tries = 0;
  for (let at = end.lastIndexOf('{'); at >= 0 && tries < MAX_TRIES; at = end.lastIndexOf('{', at - 1)) {
    if (at > 0 && end[at - 1] !== ' ') continue;
    tries++;
    try {
      // Laravel's line breaks are the JSON strings' own newlines, written unescaped.
      const value: unknown = JSON.parse(end.slice(at).replace(/\r?\n/g, '\\n'));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { before: end.slice(0, at).trimEnd(), value: value as JsonObject };
    } catch {
      // Not the start of the value: one further left.
    }
    if (at === 0) break;
  }
  return undefined;
}

/** The message less its `%context% %extra%`, and their objects (the extra first, so that a key both have is the context's). */
export function monologMessage(message: string): { text: string; values: JsonObject[] } {
  const extra = lastJsonValue(message);
  if (!extra) return { text: message.trimEnd(), values: [] };
  const context = lastJsonValue(extra.before);
  // With ignoreEmptyContextAndExtra, a lone value is the context: the extra is what is left out more often.
  const values = [extra.value, context?.value].filter((v): v is JsonObject => v !== undefined);
  return { text: context ? context.before : extra.before, values };
}

function monologRecord(header: JsonObject, message: string): JsonObject {
  const { text, values } = monologMessage(message);
  const record = messageRecord(header, text);
  for (const value of values) for (const [key, v] of Object.entries(value)) putPair(record, key, v);
  return record;
}

const reading = continuedReading({
  start: (groups) => ({ header: { time: asctimeOf(groups.time as string), level: groups.level as string, logger: groups.channel as string }, message: groups.message ?? '' }),
  indent: 0,
  read: monologRecord,
});

export const MONOLOG_LAYOUTS: readonly Layout[] = [{ template: '[TIME] CHANNEL.LEVEL: MESSAGE CONTEXT EXTRA   (PHP Monolog, Laravel, Symfony)', regex: LINE, reading }];
