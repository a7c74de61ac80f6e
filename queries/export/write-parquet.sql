-- Writes the events that lm_exported does not hold yet, hive-partitioned by day (UTC date, or
-- 'unknown' when a record has no time) and kind, into a staging directory. Files end in .tmp so no
-- *.parquet reader sees them until src/export/parquet-writer.ts renames them into place.
-- Rows are sorted by time so each row group's min/max ts lets readers skip it.
-- Returns: Count (rows written). Parameters: $staging (VARCHAR: a directory).
COPY (
  SELECT e.*, coalesce(strftime(e.ts, '%Y-%m-%d'), 'unknown') AS day
  FROM events e
  WHERE NOT EXISTS (
    SELECT 1 FROM lm_exported x
    WHERE x.source IS NOT DISTINCT FROM e.source AND x.line IS NOT DISTINCT FROM e.line AND x.ts IS NOT DISTINCT FROM e.ts)
  ORDER BY e.ts, e.source, e.line
) TO $staging (FORMAT parquet, PARTITION_BY (day, kind), FILENAME_PATTERN 'part-{uuid}', FILE_EXTENSION 'tmp',
               COMPRESSION zstd, ROW_GROUP_SIZE 122880);
