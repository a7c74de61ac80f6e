-- Records the staged lines of one source that are not JSON objects as rejects.
-- Input: table lm_raw(text), one row per physical line (rowid + 1 is the line number). Blank
-- lines (NULL or whitespace only) were already counted by the line scanner and are skipped here.
-- Parameters: $source (VARCHAR), $line_offset (BIGINT).
INSERT INTO rejects
SELECT
  $source AS source,
  rowid + 1 + $line_offset AS line,
  lm_not_object_reason(text) AS reason,
  strlen(text) AS bytes,
  left(text, 256) AS sample
FROM lm_raw
WHERE text IS NOT NULL
  AND NOT lm_is_blank(text)
  AND NOT lm_is_object(text);
