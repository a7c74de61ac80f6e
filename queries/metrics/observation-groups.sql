-- The current lm_obs view folded into one small table, in one pass over the events: one row per
-- label values (l1, l2, l3, as logged, before any cap), value column and histogram bucket. Every
-- family of the source is then computed from these rows (cap-labels.sql, aggregate.sql,
-- histogram.sql) instead of from the view, which re-reads and re-unpivots every event each time
-- (at 14M events each such statement took ~1 s; a month-old database made ~50 of them).
-- Returns (as the temp table lm_groups): l1, l2, l3, col,
--   idx     for a histogram's column: how many of its bounds lie below the value (as histogram.sql
--           counts buckets), -1 for NaN (which a histogram leaves out); NULL for other columns and
--           for a NULL value
--   obs     rows of lm_obs (what cap-labels.sql ranks label values by)
--   n       values that are not NULL; total, max: their sum and maximum
--   last    the value with the latest t, and last_t that t (so groups merge as arg_max(last, last_t));
--           NULL unless $with_last: no family of the catalog reads it, and it costs a third of the pass
-- Parameters: $hist_cols (VARCHAR): the histogram columns of this source, comma-separated ('' for
--             none); $hist_bounds (VARCHAR): each one's bounds, ascending, in the same order, as the
--             text of a DOUBLE[][] ('[[0.005, 0.01], [1, 4]]'; a text, since an empty list cannot
--             be bound as a typed one); $with_last (BOOLEAN): whether a family reads `last`.
CREATE OR REPLACE TEMP TABLE lm_groups AS
SELECT l1, l2, l3, col,
       CASE WHEN $hist_cols = '' OR v IS NULL OR NOT list_contains(string_split($hist_cols, ','), col) THEN NULL
            WHEN isnan(v) THEN -1
            ELSE len(list_filter(CAST($hist_bounds AS DOUBLE[][])[list_position(string_split($hist_cols, ','), col)], lambda b: b < v))
       END AS idx,
       count(*) AS obs,
       count(v) AS n,
       sum(v) AS total,
       max(v) AS max,
       arg_max(v, t) FILTER (WHERE $with_last AND v IS NOT NULL) AS last,
       max(t) FILTER (WHERE $with_last AND v IS NOT NULL) AS last_t
FROM lm_obs
GROUP BY ALL;
