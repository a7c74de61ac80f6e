-- For the ingest summary: of one source's records without a time (ts NULL) written in the open
-- transaction (rowid above $events_floor, run-stats.ts), those that hold a value under one of its
-- time keys ($key_paths, VARCHAR[] of JSON paths): a time logmeter could not read.
-- unread-times-run.sql counts the same for a run's line ranges.
SELECT count(*) AS records
FROM events t
WHERE t.rowid > $events_floor
  AND t.ts IS NULL
  AND EXISTS (SELECT 1 FROM (SELECT unnest($key_paths) AS path) k WHERE json_extract_string(t.attrs, k.path) <> '');
