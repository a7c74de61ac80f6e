// The priced relation: `priced_events`, a temp view with the columns of `events` in which a usage
// record's cost_usd is the logged cost or, failing that, its model's price at the record's own
// time (src/pricing/prices.ts unitPrices, loaded into the temp table `unit_prices`). The cost
// rollups read it; `check` can read it for cost_usd and unpriced_calls rules.
//
//   1. keys    distinct (provider, model, UTC day) of usage records without a logged cost
//   2. price   unitPrices(keys, overrides): a few rows per key
//   3. load    one INSERT with the rows bound as a single JSON parameter (queries/_unit-prices.sql)
//   4. view    queries/_priced-events.sql joins them as unitPrices documents
//
// A run whose events no longer change (a report, `metrics`) prices once: `pinPricedEvents` builds
// the price table, and every cost rollup of the run reuses it (`usePricedEvents`) instead of
// asking for the keys, pricing them and loading the table again.

import type { Database } from '../db.js';
import { priceDataVersion, unitPrices, type PriceOverrides, type UnitPriceKey } from '../pricing/prices.js';
import { readSqlFile } from '../sql-files.js';
import { loadMacros } from '../sql-macros.js';

export const PRICED_EVENTS = 'priced_events';

export interface PricedEventsOptions {
  readonly overrides?: PriceOverrides;
  /** When records without a time are priced; default now. */
  readonly asOf?: Date;
}

/**
 * Creates or refreshes `priced_events` over the current `events` and returns its name. Call it
 * again after new events arrive: new models or days need new price rows.
 */
export async function createPricedEvents(db: Database, options: PricedEventsOptions = {}): Promise<string> {
  // The keys and the view ask lm_usage_record (queries/ingest/macros.sql).
  await loadMacros(db);
  const keys = (await db.all(readSqlFile('_price-keys.sql'))).map(
    (row): UnitPriceKey => ({ provider: row.provider as string | null, model: row.model as string, day: row.day as string | null }),
  );
  const rows = unitPrices(keys, options.overrides, options.asOf ? { asOf: options.asOf } : {});
  await db.run(readSqlFile('_unit-prices.sql'), { rows: JSON.stringify(rows) });
  await db.run(readSqlFile('_priced-events.sql'));
  const pin = pins.get(db);
  if (pin) pin.overrides = overridesKey(options);
  return PRICED_EVENTS;
}

/** Per database: the overrides the price table in place was built with, while a run pins it. */
const pins = new WeakMap<Database, { overrides: string | null }>();

function overridesKey(options: PricedEventsOptions): string | null {
  return options.asOf ? null : JSON.stringify(options.overrides ?? null);
}

/**
 * Builds `priced_events` now and keeps it for the rest of a run: until `unpinPricedEvents`, the
 * cost rollups on `db` reuse it. Only for a run in which `events` no longer changes.
 */
export async function pinPricedEvents(db: Database, options: PricedEventsOptions = {}): Promise<void> {
  pins.set(db, { overrides: null });
  await createPricedEvents(db, options);
}

export function unpinPricedEvents(db: Database): void {
  pins.delete(db);
}

/** `priced_events` as the rollups need it: the pinned one when its overrides match, else built afresh. */
export async function usePricedEvents(db: Database, options: PricedEventsOptions = {}): Promise<string> {
  const pin = pins.get(db);
  if (pin && pin.overrides !== null && pin.overrides === overridesKey(options)) return PRICED_EVENTS;
  return createPricedEvents(db, options);
}

export { priceDataVersion };
