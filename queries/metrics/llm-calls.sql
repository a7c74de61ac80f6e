-- Metrics source: outgoing LLM calls (kind = 'llm_call').
-- Labels: l1 = model, l2 = provider, l3 = status ('ok' or 'error', from the ok column).
-- Value columns (col): n (1 per call), duration_seconds, cost_usd (only the cost the log states).
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
SELECT l1, l2, l3, col, v, t
FROM (
  SELECT coalesce(model, 'unknown') AS l1, coalesce(provider, 'unknown') AS l2,
         CASE WHEN ok THEN 'ok' ELSE 'error' END AS l3,
         epoch(ts) AS t, 1.0 AS n, duration_ms / 1000.0 AS duration_seconds, cost_usd
  FROM events WHERE kind = 'llm_call'
) UNPIVOT (v FOR col IN (n, duration_seconds, cost_usd));
