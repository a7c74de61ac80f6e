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

-- @section sources: what each input gave: its format, lines, records, continuation lines and rejects
--
-- Columns: source, format, lines, records, continuation, rejects. Reads the ingest's own account of
-- each source (the sources table); a source read several times (follow, incremental ingest) is
-- added up. Every line is a record's first line, a continuation line of the record above it (a
-- traceback, the rest of a pretty-printed document) or a reject, so for line formats lines =
-- records + continuation + rejects (an OTLP or JSON-document line may start several records).
SELECT source,
       any_value(format) AS format,
       sum(lines) AS lines,
       sum(records) AS records,
       coalesce(sum(continuation_lines), 0) AS continuation,
       sum(rejects) AS rejects
FROM sources
GROUP BY source
ORDER BY source
