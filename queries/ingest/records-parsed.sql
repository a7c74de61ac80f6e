-- The records of lines staged parsed (stage-parsed.sql), for project-json.sql's records placeholder:
-- (line, j, v) per line that holds a JSON object; j is the line only where a value is re-read from it.
-- Parameters: $line_offset (BIGINT).
SELECT rowid + 1 + $line_offset AS line, j, v
FROM lm_parsed
WHERE v IS NOT NULL
