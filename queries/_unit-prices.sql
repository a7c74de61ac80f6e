-- unit_prices: the per-unit price rows of src/pricing/prices.ts unitPrices(), one per
-- (provider, model, day, time window, tokens_in band), as a temp table for the join in
-- _priced-events.sql. Parameters: $rows, the rows as one JSON array (bound, never spliced).
CREATE OR REPLACE TEMP TABLE unit_prices AS
SELECT unnest(from_json(CAST($rows AS JSON), '[{
  "provider": "VARCHAR", "model": "VARCHAR", "day": "VARCHAR",
  "time_from_s": "DOUBLE", "time_to_s": "DOUBLE",
  "tokens_in_above": "DOUBLE", "tokens_in_up_to": "DOUBLE",
  "input_per_mtok": "DOUBLE", "output_per_mtok": "DOUBLE", "per_call_usd": "DOUBLE",
  "matched_model": "VARCHAR", "matched_provider": "VARCHAR", "source": "VARCHAR", "priced": "BOOLEAN"
}]'), recursive := true)
