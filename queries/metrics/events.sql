-- Metrics source: every record, by kind. Defines the view lm_obs that src/metrics/collect.ts reads.
-- Labels: l1 = kind. Value columns (col): n (1 per record), failed (1 when ok is false), ts_seconds.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
SELECT kind AS l1, NULL::VARCHAR AS l2, NULL::VARCHAR AS l3, col, v, t
FROM (
  SELECT coalesce(kind, 'other') AS kind, epoch(ts) AS t,
         1.0 AS n, CASE WHEN ok THEN 0.0 ELSE 1.0 END AS failed, epoch(ts) AS ts_seconds
  FROM events
) UNPIVOT (v FOR col IN (n, failed, ts_seconds));
