-- Metrics source: tokens of LLM calls by token type, for the tokens counter: input and output, and
-- the parts of input read from and written to a prompt cache (cache_read, cache_write). Those are
-- already counted in input: a sum over every type counts them twice.
-- Labels: l1 = model, l2 = provider, l3 = token type ('input', 'output', 'cache_read', 'cache_write').
-- Value columns (col): tokens.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW lm_obs AS
SELECT coalesce(model, 'unknown') AS l1, coalesce(provider, 'unknown') AS l2, 'input' AS l3,
       'tokens' AS col, tokens_in::DOUBLE AS v, epoch(ts) AS t
FROM events WHERE kind = 'llm_call' AND tokens_in IS NOT NULL
UNION ALL
SELECT coalesce(model, 'unknown'), coalesce(provider, 'unknown'), 'output', 'tokens', tokens_out::DOUBLE, epoch(ts)
FROM events WHERE kind = 'llm_call' AND tokens_out IS NOT NULL
UNION ALL
SELECT coalesce(model, 'unknown'), coalesce(provider, 'unknown'), 'cache_read', 'tokens', cache_read_tokens::DOUBLE, epoch(ts)
FROM events WHERE kind = 'llm_call' AND cache_read_tokens IS NOT NULL
UNION ALL
SELECT coalesce(model, 'unknown'), coalesce(provider, 'unknown'), 'cache_write', 'tokens', cache_write_tokens::DOUBLE, epoch(ts)
FROM events WHERE kind = 'llm_call' AND cache_write_tokens IS NOT NULL;
