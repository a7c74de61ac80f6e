-- Numbers the staged JSON lines for the projection: lm_lines(line, text) over lm_raw, line = rowid + 1.
-- The formats read in Node stage lm_lines directly instead (stage-records.sql). Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_lines AS SELECT rowid + 1 AS line, text FROM lm_raw;
