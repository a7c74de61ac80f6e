-- Metrics source: file operations (kind = 'file_op').
-- Labels: l1 = operation (read, write, delete, ...), l2 = status ('ok' or 'error').
-- Value columns (col): n (1 per attempt), bytes, duration_seconds.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
SELECT l1, l2, NULL::VARCHAR AS l3, col, v, t
FROM (
  SELECT coalesce(op, 'unknown') AS l1, CASE WHEN ok THEN 'ok' ELSE 'error' END AS l2,
         epoch(ts) AS t, 1.0 AS n, bytes::DOUBLE AS bytes, duration_ms / 1000.0 AS duration_seconds
  FROM events WHERE kind = 'file_op'
) UNPIVOT (v FOR col IN (n, bytes, duration_seconds));
