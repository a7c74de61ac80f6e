-- Reads a line file prepared by the line scanner (valid UTF-8, no CR, no delimiter byte) as one
-- VARCHAR per physical line, in order, so that rowid + 1 is the line number. Blank lines arrive as NULL.
-- Parameters: $path (VARCHAR), $max_line_size (BIGINT, bytes), $buffer_size (BIGINT).
-- Placeholders (names in double braces, from src/ingest/log-prefix.ts: stagedLineSql):
-- prefix_parts, NULL or, for prefixed JSON lines, the parts of each line's prefix; line_text,
-- `text` or the line rewritten from those parts; partial_column, empty or, for a source whose lines
-- may be parts of a line the runtime split, `, <whether the line is one> AS partial`
-- (stage-split-lines.sql joins them). The parts are computed once per line, in the inner
-- SELECT (a macro argument is computed again wherever the macro names it).
-- No LIMIT here: a LIMIT makes DuckDB read the file on one thread (~2x slower). A file that grew
-- after the scan is cut back to the scanner's count by stage-lines-trim.sql instead.
CREATE OR REPLACE TEMP TABLE lm_raw AS
SELECT {{line_text}} AS text{{partial_column}}
FROM (
  SELECT text, {{prefix_parts}} AS m
  FROM read_csv($path,
    columns = {'text': 'VARCHAR'}, header = false, auto_detect = false,
    delim = chr(1), quote = '', escape = '', new_line = '\n', strict_mode = false,
    max_line_size = $max_line_size, buffer_size = $buffer_size)
);
