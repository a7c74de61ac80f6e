-- Maps one source's JSON records to canonical `events`.
-- Input, through the records placeholder (line, j, v, is_record, unread): v the record's values as a
-- STRUCT of the shape $structure, j its JSON text (for attrs, and the rare values re-read exactly).
-- Two readers fill it, each with its own target (the placeholder at the top):
--   records-staged.sql  the staged lines lm_lines(line, text), one row per record, inserted into events:
--                       for JSON lines a view over lm_raw (line = rowid + 1); for the formats read in
--                       Node (text, logfmt, OTLP, documents) the numbered record spool, where several
--                       records may share a line;
--   records-stream.sql  JSON lines read from the line file and parsed once, for a projection that needs
--                       neither attrs nor the line text (`check`): one row per line, in order, written
--                       to lm_projected (project-stream.sql), whose rowid numbers the lines; is_record
--                       says whether the line is a record, unread holds the text of one that is not.
-- Event names (lower case) the configuration gives a kind or op: mapped_kind and mapped_op in double
-- braces look the row's event up in the bound lists $event_names, $event_kinds and $event_ops, or are
-- NULL when none are configured. A lookup, not a join: a join does not keep the order of the rows,
-- which the stream reader's lm_projected numbers lines by.
-- Parameters: $structure (VARCHAR: the json_transform shape of every path the mapping uses, read in
--             one parse per line), $paths (VARCHAR[]: those paths, for the rare values re-read exactly),
--             $source (VARCHAR), $tz (zone for zone-less times), and the reader's own.
-- Placeholders (names in double braces) are filled by src/ingest/projection.ts: path_values and
-- path_texts with one column per path (p<i>, t<i>) read positionally from the struct, each slot (a
-- slot name) with `coalesce(p<i>, ...)` or NULL (ts with the time its keys read as), records with a
-- reader above, and target with the reader's head, naming the events columns to fill (all of them,
-- or the few a `check` needs; DuckDB drops the expressions of the others): no logged text is ever
-- spliced into this SQL.
{{target}}
WITH parsed AS (
  -- p<i>: the value of path i as text, from one parse per record.
  SELECT line, j, is_record, unread, {{path_values}}
  FROM ({{records}})
), path_texts AS (
  -- t<i>: the same value exactly as json_extract_string prints it (text slots use these).
  SELECT *, {{path_texts}}
  FROM parsed
), slots AS (
  SELECT
    line, j, is_record, unread,
    -- The time, read already (TIMESTAMPTZ): the first time key that reads as one (projection.ts timeExpression).
    {{ts}} AS s_ts, lm_ts_instant({{ts_epoch_second}}, {{ts_nano_of_second}}) AS s_instant,
    coalesce(lm_clef_level({{clef_template}}, {{level}}), lm_syslog_level({{syslog_levels}}, {{level}}),
             lm_level({{level}}), lm_python_level({{level_number}}), lm_severity_number({{severity_number}})) AS s_level,
    lm_scalar({{event}}) AS s_event, lm_scalar({{message}}) AS s_message,
    lm_kind_word(lm_scalar({{event}})) AS s_kind_word,
    coalesce(lm_scalar({{method}}), lm_request_line({{request_line}}, 1)) AS s_method,
    coalesce(lm_scalar({{route}}), lm_request_line({{request_line}}, 2)) AS s_route,
    coalesce(lm_scalar({{metric}}),
      CASE WHEN lm_metric_event(lm_scalar({{event}})) AND {{value}} IS NOT NULL THEN lm_scalar({{name}}) END) AS s_metric,
    lm_num({{value}}) AS s_value,
    lm_service(lm_scalar({{service}})) AS s_service, lm_scalar({{host}}) AS s_host,
    coalesce(lm_scalar({{session_id}}), lm_chat_thread(lm_scalar({{thread_id}}))) AS s_session, lm_scalar({{workflow}}) AS s_workflow,
    lm_scalar({{workflow_id}}) AS s_workflow_id, lm_scalar({{agent}}) AS s_agent,
    lm_scalar({{provider}}) AS s_provider,
    coalesce(lm_scalar({{model}}), lm_gemini_version(lm_scalar({{model_version}}))) AS s_model,
    lm_model_operation(lm_scalar({{operation}})) AS s_model_operation,
    -- A usage object printed as a repr string (usage_repr) fills the counts the record lacks. The
    -- slot maps only a path that held text in the sample: elsewhere it is NULL and these fold away.
    {{usage_object}} IS NOT NULL OR coalesce(contains({{usage_repr}}, '_tokens='), false) AS s_usage_object,
    {{call_count}} IS NOT NULL AS s_counts_calls,
    coalesce(TRY_CAST(lm_num({{tokens_in}}) AS BIGINT), lm_repr_count({{usage_repr}}, 'prompt_tokens'), lm_repr_count({{usage_repr}}, 'input_tokens')) AS s_tokens_in,
    coalesce(TRY_CAST(lm_num({{tokens_in_total}}) AS BIGINT), lm_repr_count({{usage_repr}}, 'prompt_tokens')) AS s_tokens_in_total,
    coalesce(TRY_CAST(lm_num({{cache_read}}) AS BIGINT), lm_repr_count({{usage_repr}}, 'cached_tokens')) AS s_cache_read,
    TRY_CAST(lm_num({{cache_write}}) AS BIGINT) AS s_cache_write,
    coalesce(TRY_CAST(lm_num({{cache_write_1h}}) AS BIGINT), lm_repr_count({{usage_repr}}, 'ephemeral_1h_input_tokens')) AS s_cache_write_1h,
    coalesce(TRY_CAST(lm_num({{cache_read_outside}}) AS BIGINT), lm_repr_count({{usage_repr}}, 'cache_read_input_tokens')) AS s_cache_read_outside,
    coalesce(TRY_CAST(lm_num({{cache_write_outside}}) AS BIGINT), lm_repr_count({{usage_repr}}, 'cache_creation_input_tokens')) AS s_cache_write_outside,
    coalesce(TRY_CAST(lm_num({{tokens_out}}) AS BIGINT), lm_repr_count({{usage_repr}}, 'completion_tokens'), lm_repr_count({{usage_repr}}, 'output_tokens')) AS s_tokens_out,
    TRY_CAST(lm_num({{tokens_out_thoughts}}) AS BIGINT) AS s_tokens_thoughts,
    lm_num(ltrim({{cost_usd}}, '$')) AS s_cost,
    coalesce(lm_duration({{duration_ms}}, 'ms'), lm_duration({{duration_s}}, 's'), lm_duration({{duration_us}}, 'us'),
             lm_duration({{duration_ns}}, 'ns'), lm_duration({{duration_any}}, 'ms'), lm_unit_duration({{service_duration}}),
             CASE WHEN {{ollama_eval_count}} IS NOT NULL THEN lm_duration({{ollama_duration}}, 'ns') END) AS s_duration,
    -- Read here, where a slot no key feeds folds to NULL before DuckDB binds lm_ts (fold-null-calls.ts).
    lm_ts({{start_time}}, $tz) AS s_start, lm_ts({{end_time}}, $tz) AS s_end,
    lower({{success}}) AS s_success,
    lm_scalar({{status}}) AS s_status, lm_http_status({{http_status}}) AS s_http,
    coalesce(lm_error_text(lm_error_value({{error}})), lm_stack_error({{stack}})) AS s_error,
    lm_scalar({{op}}) AS s_op, lm_scalar({{path}}) AS s_path,
    TRY_CAST(lm_num({{bytes}}) AS BIGINT) AS s_bytes, TRY_CAST(lm_num({{lines_changed}}) AS BIGINT) AS s_lines_changed,
    {{gauge}} IS NOT NULL AS s_gauge,
    -- An OTLP metric data point (otlp-metrics.ts) aggregates many occurrences: a metric sample, whatever
    -- its attributes name, and no call's usage, cost or duration (a cumulative point repeats them).
    {{metric_point}} IS NOT NULL AS s_metric_point,
    -- The id a request's two records share, for a source that logs them apart (request-pairing.ts).
    lm_scalar({{request_id}}) AS s_request_id
  FROM path_texts
), derived AS (
  SELECT slots.*,
    coalesce(s_op, {{mapped_op}}) AS d_op,
    -- Well-known metric names fill the canonical columns, whatever kind the record gets.
    -- tokens_in counts every input token. Anthropic's input_tokens leaves out its cache reads and
    -- writes (cache_*_outside), which are added, unless a prompt total that already counts them
    -- was logged beside them (LiteLLM's prompt_tokens for an Anthropic call): that total is taken.
    CASE WHEN s_metric_point THEN NULL
      WHEN s_cache_read_outside IS NULL AND s_cache_write_outside IS NULL
      THEN coalesce(s_tokens_in, CASE WHEN list_contains(['tokens_in', 'input_tokens', 'prompt_tokens'], lower(s_metric)) THEN TRY_CAST(s_value AS BIGINT) END)
      ELSE coalesce(s_tokens_in_total, coalesce(s_tokens_in, 0) + coalesce(s_cache_read_outside, 0) + coalesce(s_cache_write_outside, 0))
    END AS d_tokens_in,
    -- Gemini's thinking tokens are billed as output and are not in its candidates_token_count.
    CASE WHEN s_metric_point THEN NULL
      WHEN s_tokens_thoughts IS NULL
      THEN coalesce(s_tokens_out, CASE WHEN list_contains(['tokens_out', 'output_tokens', 'completion_tokens'], lower(s_metric)) THEN TRY_CAST(s_value AS BIGINT) END)
      ELSE coalesce(s_tokens_out, 0) + s_tokens_thoughts
    END AS d_tokens_out,
    CASE WHEN NOT s_metric_point THEN coalesce(s_duration,
      CASE WHEN list_contains(['response_time', 'response_time_ms', 'latency', 'latency_ms', 'duration', 'duration_ms'], lower(s_metric)) THEN s_value END,
      date_diff('microsecond', s_start, s_end) / 1000.0) END AS d_duration,
    CASE WHEN NOT s_metric_point THEN coalesce(s_cost, CASE WHEN list_contains(['cost', 'cost_usd', 'spend'], lower(s_metric)) THEN s_value END) END AS d_cost,
    -- A status that says the call is still going (a start record) is no sign of a finished call.
    -- A metric sample (VIBEZEN logs a call as response_time, token_usage, cost and api_call samples)
    -- is a call only when it carries the call's usage: its latency, status or level are the sample's.
    CASE WHEN s_metric_point THEN 'metric' ELSE coalesce({{mapped_kind}}, lm_kind(s_kind_word, s_event, s_op, s_path, s_model,
      s_tokens_in IS NOT NULL OR s_tokens_out IS NOT NULL OR s_cost IS NOT NULL
        OR (s_metric IS NULL AND (s_duration IS NOT NULL OR s_http IS NOT NULL
          OR (s_status IS NOT NULL AND NOT lm_in_flight_status(s_status))
          -- A model logged at error level is a failed call, which often logs no usage or latency. (Not
          -- an error field alone: reading those paths for every check costs ~0.5 s per 1M lines.)
          OR s_level IN ('error', 'fatal'))),
      s_method, s_route,
      s_http IS NOT NULL OR s_duration IS NOT NULL OR (s_status IS NOT NULL AND NOT lm_in_flight_status(s_status)),
      (s_metric IS NOT NULL AND s_value IS NOT NULL) OR s_gauge,
      s_model_operation, s_usage_object, s_counts_calls)) END AS d_kind
  FROM slots
)
SELECT
  -- A record with no time of its own (a LiteLLM spend row) is dated by its end, else its start.
  coalesce(s_ts, s_instant, s_end, s_start) AS ts,
  s_level AS level,
  s_event AS event,
  CASE WHEN s_message IS DISTINCT FROM s_event THEN s_message END AS message,
  d_kind AS kind,
  upper(s_method) AS method,
  lm_route(coalesce(s_route, CASE WHEN d_kind = 'request' THEN s_path END)) AS route,
  s_metric AS metric,
  CASE WHEN s_metric IS NOT NULL THEN s_value END AS value,
  s_service AS service, s_host AS host, s_session AS session_id,
  s_workflow AS workflow, s_workflow_id AS workflow_id, s_agent AS agent,
  s_provider AS provider, s_model AS model,
  d_tokens_in AS tokens_in, d_tokens_out AS tokens_out,
  d_cost AS cost_usd,
  d_duration AS duration_ms,
  -- A metric point is no failure, even one of a failing series (error.type): its error and status
  -- columns say so, and its failures are in its count, which a cumulative point repeats.
  s_metric_point OR NOT coalesce(
    list_contains(['false', '0', 'no', 'f', 'n'], s_success)
    OR lm_failure_word(s_status)
    OR s_error IS NOT NULL
    OR s_level IN ('error', 'fatal')
    OR lm_failure_event(s_event)
    OR s_http >= 500
    OR (d_kind = 'llm_call' AND s_http >= 400), false) AS ok,
  coalesce(s_status, CAST(s_http AS VARCHAR)) AS status,
  s_error AS error,
  CASE WHEN d_kind = 'file_op' THEN lm_file_op(d_op, s_event) ELSE d_op END AS op,
  CASE WHEN d_kind = 'request' AND s_route IS NULL THEN NULL ELSE s_path END AS path,
  s_bytes AS bytes, s_lines_changed AS lines_changed,
  $source AS source, line,
  j AS attrs,
  CASE WHEN NOT s_metric_point THEN coalesce(s_cache_read, s_cache_read_outside) END AS cache_read_tokens,
  CASE WHEN NOT s_metric_point THEN coalesce(s_cache_write, s_cache_write_outside) END AS cache_write_tokens,
  -- A part of cache_write_tokens, kept as logged: more of it than the cache writes (or 1-hour writes
  -- without a cache write count) leaves the call unpriced for its counts (_priced-events.sql).
  CASE WHEN NOT s_metric_point THEN s_cache_write_1h END AS cache_write_1h_tokens,
  is_record, unread,
  -- For a source whose requests are logged as two records (request-pairing.ts; the slot is NULL,
  -- and these are left out, for any other): the request id, and which half the record is (1 a start:
  -- a method or route, no outcome; 2 an end: an outcome, neither; 3 both, without a duration).
  s_request_id AS lm_request_id,
  CASE WHEN s_request_id IS NULL THEN NULL
    WHEN s_method IS NULL AND s_route IS NULL THEN CASE WHEN s_http IS NOT NULL OR d_duration IS NOT NULL THEN 2 END
    WHEN s_http IS NULL AND s_status IS NULL AND d_duration IS NULL THEN 1
    WHEN d_duration IS NULL AND s_http IS NOT NULL THEN 3 END::UTINYINT AS lm_pair_role
FROM derived
);
