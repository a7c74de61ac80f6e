-- The relations every rollup reads, defined once. src/rollups/compose.ts puts these CTEs in front
-- of each rollup section; a file under queries/ (or a user's --file) selects from them by name.
-- It is not a rollup itself: files whose name starts with _ are not listed.
--
-- Parameters (all bound; NULL when not given):
--   $since, $until  TIMESTAMPTZ as ISO text; the range is [since, until)
--   $bucket         INTERVAL as text ('5 minutes', '1 month'); NULL when the rollup has no bucket
--   $bucket_us      the bucket's width in microseconds; NULL for month buckets (and no bucket)
--   $now            TIMESTAMPTZ as ISO text; the reference time for "current" and "active"
--   $kinds          comma-separated kinds (validated against src/schema.ts KINDS)
--   $gauges         comma-separated gauge names (snake_case) read from wide metric samples
-- Placeholders, filled by compose.ts only with SQL it builds itself, never with user text:
--   {{source}}  events, or priced_events (queries/_priced-events.sql) for rollups that need cost
--   {{where}}   the compiled --where filter (src/query-language), whose values are bound $w_N
--   {{dims}}    struct_pack(d1 := <--by expression>, ...) or NULL; --by paths are bound $b_N
--   run_names   (in braces, as above) the SELECT of queries/_run-names.sql, or one from the temp
--               table lm_run_names that a run which pinned the events built once (src/rollups/pin.ts)
--   session_spans (in braces) the SELECT of queries/_session-spans.sql, over session_records
--
-- The relations:
--   args            one row: since, until, bucket, bucket_us, now_given, session_idle
--   scoped          events with --kind and --where applied (at every time), the workflow type filled
--                   in from the run's other records, plus `dims` and `is_usage` (an LLM call, or a
--                   metric sample carrying tokens or a cost)
--   filtered        scoped within [since, until), plus `bucket_start` (NULL without a bucket)
--   span            one row: first_ts, last_ts, now, range_start, range_last
--   buckets         every bucket_start from range_start to range_last (none without a bucket)
--   wide_keys       ts, bucket_start, dims, key, value: every key of every wide metric sample, read once
--   wide_gauges     key, gauge: the keys of wide metric samples that name a gauge of $gauges
--   metric_samples  ts, bucket_start, dims, metric, value: narrow samples, and wide ones unpivoted
--   session_spans   one row per session_id over scoped (all times): started, ended, last_seen,
--                   events and llm_calls inside the range, duration_ms, tokens, active (at `now`),
--                   and the dims of its first record
--   range_session_ids   session_id of each session with a record in [since, until)
--   range_session_spans session_spans of those sessions only (each over all its records): the rows
--                   of session_spans with events > 0, without aggregating every session ever logged
--   active_sessions session_id of each session active at `now` (session_spans.active), read from the
--                   records near `now` and the session records only
args AS (
  SELECT CAST($since AS TIMESTAMPTZ) AS since,
         CAST($until AS TIMESTAMPTZ) AS until,
         CAST($bucket AS INTERVAL) AS bucket,
         -- the bucket's width in microseconds, NULL for month buckets (see lm_bucket below)
         CAST($bucket_us AS BIGINT) AS bucket_us,
         CAST($now AS TIMESTAMPTZ) AS now_given,
         CAST($session_idle AS INTERVAL) AS session_idle
),
base AS NOT MATERIALIZED (
  SELECT * FROM {{source}}
),
-- A run's type (and a workflow record's agent) is often logged only on its start record: every
-- record that carries the run's workflow_id takes them from the run's other records
-- (queries/_run-names.sql). It reads `events`, not `base`: a CTE read twice is materialised, and
-- a copy of every record per statement cost more than the rollup itself at 10M records.
run_names AS (
  {{run_names}}
),
filled AS NOT MATERIALIZED (
  SELECT b.* REPLACE (
           coalesce(b.workflow, r.workflow) AS workflow,
           CASE WHEN b.kind = 'workflow' THEN coalesce(b.agent, r.agent) ELSE b.agent END AS agent)
  FROM base AS b
  LEFT JOIN run_names AS r ON b.workflow_id = r.workflow_id
),
scoped AS NOT MATERIALIZED (
  SELECT *,
         {{dims}} AS dims,
         -- the tokens and cost rollups read only usage records (queries/ingest/macros.sql)
         lm_usage_record(kind, tokens_in, tokens_out, cost_usd) AS is_usage
  FROM filled
  WHERE ($kinds IS NULL OR list_contains(string_split($kinds, ','), kind))
    AND ({{where}})
),
filtered AS (
  SELECT s.*,
         -- time_bucket(a.bucket, ts) as DuckDB defines it (origin Monday 2000-01-03), but computed on
         -- epoch microseconds: on a TIMESTAMPTZ with a day part time_bucket goes through the calendar
         -- and costs seconds per million rows. Month buckets keep to the calendar, in UTC.
         CASE WHEN CAST($bucket_us AS BIGINT) IS NOT NULL
              THEN make_timestamptz(946857600000000 + CAST(fdiv(epoch_us(s.ts) - 946857600000000, CAST($bucket_us AS BIGINT)) AS BIGINT) * CAST($bucket_us AS BIGINT))
              ELSE timezone('UTC', time_bucket(CAST($bucket AS INTERVAL), timezone('UTC', s.ts)))
         END AS bucket_start
  FROM scoped AS s
  -- the parameters themselves, not args: a join with args made every record go through a nested
  -- loop join (~0.07 s per statement at 1M records), and a constant range can reach the scan
  WHERE (CAST($since AS TIMESTAMPTZ) IS NULL OR s.ts >= CAST($since AS TIMESTAMPTZ))
    AND (CAST($until AS TIMESTAMPTZ) IS NULL OR s.ts < CAST($until AS TIMESTAMPTZ))
),
span AS (
  SELECT f.first_ts,
         f.last_ts,
         coalesce(a.now_given, a.until, f.last_ts) AS now,
         coalesce(a.since, f.first_ts) AS range_start,
         -- the last instant inside the range: until is exclusive
         coalesce(a.until - INTERVAL 1 microsecond, f.last_ts) AS range_last
  FROM args AS a
  CROSS JOIN (SELECT min(ts) AS first_ts, max(ts) AS last_ts FROM filtered) AS f
),
buckets AS (
  SELECT unnest(generate_series(
           timezone('UTC', time_bucket(a.bucket, timezone('UTC', s.range_start))),
           timezone('UTC', time_bucket(a.bucket, timezone('UTC', s.range_last))),
           a.bucket)) AS bucket_start
  FROM args AS a, span AS s
  WHERE a.bucket IS NOT NULL AND s.range_start IS NOT NULL AND s.range_last >= s.range_start
),
-- Every key of every wide sample (a kind = 'metric' record with no metric name) with its value as
-- a number, read once: both relations below read it, and each reading of `attrs` decompresses and
-- parses every wide sample again.
wide_keys AS MATERIALIZED (
  SELECT ts, bucket_start, dims, key, TRY_CAST(attrs ->> key AS DOUBLE) AS value
  FROM (
    SELECT ts, bucket_start, dims, attrs, unnest(json_keys(attrs)) AS key
    FROM filtered
    WHERE kind = 'metric' AND metric IS NULL AND attrs IS NOT NULL
  )
),
-- The keys of the wide samples that name a gauge, with its name: the few distinct keys are named
-- once each, not once per sample (the regular expressions on every key of every sample took ~10 s
-- of CPU on a month of records).
wide_gauges AS (
  SELECT key, gauge
  FROM (
    -- one list of the distinct keys, named as a list: a filter on the name next to a plain
    -- DISTINCT would be pushed below it, back to every key of every sample
    SELECT unnest(keys) AS key,
           unnest(list_transform(keys, lambda k: lower(regexp_replace(regexp_replace(regexp_replace(k,
             '([A-Z]+)([A-Z][a-z])', '\1_\2', 'g'), '([a-z0-9])([A-Z])', '\1_\2', 'g'), '[-\s]+', '_', 'g')))) AS gauge
    FROM (SELECT list(DISTINCT key) AS keys FROM wide_keys)
  )
  WHERE list_contains(string_split($gauges, ','), gauge)
),
-- Metric samples, one row per gauge: a narrow sample names its metric and value; a wide one (a
-- kind = 'metric' record with no metric name) keeps several gauges in attrs under their logged
-- names, and each top-level key whose snake_case form is in $gauges (the ingest's gauge names,
-- plus the configuration's) and whose value reads as a number is a sample named by that form.
metric_samples AS (
  SELECT ts, bucket_start, dims, metric, value
  FROM filtered
  WHERE metric IS NOT NULL AND value IS NOT NULL
  UNION ALL
  SELECT w.ts, w.bucket_start, w.dims, g.gauge AS metric, w.value
  FROM wide_keys AS w
  JOIN wide_gauges AS g ON g.key = w.key
  WHERE w.value IS NOT NULL
),
-- A session's start and end records are kind = 'session' records named as such; an end record
-- may also be known by the duration it carries. Names are compared as lower-case words.
session_marks AS NOT MATERIALIZED (
  SELECT *,
         -- CASE, so that only session records pay for the regular expression
         CASE WHEN kind = 'session' THEN duration_ms IS NOT NULL
           OR regexp_matches(regexp_replace(lower(coalesce(event, '')), '[^a-z0-9]+', ' ', 'g'),
             '\b(end|ended|ending|close|closed|stop|stopped|finish|finished|complete|completed|terminate|terminated|expire|expired|destroy|destroyed|disconnect|disconnected|exit|exited|logout|timeout)\b')
           ELSE false END AS is_end
  FROM scoped
  WHERE session_id IS NOT NULL
),
session_spans AS (
  WITH session_records AS (SELECT * FROM session_marks)
  {{session_spans}}
),
-- The sessions with a record inside [since, until) (the sessions session_spans counts as seen,
-- events > 0), found from the records of the range alone: the scan skips the row groups outside it
-- from the parameters, as `filtered` does.
range_session_ids AS (
  SELECT DISTINCT session_id
  FROM scoped
  WHERE session_id IS NOT NULL
    AND (CAST($since AS TIMESTAMPTZ) IS NULL OR ts >= CAST($since AS TIMESTAMPTZ))
    AND (CAST($until AS TIMESTAMPTZ) IS NULL OR ts < CAST($until AS TIMESTAMPTZ))
),
-- session_spans of those sessions only, each still over all its records (a session begun a week
-- ago keeps its true start): a month of sessions is not aggregated for a day's report.
range_session_spans AS (
  WITH session_records AS (
    SELECT * FROM session_marks WHERE session_id IN (SELECT session_id FROM range_session_ids)
  )
  {{session_spans}}
),
-- The sessions active at `now`, as session_spans.active counts them, without aggregating every
-- session the database holds (a month of hourly ingests is millions of sessions, and the overview
-- wants only this count). An active session has a record in (now - session_idle, now], so only
-- those records are looked at; the scan skips the row groups before that from the parameters alone:
-- `now` is $now, else $until, else the last record in [since, until), which is not before $since.
-- Of those sessions, the ones with an end record at or before `now`, at any time, have ended.
active_sessions AS (
  SELECT DISTINCT m.session_id
  FROM scoped AS m, args AS a, span AS s
  WHERE m.session_id IS NOT NULL
    AND m.ts <= s.now
    AND (a.session_idle IS NULL OR m.ts > s.now - a.session_idle)
    AND (CAST($session_idle AS INTERVAL) IS NULL
         OR coalesce(CAST($now AS TIMESTAMPTZ), CAST($until AS TIMESTAMPTZ), CAST($since AS TIMESTAMPTZ)) IS NULL
         OR m.ts > coalesce(CAST($now AS TIMESTAMPTZ), CAST($until AS TIMESTAMPTZ), CAST($since AS TIMESTAMPTZ))
                   - CAST($session_idle AS INTERVAL))
    AND NOT EXISTS (
      SELECT 1
      FROM session_marks AS e
      -- only session records can end one (session_marks.is_end)
      WHERE e.kind = 'session' AND e.session_id = m.session_id AND e.is_end AND e.ts <= s.now)
)
