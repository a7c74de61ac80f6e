-- Metrics source: sessions open at the end of the log: a session id that has records but no
-- end record (an event named ended, closed, finished, expired, ... or a session record with a duration).
-- Labels: none. Value columns (col): active (one row: the count).
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
WITH per_session AS (
  SELECT session_id,
         bool_or(kind = 'session' AND (duration_ms IS NOT NULL
           OR regexp_matches(lower(coalesce(event, '')), '(end|clos|finish|expir|terminat|stop|destroy)'))) AS ended
  FROM events WHERE session_id IS NOT NULL GROUP BY session_id
)
SELECT NULL::VARCHAR AS l1, NULL::VARCHAR AS l2, NULL::VARCHAR AS l3, 'active' AS col,
       count(*) FILTER (WHERE NOT ended)::DOUBLE AS v, NULL::DOUBLE AS t
FROM per_session;
