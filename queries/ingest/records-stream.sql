-- JSON lines read from the scanner's line file and parsed once, for project-json.sql's records
-- placeholder: (line, j, v, is_record, unread) for every physical line, in order. Blank lines (NULL
-- text) have is_record NULL and unread NULL: the line scanner counted them.
-- line is unknown here (lm_projected's rowid gives it, project-stream.sql); j is the line only where a
-- value must be re-read from it (keep_line in double braces, from projection.ts: a text value
-- json_transform prints differently, such as `1e-06`, or the paths below a value that is an object),
-- so that the lines are not copied.
-- Reads the same line file as stage-lines.sql, with the same options. Everything between this reader
-- and lm_projected must keep DuckDB's insertion order (projections and volatile expressions do; a join
-- or an aggregate does not): test/perf/stream-order.test.ts reads a file large enough to go parallel.
-- Parameters: $path (VARCHAR), $max_line_size (BIGINT), $buffer_size (BIGINT), $structure (VARCHAR).
SELECT
  NULL::BIGINT AS line,
  CASE WHEN {{keep_line}} THEN text END AS j,
  v,
  is_object AS is_record,
  CASE WHEN NOT is_object AND NOT lm_is_blank(text) THEN text END AS unread
FROM (
  -- random() is never >= 1: it makes each expression volatile, so DuckDB computes it once.
  SELECT text, is_object, CASE WHEN random() < 1 AND is_object THEN json_transform(text, $structure) END AS v
  FROM (
    -- record_text (in double braces, projection.ts lastValuesFirst): the line, or, for a source whose
    -- lines name a key twice, the line with that key's last value put first.
    SELECT {{record_text}} AS text, is_object
    FROM (
      SELECT text, CASE WHEN random() < 1 THEN lm_is_object(text) END AS is_object
      FROM read_csv($path,
        columns = {'text': 'VARCHAR'}, header = false, auto_detect = false,
        delim = chr(1), quote = '', escape = '', new_line = '\n', strict_mode = false,
        max_line_size = $max_line_size, buffer_size = $buffer_size)
    )
  )
)
