-- follow: drops the records that left the sliding window, and records without a time (no window
-- can show them), so a follow session holds at most --window of rows however long it runs.
-- Parameters: $cutoff (TIMESTAMPTZ).
DELETE FROM events WHERE ts IS NULL OR ts < $cutoff;
