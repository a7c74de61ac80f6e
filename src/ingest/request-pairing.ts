// A request logged as two JSON records, Fastify's way: `incoming request` (req.method, req.url) when
// it arrives and `request completed` (res.statusCode, responseTime) when it is answered, both tagged
// with the request's `reqId`. Neither alone is a request (project-json.sql's kind wants a method or
// route and a status or duration on one record), so the end is given its start's method and route
// and becomes the request; the start stays `other`, and each request is counted once. The text
// formats do the same in Node (formats/request-pairs.ts); JSON lines are mapped in SQL, so here the
// pairing is a statement run over a source's projected rows (queries/ingest/pair-requests.sql).
//
// It is decided per source from the sample the mapping is built from: only a source whose sample has
// both halves, each with a request id, maps the request_id slot, and only such a source pays for it.
// Others read exactly what they read before (no request-id path, no extra column, no statement).
import type { Slot } from './aliases.js';
import { parseJsonPath } from './projection.js';
import type { FieldMapping } from './mapping.js';
import { toJsonPath } from './mapping.js';
import { quotedIdentifier } from '../db.js';
import { readSqlFile } from '../sql-files.js';

/**
 * Where the request id is, in priority order: Fastify's reqId (and the other spellings of it at the
 * top level), then pino-http's req.id.
 */
const REQUEST_ID_PATHS: readonly (readonly string[])[] = [['reqId'], ['req_id'], ['request_id'], ['requestId'], ['req', 'id'], ['request', 'id']];

/** The slots that say which half of a request a record is (project-json.sql's lm_pair_role). */
const ASKED_SLOTS: readonly Slot[] = ['method', 'route', 'request_line'];
const ANSWERED_SLOTS: readonly Slot[] = ['http_status', 'duration_ms', 'duration_s', 'duration_us', 'duration_ns', 'duration_any'];
/** Slots a narrowed projection (`check`) reads too for a pairing source: the role's and the id's. */
export const PAIRING_SLOTS: readonly Slot[] = ['request_id', 'method', 'route', 'request_line', 'status', 'http_status',
  'duration_ms', 'duration_s', 'duration_us', 'duration_ns', 'duration_any', 'service_duration', 'ollama_duration', 'ollama_eval_count', 'start_time', 'end_time', 'metric_point'];
/** The columns a projection of a pairing source adds to the events columns, for the pairing statement. */
export const PAIRING_COLUMNS: readonly string[] = ['lm_request_id', 'lm_pair_role'];
/** The events columns the pairing statement rewrites on the records it pairs. */
const REWRITTEN = ['kind', 'method', 'route'] as const;

/** Whether a mapping pairs its requests' records (pairedRequests gave it a request_id slot). */
export function pairsRequests(mapping: FieldMapping): boolean {
  return (mapping.slots.request_id?.length ?? 0) > 0;
}

/**
 * The mapping, with the request id paths its sample uses as the request_id slot when the sample holds
 * both halves of a request as separate records with an id: a record that names a request (method or
 * route) with no outcome (no status, no duration), and one with an outcome that names none. Else the
 * mapping as it is.
 */
export function pairedRequests(mapping: FieldMapping, sample: readonly unknown[]): FieldMapping {
  const asked = slotPaths(mapping, ASKED_SLOTS);
  const answered = slotPaths(mapping, ANSWERED_SLOTS);
  if (asked.length === 0 || answered.length === 0) return mapping;
  const ids = new Set<number>();
  let starts = 0;
  let ends = 0;
  for (const record of sample) {
    const id = REQUEST_ID_PATHS.findIndex((path) => isId(valueAt(record, path)));
    if (id < 0) continue;
    const asks = asked.some((path) => isScalar(valueAt(record, path)));
    const answers = answered.some((path) => isScalar(valueAt(record, path)));
    if (asks === answers) continue;
    if (asks) starts++;
    else ends++;
    ids.add(id);
  }
  if (starts === 0 || ends === 0) return mapping;
  const paths = [...mapping.paths];
  const slot: number[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const path = toJsonPath(REQUEST_ID_PATHS[id] as string[]);
    let index = paths.indexOf(path) + 1;
    if (index === 0) index = paths.push(path);
    slot.push(index);
  }
  return { ...mapping, paths, slots: { ...mapping.slots, request_id: slot } };
}

/**
 * The statement that pairs the records of a projected table (pair-requests.sql): `order` is the
 * column giving the lines' order (`line`, or `rowid` where the table numbers its lines by it), `held`
 * the events columns the table holds. Undefined when it holds none that pairing changes.
 */
export function pairingStatement(table: 'lm_projected' | 'lm_paired_events', order: 'line' | 'rowid', held: readonly string[]): string | undefined {
  const rewritten = REWRITTEN.filter((c) => held.includes(c));
  if (rewritten.length === 0) return undefined;
  const set = rewritten.map((c) => {
    const column = quotedIdentifier(c);
    if (c === 'kind') {
      // An end that is no other kind (an LLM call's status) becomes the request; a record with both
      // method and status but no duration (Fastify's error handler logs req and res beside the error)
      // inside a paired request is its error, not a second request.
      return `${column} = CASE WHEN p.role = 2 AND t.kind = 'other' THEN 'request' WHEN p.role = 3 AND t.kind = 'request' THEN 'other' ELSE t.kind END`;
    }
    return `${column} = CASE WHEN p.role = 2 THEN coalesce(t.${column}, p.start_${c}) ELSE t.${column} END`;
  });
  const startColumns = rewritten.filter((c) => c !== 'kind').map((c) => `, s.${quotedIdentifier(c)} AS start_${c}`).join('');
  return readSqlFile('ingest/pair-requests.sql')
    .replaceAll('{{table}}', table)
    .replaceAll('{{order}}', order)
    .replaceAll('{{set}}', set.join(',\n  '))
    .replaceAll('{{start_columns}}', startColumns);
}

function slotPaths(mapping: FieldMapping, slots: readonly Slot[]): string[][] {
  return slots.flatMap((slot) => (mapping.slots[slot] ?? []).map((i) => parseJsonPath(mapping.paths[i - 1] as string)));
}

function valueAt(record: unknown, path: readonly string[]): unknown {
  let value = record;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isId(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || typeof value === 'number';
}
