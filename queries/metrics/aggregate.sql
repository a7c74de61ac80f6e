-- One counter or gauge family from the current source's lm_groups (observation-groups.sql): the
-- values of column $col, grouped by the label positions in use ($use1..3), after capping labels to
-- lm_top, optionally keeping only observations whose label equals $match1..3.
-- Returns: l1, l2, l3 (NULL when unused), total (sum), last (the value with the latest t), max, n.
-- Parameters: $col (VARCHAR), $use1, $use2, $use3 (BOOLEAN), $match1, $match2, $match3 (VARCHAR or NULL).
WITH capped AS (
  SELECT
    CASE WHEN l1 IS NULL THEN NULL WHEN l1 IN (SELECT value FROM lm_top WHERE pos = 1) THEN l1 ELSE 'other' END AS l1,
    CASE WHEN l2 IS NULL THEN NULL WHEN l2 IN (SELECT value FROM lm_top WHERE pos = 2) THEN l2 ELSE 'other' END AS l2,
    CASE WHEN l3 IS NULL THEN NULL WHEN l3 IN (SELECT value FROM lm_top WHERE pos = 3) THEN l3 ELSE 'other' END AS l3,
    n, total, total_exact, exact, max, last, last_t
  FROM lm_groups
  WHERE col = $col AND n > 0
    AND ($match1 IS NULL OR l1 = $match1) AND ($match2 IS NULL OR l2 = $match2) AND ($match3 IS NULL OR l3 = $match3)
)
SELECT CASE WHEN $use1 THEN l1 END AS l1, CASE WHEN $use2 THEN l2 END AS l2, CASE WHEN $use3 THEN l3 END AS l3,
       -- exact where every group's sum is (observation-groups.sql), through its text as lm_exact_sum does
       CASE WHEN bool_and(exact) THEN sum(total_exact)::VARCHAR::DOUBLE ELSE sum(total) END AS total,
       arg_max(last, last_t) AS last, max(max) AS max, sum(n) AS n
FROM capped
GROUP BY ALL
ORDER BY ALL;
