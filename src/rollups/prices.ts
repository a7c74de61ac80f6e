// The priced relation: `priced_events`, a temp view with the columns of `events` in which a usage
// record's cost_usd is the logged cost or, failing that, its model's price at the record's own
// time (src/pricing/prices.ts unitPrices, loaded into the temp table `unit_prices`). The cost
// rollups read it; `check` can read it for cost_usd and unpriced_calls rules.
//
//   1. keys    distinct (provider, model, UTC day) of usage records without a logged cost
//   2. price   unitPrices(keys, overrides): a few rows per key
//   3. load    one INSERT with the rows bound as a single JSON parameter (queries/_unit-prices.sql)
//   4. view    queries/_priced-events.sql joins them as unitPrices documents

import type { Database } from '../db.js';
import { priceDataVersion, unitPrices, type PriceOverrides, type UnitPriceKey } from '../pricing/prices.js';
import { readSqlFile } from '../sql-files.js';

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
  const keys = (await db.all(readSqlFile('_price-keys.sql'))).map(
    (row): UnitPriceKey => ({ provider: row.provider as string | null, model: row.model as string, day: row.day as string | null }),
  );
  const rows = unitPrices(keys, options.overrides, options.asOf ? { asOf: options.asOf } : {});
  await db.run(readSqlFile('_unit-prices.sql'), { rows: JSON.stringify(rows) });
  await db.run(readSqlFile('_priced-events.sql'));
  return PRICED_EVENTS;
}

export { priceDataVersion };
