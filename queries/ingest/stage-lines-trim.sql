-- Keeps the $lines lines the line scanner counted (rowid 0 .. $lines - 1) of the staged lm_raw: a
-- file that grows between the scan and the read (a live log) must not hand DuckDB lines, or an
-- unfinished last line, the scanner never saw. Deletes nothing in the usual case.
-- Parameters: $lines (BIGINT).
DELETE FROM lm_raw WHERE rowid >= $lines;
