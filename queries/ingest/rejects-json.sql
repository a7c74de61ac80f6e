-- Records the staged lines of one source that are not JSON objects as rejects.
-- Input: table lm_raw(text), one row per physical line (rowid + 1 is the line number). Blank
-- lines (NULL or whitespace only) were already counted by the line scanner and are skipped here.
-- Parameters: $source (VARCHAR), $line_offset (BIGINT).
INSERT INTO rejects
SELECT
  $source AS source,
  rowid + 1 + $line_offset AS line,
  CASE WHEN json_valid(text) THEN 'not_an_object' ELSE 'invalid_json' END AS reason,
  strlen(text) AS bytes,
  left(text, 256) AS sample
FROM lm_raw
WHERE text IS NOT NULL
  AND trim(text, ' ' || chr(9) || chr(11) || chr(12)) <> ''
  AND NOT lm_is_object(text);
