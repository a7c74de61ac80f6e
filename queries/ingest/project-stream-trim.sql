-- As stage-lines-trim.sql, for lm_projected: keeps only the $lines lines the line scanner counted.
-- Parameters: $lines (BIGINT).
DELETE FROM lm_projected WHERE rowid >= $lines;
