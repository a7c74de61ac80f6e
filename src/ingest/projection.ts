// Fills the slot placeholders of queries/ingest/project-json.sql for one source's mapping, and
// builds the bound parameters that go with it.
//
// Every JSON path the mapping uses is read in one parse per line by json_transform into a STRUCT
// whose shape is the tree of those paths (bound as $structure). A placeholder becomes a
// `coalesce(...)` over positional struct_extract_at() chains, or NULL: the only text this inserts
// into the SQL is built from integers, so no logged key reaches the SQL text.
//
// Why json_transform and not json_extract_string(text, $paths): the latter looks every path up
// separately (a linear scan of the object's keys per path) and builds a list per row; with the
// 30-40 paths a real mapping has, that was the most expensive step of ingest (docs/PERFORMANCE.md).
//
// Two differences from json_extract_string are handled so results stay identical:
//   - a path that is both a value and the parent of another path (`err` and `err.message`) is read
//     as text; its children are re-read with json_extract_string, only on rows where it is an object;
//   - json_transform prints an exponent-form double as `1e-06` where json_extract_string prints
//     `0.000001`. Numeric slots cast the text, which reads both the same; text slots re-read a value
//     that looks like such a number with json_extract_string.

import { listValue, quotedIdentifier, type DuckDBValue } from '../db.js';
import { EVENT_COLUMNS } from '../schema.js';
import { SLOTS, type Slot } from './aliases.js';
import type { FieldMapping } from './mapping.js';
import { readSqlFile } from '../sql-files.js';
import { foldNullCalls } from './fold-null-calls.js';
import { keepOutputColumns } from './output-columns.js';
import { PAIRING_COLUMNS, PAIRING_SLOTS, pairingStatement, pairsRequests } from './request-pairing.js';
import type { DateOrder } from './date-order.js';

/** Slots whose text is only ever cast to a number or timestamp (or tested for NULL). */
const NUMERIC_SLOTS = new Set<string>([
  'ts', 'ts_epoch_second', 'ts_nano_of_second', 'start_time', 'end_time', 'level', 'severity_number', 'level_number', 'value',
  'tokens_in', 'tokens_in_total', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_read_outside', 'cache_write_outside', 'tokens_out', 'tokens_out_thoughts', 'cost_usd',
  'duration_ms', 'duration_s', 'duration_us', 'duration_ns', 'duration_any', 'service_duration', 'ollama_duration', 'ollama_eval_count', 'usage_object', 'call_count',
  'success', 'http_status', 'bytes', 'lines_changed', 'gauge', 'metric_point', 'clef_template', 'syslog_levels',
]);

/** Text slots whose value may be an object or a list, kept as its JSON text (mapping.ts OBJECT_SLOTS). */
const OBJECT_TEXT_SLOTS = new Set<string>(['error', 'stack']);

interface PathNode {
  readonly children: Map<string, PathNode>;
  /** 1-based index into mapping.paths when this node's value is itself wanted. */
  index?: number;
}

export interface Projection {
  /** The SQL with every placeholder filled. */
  readonly sql: string;
  /** Bound parameters the SQL needs besides $source, $tz and $line_offset. */
  readonly params: Record<string, DuckDBValue>;
  /**
   * For a source whose requests are logged as two records (request-pairing.ts): the sql writes
   * lm_paired_events instead of events, then these run in order (pair its records, move them into
   * events, drop it). Absent for any other source.
   */
  readonly pairing?: { readonly pair: string | undefined; readonly insert: string; readonly drop: string };
}

// The slots each events column is computed from in project-json.sql, through kind where it reads it.
// A narrowed projection reads only these paths: the JSON parse, the struct and every slot macro
// shrink with them. Keep in step with project-json.sql (test/perf/narrow-projection.test.ts checks).
const METRIC_SLOTS: readonly Slot[] = ['metric', 'event', 'value', 'name', 'metric_point'];
const DURATION_SLOTS: readonly Slot[] = ['duration_ms', 'duration_s', 'duration_us', 'duration_ns', 'duration_any', 'service_duration', 'ollama_duration', 'ollama_eval_count'];
/** A usage object written as text feeds every token column. */
const TOKEN_SLOTS: readonly Slot[] = ['tokens_in', 'tokens_out', 'tokens_out_thoughts', 'usage_repr'];
const LEVEL_SLOTS: readonly Slot[] = ['level', 'severity_number', 'level_number', 'clef_template', 'syslog_levels'];
const KIND_SLOTS: readonly Slot[] = [
  'event', 'op', 'path', 'model', 'model_version', 'operation', 'usage_object', 'call_count', 'method', 'route', 'request_line', ...TOKEN_SLOTS, ...DURATION_SLOTS,
  'http_status', 'status', 'cost_usd', ...METRIC_SLOTS, 'gauge', ...LEVEL_SLOTS,
];
const COLUMN_SLOTS: Readonly<Record<string, readonly Slot[]>> = {
  ts: ['ts', 'ts_epoch_second', 'ts_nano_of_second', 'start_time', 'end_time'],
  level: LEVEL_SLOTS,
  event: ['event'],
  message: ['message', 'event'],
  kind: KIND_SLOTS,
  method: ['method', 'request_line'],
  route: ['route', 'path', ...KIND_SLOTS],
  metric: METRIC_SLOTS,
  value: METRIC_SLOTS,
  service: ['service'],
  host: ['host'],
  session_id: ['session_id', 'thread_id'],
  workflow: ['workflow'],
  workflow_id: ['workflow_id'],
  agent: ['agent'],
  provider: ['provider'],
  model: ['model', 'model_version'],
  tokens_in: ['tokens_in', 'tokens_in_total', 'cache_read_outside', 'cache_write_outside', 'usage_repr', ...METRIC_SLOTS],
  tokens_out: ['tokens_out', 'tokens_out_thoughts', 'usage_repr', ...METRIC_SLOTS],
  cost_usd: ['cost_usd', ...METRIC_SLOTS],
  duration_ms: [...DURATION_SLOTS, 'start_time', 'end_time', ...METRIC_SLOTS],
  ok: ['success', 'status', 'error', 'stack', 'event', 'http_status', ...LEVEL_SLOTS, ...KIND_SLOTS],
  status: ['status', 'http_status'],
  error: ['error', 'stack'],
  op: ['op', 'event', ...KIND_SLOTS],
  path: ['path', 'route', ...KIND_SLOTS],
  bytes: ['bytes'],
  lines_changed: ['lines_changed'],
  source: [],
  line: [],
  attrs: [],
  cache_read_tokens: ['cache_read', 'cache_read_outside', 'usage_repr', 'metric_point'],
  cache_write_tokens: ['cache_write', 'cache_write_outside', 'usage_repr', 'metric_point'],
  cache_write_1h_tokens: ['cache_write_1h', 'usage_repr', 'metric_point'],
};

export interface ProjectionOptions {
  /**
   * The events columns to fill (source and line always are); the others stay NULL. Absent: all of
   * them. For a throwaway database whose reader needs a few columns (`check` with a p95 over kind
   * and duration_ms).
   */
  readonly columns?: ReadonlySet<string>;
  /** Event names the configuration gives a kind or op. */
  readonly eventNames?: EventNames;
  /** The zone of zone-less times (--tz), bound as $tz where a time is read. Default UTC. */
  readonly timeZone?: string;
  /**
   * Write the rows to a new temp table of this name instead of events: a batch of small sources
   * (batch.ts) gives them their sources and line numbers after.
   */
  readonly intoTempTable?: 'lm_batch_events';
}

/**
 * The projection of staged lines (lm_lines, records-staged.sql) into events: every format, every
 * column. Its `structure` is bound as a parameter.
 */
export function projection(fullMapping: FieldMapping, options: ProjectionOptions = {}): Projection {
  const columns = columnsToFill(options.columns);
  const pairs = pairsRequests(fullMapping);
  const mapping = options.columns ? narrowMapping(fullMapping, slotsOf(columns, pairs)) : fullMapping;
  const { structure, refs, parents } = plan(mapping.paths);
  const withAttrs = columns.includes('attrs');
  const repeated = repeatedKeysRead(mapping, withAttrs);
  const records = readSqlFile('ingest/records-staged.sql')
    .replaceAll('{{line_json}}', withAttrs ? 'TRY_CAST(text AS JSON)' : 'CASE WHEN json_valid(text) THEN text END')
    .replaceAll('{{record_json}}', lastValuesFirst('j', repeated.length, { type: withAttrs ? 'JSON' : 'VARCHAR' }));
  const list = columns.map(quotedIdentifier).join(', ');
  const lookup = eventNameLookup(options.eventNames);
  // A pairing source's rows wait in a table of their own, with their request ids, to be paired.
  if (pairs && options.intoTempTable) throw new Error('a source that pairs its requests is not read in a batch');
  const head = pairs ? 'CREATE OR REPLACE TEMP TABLE lm_paired_events AS'
    : options.intoTempTable ? `CREATE OR REPLACE TEMP TABLE ${options.intoTempTable} AS` : `INSERT INTO events (${list})`;
  const selected = pairs ? [list, ...PAIRING_COLUMNS].join(', ') : list;
  const sql = fillProjection(mapping, `${head}\nSELECT ${selected} FROM (`, columns, refs, parents, records, lookup.sql, pairs);
  const params = { ...projectionParams(sql, mapping, structure, options.timeZone), ...repeatedKeyParams(repeated), ...lookup.params };
  if (!pairs) return { sql, params };
  const pairing = {
    pair: pairingStatement('lm_paired_events', 'line', columns),
    insert: `INSERT INTO events (${list}) SELECT ${list} FROM lm_paired_events`,
    drop: 'DROP TABLE IF EXISTS lm_paired_events',
  };
  return { sql, params, pairing };
}

/** A projection of JSON lines parsed as they are read (records-stream.sql), in two statements. */
export interface StreamProjection {
  /** Reads and parses the line file into lm_projected: bind $path, $max_line_size, $buffer_size too. */
  readonly sql: string;
  readonly params: Record<string, DuckDBValue>;
  /** Moves lm_projected's records into events, numbered (project-stream.sql). */
  readonly insert: string;
  /** The events columns lm_projected holds (all but source and line, or fewer). */
  readonly held: readonly string[];
  /** For a source whose requests are logged as two records: the statement that pairs lm_projected's (request-pairing.ts). */
  readonly pair?: string;
}

/**
 * The projection of JSON lines parsed once as DuckDB reads them (records-stream.sql, or
 * records-stream-json.sql when attrs is filled) into lm_projected, filling `columns` (all of them when
 * undefined). The lines are neither staged nor parsed twice, and the slots are computed in the same
 * parallel pass; the line is kept only on the rows where a value is re-read from it.
 */
export function streamProjection(fullMapping: FieldMapping, options: ProjectionOptions = {}): StreamProjection {
  const columnsWanted = options.columns;
  const columns = columnsToFill(columnsWanted);
  const pairs = pairsRequests(fullMapping);
  const mapping = columnsWanted ? narrowMapping(fullMapping, slotsOf(columns, pairs)) : fullMapping;
  const { structure, refs, rereadWhen, parents } = plan(mapping.paths);
  const withAttrs = columns.includes('attrs');
  const repeated = repeatedKeysRead(mapping, withAttrs);
  let records: string;
  if (withAttrs) {
    records = readSqlFile('ingest/records-stream-json.sql')
      .replaceAll('{{record_json}}', lastValuesFirst('j', repeated.length, { isObject: 'is_object', type: 'JSON' }));
  } else {
    // The line is kept only where a value must be re-read from it: a text value json_transform
    // prints differently (exactText), or the paths below a value that is an object (plan()).
    // (A path re-read from j already has json_extract_string's text.)
    const exponents = [...textPathsOf(mapping)].map((i) => refs[i - 1] as string).filter((ref) => !ref.includes('$paths['));
    const reread = [...exponents.map(looksExponent), ...rereadWhen];
    records = readSqlFile('ingest/records-stream.sql')
      .replaceAll('{{keep_line}}', reread.length > 0 ? reread.join(' OR ') : 'false')
      .replaceAll('{{record_text}}', lastValuesFirst('text', repeated.length, { isObject: 'is_object', type: 'VARCHAR' }));
  }
  // lm_projected numbers the lines by rowid: source and line are filled when its records are read.
  const held = columns.filter((c) => c !== 'source' && c !== 'line');
  const heldList = held.map((c) => quotedIdentifier(c) + ', ').join('');
  // A pairing source's table holds its request ids too, for the statement that pairs its records.
  const pairingList = pairs ? PAIRING_COLUMNS.map((c) => c + ', ').join('') : '';
  const target = `CREATE OR REPLACE TEMP TABLE lm_projected AS\nSELECT ${heldList}${pairingList}is_record, unread FROM (`;
  const lookup = eventNameLookup(options.eventNames);
  const sql = fillProjection(mapping, target, columns, refs, parents, records, lookup.sql, pairs);
  const insert = readSqlFile('ingest/project-stream.sql').replaceAll('{{held}}', heldList);
  // lm_projected numbers its lines by rowid (its line column is NULL).
  const pair = pairs ? pairingStatement('lm_projected', 'rowid', held) : undefined;
  return { sql, params: { ...projectionParams(sql, mapping, structure, options.timeZone), ...repeatedKeyParams(repeated), ...lookup.params }, insert, held, ...(pair ? { pair } : {}) };
}

/**
 * The keys named twice (FieldMapping.repeatedKeys) whose value this projection reads: all of them
 * when it fills attrs, else those its paths start with. The others are left as the line has them.
 */
function repeatedKeysRead(mapping: FieldMapping, withAttrs: boolean): readonly string[] {
  const keys = mapping.repeatedKeys ?? [];
  if (withAttrs || keys.length === 0) return keys;
  const roots = new Set(mapping.paths.map((path) => parseJsonPath(path)[0]));
  return keys.filter((key) => roots.has(key));
}

/**
 * A records reader's JSON text (records-*.sql's record_text and record_json): `column` as it is, or,
 * on a line that names one of the repeated keys twice at its top level, with `"key":<last value>,`
 * put first for each such key (lm_last_entry). DuckDB's JSON functions read the first value and
 * JSON.parse the last: with the last value first, both read it, in every column and in attrs. A regex
 * over the line's text ($repeated_key_gate: one of the keys, then one of them again) picks the lines
 * worth parsing into their entries; most lines of most sources have none, and pay only the regex.
 * `isObject` names the reader's column saying the line is a JSON object (the staged reader has kept
 * only those). The rewritten text is typed as the reader types its JSON text.
 */
function lastValuesFirst(column: string, keyCount: number, { isObject, type }: { isObject?: string; type: 'VARCHAR' | 'JSON' }): string {
  if (keyCount === 0) return column;
  const entries = Array.from({ length: keyCount }, (_, k) => `lm_last_entry(map_keys(m), map_values(m), $repeated_keys[${k + 1}])`).join(', ');
  // A lambda over a one-item list computes the entries once per line (a macro argument is computed wherever it is named).
  const rewritten = `list_transform([json_transform(${column}, '"MAP(VARCHAR, JSON)"')], m -> list_transform([concat(${entries})], first ->
      CASE WHEN first = '' THEN ${column} ELSE ('{' || first || substr(ltrim(${column}, ' ' || chr(9)), 2))::${type} END)[1])[1]`;
  const gate = `regexp_matches(${column}, $repeated_key_gate)`;
  return `CASE WHEN ${isObject !== undefined ? `${isObject} AND ` : ''}${gate} THEN ${rewritten} ELSE ${column} END`;
}

/** The parameters lastValuesFirst reads: the keys, and the regex that finds lines naming them twice (keys as JSON writes them). */
function repeatedKeyParams(keys: readonly string[]): Record<string, DuckDBValue> {
  if (keys.length === 0) return {};
  const names = keys.map((key) => escapeRegExp(JSON.stringify(key).slice(1, -1))).join('|');
  return { repeated_keys: listValue([...keys]), repeated_key_gate: `"(?:${names})"\\s*:[\\s\\S]*"(?:${names})"\\s*:` };
}

/** The text as a regex (RE2, as DuckDB's regexp_matches reads it) that matches it literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The bound parameters of a filled project-json.sql (DuckDB refuses a name the statement does not
 * use): $tz only where a time is read, which a mapping without time keys folds away (fold-null-calls.ts).
 */
function projectionParams(sql: string, mapping: FieldMapping, structure: Readonly<Record<string, unknown>>, timeZone = 'UTC'): Record<string, DuckDBValue> {
  const params: Record<string, DuckDBValue> = { structure: shapeText(structure) };
  if (sql.includes('$paths[')) params.paths = listValue([...mapping.paths]);
  // Only its code counts: its comments name $tz too.
  if (/\$tz\b/.test(sql.replace(/--[^\n]*/g, ''))) params.tz = timeZone;
  return params;
}

/**
 * The structure as json_transform takes it. DuckDB refuses an empty one (and a table of a struct with
 * an unnamed field): a mapping with no paths (a narrowed one reading only the line number) reads one
 * key that nothing uses.
 */
function shapeText(structure: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(structure).length > 0 ? structure : { unused: 'VARCHAR' });
}

/** The events columns a projection fills: source and line cost nothing and keep rows traceable. */
function columnsToFill(wanted: ReadonlySet<string> | undefined): string[] {
  for (const name of wanted ?? []) {
    if (!(name in COLUMN_SLOTS)) throw new Error(`not an events column: ${name}`);
  }
  return EVENT_COLUMNS.map((c) => c.name).filter((name) => !wanted || wanted.has(name) || name === 'source' || name === 'line');
}

/** The slots the columns are computed from, and those that pair a source's requests when it does. */
function slotsOf(columns: readonly string[], pairs = false): Set<Slot> {
  return new Set([...columns.flatMap((c) => COLUMN_SLOTS[c] ?? []), ...(pairs ? PAIRING_SLOTS : [])]);
}

/**
 * The event names a configuration gives a kind or op (logmeter.yml's kinds and ops, message patterns
 * that set a kind), keyed by the lower-case name. Looked up per row in bound lists, not joined: a
 * join breaks the row order the stream reader numbers lines by (records-stream.sql).
 */
export interface EventNames {
  readonly kinds: ReadonlyMap<string, string>;
  readonly ops: ReadonlyMap<string, string>;
}

/** project-json.sql's mapped_kind and mapped_op, and the parameters they read (none without names). */
function eventNameLookup(names: EventNames | undefined): { sql: Record<'mapped_kind' | 'mapped_op', string>; params: Record<string, DuckDBValue> } {
  const events = [...new Set([...(names?.kinds.keys() ?? []), ...(names?.ops.keys() ?? [])])];
  if (!names || events.length === 0) return { sql: { mapped_kind: 'NULL::VARCHAR', mapped_op: 'NULL::VARCHAR' }, params: {} };
  // An op alone makes the event a file operation.
  const kinds = events.map((e) => names.kinds.get(e) ?? (names.ops.has(e) ? 'file_op' : 'other'));
  // '' for no op: a bound list whose first item is NULL would be typed NULL[] and lose the rest.
  const ops = events.map((e) => names.ops.get(e) ?? '');
  const at = 'list_position($event_names, lower(s_event))';
  return {
    sql: { mapped_kind: `$event_kinds[${at}]`, mapped_op: `nullif($event_ops[${at}], '')` },
    params: { event_names: listValue(events), event_kinds: listValue(kinds), event_ops: listValue(ops) },
  };
}

/** project-json.sql with every placeholder filled: `target` is its head, `records` its reader. */
function fillProjection(mapping: FieldMapping, target: string, columns: readonly string[], refs: readonly string[], parents: ReadonlySet<number>,
  records: string, eventLookup: Readonly<Record<string, string>>, pairs = false): string {
  // Only the columns some slot reads: fewer expressions to bind (planning is most of a small ingest).
  const textPaths = textPathsOf(mapping);
  const filled = readSqlFile('ingest/project-json.sql').replace(/\{\{([a-z0-9_]+)\}\}/g, (_, slot: string) => {
    if (slot === 'target') return target;
    if (Object.hasOwn(eventLookup, slot)) return eventLookup[slot] as string;
    if (slot === 'records') return records;
    if (slot === 'path_values') return refs.map((ref, k) => `${ref} AS p${k + 1}`).join(', ');
    if (slot === 'path_texts') return ['NULL AS t0', ...[...textPaths].sort((a, b) => a - b).map((i) => `${exactText(i)} AS t${i}`)].join(', ');
    if (!SLOTS.includes(slot as Slot)) throw new Error(`unknown slot {{${slot}}} in project-json.sql`);
    if (slot === 'ts') return timeExpression(mapping.slots.ts, mapping.dateOrder);
    return slotExpression(mapping.slots[slot as Slot], NUMERIC_SLOTS.has(slot) ? 'numeric' : OBJECT_TEXT_SLOTS.has(slot) ? 'text' : 'scalar', parents);
  });
  // Less for DuckDB to bind: the calls over empty slots, and the columns the head does not read.
  const folded = foldNullCalls(filled);
  if (pairs) return keepOutputColumns(folded, [...columns, ...PAIRING_COLUMNS]);
  return columns.length === EVENT_COLUMNS.length ? folded : keepOutputColumns(folded, columns);
}

/** The mapping restricted to some slots, its paths renumbered: the paths no kept slot reads are gone. */
export function narrowMapping(mapping: FieldMapping, keep: ReadonlySet<Slot>): FieldMapping {
  const paths: string[] = [];
  const renumbered = new Map<number, number>();
  const slots: Partial<Record<Slot, readonly number[]>> = {};
  for (const [slot, indexes] of Object.entries(mapping.slots) as [Slot, readonly number[]][]) {
    if (!keep.has(slot)) continue;
    slots[slot] = indexes.map((i) => {
      let n = renumbered.get(i);
      if (n === undefined) {
        paths.push(mapping.paths[i - 1] as string);
        renumbered.set(i, (n = paths.length));
      }
      return n;
    });
  }
  return { paths, slots, ...(mapping.repeatedKeys ? { repeatedKeys: mapping.repeatedKeys } : {}), ...(mapping.dateOrder ? { dateOrder: mapping.dateOrder } : {}) };
}

/** The paths some text slot reads (numeric slots read every spelling of a number alike). */
function textPathsOf(mapping: FieldMapping): Set<number> {
  const textPaths = new Set<number>();
  for (const [slot, indexes] of Object.entries(mapping.slots)) {
    if (!NUMERIC_SLOTS.has(slot)) for (const i of indexes ?? []) textPaths.add(i);
  }
  return textPaths;
}

/** A value json_transform prints in exponent form (`1e-06`), where json_extract_string does not. */
function looksExponent(value: string): string {
  // Cheap tests first: a number starts with '-' (45) or a digit (48-57), and the exponent is an 'e'.
  return `((ascii(${value}) = 45 OR ascii(${value}) BETWEEN 48 AND 57) AND contains(${value}, 'e') AND TRY_CAST(${value} AS DOUBLE) IS NOT NULL)`;
}

/**
 * The exact json_extract_string text of path i from its column p<i>: json_transform prints an
 * exponent-form double as `1e-06` where json_extract_string prints `0.000001`, so such a value is
 * re-read. Each path's p<i> and t<i> are computed once per row; DuckDB drops the unused ones.
 * Where the stream reader kept no line (j NULL), no value needs re-reading (its keep_line tested the
 * same), so the test is skipped: ~35 ms per 1M lines.
 */
function exactText(i: number): string {
  return `CASE WHEN j IS NULL THEN p${i} WHEN ${looksExponent(`p${i}`)} THEN json_extract_string(j, $paths[${i}]) ELSE p${i} END`;
}

/**
 * The SQL text of a placeholder: the first non-NULL of the slot's path columns. For a slot that
 * takes scalars only, the first that is a scalar: where `model` is a string in one record and an
 * object in another (`{"name": ...}`), the object's text must not hide `model.name`. Only such
 * paths, the parents of other wanted paths (plan()), are tested: testing every path cost ~15% of
 * check's one pass.
 */
export function slotExpression(indexes: readonly number[] | undefined, kind: 'numeric' | 'scalar' | 'text', parents: ReadonlySet<number> = new Set()): string {
  if (!indexes || indexes.length === 0) return 'NULL::VARCHAR';
  const columns = indexes.map((i) => {
    if (!Number.isInteger(i) || i < 1) throw new Error(`bad path index ${i}`);
    // Numeric slots only cast the text, which reads `1e-06` and `0.000001` alike.
    return (kind === 'numeric' ? 'p' : 't') + String(i);
  });
  if (columns.length === 1) return columns[0] as string;
  return 'coalesce(' + columns.map((c, k) => (kind === 'scalar' && parents.has(indexes[k] as number) ? `lm_scalar(${c})` : c)).join(', ') + ')';
}

/**
 * The ts slot's time (TIMESTAMPTZ): the first of the record's time keys whose value reads as a moment
 * since 2001 (lm_ts_moment), else the first that reads at all. Falling through key by key, a
 * `time` that is not the logger's (an elapsed `"time": 12`, `"15ms"`, a business `"date"`) does not
 * hide the `timestamp` beside it. With one key (pino's `time`) that is lm_ts alone: the hot path
 * of a benchmark stays as it was. A source whose numeric dates have an order (date-order.ts) has
 * each value rewritten as ISO first (lm_numeric_date), with the order as one of two literals: the
 * other sources' SQL does not change.
 */
export function timeExpression(indexes: readonly number[] | undefined, dateOrder?: DateOrder): string {
  if (!indexes || indexes.length === 0) return 'NULL::TIMESTAMPTZ';
  for (const i of indexes) if (!Number.isInteger(i) || i < 1) throw new Error(`bad path index ${i}`);
  const value = (i: number) => (dateOrder === undefined ? `p${i}` : `lm_numeric_date(p${i}, ${dateOrder === 'dmy' ? 'true' : 'false'})`);
  const read = indexes.map((i) => `lm_ts(${value(i)}, $tz)`);
  if (indexes.length === 1) return read[0] as string;
  return `coalesce(${[...indexes.map((i) => `lm_ts_moment(${value(i)}, $tz)`), ...read].join(', ')})`;
}

/**
 * The json_transform structure for a list of paths, and for each path (by position) the SQL that
 * reads its value as text from the transformed struct `v` (or from the line `j`).
 */
export function plan(paths: readonly string[]): { structure: Record<string, unknown>; refs: string[]; rereadWhen: string[]; parents: Set<number> } {
  const root: PathNode = { children: new Map() };
  paths.forEach((path, i) => {
    let node = root;
    for (const segment of parseJsonPath(path)) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
    node.index ??= i + 1;
  });
  const refs: string[] = new Array(paths.length);
  // When a row's paths below a value must be re-read from the line j (a reader that keeps j only where needed).
  const rereadWhen: string[] = [];
  // The paths (1-based) whose value may be an object holding other wanted paths.
  const parents = new Set<number>();
  const build = (node: PathNode, ref: string): unknown => {
    if (node.index !== undefined || node.children.size === 0) {
      // A wanted value is read as text, even when other wanted paths lie below it.
      if (node.index !== undefined) refs[node.index - 1] = ref;
      let below = false;
      visitBelow(node, (child) => {
        below = true;
        refs[(child.index as number) - 1] = `CASE WHEN left(${ref}, 1) = '{' THEN json_extract_string(j, $paths[${child.index}]) END`;
      });
      if (below) {
        rereadWhen.push(`left(${ref}, 1) = '{'`);
        if (node.index !== undefined) parents.add(node.index);
      }
      return 'VARCHAR';
    }
    const shape: Record<string, unknown> = {};
    let position = 0;
    for (const [key, child] of node.children) {
      position++;
      shape[key] = build(child, `struct_extract_at(${ref}, ${position})`);
    }
    return shape;
  };
  if (root.index !== undefined) throw new Error('the whole record is not a slot path');
  const structure: Record<string, unknown> = {};
  let position = 0;
  for (const [key, child] of root.children) {
    position++;
    structure[key] = build(child, `struct_extract_at(v, ${position})`);
  }
  // Paths that are exact duplicates of an earlier one read the same value.
  paths.forEach((path, i) => {
    if (refs[i] === undefined) refs[i] = refs[paths.indexOf(path)] as string;
  });
  // Exact duplicates of a parent path read the same value.
  paths.forEach((path, i) => {
    if (parents.has(paths.indexOf(path) + 1)) parents.add(i + 1);
  });
  return { structure, refs, rereadWhen, parents };
}

function visitBelow(node: PathNode, f: (node: PathNode) => void): void {
  for (const child of node.children.values()) {
    if (child.index !== undefined) f(child);
    visitBelow(child, f);
  }
}

/** The segments of a path written by mapping.ts's toJsonPath: `$."a"."b"` with JSON-quoted keys. */
export function parseJsonPath(path: string): string[] {
  if (!path.startsWith('$')) throw new Error(`not a JSON path: ${path}`);
  const segments: string[] = [];
  const key = /\.("(?:[^"\\]|\\.)*")/y;
  key.lastIndex = 1;
  while (key.lastIndex < path.length) {
    const match = key.exec(path);
    if (!match) throw new Error(`not a quoted JSON path: ${path}`);
    segments.push(JSON.parse(match[1] as string) as string);
  }
  return segments;
}
