-- For the ingest summary: of this run's records without a time (ts NULL), those that hold a value
-- under one of their source's time keys, a time logmeter could not read; the others have no time key.
-- explain-unread-times.sql counts the same for one source. Parameters: $names, $firsts, $lasts
-- (VARCHAR[], BIGINT[], BIGINT[]: the run's sources and their line ranges, as the summary's other
-- statistics take them), $key_sources, $key_paths (VARCHAR[] each: every source's time key JSON
-- paths, one pair per key).
SELECT count(*) AS records
FROM events t
JOIN (SELECT unnest($names) AS source, unnest($firsts) AS first_line, unnest($lasts) AS last_line) r
  ON t.source = r.source AND t.line BETWEEN r.first_line AND r.last_line
WHERE t.ts IS NULL
  AND EXISTS (
    SELECT 1 FROM (SELECT unnest($key_sources) AS source, unnest($key_paths) AS path) k
    WHERE k.source = t.source AND json_extract_string(t.attrs, k.path) <> '');
