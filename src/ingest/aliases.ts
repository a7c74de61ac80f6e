// The zero-configuration field vocabulary: for each input "slot" that feeds a canonical column,
// the key spellings our users' loggers use, in priority order.
//
// Aliases are written in normalised form (snake_case segments joined by dots). A key path from a
// log matches when, after the same normalisation (camelCase -> snake_case, '-' -> '_'), it equals
// the alias, or its underscore-joined form equals the alias's (so `latency.ms` and `latencyMs`
// match `latency_ms`), or - for aliases marked deep - its trailing segments equal the alias
// (so `agent.workflow.duration_ms` and `app.file.bytes` match by their last segments).

export type Slot =
  | 'ts'
  | 'ts_epoch_second'
  | 'ts_nano_of_second'
  | 'level'
  | 'severity_number'
  | 'level_number'
  | 'event'
  | 'message'
  | 'method'
  | 'route'
  | 'metric'
  | 'value'
  | 'name'
  | 'metric_point'
  | 'service'
  | 'host'
  | 'session_id'
  | 'thread_id'
  | 'workflow'
  | 'workflow_id'
  | 'agent'
  | 'provider'
  | 'model'
  | 'model_version'
  | 'operation'
  | 'usage_object'
  | 'usage_repr'
  | 'call_count'
  | 'cache_read'
  | 'cache_write'
  | 'cache_write_1h'
  | 'cache_read_outside'
  | 'cache_write_outside'
  | 'tokens_in'
  | 'tokens_in_total'
  | 'tokens_out'
  | 'tokens_out_thoughts'
  | 'cost_usd'
  | 'duration_ms'
  | 'duration_s'
  | 'duration_us'
  | 'duration_ns'
  | 'duration_any'
  | 'service_duration'
  | 'ollama_duration'
  | 'ollama_eval_count'
  | 'start_time'
  | 'end_time'
  | 'success'
  | 'status'
  | 'http_status'
  | 'error'
  | 'stack'
  | 'op'
  | 'path'
  | 'bytes'
  | 'lines_changed'
  | 'gauge'
  | 'request_line'
  | 'clef_template'
  | 'syslog_levels'
  | 'request_id';

export interface Alias {
  readonly path: string;
  /** Match by trailing segments at any depth (namespaced keys). */
  readonly deep?: boolean;
}

const shallow = (...paths: string[]): Alias[] => paths.map((path) => ({ path }));
const deep = (...paths: string[]): Alias[] => paths.map((path) => ({ path, deep: true }));

/** Slots in the order that a path is offered to them; each slot's aliases in priority order. */
export const ALIASES: Readonly<Record<Slot, readonly Alias[]>> = {
  ts: [
    // In priority order, but a record falls through to the next key when one does not read as a
    // time, or reads as a bare number before 2001 or a date alone (projection.ts timeExpression).
    ...shallow('time', 'timestamp', '@timestamp', 'ts', 'asctime', 'datetime', 'date', 'time_unix_nano', 'observed_time_unix_nano', 'created', 't'),
    // log4j2's JsonLayout (timeMillis), MongoDB's structured log ("t": {"$date": ...}), and eventTime
    // (Kubernetes events, CloudTrail, Stackdriver).
    ...shallow('time_millis', 't.$date', 'event_time'),
    ...shallow('start_time_unix_nano', 'log.timestamp', 'event.created', 'time_local', 'logged_at', 'created_at'),
    // Python's loguru (serialize=True) and .NET's Serilog compact JSON (CLEF).
    ...shallow('record.time.timestamp', '@t'),
    // The time kubectl or docker put before the line (log-prefix.ts): only when the record has none.
    ...shallow('log_prefix.time'),
    // journald's JSON export (`journalctl -o json`): microseconds since the epoch, as a string.
    ...shallow('__realtime_timestamp'),
    // nginx's $time_iso8601 (its $msec only in an nginx log: shape-aliases.ts).
    ...shallow('time_iso8601'),
  ],
  // log4j2's instant, and a GCP LogEntry's timestamp as protobuf JSON writes it ({seconds, nanos}).
  ts_epoch_second: shallow('instant.epoch_second', 'timestamp.seconds'),
  ts_nano_of_second: shallow('instant.nano_of_second', 'timestamp.nanos'),
  // Heroku's router writes its level as `at=info`: last, so any other level key wins.
  level: shallow('level', 'levelname', 'log.level', 'lvl', 'severity', 'severity_text', 'loglevel', 'log_level', 'level_name', 'record.level.name', '@l', 'at'),
  severity_number: shallow('severity_number'),
  /** A level number on Python's scale (DEBUG 10, INFO 20, WARNING 30, ERROR 40, CRITICAL 50), not pino's. */
  level_number: shallow('levelno', 'record.level.no'),
  // loguru's record.message, Rust tracing's fields.message, Serilog's rendered @m or template @mt.
  // Docker's json-file `log` (a line that is not JSON) comes last.
  // An OTLP body may be a map holding the message (body.message). Logstash's old JSON event format
  // (winston's format.logstash()) writes @message beside its @fields.
  event: [...shallow('event', 'event_name', 'event.name', 'event_type', 'msg', 'message', 'body', 'body.message', 'log.message', 'short_message', 'name', 'record.message', 'fields.message', '@m', '@mt', '@message', 'log'), ...shallow('json_payload.message', 'text_payload')],
  message: shallow('message', 'msg', 'log.message', 'body', 'body.message', 'short_message', 'record.message', 'fields.message', '@m', '@mt', '@message', 'log'),
  method: [...shallow('method', 'http_method', 'req.method', 'request.method', 'http.method', 'http.request.method', 'rpc.method'), ...deep('http.request.method'), ...shallow('span.method', 'http_request.request_method')],
  route: [
    ...shallow('route', 'http.route', 'endpoint', 'req.url', 'request.url', 'url', 'http.target', 'url.path', 'http.url', 'request_path', 'req.path', 'uri', 'request_uri'),
    ...deep('http.route', 'url.path'),
    // logstash-logback-encoder's access events, tower-http's request span (Rust tracing), GCP's httpRequest.
    ...shallow('requested_uri', 'span.uri', 'http_request.request_url'),
  ],
  metric: shallow('metric', 'metric_name', 'metric_type', 'metric.name'),
  value: shallow('value', 'metric_value', 'metric.value', 'gauge', 'val'),
  /** A logger or instrument name: the metric's name when the event announces a metric sample. */
  name: shallow('name', 'instrument', 'instrument_name'),
  /**
   * An OTLP metric data point (otlp-metrics.ts): an aggregate over many occurrences, so it is a
   * `metric` whatever its attributes name (a route, a model) and fills no usage, cost or duration.
   */
  metric_point: shallow('otel.metric.type'),
  // What a kubectl, docker compose or journalctl prefix named (log-prefix.ts) comes last.
  service: [...shallow('service', 'service_name', 'service.name', 'app', 'application', 'logger', 'logger_name', 'name', 'component'), ...deep('service.name'), ...shallow('log_prefix.container', 'log_prefix.unit')],
  host: [...shallow('host', 'hostname', 'host.name', 'host.hostname', 'server', 'node'), ...deep('host.name'), ...shallow('log_prefix.pod', 'log_prefix.host')],
  // OpenTelemetry GenAI names the conversation (a chat thread) gen_ai.conversation.id.
  session_id: [...shallow('session_id', 'session', 'session.id', 'sid', 'conversation_id', 'gen_ai.conversation.id'), ...deep('session.id', 'session_id', 'gen_ai.conversation.id')],
  /**
   * A conversation thread (OpenAI's thread_abc..., LangGraph's thread_id) is a session; an OS thread
   * (log4j2's `threadId: 1`, Rust tracing's `ThreadId(1)`) is not (lm_chat_thread).
   */
  thread_id: shallow('thread_id'),
  workflow: [...shallow('workflow', 'workflow_type', 'workflow_name', 'workflow.type', 'workflow.name', 'pipeline'), ...deep('workflow.type', 'workflow.name', 'workflow_type')],
  workflow_id: [...shallow('workflow_id', 'workflow.id', 'run_id', 'workflow_run_id', 'execution_id'), ...deep('workflow.id', 'workflow_id')],
  agent: [...shallow('agent', 'agent_name', 'agent.name', 'agent_id', 'agent.id', 'agent_type'), ...deep('agent.name')],
  provider: [
    ...shallow('provider', 'llm_provider', 'custom_llm_provider', 'provider_name', 'gen_ai.system', 'gen_ai.provider.name', 'api_provider', 'vendor'),
    ...deep('gen_ai.system', 'gen_ai.provider.name', 'llm.provider', 'metadata.provider', 'provider'),
  ],
  model: [
    // The model that answered before the one asked for: an Azure deployment name (`prod-chat`) or an
    // alias (`gpt-4o`) is what the request names; the response names the model billed (`gpt-4o-2024-11-20`).
    ...shallow('model', 'model_name', 'model_id', 'gen_ai.response.model', 'gen_ai.request.model', 'llm.model', 'llm_model', 'engine', 'deployment'),
    ...deep('gen_ai.response.model', 'gen_ai.request.model', 'metadata.model', 'model'),
    // LangChain puts an OpenAI model under model_name (llm_output, an AIMessage's response_metadata).
    ...deep('model_name'),
  ],
  /**
   * Gemini's GenerateContentResponse names its model model_version (modelVersion in REST): the model
   * when no other field names one and it reads as a Gemini model (a served ML model's version, "v3",
   * is not a model name; lm_gemini_version).
   */
  model_version: [...shallow('model_version'), ...deep('model_version')],
  /**
   * OpenTelemetry GenAI's operation: only a model call (chat, text_completion, generate_content,
   * embeddings) is an llm_call; an agent run (invoke_agent, which may carry its children's summed
   * usage) or a tool call (execute_tool) is not (lm_model_operation).
   */
  operation: [...shallow('gen_ai.operation.name'), ...deep('gen_ai.operation.name')],
  /**
   * A top-level usage object with a prompt count: a call's, even when the record names no model
   * (lm_kind). Not deep: the Vercel AI SDK's outer span (ai.usage.promptTokens) sums its calls.
   */
  usage_object: shallow('usage.prompt_tokens', 'usage.input_tokens', 'usage_metadata.prompt_token_count', 'usage_metadata.input_tokens'),
  /**
   * A usage object that python-json-logger (str) or structlog (repr) wrote as text:
   * "CompletionUsage(completion_tokens=67, prompt_tokens=1124, ...)", Anthropic's "Usage(...)". Only
   * a path that holds a string in the sample maps here (mapping.ts), so JSON usage objects cost nothing.
   */
  usage_repr: [...shallow('usage'), ...deep('usage')],
  /**
   * A count of calls (the bench's llm_calls, the OpenAI Agents SDK's usage.requests): a record that
   * has one sums several calls, so it is not a call when it names no model.
   */
  call_count: shallow('llm_calls', 'llm_call_count', 'num_llm_calls', 'total_llm_calls', 'usage.requests', 'requests_count', 'total_requests'),
  // Prompt-cache counts. Two conventions: OpenAI (prompt_tokens_details.cached_tokens, and the
  // Responses API's input_tokens_details), Gemini (cached_content_token_count), OpenTelemetry
  // (gen_ai.usage.cache_read.input_tokens) and the price library (cache_read_tokens) count them
  // inside the prompt total; Anthropic's cache_read_input_tokens and cache_creation_input_tokens
  // (and Bedrock's cacheWriteInputTokens) are outside its input_tokens. Before tokens_in, whose
  // deep `input_tokens` would otherwise take gen_ai.usage.cache_read.input_tokens (mapping.ts).
  cache_read: [
    ...shallow('cache_read_tokens', 'cached_tokens', 'prompt_tokens_details.cached_tokens', 'input_tokens_details.cached_tokens', 'gen_ai.usage.cache_read.input_tokens', 'cached_content_token_count'),
    ...deep('prompt_tokens_details.cached_tokens', 'input_tokens_details.cached_tokens', 'gen_ai.usage.cache_read.input_tokens', 'cached_content_token_count', 'cache_read_tokens'),
    // LangChain's UsageMetadata: input_tokens counts the cache, input_token_details.cache_read is its part.
    ...shallow('input_token_details.cache_read'),
    ...deep('input_token_details.cache_read'),
  ],
  cache_write: [
    ...shallow('cache_write_tokens', 'gen_ai.usage.cache_creation.input_tokens'),
    ...deep('gen_ai.usage.cache_creation.input_tokens', 'cache_write_tokens'),
    ...shallow('input_token_details.cache_creation'),
    ...deep('input_token_details.cache_creation'),
  ],
  /**
   * The part of the cache writes made to a 1-hour prompt cache, which Anthropic prices above its
   * 5-minute one: its usage.cache_creation.ephemeral_1h_input_tokens (a part of
   * cache_creation_input_tokens, whichever convention that follows), and the price library's and
   * logmeter's own name. Its 5-minute part is the rest of the cache writes, so it needs no slot.
   */
  cache_write_1h: [
    ...shallow('cache_write_1h_tokens', 'cache_creation.ephemeral_1h_input_tokens'),
    ...deep('cache_creation.ephemeral_1h_input_tokens', 'cache_write_1h_tokens'),
  ],
  cache_read_outside: [...shallow('cache_read_input_tokens'), ...deep('cache_read_input_tokens')],
  cache_write_outside: [...shallow('cache_creation_input_tokens', 'cache_write_input_tokens'), ...deep('cache_creation_input_tokens', 'cache_write_input_tokens')],
  tokens_in: [
    ...shallow('tokens_in', 'prompt_tokens', 'input_tokens', 'usage.prompt_tokens', 'usage.input_tokens', 'gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'),
    // Gemini's usage_metadata (usageMetadata.promptTokenCount) is matched at any depth below.
    ...shallow('prompt_token_count', 'input_token_count', 'tokens.prompt', 'tokens.input', 'usage.prompt', 'usage.input', 'total_prompt_tokens', 'total_input_tokens'),
    ...deep('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'usage.prompt_tokens', 'usage.input_tokens', 'prompt_tokens', 'input_tokens', 'tokens_in', 'prompt_token_count'),
    // Langfuse's generation usage ({input, output, unit: TOKENS}), nested in its event body.
    ...deep('usage.input'),
    // Ollama's /api/chat and /api/generate responses.
    ...shallow('prompt_eval_count'),
  ],
  /**
   * Prompt totals that already count Anthropic-style cache tokens: LiteLLM logs an Anthropic call's
   * prompt_tokens as input_tokens + cache_creation_input_tokens + cache_read_input_tokens beside
   * those two fields; OpenTelemetry's gen_ai.usage.input_tokens includes cached tokens; tokens_in is
   * logmeter's own. Anthropic's bare input_tokens is not one of them.
   */
  tokens_in_total: [
    ...shallow('tokens_in', 'prompt_tokens', 'usage.prompt_tokens', 'gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'),
    ...deep('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'usage.prompt_tokens', 'prompt_tokens'),
  ],
  tokens_out: [
    ...shallow('tokens_out', 'completion_tokens', 'output_tokens', 'usage.completion_tokens', 'usage.output_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'),
    ...shallow('completion_token_count', 'candidates_token_count', 'output_token_count', 'tokens.completion', 'tokens.output', 'usage.completion', 'usage.output', 'total_completion_tokens', 'total_output_tokens'),
    ...deep('gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'usage.completion_tokens', 'usage.output_tokens', 'completion_tokens', 'output_tokens', 'tokens_out', 'candidates_token_count'),
    ...deep('usage.output'),
    ...shallow('eval_count'),
  ],
  /** Gemini's thinking tokens: billed as output, and not in its candidates_token_count (added to tokens_out). */
  tokens_out_thoughts: [...shallow('thoughts_token_count'), ...deep('thoughts_token_count')],
  cost_usd: [...shallow('cost_usd', 'cost', 'spend', 'response_cost', 'total_cost', 'cost.usd', 'usage.cost', 'price_usd', 'usd'), ...deep('cost_usd', 'response_cost', 'usage.total_cost')],
  duration_ms: [
    ...shallow('duration_ms', 'latency_ms', 'elapsed_ms', 'response_time_ms', 'took_ms', 'time_ms', 'response_time', 'responsetime', 'request_time_ms', 'execution_time_ms', 'total_time_ms', 'processing_time_ms'),
    ...deep('duration_ms', 'latency_ms', 'elapsed_ms', 'response_time_ms'),
  ],
  duration_s: [
    ...shallow('duration_s', 'duration_sec', 'duration_secs', 'duration_seconds', 'latency_s', 'latency_seconds', 'elapsed_s', 'elapsed_seconds', 'elapsed_time', 'request_time', 'execution_time', 'response_time_s', 'response_time_seconds', 'took_s'),
    ...deep('duration_s', 'duration_seconds', 'latency_seconds', 'elapsed_seconds'),
    // OpenTelemetry semantic conventions state these durations in seconds.
    ...shallow('http.server.request.duration', 'http.client.request.duration', 'gen_ai.client.operation.duration', 'rpc.server.duration'),
  ],
  duration_us: shallow('duration_us', 'latency_us', 'elapsed_us', 'duration_micros'),
  duration_ns: [...shallow('duration_ns', 'latency_ns', 'elapsed_ns', 'duration_nanos'), ...deep('duration_ns')],
  duration_any: [...shallow('duration', 'latency', 'elapsed', 'took', 'response_time_str', 'time_taken'), ...shallow('http_request.latency')],
  /** Heroku's router logs its service time as `service=18ms`: a duration there, not a service name. */
  service_duration: shallow('service'),
  /** Ollama's total_duration is nanoseconds; read only beside its eval_count, the sign of an Ollama response. */
  ollama_duration: shallow('total_duration'),
  ollama_eval_count: shallow('eval_count'),
  // Langfuse's ingestion events keep a generation's startTime and endTime in their body.
  start_time: shallow('start_time', 'started_at', 'start', 'begin_time', 'start_timestamp', 'body.start_time'),
  end_time: shallow('end_time', 'ended_at', 'completed_at', 'finished_at', 'end', 'end_timestamp', 'body.end_time'),
  success: [...shallow('success', 'ok', 'succeeded', 'successful', 'is_success', 'passed'), ...deep('success')],
  status: [
    ...shallow('status', 'state', 'outcome', 'result', 'status_code', 'res.status_code', 'http.status_code', 'http.response.status_code', 'response.status', 'response.status_code'),
    ...deep('http.response.status_code', 'http.status_code'),
    // VIBEZEN keeps an operation's fields under metadata.
    ...shallow('metadata.status'),
  ],
  http_status: [
    ...shallow('status_code', 'res.status_code', 'http.status_code', 'http.response.status_code', 'response.status_code', 'response.status', 'http_status', 'res.status', 'status'),
    ...deep('http.response.status_code', 'http.status_code'),
    // Envoy's and Istio's %RESPONSE_CODE%, GCP's httpRequest.status.
    ...shallow('response_code', 'http_request.status'),
  ],
  error: [
    ...shallow('error.message', 'err.message', 'error_message', 'exception.message', 'error', 'err', 'exception', 'exc_info', 'error.type', 'err.type', 'error_type', 'error_code', 'exception.type', 'error.code', 'err.code', 'failure_reason', 'stack_trace'),
    // LiteLLM's StandardLoggingPayload: the exception's text, else its class.
    ...shallow('error_str', 'error_information.error_message', 'error_information.error_class'),
    // loguru's exception ({type, value, traceback}, null without one) and Serilog's @x.
    ...shallow('record.exception.value', 'record.exception.type', '@x'),
    // pino's err under its nestedKey (`nestedKey: 'payload'` gives payload.err.message).
    ...deep('exception.message', 'error.message', 'error.type', 'exception.type', 'err.message'),
    // An error nested in a record's context (VIBEZEN's metadata.error), last.
    ...deep('error'),
  ],
  /** A logged Error's stack (winston's format.errors({stack: true})): an error when it reads as a stack trace. */
  stack: shallow('stack'),
  op: [...shallow('op', 'operation', 'file_op', 'fs_op', 'action', 'file.operation'), ...deep('file.operation', 'file.op')],
  path: [...shallow('path', 'file', 'file_path', 'filepath', 'filename', 'file_name', 'file.path', 'target_path'), ...deep('file.path', 'file_path')],
  bytes: [...shallow('bytes', 'size', 'size_bytes', 'file_size', 'byte_count', 'bytes_written', 'bytes_read', 'content_length', 'file.size'), ...deep('file.bytes', 'file.size', 'bytes')],
  lines_changed: [...shallow('lines_changed', 'loc_changed', 'changed_lines', 'lines_modified', 'diff_lines', 'lines'), ...deep('lines_changed')],
  gauge: shallow('cpu_usage', 'cpu', 'cpu_percent', 'memory_usage', 'memory', 'mem_usage', 'goroutine_count', 'goroutines', 'active_sessions', 'active_connections', 'connections', 'queue_depth', 'queue_length', 'cache_hits', 'cache_misses', 'cache_hit_rate', 'heap_used', 'rss'),
  // Shapes of real loggers' records, read by their own rules (project-json.sql): nginx's $request
  // ("POST /api/orders HTTP/1.1") gives the method and route when they are not logged apart;
  // Serilog's compact JSON (CLEF), marked by its message template or message, leaves `@l` out for
  // Information and has Verbose below Debug; a record with a syslog_levels field has its numeric level
  // on syslog's scale (0-7: GELF, journald). The last two are given only for a source of that logger
  // (shape-aliases.ts).
  request_line: shallow('request'),
  clef_template: [],
  syslog_levels: [],
  // The id a request's two records share (Fastify's reqId): mapped only for a source whose sample
  // shows requests logged as two records (request-pairing.ts), so no other source reads it.
  request_id: [],
};

export const SLOTS = Object.keys(ALIASES) as Slot[];

/** latencyMs -> latency_ms, Status-Code -> status_code, gen_ai.usage.input_tokens stays. */
export function normaliseSegment(segment: string): string {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

export function normalisePath(segments: readonly string[]): string[] {
  return segments.map(normaliseSegment);
}

/** Normalised forms of key paths: a mapping tests each path against every alias (~400). */
const normalisedForms = new Map<string, { dotted: string; flat: string }>();

function forms(segments: readonly string[]): { dotted: string; flat: string } {
  const key = segments.join('\u0000');
  let found = normalisedForms.get(key);
  if (!found) {
    if (normalisedForms.size > 10_000) normalisedForms.clear();
    const dotted = normalisePath(segments).join('.');
    found = { dotted, flat: dotted.replaceAll('.', '_') };
    normalisedForms.set(key, found);
  }
  return found;
}

/** Does a key path (raw segments) match an alias? */
export function matchesAlias(segments: readonly string[], alias: Alias): boolean {
  // loguru keeps the fields bound to a record under record.extra: they are matched as top-level keys.
  if (segments.length > 2 && segments[0] === 'record' && segments[1] === 'extra' && matchesAlias(segments.slice(2), alias)) return true;
  // Logstash's old JSON event format keeps the application's fields under @fields.
  if (segments.length > 1 && segments[0] === '@fields' && matchesAlias(segments.slice(1), alias)) return true;
  // Rust tracing's JSON formatter keeps an event's fields under fields (unless flatten_event is set).
  if (segments.length > 1 && segments[0] === 'fields' && matchesAlias(segments.slice(1), alias)) return true;
  const { dotted, flat } = forms(segments);
  if (dotted === alias.path) return true;
  const aliasFlat = alias.path.replaceAll('.', '_');
  if (flat === aliasFlat) return true;
  if (!alias.deep) return false;
  // Trailing segments: the alias's segments end the path (dots inside keys count as separators).
  const parts = dotted.split('.');
  if (inCodeLocation(parts)) return false;
  const aliasParts = alias.path.split('.');
  if (parts.length <= aliasParts.length) return false;
  const tail = parts.slice(parts.length - aliasParts.length);
  return tail.join('.') === alias.path || tail.join('_') === aliasFlat;
}

/**
 * Where a logger records the line of code that logged (loguru's record.file {name, path}): its file
 * is the source file, not a file the application worked on, so deep aliases (file.path) skip it.
 */
const CODE_LOCATIONS: readonly (readonly string[])[] = [['record', 'file']];

function inCodeLocation(parts: readonly string[]): boolean {
  return CODE_LOCATIONS.some((prefix) => prefix.every((segment, i) => parts[i] === segment));
}
