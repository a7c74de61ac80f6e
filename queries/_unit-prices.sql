-- unit_prices: the per-unit price rows of src/pricing/prices.ts unitPrices(), one per
-- (provider, model, day, time window, tokens_in band), as a temp table for the join in
-- _priced-events.sql. Parameters: $rows, the rows as one JSON array (bound, never spliced).
-- The key columns make that join a hash join (equality on model, provider_key and day_n, then
-- plain comparisons, with no OR): day_n is days since 1970-01-01, or the smallest BIGINT for the
-- rows of calls without a time (no real day is that far back, so they cannot meet a dated call's
-- rows); provider_key is chr(0) without a provider; an open token band's bound is -inf or +inf.
CREATE OR REPLACE TEMP TABLE unit_prices AS
SELECT *,
       coalesce(datediff('day', DATE '1970-01-01', CAST(day AS DATE)), -9223372036854775808) AS day_n,
       coalesce(provider, chr(0)) AS provider_key,
       coalesce(tokens_in_above, CAST('-infinity' AS DOUBLE)) AS tokens_in_above_key,
       coalesce(tokens_in_up_to, CAST('infinity' AS DOUBLE)) AS tokens_in_up_to_key
FROM (SELECT unnest(from_json(CAST($rows AS JSON), '[{
  "provider": "VARCHAR", "model": "VARCHAR", "day": "VARCHAR",
  "time_from_s": "DOUBLE", "time_to_s": "DOUBLE",
  "tokens_in_above": "DOUBLE", "tokens_in_up_to": "DOUBLE",
  "input_per_mtok": "DOUBLE", "output_per_mtok": "DOUBLE", "cache_read_per_mtok": "DOUBLE", "cache_write_per_mtok": "DOUBLE",
  "cache_write_1h_per_mtok": "DOUBLE", "per_call_usd": "DOUBLE",
  "matched_model": "VARCHAR", "matched_provider": "VARCHAR", "source": "VARCHAR", "priced": "BOOLEAN"
}]'), recursive := true))
