-- rates: records per bucket, with errors and the error rate; empty buckets are filled with 0
--
-- Columns: bucket_start, the --by columns, count, errors, error_rate (errors over count; 0 in an
-- empty bucket). One row per bucket from the start of the range to its end, for every --by
-- group seen in the range. Records without a time are not in any bucket: they get one row with
-- an empty bucket_start, so the counts always add up to the records of the filter.
--
-- @bucket auto
WITH
groups AS (
  SELECT DISTINCT dims FROM filtered
),
counted AS (
  SELECT bucket_start, dims, count(*) AS count, count(*) FILTER (WHERE ok = false) AS errors
  FROM filtered
  GROUP BY bucket_start, dims
),
grid AS (
  SELECT b.bucket_start, g.dims FROM buckets AS b CROSS JOIN groups AS g
  UNION ALL
  SELECT NULL, dims FROM counted WHERE bucket_start IS NULL
)
SELECT g.bucket_start,
       g.dims,
       coalesce(c.count, 0) AS count,
       coalesce(c.errors, 0) AS errors,
       coalesce(CAST(c.errors AS DOUBLE) / nullif(c.count, 0), 0) AS error_rate
FROM grid AS g
LEFT JOIN counted AS c
  ON c.bucket_start IS NOT DISTINCT FROM g.bucket_start AND c.dims IS NOT DISTINCT FROM g.dims
ORDER BY g.bucket_start NULLS LAST, g.dims
