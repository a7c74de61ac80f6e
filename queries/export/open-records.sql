-- The records an incremental ingest may still rebuild: the last record (or unterminated last line)
-- of each source, which the next run re-opens if the file grows or moves (src/ingest/checkpoint.ts).
-- A name's latest checkpoint says which lines those are. Exported now, such a record would be
-- written again, changed or under its file's new name, once rebuilt: Parquet files are never rewritten.
-- Returns nothing; makes lm_open (source, first_line, last_line). Parameters: none.
CREATE OR REPLACE TEMP TABLE lm_open AS
SELECT source, reopen_line AS first_line, last_line
FROM (
  SELECT source, reopen_line, coalesce(first_line, 1) - 1 + coalesce(lines, 0) AS last_line
  FROM sources
  QUALIFY row_number() OVER (PARTITION BY source ORDER BY ingested_at DESC) = 1
)
WHERE reopen_line IS NOT NULL AND reopen_line <= last_line;
