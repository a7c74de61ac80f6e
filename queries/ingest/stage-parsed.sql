-- Stages the JSON lines of a source already parsed, for a projection that needs neither attrs nor the
-- line text (`check` over piped logs, projection.ts): one row per physical line, in order (rowid + 1 is
-- the line number), holding the line's values v as a STRUCT of the shape $structure when it is a JSON
-- object, else its text `unread` when it is not blank (a reject). One parse per line, in parallel, and
-- (nearly) no copy of the lines: stage-lines.sql plus the projection parse each line twice and keep
-- all of its text.
-- Reads the same line file stage-lines.sql does, with the same options; stage-parsed-trim.sql follows.
-- Parameters: $path (VARCHAR), $max_line_size (BIGINT), $buffer_size (BIGINT), $structure (VARCHAR).
CREATE OR REPLACE TEMP TABLE lm_parsed AS
SELECT
  v,
  -- The line itself, only where a value must be re-read from it exactly (keep_line in double braces,
  -- from projection.ts: a text value json_transform prints differently, such as `1e-06`).
  CASE WHEN {{keep_line}} THEN text END AS j,
  unread
FROM (
  SELECT
    text,
    -- random() is never >= 1: it makes each expression volatile, so DuckDB computes it once.
    CASE WHEN random() < 1 AND is_object THEN json_transform(text, $structure) END AS v,
    CASE WHEN NOT is_object AND trim(text, ' ' || chr(9) || chr(11) || chr(12)) <> '' THEN text END AS unread
  FROM (
    SELECT text, CASE WHEN random() < 1 THEN lm_is_object(text) END AS is_object
    FROM read_csv($path,
      columns = {'text': 'VARCHAR'}, header = false, auto_detect = false,
      delim = chr(1), quote = '', escape = '', new_line = '\n', strict_mode = false,
      max_line_size = $max_line_size, buffer_size = $buffer_size)
  )
);
