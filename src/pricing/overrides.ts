// User price overrides: validate the raw configuration once, then answer "which override, if any,
// prices this (model, provider)". An override always wins over the library's data.

import { UsageError } from '../errors.js';
import { pricingMessages } from './messages.js';

/** Prices as the user writes them in configuration, keyed by model name. */
export interface PriceOverride {
  input_per_mtok: number;
  output_per_mtok: number;
  /** Prompt-cache reads and writes; absent: input_per_mtok. */
  cache_read_per_mtok?: number;
  cache_write_per_mtok?: number;
  /** Writes to a 1-hour prompt cache; absent: cache_write_per_mtok (all writes at one price, as before it existed). */
  cache_write_1h_per_mtok?: number;
  /** When set, the override prices only calls from this provider (or with no provider logged). */
  provider?: string;
}
export type PriceOverrides = { [model: string]: PriceOverride };

/** A validated override; `model` and `provider` keep the spelling the user wrote. */
export interface Override {
  readonly model: string;
  readonly provider: string | undefined;
  readonly input_per_mtok: number;
  readonly output_per_mtok: number;
  /** input_per_mtok when the user gave none. */
  readonly cache_read_per_mtok: number;
  readonly cache_write_per_mtok: number;
  /** cache_write_per_mtok when the user gave none. */
  readonly cache_write_1h_per_mtok: number;
}

/** Overrides by normalised model name. */
export type OverrideTable = ReadonlyMap<string, Override>;

/** Model and provider names are compared trimmed and ignoring case, as the library does. */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase();
}

/** Validates raw overrides; throws UsageError (exit 2) naming the first bad entry. */
export function overrideTable(raw: PriceOverrides | undefined): OverrideTable {
  const table = new Map<string, Override>();
  for (const [model, value] of Object.entries(raw ?? {})) {
    const override = validOverride(model, value as unknown);
    const key = normaliseName(model);
    const clash = table.get(key);
    if (clash) throw new UsageError(pricingMessages.overrideDuplicate(clash.model, model));
    table.set(key, override);
  }
  return table;
}

function validOverride(model: string, value: unknown): Override {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(pricingMessages.overrideNotAnObject(model));
  }
  const fields = value as Record<string, unknown>;
  const price = (field: Exclude<keyof PriceOverride, 'provider'>, otherwise?: number): number => {
    const v = fields[field];
    if (v === undefined && otherwise !== undefined) return otherwise;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new UsageError(pricingMessages.overrideBadPrice(model, field));
    }
    return v;
  };
  const provider = fields['provider'];
  if (provider !== undefined && (typeof provider !== 'string' || provider.trim() === '')) {
    throw new UsageError(pricingMessages.overrideBadProvider(model));
  }
  const input = price('input_per_mtok');
  const cacheWrite = price('cache_write_per_mtok', input);
  return {
    model,
    provider,
    input_per_mtok: input,
    output_per_mtok: price('output_per_mtok'),
    cache_read_per_mtok: price('cache_read_per_mtok', input),
    cache_write_per_mtok: cacheWrite,
    // As the library does for a model without a 1-hour price: its writes cost what the others do.
    cache_write_1h_per_mtok: price('cache_write_1h_per_mtok', cacheWrite),
  };
}

/** The override pricing a call of `model` from `provider`, if any. */
export function findOverride(table: OverrideTable, model: string, provider: string | null): Override | undefined {
  if (table.size === 0) return undefined;
  const override = table.get(normaliseName(model));
  if (!override || override.provider === undefined) return override;
  const logged = provider === null ? '' : normaliseName(provider);
  return logged === '' || logged === normaliseName(override.provider) ? override : undefined;
}

/** The provider to report for a call priced by `override`. */
export function overrideProvider(override: Override, provider: string | null): string | undefined {
  return override.provider ?? (provider === null || provider.trim() === '' ? undefined : provider);
}
