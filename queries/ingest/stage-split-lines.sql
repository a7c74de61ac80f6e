-- Joins the parts of the lines a container runtime split past 16 KiB (a CRI line tagged P, a Docker
-- json-file line whose `log` has no newline) and stages the lines as stage-lines.sql does: lm_raw(text,
-- continues, open_run), rowid + 1 the line number. A part, and the lines after it in its stream up to
-- and including the first full one (F, a `log` ending in a newline), are one line on the first part's
-- line, with the first part's prefix; the others are NULL with continues (continuation lines). A run
-- of parts the input ends in is joined as far as it goes, open_run on its first line.
-- Only for a source in which stage-lines.sql found a part: the windows sort the lines.
-- Input: lm_split(text), the lines as they were logged, trimmed to the scanner's count.
-- Parameters: none.
-- Placeholders (log-prefix.ts, docker-json-file.ts: StagedLineSql): prefix_parts and line_text as in
-- stage-lines.sql; part, a line's STRUCT(stream, open, head, body) or NULL; joined, the line made of
-- a run's first part p, its parts' bodies joined (body) and whether it is still open (open).
CREATE OR REPLACE TEMP TABLE lm_raw AS
WITH parts AS (
  SELECT n, text, {{part}} AS p
  FROM (SELECT rowid AS n, text, {{prefix_parts}} AS m FROM lm_split)
), continued AS (
  -- A line continues a run when the line before it in its stream is a part with more to come.
  SELECT n, text, p, p.stream IS NOT NULL AND coalesce(lag(p.open) OVER (PARTITION BY p.stream ORDER BY n), false) AS continues
  FROM parts
), runs AS (
  SELECT *, max(CASE WHEN NOT continues THEN n END) OVER (PARTITION BY p.stream ORDER BY n ROWS UNBOUNDED PRECEDING) AS start
  FROM continued
), joined AS (
  SELECT start, string_agg(p.body, '' ORDER BY n) AS body, arg_max(p.open, n) AS open
  FROM runs
  WHERE p.open OR continues
  GROUP BY start
)
SELECT {{line_text}} AS text, continues, open_run
FROM (
  SELECT n, text, continues, open_run, {{prefix_parts}} AS m
  FROM (
    SELECT n, continues, coalesce(open, false) AS open_run,
      CASE WHEN continues THEN NULL WHEN start IS NULL THEN text ELSE {{joined}} END AS text
    FROM (SELECT r.n, r.text, r.p, r.continues, j.start, j.body, j.open FROM runs r LEFT JOIN joined j ON j.start = r.n)
  )
)
ORDER BY n;
