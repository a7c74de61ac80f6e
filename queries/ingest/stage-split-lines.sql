-- Joins the parts of the lines a container runtime split past 16 KiB (a CRI line tagged P, a Docker
-- json-file line whose `log` has no newline) and stages the lines as stage-lines.sql does: lm_raw(text,
-- continues, open_run, too_long), rowid + 1 the line number. A part, and the lines after it in its stream up to
-- and including the first full one (F, a `log` ending in a newline), are one line on the first part's
-- line, with the first part's prefix; the others are NULL with continues (continuation lines). A run
-- of parts the input ends in is joined as far as it goes, open_run on its first line.
-- A joined line longer than $max_line_bytes (its bytes without a newline, as the line scanner
-- measures a line) is not made: its first line is NULL with too_long, STRUCT(bytes, sample) (the bytes
-- of the line it would have been, the first 256 characters of its first part as logged), which
-- stage.ts turns into a too_long reject; the other parts still continue it. Its length is summed from
-- its parts' before anything is joined, so a run of parts that never ends is never held as one string.
-- Only for a source in which stage-lines.sql found a part: the windows sort the lines.
-- Input: lm_split(text), the lines as they were logged, trimmed to the scanner's count.
-- Parameters: $max_line_bytes (BIGINT).
-- Placeholders (log-prefix.ts, docker-json-file.ts: StagedLineSql): prefix_parts and line_text as in
-- stage-lines.sql; part, a line's STRUCT(stream, open) or NULL; part_head and part_body, what the joined
-- line keeps of its first part and what each part holds of the line; part_bytes, the bytes a part's
-- body adds to the joined line; joined_bytes, the bytes of the joined line from its first part's
-- stream and head and its parts' bytes summed (bytes); joined, the line made of a run's
-- first part's stream and head, its parts' bodies joined (body) and whether it is still open (open).
-- Only the line numbers and the parts' streams are sorted; the text is taken for the runs' lines only.
CREATE OR REPLACE TEMP TABLE lm_raw AS
WITH lines AS (
  SELECT rowid AS n, text, {{prefix_parts}} AS m FROM lm_split
), flags AS (
  SELECT n, {{part}} AS p FROM lines
), continued AS (
  -- A line continues a run when the line before it in its stream is a part with more to come.
  SELECT n, p.stream AS stream, p.open AS open,
    p.stream IS NOT NULL AND coalesce(lag(p.open) OVER (PARTITION BY p.stream ORDER BY n), false) AS continues
  FROM flags
), members AS (
  SELECT n, stream, open, continues, max(CASE WHEN NOT continues THEN n END) OVER (PARTITION BY stream ORDER BY n ROWS UNBOUNDED PRECEDING) AS start
  FROM continued
  QUALIFY open OR continues
), parts AS (
  SELECT s.n, s.start, s.stream, s.open, {{part_head}} AS head, {{part_body}} AS body FROM members s JOIN lines USING (n)
), runs AS (
  -- Each run measured first: only the runs that fit are joined.
  SELECT start, stream, head, open, {{joined_bytes}} AS bytes
  FROM (
    SELECT start, arg_min(stream, n) AS stream, arg_min(head, n) AS head, arg_max(open, n) AS open, sum({{part_bytes}}) AS bytes
    FROM parts
    GROUP BY start
  )
), joined AS (
  SELECT start, string_agg(body, '' ORDER BY n) AS body
  FROM parts
  WHERE start IN (SELECT start FROM runs WHERE bytes <= $max_line_bytes)
  GROUP BY start
)
SELECT {{line_text}} AS text, continues, open_run, too_long
FROM (
  SELECT n, text, continues, open_run, too_long, {{prefix_parts}} AS m
  FROM (
    SELECT n, continues, coalesce(open, false) AS open_run,
      CASE WHEN continues OR too_long IS NOT NULL THEN NULL WHEN start IS NULL THEN text ELSE {{joined}} END AS text,
      too_long
    FROM (
      SELECT l.n, l.text, coalesce(s.continues, false) AS continues, r.start, r.stream, r.head, j.body, r.open,
        CASE WHEN r.bytes > $max_line_bytes THEN {'bytes': r.bytes, 'sample': left(l.text, 256)} END AS too_long
      FROM lines l LEFT JOIN members s ON s.n = l.n AND s.continues LEFT JOIN runs r ON r.start = l.n LEFT JOIN joined j ON j.start = l.n
    )
  )
)
ORDER BY n;
