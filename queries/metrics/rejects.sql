-- Metrics source: input lines that yield no record, by reason (empty lines included, so that
-- records plus rejects is every line read).
-- Labels: l1 = reason. Value columns (col): n (1 per line).
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
SELECT reason AS l1, NULL::VARCHAR AS l2, NULL::VARCHAR AS l3, 'n' AS col, 1.0 AS v, NULL::DOUBLE AS t
FROM rejects;
