// The shape of one matched model's price as @pydantic/genai-prices applies it, so that a small
// table of per-unit prices reproduces the library's cost exactly:
//   - within one UTC day a price can change only at the bounds of its `time_of_date`
//     constraints (DeepSeek's off-peak hours); `start_date` constraints start at UTC midnight,
//     so they never split a day;
//   - within one time window a tiered price (`{base, tiers: [{start, price}]}`) charges EVERY
//     token of the call at the tier whose `start` the call's input tokens exceed (not only the
//     tokens above it), and the tier is chosen by input tokens for output prices too.
// The same tier (chosen by all input tokens, cache included) prices cache reads and writes, 1-hour
// writes too. So cost is linear in (tokens_in, tokens_out, cache reads, cache writes, 1-hour cache
// writes) inside each (time window x tokens_in band), and a row per such piece is exact, not an average.

import type { ModelInfo, ModelPrice } from '@pydantic/genai-prices';

export const SECONDS_PER_DAY = 86_400;

/** A half-open span [from, to) of UTC seconds after midnight. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

export const WHOLE_DAY: TimeWindow = { from: 0, to: SECONDS_PER_DAY };

/** The windows of a UTC day inside which `model`'s price cannot change. */
export function timeWindows(model: ModelInfo): TimeWindow[] {
  const bounds = new Set<number>([0, SECONDS_PER_DAY]);
  if (Array.isArray(model.prices)) {
    for (const { constraint } of model.prices) {
      // Keyed on the fields rather than `type`: the library also accepts untyped constraints.
      if (constraint && 'start_time' in constraint) {
        bounds.add(utcSecondOfDay(constraint.start_time));
        bounds.add(utcSecondOfDay(constraint.end_time));
      }
    }
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  return sorted.slice(1).map((to, i) => ({ from: sorted[i]!, to }));
}

// Same grammar and arithmetic as the library's time-of-day parser ("16:30:00Z", "08:00:00+08:00").
const TIME_OF_DAY = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/;

function utcSecondOfDay(text: string): number {
  const m = TIME_OF_DAY.exec(text);
  if (!m) throw new Error(`price data has an invalid time of day: ${text}`);
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(`0.${m[4] ?? ''}`);
  const offset = m[5] === 'Z' ? 0 : (m[6] === '+' ? 1 : -1) * (Number(m[7]) * 3600 + Number(m[8]) * 60);
  return (local - offset + SECONDS_PER_DAY) % SECONDS_PER_DAY;
}

/** What one call costs per unit within one piece of the schedule. */
export interface UnitPrice {
  /** The piece applies when tokens_in > this; null: from 0. */
  readonly tokens_in_above: number | null;
  /** The piece applies when tokens_in <= this; null: no upper bound. */
  readonly tokens_in_up_to: number | null;
  readonly input_per_mtok: number;
  readonly output_per_mtok: number;
  /** Per million input tokens read from / written to a prompt cache (input_per_mtok when the model has no such price). */
  readonly cache_read_per_mtok: number;
  readonly cache_write_per_mtok: number;
  /** Per million of those writes made to a 1-hour cache (cache_write_per_mtok when the model has no such price). */
  readonly cache_write_1h_per_mtok: number;
  /** A fixed fee per call (Perplexity's per-request price), 0 for most models. */
  readonly per_call_usd: number;
}

// The only price keys a call with input, output and prompt-cache tokens can incur. Audio, image and
// search prices apply to usage logmeter does not record, so they contribute 0, exactly as in the
// library when that usage is not reported. `requests` is always 1 per call.
const INPUT = 'input_mtok';
const OUTPUT = 'output_mtok';
const REQUESTS = 'requests_kcount';
const PRICE_KEYS = [INPUT, OUTPUT, REQUESTS] as const;
// Cache reads and writes are parts of the input tokens: the library charges them at these prices
// and the rest of the input at input_mtok; a model without one charges them as input. 1-hour cache
// writes are a part of the writes, charged at their own price and the rest at cache_write_mtok; a
// model without it charges them as the other writes (or as input, without a write price either).
const CACHE_READ = 'cache_read_mtok';
const CACHE_WRITE = 'cache_write_mtok';
const CACHE_WRITE_1H = 'cache_write_1h_mtok';

/**
 * Whether `price` says what tokens cost. An empty price is the data's way of saying "free"
 * (OpenRouter's `:free` models, GitHub Copilot) and counts as priced at $0; a price with only
 * other units (OCR pages, audio hours) does not, so such calls are unpriced rather than $0.
 */
export function pricesTokens(price: ModelPrice): boolean {
  const keys = Object.keys(price).filter((k) => price[k] !== undefined);
  return keys.length === 0 || PRICE_KEYS.some((k) => price[k] !== undefined);
}

/** `price` as one row per tokens_in band, ascending; a single row when nothing is tiered. */
export function unitPricesByBand(price: ModelPrice): UnitPrice[] {
  const starts = new Set<number>();
  for (const key of [...PRICE_KEYS, CACHE_READ, CACHE_WRITE, CACHE_WRITE_1H]) {
    const value = price[key];
    if (typeof value === 'object') for (const tier of value.tiers) starts.add(tier.start);
  }
  const bounds = [null, ...[...starts].sort((a, b) => a - b)];
  return bounds.map((above, i) => ({
    tokens_in_above: above,
    tokens_in_up_to: bounds[i + 1] ?? null,
    input_per_mtok: priceInBand(price[INPUT], above),
    output_per_mtok: priceInBand(price[OUTPUT], above),
    cache_read_per_mtok: priceInBand(price[CACHE_READ] ?? price[INPUT], above),
    cache_write_per_mtok: priceInBand(price[CACHE_WRITE] ?? price[INPUT], above),
    cache_write_1h_per_mtok: priceInBand(price[CACHE_WRITE_1H] ?? price[CACHE_WRITE] ?? price[INPUT], above),
    per_call_usd: priceInBand(price[REQUESTS], above) / 1000,
  }));
}

/**
 * The price of every unit for calls whose tokens_in lies just above `above` (null: the lowest
 * band). The library picks the last tier with tokens_in > start; with tier starts among the band
 * bounds that is the last tier with start <= `above`.
 */
function priceInBand(value: ModelPrice[string], above: number | null): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  let unit = value.base;
  if (above === null) return unit;
  for (const tier of [...value.tiers].sort((a, b) => a.start - b.start)) {
    if (tier.start <= above) unit = tier.price;
  }
  return unit;
}
