-- rejects: the lines that yielded no record, by source and reason
--
-- Columns: source, reason, count, first_line (the first such line's number), sample (that line's
-- first bytes, stored safely). Empty lines count as rejects (reason empty) so that the books
-- balance; they are not bad input. Rejects have no time or fields: no filter applies.
--
-- @filters none
SELECT source,
       reason,
       count(*) AS count,
       min(line) AS first_line,
       arg_min(sample, line) AS sample
FROM rejects
GROUP BY source, reason
ORDER BY count DESC, source, reason

-- @section sources: what each input gave: its format, lines, records and rejects
--
-- Columns: source, format, lines, records, rejects. Reads the ingest's own account of each source
-- (the sources table); a source read several times (follow, incremental ingest) is added up.
SELECT source,
       any_value(format) AS format,
       sum(lines) AS lines,
       sum(records) AS records,
       sum(rejects) AS rejects
FROM sources
GROUP BY source
ORDER BY source
