-- summary: the dashboard's "now" for a finished log: the newest record's time (NULL when none has one).
-- Returns: now. Parameters: none.
SELECT max(ts) AS now FROM events;
