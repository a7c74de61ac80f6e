// The user's configuration, logmeter.yml: what it may hold (the schema), and the normalised form the
// ingest pipeline takes. Raw (YAML) and normalised (Config) are distinct types; `parseConfig` is pure:
// text in, Config or a list of issues with line numbers out. Finding and reading the file is load.ts.

import type { Node } from 'yaml';
import { isScalar, newLineCounter, parseDocument } from './yaml.js';
import { SLOTS, normaliseSegment, type Slot } from '../ingest/aliases.js';
import { EVENT_COLUMNS, KINDS, type Kind } from '../schema.js';
import { DATE_ORDERS, type DateOrder } from '../ingest/date-order.js';
import { compilePattern, PatternError, type MessagePattern, type PatternSpec, type ScalarValue } from './patterns.js';
import { checked, either, integer, isMapNode, isTextNode, list, mapOf, number, oneOf, oneOrMany, record, scalar, text, type Context, type Schema } from './schema.js';
import { UsageError } from '../errors.js';
import { budgetParams, parseBudgetSpec, type BudgetConfig, type BudgetPeriod, type HealthThresholds } from '../rollups/config.js';
import type { PriceOverrides } from '../pricing/prices.js';

export const DURATION_UNITS = ['ms', 's', 'us', 'ns'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** The configuration as the pipeline uses it. Every part is optional in the file. */
export interface Config {
  /** The file it was read from; undefined when there is none. */
  readonly file?: string;
  readonly timeZone?: string;
  /** The month/day order of numeric dates a source's own values cannot tell (`date_order: dmy`). */
  readonly dateOrder?: DateOrder;
  /** Extra key spellings per slot, normalised (snake_case segments joined by dots), first = preferred. */
  readonly aliases: Partial<Record<Slot, readonly string[]>>;
  /** Duration fields whose unit the user states: key path (normalised) -> unit. */
  readonly units: Readonly<Record<string, DurationUnit>>;
  /** Event names (lower case) -> the kind records with that event get. */
  readonly kinds: Readonly<Record<string, Kind>>;
  /** Event names (lower case) -> the file operation they are (their kind is file_op). */
  readonly ops: Readonly<Record<string, string>>;
  readonly patterns: readonly MessagePattern[];
  /** `health:` thresholds for overview.health (src/rollups/config.ts), only those the file sets. */
  readonly health?: Partial<HealthThresholds>;
  /** `budget:`, as `--budget` would give it. */
  readonly budget?: BudgetConfig;
  /** `prices:` per-model overrides that win over @pydantic/genai-prices. */
  readonly prices?: PriceOverrides;
  /** `sessions: idle_minutes`. */
  readonly sessionIdleMinutes?: number;
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
// A field aliased to a cache column is a part of the tokens_in total, as the column is; one aliased
// to cache_write_1h_tokens a part of the cache writes.
const COLUMN_SLOT: Readonly<Record<string, Slot>> = {
  ok: 'success',
  cache_read_tokens: 'cache_read',
  cache_write_tokens: 'cache_write',
  cache_write_1h_tokens: 'cache_write_1h',
};
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
      date_order: oneOf(DATE_ORDERS, 'a month/day order:'),
      aliases: mapOf(oneOrMany(keyPath), 'canonical columns', (column) =>
        ALIASABLE.includes(column) ? undefined : `a canonical column to alias: ${ALIASABLE.join(', ')}`,
      ),
      kinds: mapOf(oneOrMany(eventName), 'kinds', (kind) => ((KINDS as readonly string[]).includes(kind) ? undefined : `a kind: ${KINDS.join(', ')}`)),
      ops: mapOf(oneOrMany(eventName), 'file operations', (op) => (FILE_OP.test(op) ? undefined : 'a file operation in lower case, such as read, write or delete')),
      units: mapOf(oneOf(DURATION_UNITS, 'a unit:'), 'duration fields'),
      patterns: list(patternSchema(), 'a list of patterns'),
      health: checked(
        record(
          {
            error_rate_degraded: number(0, 1),
            error_rate_unhealthy: number(0, 1),
            p95_degraded_ms: number(0),
            p95_unhealthy_ms: number(0),
          },
          [],
          'a mapping with error_rate_degraded, error_rate_unhealthy, p95_degraded_ms, p95_unhealthy_ms',
        ),
        (h) => {
          const merged = { ...DEFAULT_HEALTH_LIMITS, ...withoutUndefined(h) };
          if (merged.error_rate_degraded > merged.error_rate_unhealthy) return `error_rate_degraded no higher than error_rate_unhealthy (${merged.error_rate_unhealthy}${h.error_rate_unhealthy === undefined ? ', the default' : ''})`;
          if (merged.p95_degraded_ms > merged.p95_unhealthy_ms) return `p95_degraded_ms no higher than p95_unhealthy_ms (${merged.p95_unhealthy_ms}${h.p95_unhealthy_ms === undefined ? ', the default' : ''})`;
          return undefined;
        },
      ),
      budget: budgetSchema(),
      prices: pricesSchema(),
      sessions: record({ idle_minutes: number(0, Infinity, true) }, [], 'a mapping with idle_minutes'),
    },
    [],
    'a mapping with version, timezone, date_order, aliases, kinds, ops, units, patterns, health, budget, prices, sessions',
  );
}

/** The rollups' defaults (src/rollups/config.ts DEFAULT_HEALTH) in the file's spelling, to compare a half-given pair. */
const DEFAULT_HEALTH_LIMITS = { error_rate_degraded: 0.05, error_rate_unhealthy: 0.1, p95_degraded_ms: 1000, p95_unhealthy_ms: 5000 };

const BUDGET_EXPECTED = 'a budget: AMOUNT[UNIT]/PERIOD[@RESET] such as 100USD/day@00:00, or a mapping with amount, unit, period, reset, units_per_usd';

/** `budget: 100Diem/day@06:00`, or the same as a mapping; checked as --budget is. */
function budgetSchema(): Schema<BudgetConfig> {
  const spec = checked(text('a budget such as 100USD/day@00:00'), (value) => usageProblem(() => parseBudgetSpec(value)));
  const mapping = checked(
    record(
      {
        amount: number(0, Infinity, true),
        unit: text('a unit such as USD, Diem or tokens'),
        period: oneOf(['day', 'week', 'month'] as const, 'a period:'),
        reset: either<string>('a reset time such as 06:00, mon 09:00 or 15', [
          { accepts: isTextNode, schema: text('a reset time such as 06:00, mon 09:00 or 15') },
          // `reset: 15` (a month's day) is a number to YAML.
          { accepts: (node) => isScalar(node) && typeof node.value === 'number', schema: mapText(integer(1, 28), (day) => String(day)) },
        ]),
        units_per_usd: number(0, Infinity, true),
      },
      ['amount', 'period'],
      'a mapping with amount, unit, period, reset, units_per_usd',
    ),
    (b) => usageProblem(() => budgetParams(toBudget(b))),
  );
  const alternatives = either<BudgetConfig>(BUDGET_EXPECTED, [
    { accepts: isTextNode, schema: mapText(spec, parseBudgetSpec) },
    { accepts: isMapNode, schema: mapText(mapping, toBudget) },
  ]);
  return { expected: BUDGET_EXPECTED, read: (node, path, context) => alternatives.read(node, path, context) };
}

function toBudget(b: { amount?: number; unit?: string; period?: BudgetPeriod; reset?: string; units_per_usd?: number }): BudgetConfig {
  return {
    amount: b.amount as number,
    period: b.period as BudgetPeriod,
    ...(b.unit !== undefined ? { unit: b.unit } : {}),
    ...(b.reset !== undefined ? { reset: b.reset } : {}),
    ...(b.units_per_usd !== undefined ? { unitsPerUsd: b.units_per_usd } : {}),
  };
}

/**
 * `prices: { MODEL: { input_per_mtok, output_per_mtok, cache_read_per_mtok?, cache_write_per_mtok?,
 * cache_write_1h_per_mtok?, provider? } }`; model names compared ignoring case.
 */
function pricesSchema(): Schema<PriceOverrides> {
  const seen = new Set<string>();
  const entry = record(
    {
      input_per_mtok: number(0),
      output_per_mtok: number(0),
      cache_read_per_mtok: number(0),
      cache_write_per_mtok: number(0),
      cache_write_1h_per_mtok: number(0),
      provider: text('a provider name such as openai'),
    },
    ['input_per_mtok', 'output_per_mtok'],
    'a mapping with input_per_mtok, output_per_mtok, cache_read_per_mtok, cache_write_per_mtok, cache_write_1h_per_mtok, provider',
  );
  return mapText(
    mapOf(entry, 'model names', (model) => {
      const key = model.trim().toLowerCase();
      if (key === '') return 'a model name';
      if (seen.has(key)) return 'each model once (names are compared ignoring case)';
      seen.add(key);
      return undefined;
    }),
    (models) => {
      const out: PriceOverrides = {};
      for (const [model, p] of models) {
        if (p.input_per_mtok === undefined || p.output_per_mtok === undefined) continue;
        out[model] = {
          input_per_mtok: p.input_per_mtok,
          output_per_mtok: p.output_per_mtok,
          ...(p.cache_read_per_mtok !== undefined ? { cache_read_per_mtok: p.cache_read_per_mtok } : {}),
          ...(p.cache_write_per_mtok !== undefined ? { cache_write_per_mtok: p.cache_write_per_mtok } : {}),
          ...(p.cache_write_1h_per_mtok !== undefined ? { cache_write_1h_per_mtok: p.cache_write_1h_per_mtok } : {}),
          ...(p.provider !== undefined ? { provider: p.provider } : {}),
        };
      }
      return out;
    },
  );
}

/** What a UsageError thrown by `f` says was wrong, or undefined when `f` passes. */
function usageProblem(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
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
  const lineCounter = newLineCounter();
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
  const health: Partial<Record<keyof HealthThresholds, number>> = {};
  if (raw.health?.error_rate_degraded !== undefined) health.errorRateDegraded = raw.health.error_rate_degraded;
  if (raw.health?.error_rate_unhealthy !== undefined) health.errorRateUnhealthy = raw.health.error_rate_unhealthy;
  if (raw.health?.p95_degraded_ms !== undefined) health.p95DegradedMs = raw.health.p95_degraded_ms;
  if (raw.health?.p95_unhealthy_ms !== undefined) health.p95UnhealthyMs = raw.health.p95_unhealthy_ms;
  return {
    file,
    timeZone: raw.timezone,
    ...(raw.date_order !== undefined ? { dateOrder: raw.date_order } : {}),
    aliases,
    units,
    kinds,
    ops,
    patterns: raw.patterns ?? [],
    ...(raw.health !== undefined ? { health } : {}),
    ...(raw.budget !== undefined ? { budget: raw.budget } : {}),
    ...(raw.prices !== undefined ? { prices: raw.prices } : {}),
    ...(raw.sessions?.idle_minutes !== undefined ? { sessionIdleMinutes: raw.sessions.idle_minutes } : {}),
  };
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
