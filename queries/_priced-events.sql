-- priced_events: the columns of `events`, in order, where a usage record's cost_usd (an LLM call,
-- or a metric sample carrying tokens) is the cost the log states or, failing that, the model's
-- price at the call's own time (unit_prices, loaded by src/rollups/prices.ts). A call whose model
-- has no price keeps a NULL cost: it is unpriced, never a silent $0. Two columns follow the events columns:
--   cost_source    'logged' (the log states it), 'price' (computed), or NULL (unpriced, or not a call)
--   price_model    the model id whose price was used
-- The join is the one documented at unitPrices(); a NULL token count is 0 tokens.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW priced_events AS
SELECT e.* REPLACE (
         coalesce(e.cost_usd, CASE WHEN p.priced THEN
           coalesce(e.tokens_in, 0) * p.input_per_mtok / 1e6
           + coalesce(e.tokens_out, 0) * p.output_per_mtok / 1e6
           + coalesce(p.per_call_usd, 0)
         END) AS cost_usd),
       CASE
         WHEN e.cost_usd IS NOT NULL THEN 'logged'
         WHEN p.priced THEN 'price'
       END AS cost_source,
       CASE WHEN e.cost_usd IS NULL AND p.priced THEN p.matched_model END AS price_model
FROM events AS e
LEFT JOIN unit_prices AS p
  ON e.cost_usd IS NULL
  AND (e.kind = 'llm_call' OR (e.kind = 'metric' AND (e.tokens_in IS NOT NULL OR e.tokens_out IS NOT NULL)))
  AND p.provider IS NOT DISTINCT FROM e.provider AND p.model = e.model
  AND p.day IS NOT DISTINCT FROM strftime(timezone('UTC', e.ts), '%Y-%m-%d')
  AND (e.ts IS NULL OR ((epoch_ms(e.ts) % 86400000) / 1000.0 >= p.time_from_s
                        AND (epoch_ms(e.ts) % 86400000) / 1000.0 < p.time_to_s))
  AND (p.tokens_in_above IS NULL OR coalesce(e.tokens_in, 0) > p.tokens_in_above)
  AND (p.tokens_in_up_to IS NULL OR coalesce(e.tokens_in, 0) <= p.tokens_in_up_to)
