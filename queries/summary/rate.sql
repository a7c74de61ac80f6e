-- summary: records per bucket for the sparkline, empty buckets filled with 0, for `request`
-- records (or `llm_call` records when there are no requests in the range).
-- Returns: bucket_start, n, basis ('request' or 'llm_call'), one row per bucket from $since::TIMESTAMPTZ to $now::TIMESTAMPTZ.
-- Parameters: $since::TIMESTAMPTZ (TIMESTAMPTZ), $now::TIMESTAMPTZ (TIMESTAMPTZ), $bucket_seconds (BIGINT).
WITH w AS (
  SELECT ts, kind FROM events WHERE ts >= $since::TIMESTAMPTZ AND ts <= $now::TIMESTAMPTZ AND kind IN ('request', 'llm_call')
), basis AS (
  SELECT CASE WHEN count(*) FILTER (WHERE kind = 'request') > 0 THEN 'request' ELSE 'llm_call' END AS kind FROM w
), buckets AS (
  SELECT unnest(generate_series(time_bucket(to_seconds($bucket_seconds), $since::TIMESTAMPTZ, $since::TIMESTAMPTZ),
                                time_bucket(to_seconds($bucket_seconds), $now::TIMESTAMPTZ, $since::TIMESTAMPTZ),
                                to_seconds($bucket_seconds))) AS bucket_start
), counts AS (
  SELECT time_bucket(to_seconds($bucket_seconds), ts, $since::TIMESTAMPTZ) AS bucket_start, count(*) AS n
  FROM w WHERE kind = (SELECT kind FROM basis) GROUP BY 1
)
SELECT b.bucket_start, coalesce(c.n, 0) AS n, (SELECT kind FROM basis) AS basis
FROM buckets b LEFT JOIN counts c USING (bucket_start)
ORDER BY b.bucket_start;
