-- Inserts the records of lm_projected (project-json.sql over records-stream.sql: one row per line of
-- the source, in order, so rowid + 1 is the line number) into events, numbering them.
-- Placeholder held (in double braces): the events columns lm_projected holds, each followed by ', '.
-- Parameters: $source (VARCHAR), $line_offset (BIGINT).
INSERT INTO events ({{held}}source, line)
SELECT {{held}}$source, rowid + 1 + $line_offset
FROM lm_projected
WHERE is_record;
