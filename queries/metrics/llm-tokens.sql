-- Metrics source: tokens per LLM call, one observation per call and token type, as the
-- OpenTelemetry GenAI metric gen_ai.client.token.usage counts them.
-- Labels: l1 = model, l2 = provider, l3 = token type ('input' or 'output').
-- Value columns (col): tokens.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
SELECT coalesce(model, 'unknown') AS l1, coalesce(provider, 'unknown') AS l2, 'input' AS l3,
       'tokens' AS col, tokens_in::DOUBLE AS v, epoch(ts) AS t
FROM events WHERE kind = 'llm_call' AND tokens_in IS NOT NULL
UNION ALL
SELECT coalesce(model, 'unknown'), coalesce(provider, 'unknown'), 'output', 'tokens', tokens_out::DOUBLE, epoch(ts)
FROM events WHERE kind = 'llm_call' AND tokens_out IS NOT NULL;
