-- tokens: prompt and completion tokens of usage records by the --by dimensions
--
-- Columns: [bucket_start with --bucket], the --by columns, calls, tokens_in, tokens_out,
-- tokens_total, cache_read_tokens, cache_write_tokens. tokens_in counts every input token; the
-- cache columns are the parts of it read from and written to a prompt cache. Usage records are LLM calls, and metric samples that carry tokens or a cost;
-- a session's token totals are not added again.
--
-- @bucket optional
SELECT bucket_start,
       dims,
       count(*) AS calls,
       coalesce(sum(tokens_in), 0) AS tokens_in,
       coalesce(sum(tokens_out), 0) AS tokens_out,
       coalesce(sum(tokens_in), 0) + coalesce(sum(tokens_out), 0) AS tokens_total,
       coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens,
       coalesce(sum(cache_write_tokens), 0) AS cache_write_tokens
FROM filtered
WHERE is_usage
GROUP BY bucket_start, dims
ORDER BY bucket_start NULLS LAST, dims
