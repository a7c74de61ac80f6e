-- Pairs the two records of each request of one source (src/ingest/request-pairing.ts): the end (an
-- outcome and no method or route, lm_pair_role 2) takes the method and route of its start (a method
-- or route and no outcome, role 1) and becomes the request; a record with method and status but no
-- duration between them (role 3: Fastify's error handler logs req and res beside the error) is no
-- second request. Records pair by request id: an end's start is the record of its id before it that
-- is a start or an end (role 3 skipped), and pairs only when that is a start, so an end with no start,
-- or after one already answered (an id that repeats once a server restarts), stays unpaired.
-- An UPDATE of the projected rows, after the projection, rather than windows inside it: a window does
-- not keep the rows in the order the one-pass reader numbers lines by (records-stream.sql), and it
-- costs only the sources that pair (an UPDATE keeps rowids, so lm_projected's line numbers hold).
-- Placeholders (double braces, from request-pairing.ts, never logged text): table (lm_projected or
-- lm_paired_events), order (line, or rowid where the table numbers its lines by it), set (the
-- assignments of the events columns the table holds), start_columns (the start's columns they read).
UPDATE {{table}} AS t SET
  {{set}}
FROM (
  SELECT a.r, a.role{{start_columns}}
  FROM (
    SELECT r, role,
      last_value(CASE WHEN role <> 3 THEN {'r': r, 'role': role} END IGNORE NULLS)
        OVER (PARTITION BY id ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before,
      first_value(CASE WHEN role <> 3 THEN role END IGNORE NULLS)
        OVER (PARTITION BY id ORDER BY o ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS after_role
    FROM (
      SELECT rowid AS r, {{order}} AS o, lm_request_id AS id, lm_pair_role AS role
      FROM {{table}}
      WHERE lm_pair_role IS NOT NULL AND lm_request_id IS NOT NULL
    )
  ) a
  JOIN {{table}} s ON s.rowid = a.before.r
  WHERE a.before.role = 1 AND (a.role = 2 OR (a.role = 3 AND a.after_role = 2))
) p
WHERE t.rowid = p.r;
