-- Adds a later part of a record spool that was read in parts (src/ingest/formats/spool-parts.ts) to
-- lm_lines, which stage-records.sql made from the first part: its lines are numbered from its own
-- first line as 1, so they move by the line count of the parts before it.
-- Parameters: $path (VARCHAR), $line_offset (BIGINT), $max_line_size (BIGINT, bytes), $buffer_size (BIGINT, bytes).
INSERT INTO lm_lines
SELECT line + $line_offset AS line, text
FROM read_csv($path,
  columns = {'line': 'BIGINT', 'text': 'VARCHAR'}, header = false, auto_detect = false,
  delim = chr(1), quote = '', escape = '', new_line = '\n', strict_mode = false,
  max_line_size = $max_line_size, buffer_size = $buffer_size);
