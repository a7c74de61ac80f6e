-- workflows: runs, success rate and duration percentiles by the --by dimensions (default workflow)
--
-- Columns: the --by columns, runs, success, failed, success_rate, p50, p95, mean (duration in ms).
-- A run is a workflow's end record: one that carries a status or a duration, and whose status is
-- not one of a run still going (running, started, pending, in_progress, queued, ...: a start or
-- progress record; lm_workflow_run_end in queries/ingest/macros.sql). A run whose type is logged
-- only on its start record takes it from there, by workflow_id. success counts runs with ok =
-- true, failed those with ok = false.
--
-- @by workflow
-- @kind workflow
-- @bucket auto
WITH runs AS (
  SELECT * FROM filtered WHERE lm_workflow_run_end(kind, status, duration_ms)
)
SELECT dims,
       count(*) AS runs,
       count(*) FILTER (WHERE ok) AS success,
       count(*) FILTER (WHERE ok = false) AS failed,
       CAST(count(*) FILTER (WHERE ok) AS DOUBLE) / count(*) AS success_rate,
       quantile_cont(duration_ms, 0.50) AS p50,
       quantile_cont(duration_ms, 0.95) AS p95,
       lm_exact_avg(duration_ms) AS mean
FROM runs
GROUP BY dims
ORDER BY runs DESC, dims

-- @section agents: the time spent per agent, over the runs it ended
--
-- Columns: agent, runs, time_ms (the runs' durations added up), avg_ms, failed. Runs without an
-- agent are left out: a run's total is no agent's time (an orchestrator that logs its agents' steps
-- as their own records gets their time from `query latency --kind other --by agent`).
SELECT agent,
       count(*) AS runs,
       coalesce(lm_exact_sum(duration_ms), 0) AS time_ms,
       lm_exact_avg(duration_ms) AS avg_ms,
       count(*) FILTER (WHERE ok = false) AS failed
FROM filtered
WHERE lm_workflow_run_end(kind, status, duration_ms) AND agent IS NOT NULL
GROUP BY agent
ORDER BY time_ms DESC, agent

-- @section lines: lines of code changed over time, per bucket (empty buckets are 0)
--
-- Columns: bucket_start, lines_changed (added up over the records that log it), runs (ending in
-- the bucket).
WITH per_bucket AS (
  SELECT bucket_start,
         sum(lines_changed) AS lines_changed,
         count(*) FILTER (WHERE lm_workflow_run_end(kind, status, duration_ms)) AS runs
  FROM filtered
  WHERE ts IS NOT NULL
  GROUP BY bucket_start
)
SELECT b.bucket_start,
       coalesce(p.lines_changed, 0) AS lines_changed,
       coalesce(p.runs, 0) AS runs
FROM buckets AS b
LEFT JOIN per_bucket AS p ON p.bucket_start = b.bucket_start
ORDER BY b.bucket_start
