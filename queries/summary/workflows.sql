-- summary: finished workflow runs per workflow type (a run is an end record: one with a status,
-- a duration, a success flag or a failure), with the type from the start record when only it has one.
-- Returns: workflow, runs, success, failed, p95_ms. Parameters: $since (TIMESTAMPTZ or NULL), $now, $limit.
WITH wf AS (
  SELECT * FROM events WHERE kind = 'workflow' AND ($since::TIMESTAMPTZ IS NULL OR ts >= $since::TIMESTAMPTZ) AND (ts IS NULL OR ts <= $now::TIMESTAMPTZ)
), names AS (
  SELECT workflow_id, any_value(workflow) AS workflow FROM wf
  WHERE workflow_id IS NOT NULL AND workflow IS NOT NULL GROUP BY workflow_id
)
SELECT coalesce(wf.workflow, names.workflow, 'unknown') AS workflow, count(*) AS runs,
       count(*) FILTER (WHERE wf.ok) AS success, count(*) FILTER (WHERE NOT wf.ok) AS failed,
       quantile_cont(wf.duration_ms, 0.95) AS p95_ms
FROM wf LEFT JOIN names USING (workflow_id)
WHERE wf.status IS NOT NULL OR wf.duration_ms IS NOT NULL OR NOT wf.ok OR json_extract(wf.attrs, '$.success') IS NOT NULL
GROUP BY 1 ORDER BY runs DESC, workflow LIMIT $limit;
