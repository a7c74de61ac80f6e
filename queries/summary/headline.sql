-- summary: the headline numbers of the terminal dashboard, over records with $since <= ts <= $now
-- (every record when $since is NULL; records without a time count only then).
-- Returns one row: records, errors, error_rate, first_ts, last_ts, llm_calls, llm_p95_ms,
-- tokens_in_today, tokens_out_today, cost_usd_today, cost_records_today (the cost the log states,
-- on the UTC day of $now), sessions, active_sessions.
-- Parameters: $since (TIMESTAMPTZ or NULL), $now (TIMESTAMPTZ).
WITH w AS (
  SELECT * FROM events WHERE ($since::TIMESTAMPTZ IS NULL OR ts >= $since::TIMESTAMPTZ) AND (ts IS NULL OR ts <= $now::TIMESTAMPTZ)
    AND ($since::TIMESTAMPTZ IS NULL OR ts IS NOT NULL)
), sessions AS (
  SELECT session_id,
         bool_or(kind = 'session' AND (duration_ms IS NOT NULL
           OR regexp_matches(lower(coalesce(event, '')), '(end|clos|finish|expir|terminat|stop|destroy)'))) AS ended
  FROM w WHERE session_id IS NOT NULL GROUP BY session_id
)
SELECT
  count(*) AS records,
  count(*) FILTER (WHERE NOT ok) AS errors,
  CASE WHEN count(*) > 0 THEN (count(*) FILTER (WHERE NOT ok))::DOUBLE / count(*) END AS error_rate,
  min(ts) AS first_ts, max(ts) AS last_ts,
  count(*) FILTER (WHERE kind = 'llm_call') AS llm_calls,
  quantile_cont(duration_ms, 0.95) FILTER (WHERE kind = 'llm_call') AS llm_p95_ms,
  coalesce(sum(tokens_in) FILTER (WHERE kind = 'llm_call' AND ts >= date_trunc('day', $now::TIMESTAMPTZ)), 0) AS tokens_in_today,
  coalesce(sum(tokens_out) FILTER (WHERE kind = 'llm_call' AND ts >= date_trunc('day', $now::TIMESTAMPTZ)), 0) AS tokens_out_today,
  coalesce(sum(cost_usd) FILTER (WHERE kind = 'llm_call' AND ts >= date_trunc('day', $now::TIMESTAMPTZ)), 0) AS cost_usd_today,
  count(cost_usd) FILTER (WHERE kind = 'llm_call' AND ts >= date_trunc('day', $now::TIMESTAMPTZ)) AS cost_records_today,
  (SELECT count(*) FROM sessions) AS sessions,
  (SELECT count(*) FILTER (WHERE NOT ended) FROM sessions) AS active_sessions
FROM w;
