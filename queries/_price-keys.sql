-- The (provider, model, UTC day) keys that need a price: usage records (LLM calls, and metric
-- samples carrying tokens) with a model and no logged cost.
-- Read by src/rollups/prices.ts, which asks src/pricing/prices.ts unitPrices() for them.
-- Parameters: none.
SELECT DISTINCT provider, model, strftime(timezone('UTC', ts), '%Y-%m-%d') AS day
FROM events
WHERE cost_usd IS NULL AND model IS NOT NULL
  AND (kind = 'llm_call' OR (kind = 'metric' AND (tokens_in IS NOT NULL OR tokens_out IS NOT NULL)))
