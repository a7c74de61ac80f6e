-- For `logmeter formats --explain`: the records of one source that hold a value under one of its
-- time keys and still have no time (ts NULL): a time logmeter could not read. Their count, and the
-- first one's line, key path and value, to show. Parameters: $source (VARCHAR), $paths (VARCHAR[]:
-- the JSON paths of the source's time keys).
SELECT count(*) AS records, min(line) AS line, arg_min(found.path, line) AS path, arg_min(found.value, line) AS sample
FROM (
  SELECT line, list_filter(list_transform($paths, p -> {'path': p, 'value': json_extract_string(attrs, p)}), f -> f.value <> '')[1] AS found
  FROM events
  WHERE source = $source AND ts IS NULL
)
WHERE found IS NOT NULL;
