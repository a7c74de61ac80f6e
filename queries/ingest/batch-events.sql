-- The records of a batch of small sources (src/ingest/batch.ts), under their own sources and line
-- numbers: lm_batch_rows, the events columns filled and a member column, for counting per member
-- before they go to events.
-- Placeholder rows (in double braces, from batch.ts): the projected records with the batch file's
-- line numbers, as events columns (source among them, not yet filled).
-- Input: lm_batch(member, source, first_line, last_line, line_offset). Parameters: none.
CREATE OR REPLACE TEMP TABLE lm_batch_rows AS
SELECT r.* REPLACE (b.source AS source, r.line + b.line_offset AS line), b.member
FROM ({{rows}}) r
JOIN lm_batch b ON r.line BETWEEN b.first_line AND b.last_line;
