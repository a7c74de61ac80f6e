-- Records the lines of lm_projected (project-stream.sql) that are not JSON objects as rejects, with the
-- reasons, sizes and samples rejects-json.sql gives staged lines. Blank lines were counted by the
-- line scanner. Parameters: $source (VARCHAR), $line_offset (BIGINT).
INSERT INTO rejects
SELECT
  $source AS source,
  rowid + 1 + $line_offset AS line,
  lm_not_object_reason(unread) AS reason,
  strlen(unread) AS bytes,
  left(unread, 256) AS sample
FROM lm_projected
WHERE unread IS NOT NULL;
