-- priced_events: the columns of `events`, in order, where a usage record's cost_usd (an LLM call,
-- or a metric sample carrying tokens) is the cost the log states or, failing that, the model's
-- price at the call's own time (unit_prices, loaded by src/rollups/prices.ts). A call whose model
-- has no price keeps a NULL cost: it is unpriced, never a silent $0. So does a call that logged no
-- token counts at all (tokens_in and tokens_out NULL): its cost is unknown, not $0 (its usage may
-- sit in fields the ingest does not read), unless its model's token prices are both 0 (a free
-- model costs $0 whatever its tokens) or the call failed (ok false: a rate-limited, refused or
-- errored call logs no usage because none was billed, so it costs $0 whatever its model, per-call
-- price included: cost_source 'unbilled'). A metric sample whose model's cost the log states in
-- samples of its own costs $0 as well (cost_source 'stated_apart'): that cost is counted once, there.
-- Prompt-cache reads and writes (parts of tokens_in) cost their own price, the rest of tokens_in the
-- input price; the writes to a 1-hour cache (cache_write_1h_tokens, a part of the writes) cost the
-- 1-hour write price, the other writes the (5-minute) write price. A call with more cache tokens
-- than tokens_in, or more 1-hour writes than writes, is unpriced (its counts are wrong).
-- Two columns follow the events columns:
--   cost_source    'logged' (the log states it), 'price' (computed), 'unbilled' (a failed call
--                  without usage: $0), 'stated_apart' (a sample whose cost another sample states:
--                  $0), 'no_usage' (the model has a price but the call logged no token counts:
--                  unpriced), 'bad_counts' (the model has a price but the call's cache tokens
--                  exceed its tokens_in, or its 1-hour cache writes its cache writes, so its counts
--                  are wrong: unpriced), or NULL (unpriced for want of a price, or not a call)
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
-- Models whose cost the log states in metric samples of their own (VIBEZEN logs a call as a
-- token_usage sample and a cost sample): pricing their token samples too would count it twice.
WITH stated_apart AS (
  SELECT DISTINCT coalesce(provider, chr(0)) AS provider_key, model
  FROM events
  WHERE metric IS NOT NULL AND cost_usd IS NOT NULL AND model IS NOT NULL
),
usage AS (
  SELECT e.*,
         e.cost_usd IS NULL AND lm_usage_record(e.kind, e.tokens_in, e.tokens_out, e.cost_usd) AS lm_needs_cost,
         e.metric IS NOT NULL AND e.cost_usd IS NULL AND e.model IS NOT NULL AND s.model IS NOT NULL AS lm_cost_apart
  FROM events AS e
  LEFT JOIN stated_apart AS s ON s.model = e.model AND s.provider_key = coalesce(e.provider, chr(0))
),
needing AS (
  SELECT u.* EXCLUDE (lm_needs_cost) REPLACE (u.lm_needs_cost AND u.lm_cost_apart AS lm_cost_apart),
         CASE WHEN u.lm_needs_cost AND NOT u.lm_cost_apart THEN u.model END AS lm_price_model
  FROM usage AS u
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
                       OR (p.input_per_mtok = 0 AND p.output_per_mtok = 0))
           AND NOT lm_bad_cache_counts(k.tokens_in, k.cache_read_tokens, k.cache_write_tokens, k.cache_write_1h_tokens) AS lm_priced,
         -- a failed call that logged no usage was not billed, whether or not its model has a price
         k.lm_price_model IS NOT NULL AND k.tokens_in IS NULL AND k.tokens_out IS NULL AND NOT k.ok AS lm_failed_unbilled,
         p.input_per_mtok AS lm_input_per_mtok,
         p.output_per_mtok AS lm_output_per_mtok,
         p.cache_read_per_mtok AS lm_cache_read_per_mtok,
         p.cache_write_per_mtok AS lm_cache_write_per_mtok,
         p.cache_write_1h_per_mtok AS lm_cache_write_1h_per_mtok,
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
                    lm_has_price, lm_priced, lm_failed_unbilled, lm_cost_apart, lm_input_per_mtok, lm_output_per_mtok,
                    lm_cache_read_per_mtok, lm_cache_write_per_mtok, lm_cache_write_1h_per_mtok, lm_per_call_usd,
                    lm_matched_model) REPLACE (
         coalesce(j.cost_usd, CASE WHEN j.lm_failed_unbilled OR j.lm_cost_apart THEN 0 WHEN j.lm_priced THEN
           (coalesce(j.tokens_in, 0) - coalesce(j.cache_read_tokens, 0) - coalesce(j.cache_write_tokens, 0)) * j.lm_input_per_mtok / 1e6
           + coalesce(j.cache_read_tokens, 0) * j.lm_cache_read_per_mtok / 1e6
           + (coalesce(j.cache_write_tokens, 0) - coalesce(j.cache_write_1h_tokens, 0)) * j.lm_cache_write_per_mtok / 1e6
           + coalesce(j.cache_write_1h_tokens, 0) * j.lm_cache_write_1h_per_mtok / 1e6
           + coalesce(j.tokens_out, 0) * j.lm_output_per_mtok / 1e6
           + coalesce(j.lm_per_call_usd, 0)
         END) AS cost_usd),
       CASE
         WHEN j.cost_usd IS NOT NULL THEN 'logged'
         WHEN j.lm_failed_unbilled THEN 'unbilled'
         WHEN j.lm_cost_apart THEN 'stated_apart'
         WHEN j.lm_priced THEN 'price'
         WHEN j.lm_has_price AND j.tokens_in IS NULL AND j.tokens_out IS NULL THEN 'no_usage'
         WHEN j.lm_has_price AND lm_bad_cache_counts(j.tokens_in, j.cache_read_tokens, j.cache_write_tokens, j.cache_write_1h_tokens) THEN 'bad_counts'
       END AS cost_source,
       CASE WHEN j.lm_priced AND NOT j.lm_failed_unbilled THEN j.lm_matched_model END AS price_model
FROM joined AS j
