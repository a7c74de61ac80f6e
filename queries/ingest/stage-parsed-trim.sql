-- As stage-lines-trim.sql, for lm_parsed: keeps only the $lines lines the line scanner counted.
-- Parameters: $lines (BIGINT).
DELETE FROM lm_parsed WHERE rowid >= $lines;
