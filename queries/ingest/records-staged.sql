-- The records of staged lines, for project-json.sql's records placeholder: (line, j, v, is_record,
-- unread) per line that holds a JSON object. Input: lm_lines(line, text).
-- Parameters: $structure, $line_offset (BIGINT).
-- Placeholder line_json (in double braces): TRY_CAST(text AS JSON) when attrs is wanted, else
-- json_valid(text), which does not copy the line (projection.ts).
SELECT line, j, json_transform(j, $structure) AS v, true AS is_record, NULL::VARCHAR AS unread
FROM (
  -- record_json (in double braces, projection.ts lastValuesFirst): j, or, for a source whose lines
  -- name a key twice, j with that key's last value put first.
  SELECT line, {{record_json}} AS j
  FROM (
    -- One parse validates the line and types it JSON for attrs. random() is never >= 1: it makes the
    -- expression volatile, which stops DuckDB from pushing the filter below it and parsing twice.
    SELECT line + $line_offset AS line, text, CASE WHEN random() < 1 THEN {{line_json}} END AS j
    FROM lm_lines
    WHERE text IS NOT NULL
  )
  -- lm_is_object(text), with the validity already known from j.
  WHERE j IS NOT NULL AND (starts_with(text, '{') OR left(ltrim(text, ' ' || chr(9)), 1) = '{')
)
