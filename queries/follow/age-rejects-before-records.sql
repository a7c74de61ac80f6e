-- follow: drops the rejected lines that come before a record older than the window, in the same
-- source. A rejected line has no time of its own; one followed in its file by a record the window
-- has left is older than the window too. Without it, the backlog a first poll reads would leave
-- its bad lines in the window while its records go, and reject_ratio would weigh them against the
-- window's records only. Run before age-events.sql, which deletes those records.
-- Parameters: $cutoff (TIMESTAMPTZ).
DELETE FROM rejects r
USING (SELECT source, max(line) AS last_line FROM events WHERE ts < CAST($cutoff AS TIMESTAMPTZ) GROUP BY source) AS old
WHERE r.source = old.source AND r.line < old.last_line;
