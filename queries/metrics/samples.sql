-- Metrics source: metric samples logged as records (kind = 'metric': cpu_usage, goroutine_count, ...).
-- Labels: l1 = metric name. Value columns (col): value (with the sample's time in t, for "last").
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
SELECT metric AS l1, NULL::VARCHAR AS l2, NULL::VARCHAR AS l3, 'value' AS col, value AS v, epoch(ts) AS t
FROM events WHERE kind = 'metric' AND metric IS NOT NULL AND value IS NOT NULL;
