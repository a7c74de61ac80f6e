-- The lines of a batch of small sources (src/ingest/batch.ts) that are not JSON objects, as rejects
-- under their own sources and line numbers, with the reasons, sizes and samples rejects-json.sql
-- gives one source's: lm_batch_rejects, the rejects columns and a member column. Blank lines were
-- counted by the line scanner.
-- Placeholder lines (in double braces, from batch.ts): (line, text) per line of the batch file,
-- numbered from 1; text NULL where the line is known to be a record.
-- Input: lm_batch(member, source, first_line, last_line, line_offset). Parameters: none.
CREATE OR REPLACE TEMP TABLE lm_batch_rejects AS
SELECT
  b.source AS source,
  l.line + b.line_offset AS line,
  lm_not_object_reason(l.text) AS reason,
  strlen(l.text) AS bytes,
  left(l.text, 256) AS sample,
  b.member
FROM ({{lines}}) l
JOIN lm_batch b ON l.line BETWEEN b.first_line AND b.last_line
WHERE l.text IS NOT NULL
  AND NOT lm_is_blank(l.text)
  AND NOT lm_is_object(l.text);
