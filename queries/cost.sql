-- cost: spend of usage records by the --by dimensions (default model), priced calls and unpriced ones
--
-- Columns: [bucket_start with --bucket; day, week and month buckets start at UTC midnight, on
-- Mondays and on the 1st], the --by columns, calls, tokens_in, tokens_out, cache_read_tokens,
-- cache_write_tokens, cost_usd, priced_calls, unpriced_calls, logged_calls. tokens_in counts every
-- input token; cache reads and writes (parts of it) cost the model's cache prices. A cost the record states wins (logged_calls counts
-- those); otherwise the model's price at the call's own time (@pydantic/genai-prices, or a price
-- override from the configuration). A call with no price is never a silent $0: it counts in
-- unpriced_calls, cost_usd leaves it out (and is empty for a group with no
-- priced call at all), and the unpriced section lists its model. So is a call that logged no
-- token counts at all, or more cache tokens than input tokens: its cost is unknown, whatever its
-- model's price (_priced-events.sql).
-- The output states the price data's version.
--
-- @by model
-- @bucket optional
-- @source priced_events
SELECT bucket_start,
       dims,
       count(*) AS calls,
       coalesce(sum(tokens_in), 0) AS tokens_in,
       coalesce(sum(tokens_out), 0) AS tokens_out,
       coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens,
       coalesce(sum(cache_write_tokens), 0) AS cache_write_tokens,
       lm_exact_sum(cost_usd) AS cost_usd,
       count(cost_usd) AS priced_calls,
       count(*) - count(cost_usd) AS unpriced_calls,
       count(*) FILTER (WHERE cost_source = 'logged') AS logged_calls
FROM filtered
WHERE is_usage
GROUP BY bucket_start, dims
ORDER BY bucket_start NULLS LAST, cost_usd DESC, dims

-- @section unpriced: the calls left without a cost, by model: no price was found, no token counts, or wrong ones
--
-- Columns: model, provider, calls, no_usage, bad_counts, first_seen, last_seen. no_usage counts
-- the calls whose model has a price but that logged no token counts (cost_source 'no_usage');
-- bad_counts those whose model has a price but that logged more cache tokens than input tokens
-- (cost_source 'bad_counts'); the others found no price. A call without a model is listed with an
-- empty model.
SELECT model,
       provider,
       count(*) AS calls,
       count(*) FILTER (WHERE cost_source = 'no_usage') AS no_usage,
       count(*) FILTER (WHERE cost_source = 'bad_counts') AS bad_counts,
       min(ts) AS first_seen,
       max(ts) AS last_seen
FROM filtered
WHERE is_usage AND cost_usd IS NULL
GROUP BY model, provider
ORDER BY calls DESC, model NULLS LAST, provider NULLS LAST

-- @section periods: cost today, this week and this month, up to `now`
--
-- Columns: period (today, week, month), start, calls, cost_usd, unpriced_calls. Periods are
-- calendar periods in UTC (weeks start on Monday) that contain `now`, counted up to `now`.
WITH periods AS (
  SELECT p.period, p.ord, time_bucket(p.size, s.now) AS start, s.now
  FROM span AS s,
       (VALUES ('today', 1, INTERVAL 1 day), ('week', 2, INTERVAL 7 days), ('month', 3, INTERVAL 1 month)) AS p(period, ord, size)
  WHERE s.now IS NOT NULL
)
SELECT p.period,
       p.start,
       count(f.ts) AS calls,
       CASE WHEN count(f.ts) > 0 AND count(f.cost_usd) = 0 THEN NULL ELSE coalesce(lm_exact_sum(f.cost_usd), 0) END AS cost_usd,
       count(f.ts) - count(f.cost_usd) AS unpriced_calls
FROM periods AS p
LEFT JOIN filtered AS f ON f.is_usage AND f.ts >= p.start AND f.ts <= p.now
GROUP BY p.period, p.ord, p.start
ORDER BY p.ord
