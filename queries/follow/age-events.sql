-- follow: drops the records that left the sliding window, and records without a time (no window
-- can show them), so a follow session holds at most --window of rows however long it runs. Usage
-- records (LLM calls, and metric samples with tokens or a cost: lm_usage_record, ingest/macros.sql) are
-- kept back to $usage_cutoff when it is later than nothing: today's tokens and cost and a budget's
-- balance cover their whole day or period, not only the window.
-- Parameters: $cutoff (TIMESTAMPTZ), $usage_cutoff (TIMESTAMPTZ or NULL: usage records go with the window).
DELETE FROM events
WHERE ts IS NULL
   OR (ts < CAST($cutoff AS TIMESTAMPTZ)
       AND NOT (CAST($usage_cutoff AS TIMESTAMPTZ) IS NOT NULL
                AND ts >= CAST($usage_cutoff AS TIMESTAMPTZ)
                AND lm_usage_record(kind, tokens_in, tokens_out, cost_usd)));
