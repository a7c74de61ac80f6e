// Model prices for the `cost` rollup: what an LLM call with no logged cost cost, from the prices
// in @pydantic/genai-prices at the call's own time, with user overrides winning over the library.
// A call whose model has no price is "unpriced" (cost null), never a silent $0.
//
// Two ways in, meant to agree to the last floating-point rounding:
//   priceCalls  one result per call, computed by the library's calcPrice (small inputs, tests);
//   unitPrices  a small table of per-unit prices per distinct (provider, model, UTC day), for the
//               SQL side to join against millions of events (see unitPrices for the join).
//
// How a call is matched to a price:
//   1. an override for the model (ignoring case) wins, if its provider is unset, matches the
//      call's, or the call has none;
//   2. otherwise the library matches with the call's provider; a null or blank provider is
//      inferred from the model name ("gpt-*" -> openai, "claude*" -> anthropic, ...);
//   3. a provider the library does not know at all ("my-gateway") falls back to inference from
//      the model name, and the provider actually used is reported; a provider the library knows
//      that does not list the model stays unpriced.
//   4. a match whose price covers no tokens (OCR pages, audio hours) is unpriced; a match with an
//      empty price is the data's "free" and costs $0.
//   5. a name that finds neither is tried again in the spellings that gateways and SDKs wrap around
//      the library's ids (spellings.ts: openai/gpt-4o, anthropic:claude-..., Bedrock region
//      prefixes and ARNs), overrides first, then the library; a provider the spelling names stands
//      in for a provider the call did not log (or that the library does not know).
// Calls without a timestamp are priced at `asOf` (default: now); the bundled data is never
// auto-updated, so a given package version always gives the same prices for the same time.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PriceCalculation, Usage } from '@pydantic/genai-prices';
import { findOverride, overrideProvider, overrideTable, type Override, type OverrideTable, type PriceOverrides } from './overrides.js';
import { pricesTokens, timeWindows, unitPricesByBand, WHOLE_DAY, type TimeWindow } from './schedule.js';
import { priceSpellings, type Spelling } from './spellings.js';

export type { PriceOverride, PriceOverrides } from './overrides.js';

export interface LlmCall {
  provider: string | null;
  model: string;
  ts: Date | null;
  /** All input tokens, prompt-cache reads and writes included. */
  tokens_in: number;
  tokens_out: number;
  /** The parts of tokens_in read from and written to a prompt cache (absent: none). */
  cache_read_tokens?: number;
  cache_write_tokens?: number;
  /** The part of cache_write_tokens written to a 1-hour prompt cache (absent: none). */
  cache_write_1h_tokens?: number;
}

export type PriceSource = 'override' | 'library';

export interface CallPrice {
  /** USD; null when the call is unpriced (unknown model, no token prices, invalid token counts). */
  cost_usd: number | null;
  /** The library's model id, or the override's model name as configured. */
  matched_model?: string;
  /** The provider whose prices were used. */
  provider?: string;
  source?: PriceSource;
}

export interface PricingOptions {
  /** The time at which calls (or keys) without a timestamp are priced; default: now. */
  asOf?: Date;
}

const MTOK = 1e6;
const NO_USAGE: Usage = { input_tokens: 0, output_tokens: 0 };

/** Prices each call at its own time; results are in the order of `calls`. */
export function priceCalls(
  calls: readonly LlmCall[],
  overrides?: PriceOverrides,
  options: PricingOptions = {},
): CallPrice[] {
  const table = overrideTable(overrides);
  const asOf = options.asOf ?? new Date();
  return calls.map((call) => priceCall(call, table, asOf));
}

function priceCall(call: LlmCall, table: OverrideTable, asOf: Date): CallPrice {
  const at = call.ts ?? asOf;
  // Bad counts or times are unpriced rather than thrown, so one bad record cannot sink a batch.
  // Cache tokens are parts of tokens_in, and 1-hour cache writes a part of the cache writes: more of
  // them than that is a bad count (the library throws).
  const cacheRead = call.cache_read_tokens ?? 0;
  const cacheWrite = call.cache_write_tokens ?? 0;
  const cacheWrite1h = call.cache_write_1h_tokens ?? 0;
  if (
    ![call.tokens_in, call.tokens_out, cacheRead, cacheWrite, cacheWrite1h].every(isTokenCount) ||
    cacheRead + cacheWrite > call.tokens_in ||
    cacheWrite1h > cacheWrite ||
    Number.isNaN(at.getTime())
  ) {
    return { cost_usd: null };
  }
  const match = matchPrice(table, call.model, call.provider, at);
  if (match.kind === 'override') {
    const { override, spelling } = match;
    const uncached = call.tokens_in - cacheRead - cacheWrite;
    return withoutUndefined({
      cost_usd:
        (uncached * override.input_per_mtok) / MTOK +
        (cacheRead * override.cache_read_per_mtok) / MTOK +
        ((cacheWrite - cacheWrite1h) * override.cache_write_per_mtok) / MTOK +
        (cacheWrite1h * override.cache_write_1h_per_mtok) / MTOK +
        (call.tokens_out * override.output_per_mtok) / MTOK,
      matched_model: override.model,
      provider: overrideProvider(override, spelling.provider),
      source: 'override',
    });
  }
  if (match.kind === 'none') return { cost_usd: null };
  const usage: Usage = {
    input_tokens: call.tokens_in,
    output_tokens: call.tokens_out,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    cache_write_1h_tokens: cacheWrite1h,
  };
  const found = libraryPrice(usage, match.spelling.model, match.spelling.provider, at);
  if (found === null) return { cost_usd: null };
  const matched = { matched_model: found.model.id, provider: found.provider.id };
  if (!pricesTokens(found.model_price)) return { cost_usd: null, ...matched };
  return { cost_usd: found.total_price, ...matched, source: 'library' };
}

type PriceMatch =
  | { kind: 'override'; override: Override; spelling: Spelling }
  | { kind: 'library'; spelling: Spelling; found: PriceCalculation }
  | { kind: 'none' };

/**
 * Rules 1, 2, 3 and 5 above: which override or library entry prices (model, provider) at `at`, and
 * under which spelling. The logged spelling comes first; an override of any spelling wins over the
 * library.
 */
function matchPrice(table: OverrideTable, model: string, provider: string | null, at: Date): PriceMatch {
  const logged: Spelling = { model, provider };
  let others: Spelling[] | undefined;
  const spellings = function* (): Generator<Spelling> {
    yield logged;
    others ??= priceSpellings(model, provider, isLibraryProvider);
    yield* others;
  };
  if (table.size > 0) {
    for (const spelling of spellings()) {
      const override = findOverride(table, spelling.model, spelling.provider);
      if (override) return { kind: 'override', override, spelling };
    }
  }
  for (const spelling of spellings()) {
    const found = libraryPrice(NO_USAGE, spelling.model, spelling.provider, at);
    if (found !== null) return { kind: 'library', spelling, found };
  }
  return { kind: 'none' };
}

function isLibraryProvider(name: string): boolean {
  return genaiPrices().findProvider({ providerId: name }) !== undefined;
}

function isTokenCount(n: number): boolean {
  return Number.isFinite(n) && n >= 0;
}

type Library = typeof import('@pydantic/genai-prices');
let library: Library | undefined;

/** The price library (~800 KB of data), loaded on first use: runs that price nothing skip ~40 ms of start-up. */
function genaiPrices(): Library {
  library ??= createRequire(import.meta.url)('@pydantic/genai-prices') as Library;
  return library;
}

/** calcPrice with rule 3 above: an unknown provider falls back to inference from the model. */
function libraryPrice(usage: Usage, model: string, provider: string | null, at: Date): PriceCalculation | null {
  const { calcPrice, findProvider } = genaiPrices();
  const providerId = provider?.trim() || undefined;
  const found = calcPrice(usage, model, { providerId, timestamp: at });
  if (found !== null || providerId === undefined || findProvider({ providerId }) !== undefined) return found;
  return calcPrice(usage, model, { timestamp: at });
}

export interface UnitPriceKey {
  provider: string | null;
  model: string;
  /** UTC calendar day, YYYY-MM-DD; null for calls without a timestamp. */
  day: string | null;
}

/**
 * One piece of a key's price schedule. The key's columns are echoed as given so the SQL side can
 * join on them. A key without time-of-day pricing or tiers (most of them) has exactly one row.
 */
export interface UnitPriceRow {
  provider: string | null;
  model: string;
  day: string | null;
  /** The row applies to calls at UTC seconds-after-midnight in [time_from_s, time_to_s). */
  time_from_s: number;
  time_to_s: number;
  /** The row applies when tokens_in > tokens_in_above (null: no lower bound). */
  tokens_in_above: number | null;
  /** The row applies when tokens_in <= tokens_in_up_to (null: no upper bound). */
  tokens_in_up_to: number | null;
  /** USD per million tokens; null when unpriced. input_per_mtok prices the input tokens not read from or written to a cache. */
  input_per_mtok: number | null;
  output_per_mtok: number | null;
  /**
   * USD per million input tokens read from / written to a prompt cache; null when unpriced.
   * cache_write_per_mtok prices the writes not made to a 1-hour cache, which cost cache_write_1h_per_mtok.
   */
  cache_read_per_mtok: number | null;
  cache_write_per_mtok: number | null;
  cache_write_1h_per_mtok: number | null;
  /** USD charged once per call whatever its tokens (Perplexity's request fee); null when unpriced. */
  per_call_usd: number | null;
  matched_model: string | null;
  matched_provider: string | null;
  source: PriceSource | null;
  priced: boolean;
}

/**
 * Per-unit prices for each distinct key, for the SQL side to join instead of calling priceCalls
 * per event:
 *
 *   cost_usd = (tokens_in - cache_read_tokens - cache_write_tokens) * input_per_mtok / 1e6
 *            + cache_read_tokens * cache_read_per_mtok / 1e6
 *            + (cache_write_tokens - cache_write_1h_tokens) * cache_write_per_mtok / 1e6
 *            + cache_write_1h_tokens * cache_write_1h_per_mtok / 1e6
 *            + tokens_out * output_per_mtok / 1e6 + per_call_usd
 *
 * joined on
 *
 *   row.provider IS NOT DISTINCT FROM e.provider AND row.model = e.model
 *   AND row.day IS NOT DISTINCT FROM strftime(timezone('UTC', e.ts), '%Y-%m-%d')
 *   AND (e.ts IS NULL OR (epoch_ms(e.ts) % 86400000) / 1000.0 >= row.time_from_s
 *                        AND (epoch_ms(e.ts) % 86400000) / 1000.0 <  row.time_to_s)
 *   AND (row.tokens_in_above IS NULL OR e.tokens_in > row.tokens_in_above)
 *   AND (row.tokens_in_up_to IS NULL OR e.tokens_in <= row.tokens_in_up_to)
 *
 * Every call matches exactly one row, and cost is NULL where `priced` is false. Both time
 * expressions are in UTC whatever the session's TimeZone (checked against DuckDB).
 *
 * Why rows are split, and why the split is exact rather than an approximation: a per-unit price
 * per (model, day) alone would be wrong in two places. DeepSeek prices by time of day (off-peak
 * UTC hours), so a day is split at those bounds. Tiered prices (Claude Sonnet 4.6 before
 * 2026-03-13, GPT-5.6 above 272k input tokens) charge every token of a call at a higher rate once
 * its input tokens exceed a threshold; averaging would misprice both small and large calls, so a
 * key is split into tokens_in bands, inside which cost is again linear. Both splits add a row or
 * two per affected key only, so exactness costs nothing next to pricing each distinct
 * (model, tokens_in, tokens_out). tokens_in must be the call's total input tokens, cached
 * included, as the library counts it; the SQL side should treat a NULL token count as 0, and a call
 * with more cache tokens than tokens_in, or more 1-hour cache writes than cache writes, as unpriced
 * (the library refuses both).
 *
 * `priceCalls` and these rows agree up to floating-point rounding (the library divides in a
 * slightly different order).
 */
export function unitPrices(
  keys: readonly UnitPriceKey[],
  overrides?: PriceOverrides,
  options: PricingOptions = {},
): UnitPriceRow[] {
  const table = overrideTable(overrides);
  const asOf = options.asOf ?? new Date();
  const seen = new Set<string>();
  const rows: UnitPriceRow[] = [];
  for (const key of keys) {
    const id = JSON.stringify([key.provider, key.model, key.day]);
    if (seen.has(id)) continue;
    seen.add(id);
    rows.push(...keyRows(key, table, asOf));
  }
  return rows;
}

function keyRows(key: UnitPriceKey, table: OverrideTable, asOf: Date): UnitPriceRow[] {
  const echo = { provider: key.provider, model: key.model, day: key.day };
  const unpriced = (window: TimeWindow, matched_model: string | null, matched_provider: string | null) => ({
    ...echo,
    ...windowColumns(window),
    tokens_in_above: null,
    tokens_in_up_to: null,
    input_per_mtok: null,
    output_per_mtok: null,
    cache_read_per_mtok: null,
    cache_write_per_mtok: null,
    cache_write_1h_per_mtok: null,
    per_call_usd: null,
    matched_model,
    matched_provider,
    source: null,
    priced: false,
  });

  const dayStart = key.day === null ? null : utcMidnight(key.day);
  const match = matchPrice(table, key.model, key.provider, dayStart === null ? asOf : new Date(dayStart));
  if (match.kind === 'override') {
    const { override, spelling } = match;
    return [
      {
        ...echo,
        ...windowColumns(WHOLE_DAY),
        tokens_in_above: null,
        tokens_in_up_to: null,
        input_per_mtok: override.input_per_mtok,
        output_per_mtok: override.output_per_mtok,
        cache_read_per_mtok: override.cache_read_per_mtok,
        cache_write_per_mtok: override.cache_write_per_mtok,
        cache_write_1h_per_mtok: override.cache_write_1h_per_mtok,
        per_call_usd: 0,
        matched_model: override.model,
        matched_provider: overrideProvider(override, spelling.provider) ?? null,
        source: 'override',
        priced: true,
      },
    ];
  }

  if (match.kind === 'none') return [unpriced(WHOLE_DAY, null, null)];
  const { found, spelling } = match;
  const matched_model = found.model.id;
  const matched_provider = found.provider.id;

  // Without a day the time of day is asOf's too, so the price at asOf holds for the whole key.
  const windows = dayStart === null ? [WHOLE_DAY] : timeWindows(found.model);
  const pieces: { window: TimeWindow; price: PriceCalculation['model_price'] }[] = [];
  for (const window of windows) {
    // Sampled mid-window: away from the bounds, sub-millisecond rounding cannot pick a neighbour.
    const price =
      windows.length === 1
        ? found.model_price
        : (libraryPrice(NO_USAGE, spelling.model, spelling.provider, midWindow(dayStart!, window))?.model_price ?? {});
    const last = pieces.at(-1);
    if (last && samePrice(last.price, price)) pieces[pieces.length - 1] = { window: { from: last.window.from, to: window.to }, price };
    else pieces.push({ window, price });
  }

  return pieces.flatMap(({ window, price }): UnitPriceRow[] => {
    if (!pricesTokens(price)) return [unpriced(window, matched_model, matched_provider)];
    return unitPricesByBand(price).map((unit) => ({
      ...echo,
      ...windowColumns(window),
      ...unit,
      matched_model,
      matched_provider,
      source: 'library',
      priced: true,
    }));
  });
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcMidnight(day: string): number {
  const m = DAY.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`unitPrices: day must be a UTC date YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
  return ms;
}

function midWindow(dayStart: number, window: TimeWindow): Date {
  return new Date(dayStart + ((window.from + window.to) / 2) * 1000);
}

function windowColumns(window: TimeWindow): { time_from_s: number; time_to_s: number } {
  return { time_from_s: window.from, time_to_s: window.to };
}

function samePrice(a: PriceCalculation['model_price'], b: PriceCalculation['model_price']): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

let version: string | undefined;

/**
 * The price data behind every cost, to state in outputs, e.g. "@pydantic/genai-prices@0.1.8
 * (bundled data)". The package exposes no date for its bundled data (`auto_update_timestamp` is
 * only ever set for auto-updated data, which logmeter never enables), so its version is the
 * data's version.
 */
export function priceDataVersion(): string {
  version ??= `@pydantic/genai-prices@${installedVersion()} (bundled data)`;
  return version;
}

function installedVersion(): string {
  // The package's `exports` hide package.json, so find it from the resolved entry point.
  let dir = dirname(createRequire(import.meta.url).resolve('@pydantic/genai-prices'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@pydantic/genai-prices' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
