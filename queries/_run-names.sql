-- run_names: each workflow run's type, and the agent of its workflow records, from whichever of
-- the run's records logged them (a run's type is often logged only on its start record). The
-- prelude's `filled` joins it to every record on workflow_id.
-- src/rollups/compose.ts puts this SELECT into the prelude, or, while a run has pinned the events
-- (src/rollups/pin.ts), src/rollups/pin.ts stores it once as the temp table lm_run_names.
-- Parameters: none.
SELECT workflow_id,
       any_value(workflow) AS workflow,
       any_value(agent) FILTER (WHERE kind = 'workflow') AS agent
FROM events
WHERE workflow_id IS NOT NULL AND (workflow IS NOT NULL OR (kind = 'workflow' AND agent IS NOT NULL))
GROUP BY workflow_id
