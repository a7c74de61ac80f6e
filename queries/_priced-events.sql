-- priced_events: the columns of `events`, in order, where a usage record's cost_usd (an LLM call,
-- or a metric sample carrying tokens) is the cost the log states or, failing that, the model's
-- price at the call's own time (unit_prices, loaded by src/rollups/prices.ts). A call whose model
-- has no price keeps a NULL cost: it is unpriced, never a silent $0. So does a call that logged no
-- token counts at all (tokens_in and tokens_out NULL): its cost is unknown, not $0 (its usage may
-- sit in fields the ingest does not read), unless its model's token prices are both 0 (a free
-- model costs $0 whatever its tokens) or the call failed (ok false: a rate-limited, refused or
-- errored call logs no usage because none was billed, so it costs $0, per-call price included).
-- Prompt-cache reads and writes (parts of tokens_in) cost their own price, the rest of tokens_in the
-- input price; a call with more cache tokens than tokens_in is unpriced (its counts are wrong).
-- Two columns follow the events columns:
--   cost_source    'logged' (the log states it), 'price' (computed), 'no_usage' (the model has a
--                  price but the call logged no token counts: unpriced), or NULL (unpriced for want
--                  of a price or of valid cache counts, or not a call)
--   price_model    the model id whose price was used
-- The join is the one documented at unitPrices(), written as an equality join on keys computed
-- once per record (a record that needs no price gets no key), so DuckDB can hash it: the UTC day
-- as days since 1970 and the time of day from epoch milliseconds. A NULL token count is 0 tokens.
-- The other conditions are plain comparisons, never an OR: an OR in a LEFT JOIN's condition makes
-- DuckDB join block by block, every record against every price row (0.21 s instead of 0.07 s per
-- statement at 1M events). A record without a time is at second 0 of the day-less rows, whose
-- window is always the whole day; an open token band's bound is +-inf (unit_prices).
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW priced_events AS
WITH needing AS (
  SELECT e.*,
         CASE WHEN e.cost_usd IS NULL
                AND (e.kind = 'llm_call' OR (e.kind = 'metric' AND (e.tokens_in IS NOT NULL OR e.tokens_out IS NOT NULL)))
              THEN e.model END AS lm_price_model
  FROM events AS e
),
-- keys only for the records that need a price (a CASE evaluates its branch for those rows only)
keyed AS (
  SELECT n.*,
         CASE WHEN n.lm_price_model IS NOT NULL THEN coalesce(n.provider, chr(0)) END AS lm_price_provider,
         CASE WHEN n.lm_price_model IS NOT NULL THEN
           coalesce(CAST(fdiv(epoch_us(n.ts), 86400000000) AS BIGINT), -9223372036854775808) END AS lm_price_day,
         CASE WHEN n.lm_price_model IS NOT NULL THEN
           coalesce((epoch_ms(n.ts) - CAST(fdiv(epoch_ms(n.ts), 86400000) AS BIGINT) * 86400000) / 1000.0, 0) END AS lm_price_second,
         CASE WHEN n.lm_price_model IS NOT NULL THEN coalesce(n.tokens_in, 0) END AS lm_price_tokens_in
  FROM needing AS n
),
-- the price row of each record that needs one (at most one matches)
joined AS (
  SELECT k.*,
         p.priced AS lm_has_price,
         -- the tokens can be priced: the call logged a count, or its price does not depend on them
         p.priced AND (k.tokens_in IS NOT NULL OR k.tokens_out IS NOT NULL
                       OR (p.input_per_mtok = 0 AND p.output_per_mtok = 0) OR NOT k.ok)
           AND coalesce(k.cache_read_tokens, 0) + coalesce(k.cache_write_tokens, 0) <= coalesce(k.tokens_in, 0) AS lm_priced,
         k.tokens_in IS NULL AND k.tokens_out IS NULL AND NOT k.ok AS lm_failed_unbilled,
         p.input_per_mtok AS lm_input_per_mtok,
         p.output_per_mtok AS lm_output_per_mtok,
         p.cache_read_per_mtok AS lm_cache_read_per_mtok,
         p.cache_write_per_mtok AS lm_cache_write_per_mtok,
         p.per_call_usd AS lm_per_call_usd,
         p.matched_model AS lm_matched_model
  FROM keyed AS k
  LEFT JOIN unit_prices AS p
    ON p.model = k.lm_price_model
    AND p.provider_key = k.lm_price_provider
    AND p.day_n = k.lm_price_day
    AND k.lm_price_second >= p.time_from_s AND k.lm_price_second < p.time_to_s
    AND k.lm_price_tokens_in > p.tokens_in_above_key
    AND k.lm_price_tokens_in <= p.tokens_in_up_to_key
)
SELECT j.* EXCLUDE (lm_price_model, lm_price_provider, lm_price_day, lm_price_second, lm_price_tokens_in,
                    lm_has_price, lm_priced, lm_failed_unbilled, lm_input_per_mtok, lm_output_per_mtok,
                    lm_cache_read_per_mtok, lm_cache_write_per_mtok, lm_per_call_usd, lm_matched_model) REPLACE (
         coalesce(j.cost_usd, CASE WHEN j.lm_priced THEN
           (coalesce(j.tokens_in, 0) - coalesce(j.cache_read_tokens, 0) - coalesce(j.cache_write_tokens, 0)) * j.lm_input_per_mtok / 1e6
           + coalesce(j.cache_read_tokens, 0) * j.lm_cache_read_per_mtok / 1e6
           + coalesce(j.cache_write_tokens, 0) * j.lm_cache_write_per_mtok / 1e6
           + coalesce(j.tokens_out, 0) * j.lm_output_per_mtok / 1e6
           + CASE WHEN j.lm_failed_unbilled THEN 0 ELSE coalesce(j.lm_per_call_usd, 0) END
         END) AS cost_usd),
       CASE
         WHEN j.cost_usd IS NOT NULL THEN 'logged'
         WHEN j.lm_priced THEN 'price'
         WHEN j.lm_has_price AND j.tokens_in IS NULL AND j.tokens_out IS NULL THEN 'no_usage'
       END AS cost_source,
       CASE WHEN j.lm_priced THEN j.lm_matched_model END AS price_model
FROM joined AS j
