-- Reads the numbered record spool that the text, logfmt, OTLP and document formats write in Node:
-- one record a line, `<physical line number> 0x01 <the record as a JSON object>`. Several records may
-- share a line number (an OTLP request, a document). JSON.stringify escapes every control character,
-- so neither the delimiter nor a newline can occur inside a record.
-- Parameters: $path (VARCHAR), $max_line_size (BIGINT, bytes), $buffer_size (BIGINT, bytes).
CREATE OR REPLACE TEMP TABLE lm_lines AS
SELECT line, text
FROM read_csv($path,
  columns = {'line': 'BIGINT', 'text': 'VARCHAR'}, header = false, auto_detect = false,
  delim = chr(1), quote = '', escape = '', new_line = '\n', strict_mode = false,
  max_line_size = $max_line_size, buffer_size = $buffer_size);
