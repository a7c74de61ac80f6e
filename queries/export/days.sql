-- The day partitions (UTC dates, 'unknown' for records without a time) the events fall in.
-- Returns: day. Parameters: none.
SELECT DISTINCT coalesce(strftime(ts, '%Y-%m-%d'), 'unknown') AS day FROM events ORDER BY day;
