-- errors: the error rate by the --by dimensions (default kind), and the top error messages
--
-- Columns: [bucket_start with --bucket], the --by columns, count, errors, error_rate (errors
-- over count), ordered by errors, most first. An error is a record with ok = false.
--
-- @by kind
-- @bucket optional
-- @param $top   how many error messages to list (default 10)
SELECT bucket_start,
       dims,
       count(*) AS count,
       count(*) FILTER (WHERE ok = false) AS errors,
       CAST(count(*) FILTER (WHERE ok = false) AS DOUBLE) / count(*) AS error_rate
FROM filtered
GROUP BY bucket_start, dims
ORDER BY bucket_start NULLS LAST, errors DESC, dims

-- @section messages: the most frequent error messages, with first and last seen
--
-- Columns: the --by columns, message, count, first_seen, last_seen. The message is the logged
-- error, or its status when it logs no error text, or else its message or event. At most $top rows.
SELECT dims,
       coalesce(error, 'status ' || status, message, event) AS message,
       count(*) AS count,
       min(ts) AS first_seen,
       max(ts) AS last_seen
FROM filtered
WHERE ok = false
GROUP BY dims, 2
ORDER BY count DESC, last_seen DESC NULLS LAST, dims, message
LIMIT $top
