-- summary: file operations per operation (every attempt, failed ones included).
-- Returns: op, count, errors, bytes. Parameters: $since (TIMESTAMPTZ or NULL), $now, $limit.
SELECT coalesce(op, 'unknown') AS op, count(*) AS count, count(*) FILTER (WHERE NOT ok) AS errors,
       coalesce(sum(bytes), 0) AS bytes
FROM events
WHERE kind = 'file_op' AND ($since::TIMESTAMPTZ IS NULL OR ts >= $since::TIMESTAMPTZ) AND (ts IS NULL OR ts <= $now::TIMESTAMPTZ)
GROUP BY 1 ORDER BY count DESC, op LIMIT $limit;
