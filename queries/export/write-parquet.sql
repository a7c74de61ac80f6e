-- Writes the events that lm_exported does not hold yet, hive-partitioned by day (UTC date, or
-- 'unknown' when a record has no time) and kind, into a staging directory. Files end in .tmp so no
-- *.parquet reader sees them until src/export/parquet-writer.ts renames them into place.
-- Rows of records still open (lm_open: the last record of a source, which the next ingest may
-- rebuild) wait for a later export. Rows are matched to lm_exported by the same key and copy number
-- (exported-keys.sql), which leaves the source out. Rows are sorted by time so each row group's min/max ts lets readers skip it.
-- Returns: Count (rows written). Parameters: $staging (VARCHAR: a directory).
COPY (
  WITH pending AS (
    SELECT e.*, md5(e.attrs::VARCHAR) AS lm_attrs_hash,
           row_number() OVER (PARTITION BY e.line, e.ts, md5(e.attrs::VARCHAR)) AS lm_copy
    FROM events e
    WHERE NOT EXISTS (SELECT 1 FROM lm_open o WHERE o.source = e.source AND e.line BETWEEN o.first_line AND o.last_line)
  )
  SELECT p.* EXCLUDE (lm_attrs_hash, lm_copy), coalesce(strftime(p.ts, '%Y-%m-%d'), 'unknown') AS day
  FROM pending p
  WHERE NOT EXISTS (
    SELECT 1 FROM lm_exported x
    WHERE x.line IS NOT DISTINCT FROM p.line AND x.ts IS NOT DISTINCT FROM p.ts
      AND x.attrs_hash IS NOT DISTINCT FROM p.lm_attrs_hash AND x.copy = p.lm_copy)
  ORDER BY p.ts, p.source, p.line
) TO $staging (FORMAT parquet, PARTITION_BY (day, kind), FILENAME_PATTERN 'part-{uuid}', FILE_EXTENSION 'tmp',
               COMPRESSION zstd, ROW_GROUP_SIZE 122880);
