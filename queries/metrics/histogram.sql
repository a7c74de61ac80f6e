-- One histogram family from the current source's lm_groups (observation-groups.sql, which counted
-- the observations of column $col per bound of this family's $bounds): grouped by the label
-- positions in use, after capping labels to lm_top. NaN values are left out.
-- Returns: l1, l2, l3, idx, n, total. Per label set, one row per bucket: idx (how many bounds lie
-- below its values: the first bucket they fall in, the number of bounds meaning +Inf only), n (its
-- observations) and total 0; and one row with idx the number of bounds, n 0 and total the sum of
-- every observation. src/metrics/collect.ts adds them up per label set (histogramSeries).
-- Parameters: $col (VARCHAR), $bounds (VARCHAR, as in observation-groups.sql), $use1, $use2, $use3
--             (BOOLEAN), $match1, $match2, $match3 (VARCHAR or NULL).
WITH capped AS (
  SELECT
    CASE WHEN l1 IS NULL THEN NULL WHEN l1 IN (SELECT value FROM lm_top WHERE pos = 1) THEN l1 ELSE 'other' END AS l1,
    CASE WHEN l2 IS NULL THEN NULL WHEN l2 IN (SELECT value FROM lm_top WHERE pos = 2) THEN l2 ELSE 'other' END AS l2,
    CASE WHEN l3 IS NULL THEN NULL WHEN l3 IN (SELECT value FROM lm_top WHERE pos = 3) THEN l3 ELSE 'other' END AS l3,
    h_total, h_total_exact, h_exact, h_buckets
  FROM lm_groups
  WHERE col = $col AND h_n > 0
    AND ($match1 IS NULL OR l1 = $match1) AND ($match2 IS NULL OR l2 = $match2) AND ($match3 IS NULL OR l3 = $match3)
), used AS (
  SELECT CASE WHEN $use1 THEN l1 END AS l1, CASE WHEN $use2 THEN l2 END AS l2, CASE WHEN $use3 THEN l3 END AS l3,
         h_total, h_total_exact, h_exact, h_buckets
  FROM capped
), buckets AS (
  SELECT l1, l2, l3, unnest(map_keys(h_buckets)) AS bound, unnest(map_values(h_buckets)) AS n FROM used
)
SELECT l1, l2, l3,
       coalesce(list_position(CAST($bounds AS DOUBLE[]), bound) - 1, len(CAST($bounds AS DOUBLE[]))) AS idx,
       sum(n) AS n, 0.0 AS total
FROM buckets
GROUP BY ALL
UNION ALL
SELECT l1, l2, l3, len(CAST($bounds AS DOUBLE[])) AS idx, 0 AS n,
       -- exact where every group's sum is (observation-groups.sql), through its text as lm_exact_sum does
       CASE WHEN bool_and(h_exact) THEN sum(h_total_exact)::VARCHAR::DOUBLE ELSE sum(h_total) END AS total
FROM used
GROUP BY ALL
ORDER BY ALL;
