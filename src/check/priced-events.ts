// A temporary view with the columns of `events` in which an llm_call's cost_usd is the cost the log
// states or, failing that, the model's price at the call's own time (src/pricing/prices.ts), so
// that `cost_usd`, `sum(cost_usd)` and `unpriced_calls` in rules mean what the cost rollup means.
// A call whose model has no price keeps a NULL cost: it is unpriced, never a silent $0.
//
// This is check's own stand-in until src/rollups/ offers a priced relation to share; the SQL is
// fixed text (no user input), kept here because queries/ belongs to the rollups.

import type { Database } from '../db.js';
import { unitPrices, type PriceOverrides, type UnitPriceKey } from '../pricing/prices.js';

export const PRICED_EVENTS = 'logmeter_check_priced_events';
const UNIT_PRICES = 'logmeter_check_unit_prices';

const KEYS_SQL = `
SELECT DISTINCT provider, model, strftime(timezone('UTC', ts), '%Y-%m-%d') AS day
FROM events
WHERE kind = 'llm_call' AND cost_usd IS NULL AND model IS NOT NULL`;

const CREATE_PRICES_SQL = `
CREATE OR REPLACE TEMP TABLE ${UNIT_PRICES} (
  provider VARCHAR, model VARCHAR, day VARCHAR, time_from_s DOUBLE, time_to_s DOUBLE,
  tokens_in_above DOUBLE, tokens_in_up_to DOUBLE,
  input_per_mtok DOUBLE, output_per_mtok DOUBLE, per_call_usd DOUBLE, priced BOOLEAN)`;

const INSERT_PRICE_SQL = `INSERT INTO ${UNIT_PRICES} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

// The join documented at unitPrices(); a NULL token count is 0 tokens, as it prescribes.
const CREATE_VIEW_SQL = `
CREATE OR REPLACE TEMP VIEW ${PRICED_EVENTS} AS
SELECT e.* REPLACE (
  coalesce(e.cost_usd, CASE WHEN p.priced THEN
    coalesce(e.tokens_in, 0) * p.input_per_mtok / 1e6 + coalesce(e.tokens_out, 0) * p.output_per_mtok / 1e6 + p.per_call_usd
  END) AS cost_usd)
FROM events AS e
LEFT JOIN ${UNIT_PRICES} AS p
  ON e.kind = 'llm_call' AND e.cost_usd IS NULL
  AND p.provider IS NOT DISTINCT FROM e.provider AND p.model = e.model
  AND p.day IS NOT DISTINCT FROM strftime(timezone('UTC', e.ts), '%Y-%m-%d')
  AND (e.ts IS NULL OR ((epoch_ms(e.ts) % 86400000) / 1000.0 >= p.time_from_s AND (epoch_ms(e.ts) % 86400000) / 1000.0 < p.time_to_s))
  AND (p.tokens_in_above IS NULL OR coalesce(e.tokens_in, 0) > p.tokens_in_above)
  AND (p.tokens_in_up_to IS NULL OR coalesce(e.tokens_in, 0) <= p.tokens_in_up_to)`;

/** Creates (or refreshes) the priced view over the current events and returns its name. */
export async function createPricedEvents(db: Database, overrides?: PriceOverrides): Promise<string> {
  const keys = (await db.all(KEYS_SQL)).map(
    (row): UnitPriceKey => ({ provider: row.provider as string | null, model: row.model as string, day: row.day as string | null }),
  );
  await db.run(CREATE_PRICES_SQL);
  for (const row of unitPrices(keys, overrides)) {
    await db.run(INSERT_PRICE_SQL, [
      row.provider,
      row.model,
      row.day,
      row.time_from_s,
      row.time_to_s,
      row.tokens_in_above,
      row.tokens_in_up_to,
      row.input_per_mtok,
      row.output_per_mtok,
      row.per_call_usd,
      row.priced,
    ]);
  }
  await db.run(CREATE_VIEW_SQL);
  return PRICED_EVENTS;
}
