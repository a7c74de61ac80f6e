-- The (provider, model, UTC day) keys that need a price: usage records (LLM calls, and metric
-- samples carrying tokens) with a model and no logged cost.
-- Read by src/rollups/prices.ts, which asks src/pricing/prices.ts unitPrices() for them.
-- Parameters: none.
-- Days are counted on epoch microseconds (strftime of a TIMESTAMPTZ costs far more per row).
SELECT provider, model, strftime(make_timestamp(day_n * 86400000000), '%Y-%m-%d') AS day
FROM (
  SELECT DISTINCT provider, model, CAST(fdiv(epoch_us(ts), 86400000000) AS BIGINT) AS day_n
  FROM events
  WHERE cost_usd IS NULL AND model IS NOT NULL
    AND lm_usage_record(kind, tokens_in, tokens_out, cost_usd)
)
