-- sessions: how many sessions, how many are active, how long they last, and what they use
--
-- Columns: sessions (seen in the range), active (at `now`), ended, avg_duration_ms, avg_events,
-- avg_tokens, avg_llm_calls. A session is a session_id; it begins at its first record and ends at
-- a session record named as an end (ended, closed, expired, ...) or one carrying a duration.
-- active: begun, not ended, and not idle for longer than $session_idle at `now`. Its duration is
-- the one its end record logs, or end minus start; open sessions have none. Its events are its
-- records in the range, its tokens those of its own calls (or its end record's totals when no call
-- logged any).
--
-- @by day
-- @bucket none
-- @param $top   how many models to list (default 10)
--
-- Only the sessions seen in the range are aggregated (range_session_spans, each over all its
-- records), and the active ones are counted from the records near `now` (active_sessions): the
-- same numbers as over every session the database holds (session_spans), which a month of
-- hourly ingests makes millions of.
WITH
seen AS (
  SELECT * FROM range_session_spans WHERE events > 0
)
SELECT count(*) AS sessions,
       (SELECT count(*) FROM active_sessions) AS active,
       count(ended) AS ended,
       lm_exact_avg(duration_ms) AS avg_duration_ms,
       avg(events) AS avg_events,
       avg(tokens) AS avg_tokens,
       avg(llm_calls) AS avg_llm_calls
FROM seen

-- @section created: sessions created per day (the --by dimension: day by default, or weekday, ...)
--
-- Columns: the --by columns, created. A session is created at its first record, and counted in the
-- group of that record (with --by weekday, 1 is Monday and 7 Sunday). A session created in the
-- range has its first record there, so range_session_spans holds it.
SELECT p.dims, count(*) AS created
FROM range_session_spans AS p, args AS a
WHERE p.started IS NOT NULL
  AND (a.since IS NULL OR p.started >= a.since)
  AND (a.until IS NULL OR p.started < a.until)
GROUP BY p.dims
ORDER BY p.dims

-- @section models: the models most used in the range, and their share of the calls
--
-- Columns: model, calls, share (of all LLM calls with a model), models (how many models the range
-- has, listed or not: the report says how many the list leaves out). At most $top rows.
SELECT model,
       count(*) AS calls,
       CAST(count(*) AS DOUBLE) / sum(count(*)) OVER () AS share,
       count(*) OVER () AS models
FROM filtered
WHERE kind = 'llm_call' AND model IS NOT NULL
GROUP BY model
ORDER BY calls DESC, model
LIMIT $top
