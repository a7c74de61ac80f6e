-- Replaces the events table with a view over Parquet files written by `logmeter export --parquet`
-- (or anything with the same columns, hive-partitioned by day and kind). The file list is the
-- variable lm_parquet_files, set by src/export/parquet-reader.ts to the partitions a command needs.
-- Files written before the cache token columns existed lack them: src/export/parquet-reader.ts fills
-- the placeholders cache_read_tokens, cache_write_tokens and cache_write_1h_tokens (in double braces)
-- with the column when some file has it, else with NULL.
-- Parameters: none (the list comes from getvariable).
DROP TABLE IF EXISTS events;
CREATE OR REPLACE TEMP VIEW events AS
SELECT
  ts::TIMESTAMPTZ AS ts, level::VARCHAR AS level, event::VARCHAR AS event, message::VARCHAR AS message,
  kind::VARCHAR AS kind, method::VARCHAR AS method, route::VARCHAR AS route, metric::VARCHAR AS metric,
  value::DOUBLE AS value, service::VARCHAR AS service, host::VARCHAR AS host, session_id::VARCHAR AS session_id,
  workflow::VARCHAR AS workflow, workflow_id::VARCHAR AS workflow_id, agent::VARCHAR AS agent,
  provider::VARCHAR AS provider, model::VARCHAR AS model, tokens_in::BIGINT AS tokens_in,
  tokens_out::BIGINT AS tokens_out, cost_usd::DOUBLE AS cost_usd, duration_ms::DOUBLE AS duration_ms,
  ok::BOOLEAN AS ok, status::VARCHAR AS status, error::VARCHAR AS error, op::VARCHAR AS op, path::VARCHAR AS path,
  bytes::BIGINT AS bytes, lines_changed::BIGINT AS lines_changed, source::VARCHAR AS source, line::BIGINT AS line,
  attrs::JSON AS attrs, {{cache_read_tokens}}::BIGINT AS cache_read_tokens, {{cache_write_tokens}}::BIGINT AS cache_write_tokens,
  {{cache_write_1h_tokens}}::BIGINT AS cache_write_1h_tokens
FROM read_parquet(getvariable('lm_parquet_files'), hive_partitioning = true,
                  hive_types = {'day': VARCHAR, 'kind': VARCHAR}, union_by_name = true);
