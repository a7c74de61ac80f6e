-- file_ops: file operations by the --by dimensions (default op): attempts, errors, bytes, p95 duration
--
-- Columns: [bucket_start with --bucket], the --by columns, count (every attempt, failed ones
-- included), errors (ok = false), error_rate, bytes (added up over the operations that log
-- them), p95_ms (duration). Reads only file_op records unless --kind says otherwise.
--
-- @by op
-- @kind file_op
-- @bucket optional
-- @param $top   how many paths to list (default 10)
SELECT bucket_start,
       dims,
       count(*) AS count,
       count(*) FILTER (WHERE ok = false) AS errors,
       CAST(count(*) FILTER (WHERE ok = false) AS DOUBLE) / count(*) AS error_rate,
       coalesce(sum(bytes), 0) AS bytes,
       quantile_cont(duration_ms, 0.95) AS p95_ms
FROM filtered
GROUP BY bucket_start, dims
ORDER BY bucket_start NULLS LAST, count DESC, dims

-- @section paths: the paths with the most failed operations
--
-- Columns: path, errors, count, last_error (the most recent error message), last_seen. At most
-- $top rows; only paths with at least one error.
SELECT path,
       count(*) FILTER (WHERE ok = false) AS errors,
       count(*) AS count,
       arg_max(error, ts) FILTER (WHERE ok = false) AS last_error,
       max(ts) FILTER (WHERE ok = false) AS last_seen
FROM filtered
WHERE path IS NOT NULL
GROUP BY path
HAVING count(*) FILTER (WHERE ok = false) > 0
ORDER BY errors DESC, last_seen DESC NULLS LAST, path
LIMIT $top
