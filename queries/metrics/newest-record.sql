-- The time of the newest record, as ISO text to the microsecond (NULL when no record has a time).
-- `logmeter metrics` counts the active sessions at it: given as `now`, it is a constant the scan of
-- active_sessions (queries/_prelude.sql) uses to skip every row group before the last idle time,
-- which the same time found by the rollup itself (the last record of `filtered`) is not.
-- Parameters: none.
SELECT strftime(max(ts) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS newest FROM events
