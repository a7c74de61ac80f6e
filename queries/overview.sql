-- overview: one row of headline numbers: volume, errors, request rate, sessions, tokens, cost, health
--
-- Columns: records, rejects, records_without_ts, first_ts, last_ts, llm_calls, errors, error_rate,
-- requests_per_min_current, requests_per_min_peak, requests_per_min_avg, rate_basis,
-- active_sessions, tokens_in, tokens_out, cache_read_tokens, cache_write_tokens, cost_usd,
-- unpriced_calls, latency_p95_ms, health. The cache columns are the parts of tokens_in read from
-- and written to a prompt cache.
--
-- error_rate is errors (ok = false) over records. The request rate counts `request` records, or
-- `llm_call` records when there are none (rate_basis says which): current is the 60 seconds up to
-- `now`, peak the busiest calendar minute, avg the mean over every minute of the range, empty
-- minutes included. latency_p95_ms is over the same records. health is unhealthy when error_rate
-- or latency_p95_ms is above its unhealthy threshold, degraded when above its degraded one, and
-- healthy otherwise (also when there is nothing to judge). Tokens and cost are summed over usage
-- records; cost_usd leaves out unpriced calls, which unpriced_calls counts. rejects counts every
-- row of the rejects table: rejects have no time or fields, so no filter applies to them.
-- active_sessions: as in the sessions rollup (begun, not ended and not idle at `now`).
--
-- @by none
-- @bucket none
-- @source priced_events
-- @param $error_rate_degraded    error rate above which health is degraded (default 0.05)
-- @param $error_rate_unhealthy   error rate above which health is unhealthy (default 0.10)
-- @param $p95_degraded_ms        p95 latency in ms above which health is degraded (default 1000)
-- @param $p95_unhealthy_ms       p95 latency in ms above which health is unhealthy (default 5000)
WITH
totals AS (
  SELECT count(*) AS records,
         count(*) FILTER (WHERE ts IS NULL) AS records_without_ts,
         min(ts) AS first_ts,
         max(ts) AS last_ts,
         count(*) FILTER (WHERE kind = 'llm_call') AS llm_calls,
         count(*) FILTER (WHERE ok = false) AS errors,
         count(*) FILTER (WHERE kind = 'request') AS requests,
         coalesce(sum(tokens_in) FILTER (WHERE is_usage), 0) AS tokens_in,
         coalesce(sum(tokens_out) FILTER (WHERE is_usage), 0) AS tokens_out,
         coalesce(sum(cache_read_tokens) FILTER (WHERE is_usage), 0) AS cache_read_tokens,
         coalesce(sum(cache_write_tokens) FILTER (WHERE is_usage), 0) AS cache_write_tokens,
         -- empty when there are usage records but none has a cost: unknown, not $0
         CASE WHEN count(*) FILTER (WHERE is_usage) > 0 AND count(cost_usd) FILTER (WHERE is_usage) = 0 THEN NULL
              ELSE coalesce(lm_exact_sum(CASE WHEN is_usage THEN cost_usd END), 0) END AS cost_usd,
         count(*) FILTER (WHERE is_usage AND cost_usd IS NULL) AS unpriced_calls
  FROM filtered
),
basis AS (
  SELECT CASE WHEN requests > 0 THEN 'request' ELSE 'llm_call' END AS kind FROM totals
),
rated AS (
  SELECT f.ts, f.duration_ms FROM filtered AS f, basis AS b WHERE f.kind = b.kind
),
-- minutes are counted on epoch microseconds, which is much cheaper than time_bucket on TIMESTAMPTZ
per_minute AS (
  SELECT CAST(fdiv(epoch_us(ts), 60000000) AS BIGINT) AS minute, count(*) AS n
  FROM rated WHERE ts IS NOT NULL GROUP BY 1
),
rate AS (
  SELECT
    (SELECT count(*) FROM rated AS r WHERE r.ts > s.now - INTERVAL 1 minute AND r.ts <= s.now) AS current,
    (SELECT coalesce(max(n), 0) FROM per_minute) AS peak,
    CASE WHEN s.range_start IS NULL OR s.range_last < s.range_start THEN NULL ELSE
      (SELECT count(*) FROM rated WHERE ts IS NOT NULL)
        / (fdiv(epoch_us(s.range_last), 60000000) - fdiv(epoch_us(s.range_start), 60000000) + 1)
    END AS avg,
    (SELECT quantile_cont(duration_ms, 0.95) FROM rated) AS p95
  FROM span AS s
),
judged AS (
  SELECT t.*, r.*,
         CAST(t.errors AS DOUBLE) / nullif(t.records, 0) AS error_rate
  FROM totals AS t, rate AS r
)
SELECT j.records,
       (SELECT count(*) FROM rejects) AS rejects,
       j.records_without_ts,
       j.first_ts,
       j.last_ts,
       j.llm_calls,
       j.errors,
       j.error_rate,
       j.current AS requests_per_min_current,
       j.peak AS requests_per_min_peak,
       j.avg AS requests_per_min_avg,
       b.kind AS rate_basis,
       (SELECT count(*) FROM active_sessions) AS active_sessions,
       j.tokens_in,
       j.tokens_out,
       j.cache_read_tokens,
       j.cache_write_tokens,
       j.cost_usd,
       j.unpriced_calls,
       j.p95 AS latency_p95_ms,
       CASE
         WHEN j.error_rate > $error_rate_unhealthy OR j.p95 > $p95_unhealthy_ms THEN 'unhealthy'
         WHEN j.error_rate > $error_rate_degraded OR j.p95 > $p95_degraded_ms THEN 'degraded'
         ELSE 'healthy'
       END AS health
FROM judged AS j, basis AS b
