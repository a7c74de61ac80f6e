-- Metrics source: served requests (kind = 'request').
-- Labels: l1 = method, l2 = route (templated), l3 = status as logged (HTTP code).
-- Value columns (col): n (1 per request), duration_seconds.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
SELECT l1, l2, l3, col, v, t
FROM (
  SELECT coalesce(method, 'unknown') AS l1, coalesce(route, 'unknown') AS l2, coalesce(status, 'unknown') AS l3,
         epoch(ts) AS t, 1.0 AS n, duration_ms / 1000.0 AS duration_seconds
  FROM events WHERE kind = 'request'
) UNPIVOT (v FOR col IN (n, duration_seconds));
