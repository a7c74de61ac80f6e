-- As records-stream.sql, for a projection that fills attrs: each line is typed JSON once (which also
-- validates it), kept as j for attrs and for the values re-read exactly, and parsed into v from it.
-- Reads the same line file as stage-lines.sql, with the same options; the same order rule applies.
-- Parameters: $path (VARCHAR), $max_line_size (BIGINT), $buffer_size (BIGINT), $structure (VARCHAR).
SELECT
  NULL::BIGINT AS line,
  CASE WHEN is_object THEN j END AS j,
  v,
  is_object AS is_record,
  CASE WHEN NOT is_object AND NOT lm_is_blank(text) THEN text END AS unread
FROM (
  -- random() is never >= 1: it makes each expression volatile, so DuckDB computes it once.
  SELECT text, j, is_object, CASE WHEN random() < 1 AND is_object THEN json_transform(j, $structure) END AS v
  FROM (
    -- record_json (in double braces, projection.ts lastValuesFirst): j, or, for a source whose lines
    -- name a key twice, j with that key's last value put first.
    SELECT text, {{record_json}} AS j, is_object
    FROM (
      SELECT text, j, j IS NOT NULL AND (starts_with(text, '{') OR left(ltrim(text, ' ' || chr(9)), 1) = '{') AS is_object
      FROM (
        SELECT text, CASE WHEN random() < 1 THEN TRY_CAST(text AS JSON) END AS j
        FROM read_csv($path,
          columns = {'text': 'VARCHAR'}, header = false, auto_detect = false,
          delim = chr(1), quote = '', escape = '', new_line = '\n', strict_mode = false,
          max_line_size = $max_line_size, buffer_size = $buffer_size)
      )
    )
  )
)
