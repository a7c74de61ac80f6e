-- unit_prices: the per-unit price rows of src/pricing/prices.ts unitPrices(), one per
-- (provider, model, day, time window, tokens_in band), as a temp table for the join in
-- _priced-events.sql. Parameters: $rows, the rows as one JSON array (bound, never spliced).
-- day_n (days since 1970-01-01, -1 without a day) and provider_key (chr(0) without a provider)
-- make the join in _priced-events.sql a plain equality join.
CREATE OR REPLACE TEMP TABLE unit_prices AS
SELECT *,
       coalesce(datediff('day', DATE '1970-01-01', CAST(day AS DATE)), -1) AS day_n,
       coalesce(provider, chr(0)) AS provider_key
FROM (SELECT unnest(from_json(CAST($rows AS JSON), '[{
  "provider": "VARCHAR", "model": "VARCHAR", "day": "VARCHAR",
  "time_from_s": "DOUBLE", "time_to_s": "DOUBLE",
  "tokens_in_above": "DOUBLE", "tokens_in_up_to": "DOUBLE",
  "input_per_mtok": "DOUBLE", "output_per_mtok": "DOUBLE", "per_call_usd": "DOUBLE",
  "matched_model": "VARCHAR", "matched_provider": "VARCHAR", "source": "VARCHAR", "priced": "BOOLEAN"
}]'), recursive := true))
