-- latency: duration percentiles of duration_ms by the --by dimensions (default kind llm_call)
--
-- Columns: [bucket_start with --bucket], the --by columns, count (records with a duration), p50,
-- p90, p95, p99, max, mean, all in ms. Percentiles are exact: quantile_cont, the linear
-- interpolation between the two nearest ranks that numpy's default (method 'linear') uses.
-- Records without a duration are not counted.
--
-- @kind llm_call
-- @bucket optional
SELECT bucket_start,
       dims,
       count(duration_ms) AS count,
       quantile_cont(duration_ms, 0.50) AS p50,
       quantile_cont(duration_ms, 0.90) AS p90,
       quantile_cont(duration_ms, 0.95) AS p95,
       quantile_cont(duration_ms, 0.99) AS p99,
       max(duration_ms) AS max,
       lm_exact_avg(duration_ms) AS mean
FROM filtered
WHERE duration_ms IS NOT NULL
GROUP BY bucket_start, dims
ORDER BY bucket_start NULLS LAST, dims
