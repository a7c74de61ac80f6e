-- One row per session over the relation session_records (session_marks' columns): its spans,
-- counts and state at `now`. queries/_prelude.sql puts it in session_spans (every session) and
-- range_session_spans (the sessions seen in the range); src/rollups/compose.ts fills it in.
SELECT m.session_id,
       min(m.ts) AS started,
       min(m.ts) FILTER (WHERE m.is_end) AS ended,
       max(m.ts) AS last_seen,
       -- records inside [since, until): a session is "seen" in the range when this is above 0
       count(*) FILTER (WHERE (a.since IS NULL OR m.ts >= a.since) AND (a.until IS NULL OR m.ts < a.until)) AS events,
       count(*) FILTER (WHERE m.kind = 'llm_call' AND (a.since IS NULL OR m.ts >= a.since)
                          AND (a.until IS NULL OR m.ts < a.until)) AS llm_calls,
       coalesce(any_value(m.duration_ms) FILTER (WHERE m.is_end),
                epoch_ms(min(m.ts) FILTER (WHERE m.is_end)) - epoch_ms(min(m.ts))) AS duration_ms,
       -- tokens of the session's own calls; a session record's totals only when no call logged any
       coalesce(sum(coalesce(m.tokens_in, 0) + coalesce(m.tokens_out, 0)) FILTER (WHERE m.kind = 'llm_call'
                  AND (m.tokens_in IS NOT NULL OR m.tokens_out IS NOT NULL)),
                max(coalesce(m.tokens_in, 0) + coalesce(m.tokens_out, 0)) FILTER (WHERE m.kind = 'session'
                  AND (m.tokens_in IS NOT NULL OR m.tokens_out IS NOT NULL))) AS tokens,
       -- active at `now`: begun by then, not ended by then, and not idle for longer than session_idle
       min(m.ts) <= any_value(s.now)
         AND count(*) FILTER (WHERE m.is_end AND m.ts <= s.now) = 0
         AND (any_value(a.session_idle) IS NULL
              OR max(m.ts) FILTER (WHERE m.ts <= s.now) > any_value(s.now) - any_value(a.session_idle)) AS active,
       -- the --by values of the session's first record
       arg_min(m.dims, m.ts) AS dims
FROM session_records AS m, args AS a, span AS s
GROUP BY m.session_id
