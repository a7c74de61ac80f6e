-- For `logmeter formats --explain`: of the JSON paths a source's mapping used, how many of its
-- records hold each one. Parameters: $source (VARCHAR), $paths (VARCHAR[]).
SELECT p AS path, count(*) FILTER (WHERE json_extract(e.attrs, p) IS NOT NULL) AS records
FROM events e CROSS JOIN (SELECT unnest($paths) AS p) paths
WHERE e.source = $source
GROUP BY p;
