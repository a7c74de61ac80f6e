-- follow: drops the rejected lines read by polls that left the sliding window, given as line
-- ranges per source.
-- Parameters: $sources (VARCHAR[]), $firsts (BIGINT[]), $lasts (BIGINT[]), aligned by position.
DELETE FROM rejects r USING (SELECT unnest($sources) AS source, unnest($firsts) AS first_line, unnest($lasts) AS last_line) x
WHERE r.source = x.source AND r.line BETWEEN x.first_line AND x.last_line;
