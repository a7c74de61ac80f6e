-- For `logmeter formats --explain`: the lines of one source that yielded no record, empty lines left
-- out, first ones first, each with the number of such lines. Parameters: $source (VARCHAR), $limit (BIGINT).
SELECT line, reason, sample, count(*) OVER () AS total
FROM rejects WHERE source = $source AND reason <> 'empty'
ORDER BY line LIMIT $limit;
