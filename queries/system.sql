-- system: resource samples per bucket (last, avg, max), cache hit rate, and open/close gauges
--
-- Columns: bucket_start, the --by columns, metric, samples, last, avg, min, max. Reads metric
-- samples: records with a metric name and a value (cpu_usage, memory_usage, goroutine_count,
-- connections, queue_depth, ...), and wide samples, whose gauges are kept in attrs (see
-- metric_samples in _prelude.sql). last is the latest sample in the bucket.
--
-- @bucket auto
SELECT bucket_start,
       dims,
       metric,
       count(*) AS samples,
       arg_max(value, ts) AS last,
       lm_exact_avg(value) AS avg,
       min(value) AS min,
       max(value) AS max
FROM metric_samples
WHERE ts IS NOT NULL
GROUP BY bucket_start, dims, metric
ORDER BY bucket_start, dims, metric

-- @section cache: cache hits and misses per bucket, and the hit rate
--
-- Columns: bucket_start, hits, misses, cache_hit_rate (hits over hits plus misses). Hits and
-- misses come from metric samples named like cache_hits and cache_misses (their values are added
-- up), and from records flagged cache_hit (or cached) true or false. Only buckets with either.
WITH flagged AS (
  SELECT bucket_start,
         CASE WHEN regexp_matches(lower(metric), '(^|[^a-z])cache[^a-z]?hits?$') THEN value ELSE 0 END AS hits,
         CASE WHEN regexp_matches(lower(metric), '(^|[^a-z])cache[^a-z]?miss(es)?$') THEN value ELSE 0 END AS misses
  FROM metric_samples
  WHERE ts IS NOT NULL
  UNION ALL
  SELECT bucket_start,
         CASE WHEN flag THEN 1 ELSE 0 END AS hits,
         CASE WHEN NOT flag THEN 1 ELSE 0 END AS misses
  FROM (
    SELECT bucket_start,
           TRY_CAST(coalesce(json_extract_string(attrs, '$.cache_hit'), json_extract_string(attrs, '$.cached')) AS BOOLEAN) AS flag
    FROM filtered
    WHERE ts IS NOT NULL
  )
  WHERE flag IS NOT NULL
)
SELECT bucket_start,
       sum(hits) AS hits,
       sum(misses) AS misses,
       sum(hits) / nullif(sum(hits) + sum(misses), 0) AS cache_hit_rate
FROM flagged
GROUP BY bucket_start
HAVING sum(hits) + sum(misses) > 0
ORDER BY bucket_start

-- @section gauges: concurrency from open/close pairs, per bucket: current, peak and average
--
-- Columns: bucket_start, gauge (sessions, connections), current (at the bucket's end, or at `now`
-- in the last one), peak, avg (time-weighted over the part of the bucket inside the range: from
-- the later of the bucket's start and the range's start, --since or else the first record).
-- sessions: a session opens at its first record and closes at its end record. connections:
-- records named as a WebSocket, socket, connection or client opened (connected, accepted,
-- established) or closed (disconnected, dropped, lost). Every record before the range counts
-- toward the level it starts at; when a log begins with closes of connections opened before it,
-- the level is raised so it never goes below 0.
WITH
conn AS (
  SELECT ts, regexp_replace(lower(coalesce(event, '')), '[^a-z0-9]+', ' ', 'g') AS words
  FROM scoped
  WHERE ts IS NOT NULL
    -- a cheap test first: most records are not about connections
    AND (event ILIKE '%conn%' OR event ILIKE '%sock%' OR event ILIKE '%client%' OR event ILIKE '%peer%' OR event ILIKE '%ws%')
    AND regexp_matches(regexp_replace(lower(coalesce(event, '')), '[^a-z0-9]+', ' ', 'g'),
                       '\b(websocket|websockets|ws|socket|connection|connections|conn|client|peer)\b')
),
changes AS (
  SELECT 'sessions' AS gauge, started AS ts, 1 AS delta FROM session_spans WHERE started IS NOT NULL
  UNION ALL
  SELECT 'sessions', ended, -1 FROM session_spans WHERE ended IS NOT NULL
  UNION ALL
  SELECT 'connections', ts, 1 FROM conn WHERE regexp_matches(words, '\b(open|opened|connect|connected|accept|accepted|established)\b')
  UNION ALL
  SELECT 'connections', ts, -1 FROM conn WHERE regexp_matches(words, '\b(close|closed|disconnect|disconnected|drop|dropped|lost)\b')
),
net AS (
  SELECT gauge, ts, sum(delta) AS delta FROM changes GROUP BY gauge, ts
),
raw_levels AS (
  SELECT gauge, ts, sum(delta) OVER (PARTITION BY gauge ORDER BY ts ROWS UNBOUNDED PRECEDING) AS raw FROM net
),
levels AS (
  SELECT gauge, ts, raw - least(0, min(raw) OVER (PARTITION BY gauge)) AS level,
         -least(0, min(raw) OVER (PARTITION BY gauge)) AS base
  FROM raw_levels
),
segments AS (
  SELECT gauge, ts AS seg_start, lead(ts) OVER (PARTITION BY gauge ORDER BY ts) AS seg_end, level FROM levels
  UNION ALL
  SELECT gauge, '-infinity'::TIMESTAMPTZ, min(ts), any_value(base) FROM levels GROUP BY gauge
),
windows AS (
  -- inclusive: the bucket's start, or the range's start when the first bucket begins before it
  -- (a day bucket of a log that begins at noon: the hours before it are not a level of 0)
  SELECT b.bucket_start, g.gauge, greatest(b.bucket_start, s.range_start) AS w_start,
         -- exclusive: the next bucket's start, or just after the range's last instant
         least(b.bucket_start + a.bucket, s.range_last + INTERVAL 1 microsecond) AS w_end
  FROM buckets AS b, args AS a, span AS s, (SELECT DISTINCT gauge FROM levels) AS g
),
overlapping AS (
  SELECT w.bucket_start, w.gauge, sg.level, sg.seg_start,
         greatest(0, epoch(least(coalesce(sg.seg_end, w.w_end), w.w_end)) - epoch(greatest(sg.seg_start, w.w_start))) AS seconds
  FROM windows AS w
  JOIN segments AS sg
    ON sg.gauge = w.gauge AND sg.seg_start < w.w_end AND (sg.seg_end IS NULL OR sg.seg_end > w.w_start)
)
SELECT bucket_start,
       gauge,
       arg_max(level, seg_start) AS current,
       max(level) AS peak,
       coalesce(sum(level * seconds) / nullif(sum(seconds), 0), arg_max(level, seg_start)) AS avg
FROM overlapping
GROUP BY bucket_start, gauge
ORDER BY bucket_start, gauge

-- @section latest: the latest sample of each metric over the whole range
--
-- Columns: the --by columns, metric, samples, last (the value of the latest sample, narrow or
-- wide, by time), last_ts. `logmeter metrics` exports last as logmeter_log_metric_value.
SELECT dims,
       metric,
       count(*) AS samples,
       arg_max(value, ts) AS last,
       max(ts) AS last_ts
FROM metric_samples
WHERE ts IS NOT NULL
GROUP BY dims, metric
ORDER BY dims, metric
