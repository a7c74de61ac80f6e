-- The current lm_obs view folded into one small table, in one pass over the events: one row per
-- label values (l1, l2, l3, as logged, before any cap) and value column. Every family of the source
-- is then computed from these rows (cap-labels.sql, aggregate.sql, histogram.sql) instead of from
-- the view, which re-reads and re-unpivots every event each time (at 14M events each such statement
-- took ~1 s; a month-old database made ~40 of them).
-- Returns (as the temp table lm_groups): l1, l2, l3, col,
--   obs        rows of lm_obs (what cap-labels.sql ranks label values by)
--   n          values that are not NULL; total, max: their sum and maximum
--   total_exact, exact   their sum as a DECIMAL(38, 12), and whether it holds (no value of 1e9 or
--              more, none NaN): the families add these so a _sum is the same on every run, as
--              lm_exact_sum (queries/ingest/macros.sql) makes the rollups' sums; else `total`
--   last       the value with the latest t, and last_t that t (so groups merge as arg_max(last, last_t));
--              NULL unless $with_last: no family of the catalog reads it, and it costs a third of the pass
--   h_n, h_total, h_buckets   for the histogram's column ($hist_col): its values but NaN (which a
--              histogram leaves out), their sum (h_total_exact and h_exact as above), and their count per bound as DuckDB's histogram()
--              counts them: a value at the first bound at or above it, one above every bound at
--              Infinity (a binary search per value; a list_filter per value cost a third of the pass)
-- Parameters: $hist_col (VARCHAR): the column of this source's histogram ('' for none);
--             $hist_bounds (VARCHAR): its bounds, ascending, as the text of a DOUBLE[] ('[0.005, 0.01]';
--             a text, since an empty list cannot be bound as a typed one); $with_last (BOOLEAN):
--             whether a family reads `last`.
CREATE OR REPLACE TEMP TABLE lm_groups AS
SELECT l1, l2, l3, col,
       count(*) AS obs,
       count(v) AS n,
       sum(v) AS total,
       sum(CASE WHEN abs(v) < 1e9 THEN v::DECIMAL(38, 12) END) AS total_exact,
       max(abs(v)) < 1e9 AS exact,
       max(v) AS max,
       arg_max(v, t) FILTER (WHERE $with_last AND v IS NOT NULL) AS last,
       max(t) FILTER (WHERE $with_last AND v IS NOT NULL) AS last_t,
       count(v) FILTER (WHERE col = $hist_col AND NOT isnan(v)) AS h_n,
       sum(v) FILTER (WHERE col = $hist_col AND NOT isnan(v)) AS h_total,
       sum(CASE WHEN abs(v) < 1e9 THEN v::DECIMAL(38, 12) END) FILTER (WHERE col = $hist_col AND NOT isnan(v)) AS h_total_exact,
       max(abs(v)) FILTER (WHERE col = $hist_col AND NOT isnan(v)) < 1e9 AS h_exact,
       histogram(v, CAST($hist_bounds AS DOUBLE[])) FILTER (WHERE col = $hist_col AND NOT isnan(v)) AS h_buckets
FROM lm_obs
GROUP BY ALL;
