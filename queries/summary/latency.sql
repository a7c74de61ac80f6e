-- summary: LLM call latency per model (exact percentiles, linear interpolation), busiest first.
-- Returns: model, calls, errors, p50, p95, p99 (ms). Parameters: $since (TIMESTAMPTZ or NULL), $now, $limit.
SELECT coalesce(model, 'unknown') AS model, count(*) AS calls, count(*) FILTER (WHERE NOT ok) AS errors,
       quantile_cont(duration_ms, 0.5) AS p50, quantile_cont(duration_ms, 0.95) AS p95, quantile_cont(duration_ms, 0.99) AS p99
FROM events
WHERE kind = 'llm_call' AND ($since::TIMESTAMPTZ IS NULL OR ts >= $since::TIMESTAMPTZ) AND (ts IS NULL OR ts <= $now::TIMESTAMPTZ)
GROUP BY 1 ORDER BY calls DESC, model LIMIT $limit;
