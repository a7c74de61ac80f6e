-- Metrics source: workflow runs. A run is a workflow's end record (one with a status, a duration
-- or a success flag, and whose status is not one of a run still going: lm_in_flight_status in
-- queries/ingest/macros.sql); its type comes from the start record with the same workflow_id when
-- only the start record names it.
-- Labels: l1 = workflow (type), l2 = status ('ok' or 'error').
-- Value columns (col): n (1 per run), duration_seconds, lines_changed.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
WITH wf AS (
  SELECT * FROM events WHERE kind = 'workflow'
), names AS (
  SELECT workflow_id, any_value(workflow) AS workflow FROM wf
  WHERE workflow_id IS NOT NULL AND workflow IS NOT NULL GROUP BY workflow_id
), runs AS (
  SELECT coalesce(wf.workflow, names.workflow, 'unknown') AS l1,
         CASE WHEN wf.ok THEN 'ok' ELSE 'error' END AS l2,
         epoch(wf.ts) AS t, 1.0 AS n, wf.duration_ms / 1000.0 AS duration_seconds, wf.lines_changed::DOUBLE AS lines_changed
  FROM wf LEFT JOIN names USING (workflow_id)
  WHERE (wf.status IS NOT NULL OR wf.duration_ms IS NOT NULL OR NOT wf.ok
         OR json_extract(wf.attrs, '$.success') IS NOT NULL)
    AND NOT lm_in_flight_status(wf.status)
)
SELECT l1, l2, NULL::VARCHAR AS l3, col, v, t
FROM runs UNPIVOT (v FOR col IN (n, duration_seconds, lines_changed));
