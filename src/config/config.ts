// The user's configuration, logmeter.yml: what it may hold (the schema), and the normalised form the
// ingest pipeline takes. Raw (YAML) and normalised (Config) are distinct types; `parseConfig` is pure:
// text in, Config or a list of issues with line numbers out. Finding and reading the file is load.ts.

import { isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { SLOTS, normaliseSegment, type Slot } from '../ingest/aliases.js';
import { EVENT_COLUMNS, KINDS, type Kind } from '../schema.js';
import { compilePattern, PatternError, type MessagePattern, type PatternSpec, type ScalarValue } from './patterns.js';
import { either, integer, isMapNode, isTextNode, list, mapOf, oneOf, oneOrMany, record, scalar, text, type Context, type Schema } from './schema.js';

export const DURATION_UNITS = ['ms', 's', 'us', 'ns'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** The configuration as the pipeline uses it. Every part is optional in the file. */
export interface Config {
  /** The file it was read from; undefined when there is none. */
  readonly file?: string;
  readonly timeZone?: string;
  /** Extra key spellings per slot, normalised (snake_case segments joined by dots), first = preferred. */
  readonly aliases: Partial<Record<Slot, readonly string[]>>;
  /** Duration fields whose unit the user states: key path (normalised) -> unit. */
  readonly units: Readonly<Record<string, DurationUnit>>;
  /** Event names (lower case) -> the kind records with that event get. */
  readonly kinds: Readonly<Record<string, Kind>>;
  /** Event names (lower case) -> the file operation they are (their kind is file_op). */
  readonly ops: Readonly<Record<string, string>>;
  readonly patterns: readonly MessagePattern[];
}

export const EMPTY_CONFIG: Config = { aliases: {}, units: {}, kinds: {}, ops: {}, patterns: [] };

export interface ConfigIssue {
  readonly line: number;
  readonly column: number;
  /** Where in the document (`patterns[0].kind`), or '' for the whole file. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

export type ParseResult = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

/** Canonical columns a user may alias, and the slot that feeds each (`ok` is fed by `success`). */
const COLUMN_SLOT: Readonly<Record<string, Slot>> = { ok: 'success' };
/** Beyond the canonical columns: fields in other units, start/end pairs, HTTP status, gauges. */
const EXTRA_SLOTS: readonly Slot[] = ['duration_s', 'duration_us', 'duration_ns', 'start_time', 'end_time', 'http_status', 'severity_number', 'gauge'];
const ALIASABLE = [
  ...EVENT_COLUMNS.map((c) => c.name).filter((name) => name in COLUMN_SLOT || (SLOTS as readonly string[]).includes(name)),
  ...EXTRA_SLOTS,
];

const FILE_OP = /^[a-z][a-z_]*$/;

/** The schema of logmeter.yml. A factory: some checks (event names listed once) keep state. */
function configSchema() {
  const eventsSeen = new Set<string>();
  const eventName = text('an event name', (name) => {
    const key = name.toLowerCase();
    if (eventsSeen.has(key)) return 'each event name under one kind or op only';
    eventsSeen.add(key);
    return undefined;
  });
  const keyPath = text('a key path such as usage.prompt_tokens');
  return record(
    {
      version: integer(1, 1),
      timezone: text('an IANA time zone such as UTC or Europe/Paris', (zone) => (isTimeZone(zone) ? undefined : 'an IANA time zone such as UTC or Europe/Paris')),
      aliases: mapOf(oneOrMany(keyPath), 'canonical columns', (column) =>
        ALIASABLE.includes(column) ? undefined : `a canonical column to alias: ${ALIASABLE.join(', ')}`,
      ),
      kinds: mapOf(oneOrMany(eventName), 'kinds', (kind) => ((KINDS as readonly string[]).includes(kind) ? undefined : `a kind: ${KINDS.join(', ')}`)),
      ops: mapOf(oneOrMany(eventName), 'file operations', (op) => (FILE_OP.test(op) ? undefined : 'a file operation in lower case, such as read, write or delete')),
      units: mapOf(oneOf(DURATION_UNITS, 'a unit:'), 'duration fields'),
      patterns: list(patternSchema(), 'a list of patterns'),
    },
    [],
    'a mapping with version, timezone, aliases, kinds, ops, units, patterns',
  );
}

const PATTERN_EXPECTED = 'a pattern: a regular expression with named captures, parse "... * ..." as NAME, ..., or a mapping with pattern, as, event, kind, set';

function patternSchema(): Schema<MessagePattern> {
  const spelled = either<PatternSpec>(PATTERN_EXPECTED, [
    { accepts: isTextNode, schema: mapText(text('a pattern'), (pattern) => ({ pattern })) },
    {
      accepts: isMapNode,
      schema: mapText(
        record(
          {
            pattern: text('a pattern'),
            as: oneOrMany(text('a field name')),
            event: text('an event name'),
            kind: oneOf(KINDS, 'a kind:'),
            set: mapOf(scalar(), 'field names'),
          },
          ['pattern'],
          'a mapping with pattern, as, event, kind, set',
        ),
        (r) => (r.pattern === undefined ? undefined : { pattern: r.pattern, as: r.as, event: r.event, kind: r.kind, set: r.set ? (Object.fromEntries(r.set) as Record<string, ScalarValue>) : undefined }),
      ),
    },
  ]);
  return {
    expected: PATTERN_EXPECTED,
    read(node, path, context) {
      const before = context.issues.length;
      const spec = spelled.read(node, path, context);
      if (spec === undefined || context.issues.length > before) return undefined;
      try {
        return compilePattern(spec);
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        context.issues.push({ offset: node?.range?.[0] ?? 0, path, expected: error.message, found: error.found ?? JSON.stringify(spec.pattern) });
        return undefined;
      }
    },
  };
}

function mapText<A, B>(schema: Schema<A>, f: (a: A) => B | undefined): Schema<B> {
  return {
    expected: schema.expected,
    read(node, path, context) {
      const a = schema.read(node, path, context);
      return a === undefined ? undefined : f(a);
    },
  };
}

/** Parses and validates the text of a logmeter.yml. */
export function parseConfig(source: string, file?: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({ ...position(e.pos[0]), path: '', expected: 'valid YAML', found: e.message.split('\n')[0] ?? e.message })),
    };
  }
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) {
    return { ok: true, config: { ...EMPTY_CONFIG, file } };
  }
  const context: Context = { issues: [] };
  const raw = configSchema().read(root, '', context);
  if (context.issues.length > 0 || raw === undefined) {
    return { ok: false, issues: context.issues.map((i) => ({ ...position(i.offset), path: i.path, expected: i.expected, found: i.found })) };
  }
  return { ok: true, config: normalise(raw, file) };
}

type RawConfig = NonNullable<ReturnType<ReturnType<typeof configSchema>['read']>>;

function normalise(raw: RawConfig, file: string | undefined): Config {
  const aliases: Partial<Record<Slot, string[]>> = {};
  for (const [column, paths] of raw.aliases ?? []) {
    const slot = COLUMN_SLOT[column] ?? (column as Slot);
    (aliases[slot] ??= []).push(...paths.map(normaliseKeyPath));
  }
  const units: Record<string, DurationUnit> = {};
  for (const [field, unit] of raw.units ?? []) units[normaliseKeyPath(field)] = unit;
  const kinds: Record<string, Kind> = {};
  for (const [kind, events] of raw.kinds ?? []) for (const event of events) kinds[event.toLowerCase()] = kind as Kind;
  const ops: Record<string, string> = {};
  for (const [op, events] of raw.ops ?? []) for (const event of events) ops[event.toLowerCase()] = op;
  return { file, timeZone: raw.timezone, aliases, units, kinds, ops, patterns: raw.patterns ?? [] };
}

/** `usage.promptTokens` -> `usage.prompt_tokens`: the form aliases are written in. */
export function normaliseKeyPath(path: string): string {
  return path.split('.').map(normaliseSegment).join('.');
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
