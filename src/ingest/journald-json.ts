// journald's JSON export (`journalctl -u agent -o json`): one object per entry, every value a string,
// the line the service printed in MESSAGE. A service that logs JSON (pino under systemd) has its
// record inside MESSAGE as text; such an entry is read as that record, with the entry's time, host
// and unit under `log_prefix` as log-prefix.ts keeps a prefix's (the aliases take log_prefix.time as
// the time only where the record has none, the unit as the service where it names none). An entry
// whose MESSAGE is text (systemd's own "agent.service: Main process exited", a crash's stack) stays
// the entry, read by the journald shape's aliases (shape-aliases.ts: PRIORITY on syslog's scale).

import type { DetectionInput, JsonObject } from './formats/format.js';
import { isObjectText, mostLines, withLogPrefix, type StagedLineSql } from './log-prefix.js';

interface JournalEntry {
  readonly message: string;
  /** Microseconds since the epoch, as journald writes them (a string of digits). */
  readonly realtime: string;
  readonly host?: string;
  readonly unit?: string;
}

function journalEntry(line: string): JournalEntry | undefined {
  if (!line.startsWith('{') || !line.includes('"__REALTIME_TIMESTAMP"')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  const e = parsed as Record<string, unknown>;
  if (typeof e.MESSAGE !== 'string' || typeof e.__REALTIME_TIMESTAMP !== 'string' || !/^\d{1,19}$/.test(e.__REALTIME_TIMESTAMP)) return undefined;
  const text = (key: string) => (typeof e[key] === 'string' && e[key] !== '' ? (e[key] as string) : undefined);
  return { message: e.MESSAGE, realtime: e.__REALTIME_TIMESTAMP, host: text('_HOSTNAME'), unit: text('_SYSTEMD_UNIT') ?? text('SYSLOG_IDENTIFIER') };
}

/** Whether a source's sample is journald's JSON export, some entries holding a JSON record in MESSAGE. */
export function isJournaldExport(sample: readonly string[]): boolean {
  return mostLines(sample, (line) => journalEntry(line) !== undefined) && sample.some((line) => unwrapJournaldLine(line) !== line);
}

/** The line as the staging rewrites it (journaldStagedLineSql): the record in its MESSAGE, or itself. */
export function unwrapJournaldLine(line: string): string {
  const entry = journalEntry(line);
  const inner = entry?.message.trim();
  if (!entry || inner === undefined || !isObjectText(inner)) return line;
  const parts: Record<string, string> = {};
  if (entry.host) parts.host = entry.host;
  if (entry.unit) parts.unit = entry.unit;
  parts.time = realtimeIso(entry.realtime);
  return withLogPrefix(parts, inner);
}

/** journald's microseconds as an ISO time with six decimals, as the SQL writes it. */
function realtimeIso(micros: string): string {
  const us = BigInt(micros);
  const iso = new Date(Number(us / 1000n)).toISOString();
  return `${iso.slice(0, -1)}${String(us % 1000n).padStart(3, '0')}Z`;
}

/**
 * The detection of an unwrapped sample, with the entries' own fields added for the mapping: an entry
 * whose MESSAGE is text stays an entry, and may be in no sample (one crash among a day of records).
 */
export function withJournalFields(detection: DetectionInput, sample: readonly string[]): DetectionInput {
  const entries: JsonObject[] = [];
  for (const line of sample) {
    if (unwrapJournaldLine(line) === line) continue;
    const entry = JSON.parse(line) as JsonObject;
    entries.push({ ...entry, MESSAGE: '' });
    break;
  }
  return { ...detection, objects: [...detection.objects, ...entries] };
}

/**
 * stage-lines.sql's placeholders for a journald export: the entry's fields (prefix_parts), and the
 * record in MESSAGE with log_prefix first (line_text), or the entry. json_valid first: json_transform
 * stops at a malformed line. An entry has no parts of a split line.
 */
export function journaldStagedLineSql(): StagedLineSql {
  const inner = 'trim(m."MESSAGE")';
  const time = `coalesce(strftime(make_timestamp(TRY_CAST(m."__REALTIME_TIMESTAMP" AS BIGINT)), '%Y-%m-%dT%H:%M:%S.%fZ'), '')`;
  return {
    prefixParts: `CASE WHEN random() < 1 AND contains(text, '"__REALTIME_TIMESTAMP"') AND json_valid(text)
      THEN json_transform(text, '{"MESSAGE": "VARCHAR", "__REALTIME_TIMESTAMP": "VARCHAR", "_HOSTNAME": "VARCHAR", "_SYSTEMD_UNIT": "VARCHAR", "SYSLOG_IDENTIFIER": "VARCHAR"}') END`,
    lineText: `CASE WHEN m."MESSAGE" IS NULL OR m."__REALTIME_TIMESTAMP" IS NULL OR NOT lm_is_object(${inner}) THEN text
      ELSE lm_unprefix(${inner}, 1, {'pod': '', 'container': '', 'compose': '', 'stern_pod': '', 'stern_container': '', 'time': ${time}, 'stream': '',
        'host': coalesce(m."_HOSTNAME", ''), 'unit': coalesce(nullif(m."_SYSTEMD_UNIT", ''), m."SYSLOG_IDENTIFIER", '')}) END`,
  };
}
