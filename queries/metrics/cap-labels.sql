-- The label values kept for the current source (lm_groups, observation-groups.sql): per label
-- position (1, 2, 3), the $top_n values with the most observations. Every other value is reported
-- as 'other', so a hostile log with a million distinct models cannot explode the output.
-- Parameters: $top_n (BIGINT).
CREATE OR REPLACE TEMP TABLE lm_top AS
SELECT pos, value FROM (
  SELECT 1 AS pos, l1 AS value, sum(obs) AS n FROM lm_groups WHERE l1 IS NOT NULL GROUP BY l1
  UNION ALL SELECT 2, l2, sum(obs) FROM lm_groups WHERE l2 IS NOT NULL GROUP BY l2
  UNION ALL SELECT 3, l3, sum(obs) FROM lm_groups WHERE l3 IS NOT NULL GROUP BY l3
)
QUALIFY row_number() OVER (PARTITION BY pos ORDER BY n DESC, value) <= $top_n;
