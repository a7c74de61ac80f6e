// LLM and agent records in the shapes real GenAI systems write them (OpenTelemetry GenAI spans,
// LangChain callbacks, Gemini and Ollama responses, python-json-logger's stringified SDK objects,
// LiteLLM and Langfuse payloads), each against the calls, tokens, cost, latency and errors a user
// would count by hand. Prices: gpt-4o $2.50 / $10 per Mtok (cached input $1.25), Claude 3.5 Sonnet
// $3 / $15 (cache reads $0.30, writes $3.75), Gemini 2.5 Flash $0.30 / $2.50.

import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';

function stdinOf(lines: (object | string)[]): string {
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
}

/** Ingests the lines as one source and returns the columns. */
async function rows(lines: (object | string)[], columns: string): Promise<Record<string, unknown>[]> {
  const r = await runInProcess(['query', '-', '-q', '-F', 'json', '--sql', `SELECT ${columns} FROM events ORDER BY line`], { stdin: stdinOf(lines) });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

/** A rollup's JSON output over the lines (`args` after the rollup's name). */
async function rollup(lines: (object | string)[], ...args: string[]): Promise<any> {
  const r = await runInProcess(['query', ...args, '-', '-q', '-F', 'json'], { stdin: stdinOf(lines) });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

const T = '2026-03-02T10:00:00Z';

describe('OpenTelemetry GenAI operations', () => {
  // One agent run: its span carries the model and its two chat children's summed usage.
  const span = (operation: string, usage: [number, number] | undefined, ms: number) => ({
    timestamp: T,
    name: `${operation} weather_bot`,
    'gen_ai.operation.name': operation,
    'gen_ai.system': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    ...(usage ? { 'gen_ai.usage.input_tokens': usage[0], 'gen_ai.usage.output_tokens': usage[1] } : {}),
    duration_ms: ms,
  });
  const run = [span('invoke_agent', [3000, 300], 5000), span('chat', [1000, 100], 2000), span('execute_tool', undefined, 300), span('chat', [2000, 200], 2700)];

  it('an agent run (invoke_agent) and a tool call (execute_tool) are no llm_call; chat, text_completion, generate_content and embeddings are', async () => {
    expect((await rows(run, 'kind')).map((r) => r.kind)).toEqual(['other', 'llm_call', 'other', 'llm_call']);
    const ops = ['text_completion', 'generate_content', 'embeddings', 'create_agent'].map((op) => span(op, [10, 1], 100));
    expect((await rows(ops, 'kind')).map((r) => r.kind)).toEqual(['llm_call', 'llm_call', 'llm_call', 'other']);
  });

  it("the agent span's summed usage is not counted again: 2 calls, 3,000 / 300 tokens, $0.0105, latency over the two chats", async () => {
    // 3,000 × $2.50 + 300 × $10 per Mtok = $0.0075 + $0.003.
    const [cost] = await rollup(run, 'cost', '--section', 'cost');
    expect(cost).toMatchObject({ model: 'gpt-4o', calls: 2, tokens_in: 3000, tokens_out: 300, unpriced_calls: 0 });
    expect(cost.cost_usd).toBeCloseTo(0.0105, 10);
    const latency = await rollup(run, 'latency');
    expect(latency.rows[0]).toMatchObject({ count: 2, p50: 2350, max: 2700 });
  });

  it('the response model is the model: an Azure deployment name as the request model is priced as the model that answered', async () => {
    const call = { timestamp: T, 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'prod-chat', 'gen_ai.response.model': 'gpt-4o-2024-11-20',
      'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100, duration_ms: 800 };
    // gpt-4o-2024-11-20 at $2.50 / $10 per Mtok: 1,000 × 2.5 + 100 × 10 = $0.0035.
    const [cost] = await rollup([call], 'cost', '--section', 'cost');
    expect(cost).toMatchObject({ model: 'gpt-4o-2024-11-20', calls: 1, unpriced_calls: 0 });
    expect(cost.cost_usd).toBeCloseTo(0.0035, 10);
  });

  it('gen_ai.conversation.id is the session, dotted or flat', async () => {
    const call = (key: string, id: string) => ({ timestamp: T, 'gen_ai.request.model': 'gpt-4o', [key]: id, 'gen_ai.usage.input_tokens': 100, duration_ms: 900 });
    expect(await rows([call('gen_ai.conversation.id', 'conv_a'), call('gen_ai_conversation_id', 'conv_b')], 'session_id')).toEqual([{ session_id: 'conv_a' }, { session_id: 'conv_b' }]);
  });
});

describe('model names nested in a response', () => {
  it("LangChain's llm_output.model_name (OpenAI) makes the record a call: 7,102 / 140 tokens, $0.019155", async () => {
    const line = {
      asctime: '2026-03-02 10:00:00,000', levelname: 'INFO', name: 'agent.callbacks', message: 'llm_end',
      llm_output: { token_usage: { completion_tokens: 140, prompt_tokens: 7102, total_tokens: 7242 }, model_name: 'gpt-4o-2024-08-06', model_provider: 'openai' },
      latency_ms: 1268,
    };
    expect(await rows([line], 'kind, model, tokens_in, tokens_out')).toEqual([{ kind: 'llm_call', model: 'gpt-4o-2024-08-06', tokens_in: 7102, tokens_out: 140 }]);
    // 7,102 × $2.50 + 140 × $10 per Mtok.
    const [cost] = await rollup([line], 'cost', '--section', 'cost');
    expect(cost.cost_usd).toBeCloseTo(0.019155, 10);
  });

  it("an AIMessage's response_metadata.model_name, and Gemini's model_version / modelVersion", async () => {
    const aiMessage = { message: 'llm_end', response_metadata: { model_name: 'gpt-4o-mini', finish_reason: 'stop' }, usage_metadata: { input_tokens: 50, output_tokens: 5, total_tokens: 55 } };
    const gemini = { message: 'llm_end', response: { model_version: 'gemini-2.5-flash', usage_metadata: { prompt_token_count: 1000, candidates_token_count: 200 } }, latency_ms: 900 };
    const rest = { message: 'llm_end', modelVersion: 'gemini-2.0-flash', usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 2 }, latency_ms: 90 };
    expect(await rows([aiMessage, gemini, rest], 'kind, model, tokens_in, tokens_out')).toEqual([
      { kind: 'llm_call', model: 'gpt-4o-mini', tokens_in: 50, tokens_out: 5 },
      { kind: 'llm_call', model: 'gemini-2.5-flash', tokens_in: 1000, tokens_out: 200 },
      { kind: 'llm_call', model: 'gemini-2.0-flash', tokens_in: 10, tokens_out: 2 },
    ]);
  });

  it("a served ML model's model_version (\"v3\") is no model name: the record stays a plain record", async () => {
    expect(await rows([{ msg: 'predict', model_version: 'v3', latency_ms: 12 }], 'kind, model')).toEqual([{ kind: 'other', model: null }]);
  });
});

describe('a call that names no model', () => {
  const calls = [
    { timestamp: T, level: 'info', event: 'llm_call', prompt_tokens: 1000, completion_tokens: 100, latency_ms: 900 },
    { timestamp: '2026-03-02T10:00:01Z', level: 'info', event: 'chat completion', usage: { prompt_tokens: 1000, completion_tokens: 100 }, latency_ms: 900 },
    { timestamp: '2026-03-02T10:00:02Z', level: 'info', event: 'openai call', cost_usd: 0.01, latency_ms: 900 },
    { timestamp: '2026-03-02T10:00:03Z', level: 'info', msg: 'response received', usage: { input_tokens: 30, output_tokens: 3 } },
  ];

  it('an event named as an LLM call, or a top-level usage object, is an llm_call: unpriced "(no model)", its logged cost counted', async () => {
    expect((await rows(calls, 'kind, model')).map((r) => [r.kind, r.model])).toEqual([
      ['llm_call', null], ['llm_call', null], ['llm_call', null], ['llm_call', null],
    ]);
    const [cost] = await rollup(calls, 'cost', '--section', 'cost');
    expect(cost).toMatchObject({ model: null, calls: 4, tokens_in: 2030, tokens_out: 203, cost_usd: 0.01, logged_calls: 1, unpriced_calls: 3 });
  });

  it('summaries with token totals stay what they are: a session or workflow, a record that counts its calls, a served request, a start record', async () => {
    const lines = [
      { timestamp: T, msg: 'session ended', session_id: 's1', llm_calls: 5, usage: { prompt_tokens: 34879, completion_tokens: 1269 }, duration_ms: 186493 },
      { timestamp: T, msg: 'workflow completed', workflow_id: 'wf_1', usage: { prompt_tokens: 900, completion_tokens: 90 }, duration_ms: 9000 },
      // The OpenAI Agents SDK's run usage counts its requests.
      { timestamp: T, msg: 'agent run finished', usage: { requests: 3, input_tokens: 3000, output_tokens: 300 } },
      { timestamp: T, msg: 'llm usage summary', llm_calls: 4, prompt_tokens: 3000, completion_tokens: 300, duration_ms: 5 },
      { timestamp: T, method: 'POST', route: '/chat', status: 200, usage: { prompt_tokens: 10, completion_tokens: 1 }, duration_ms: 40 },
      { timestamp: T, event: 'llm call started', status: 'started' },
      // An event that only mentions a model but carries no sign of a finished call.
      { timestamp: T, event: 'model response cached' },
    ];
    expect((await rows(lines, 'kind')).map((r) => r.kind)).toEqual(['session', 'workflow', 'other', 'other', 'request', 'other', 'other']);
  });
});

describe('token counts', () => {
  it("Gemini's thinking tokens (thoughts_token_count) are output: 1,000 out and $0.0028, snake or camel case", async () => {
    const snake = { timestamp: T, event: 'llm_call', model: 'gemini-2.5-flash', latency_ms: 1500, usage_metadata: { prompt_token_count: 1000, candidates_token_count: 200, thoughts_token_count: 800, total_token_count: 2000 } };
    const camel = { timestamp: T, event: 'llm_call', model: 'gemini-2.5-flash', latency_ms: 1500, usageMetadata: { promptTokenCount: 1000, candidatesTokenCount: 200, thoughtsTokenCount: 800, totalTokenCount: 2000 } };
    expect(await rows([snake, camel], 'tokens_in, tokens_out')).toEqual([{ tokens_in: 1000, tokens_out: 1000 }, { tokens_in: 1000, tokens_out: 1000 }]);
    // 1,000 × $0.30 + 1,000 × $2.50 per Mtok.
    const [cost] = await rollup([snake], 'cost', '--section', 'cost');
    expect(cost.cost_usd).toBeCloseTo(0.0028, 10);
  });

  it("OpenAI's reasoning tokens are already in completion_tokens and are not added again", async () => {
    const line = { event: 'llm_call', model: 'o3-mini', usage: { prompt_tokens: 100, completion_tokens: 500, completion_tokens_details: { reasoning_tokens: 300 } }, latency_ms: 10 };
    expect(await rows([line], 'tokens_in, tokens_out')).toEqual([{ tokens_in: 100, tokens_out: 500 }]);
  });

  it("LangChain's usage_metadata.input_token_details (cache_read, cache_creation) are the prompt's cache parts: $0.021075, not $0.1282", async () => {
    const line = {
      timestamp: T, level: 'info', event: 'llm_call', model: 'claude-3-5-sonnet-20241022', latency_ms: 2100,
      usage: { input_tokens: 41225, output_tokens: 300, total_tokens: 41525, input_token_details: { cache_read: 40000, cache_creation: 1200 } },
    };
    expect(await rows([line], 'tokens_in, cache_read_tokens, cache_write_tokens')).toEqual([{ tokens_in: 41225, cache_read_tokens: 40000, cache_write_tokens: 1200 }]);
    // 25 × $3 + 40,000 × $0.30 + 1,200 × $3.75 + 300 × $15 per Mtok.
    const [cost] = await rollup([line], 'cost', '--section', 'cost');
    expect(cost.cost_usd).toBeCloseTo(0.021075, 10);
  });

  it('a usage object python-json-logger wrote as its repr string is read as the text form is (OpenAI and Anthropic)', async () => {
    // As python-json-logger 4.2 wrote openai 2.x's and anthropic's usage objects.
    const openai = '{"asctime": "2026-03-02 10:00:00,089", "levelname": "INFO", "message": "llm call", "model": "gpt-4o", "usage": "CompletionUsage(completion_tokens=67, prompt_tokens=1124, total_tokens=1191, completion_tokens_details=None, prompt_tokens_details=PromptTokensDetails(audio_tokens=0, cache_write_tokens=None, cached_tokens=0))", "latency_ms": 812}';
    const anthropic = '{"asctime": "2026-03-02 10:00:00,090", "levelname": "INFO", "message": "llm call", "model": "claude-3-5-sonnet-20241022", "usage": "Usage(cache_creation=CacheCreation(ephemeral_1h_input_tokens=0, ephemeral_5m_input_tokens=1200), cache_creation_input_tokens=1200, cache_read_input_tokens=40000, input_tokens=25, output_tokens=300, server_tool_use=None, service_tier=None)", "latency_ms": 900}';
    expect(await rows([openai, anthropic], 'kind, tokens_in, tokens_out, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens')).toEqual([
      { kind: 'llm_call', tokens_in: 1124, tokens_out: 67, cache_read_tokens: 0, cache_write_tokens: null, cache_write_1h_tokens: null },
      // Anthropic's input_tokens leaves out the cache: 25 + 40,000 + 1,200.
      { kind: 'llm_call', tokens_in: 41225, tokens_out: 300, cache_read_tokens: 40000, cache_write_tokens: 1200, cache_write_1h_tokens: 0 },
    ]);
  });

  it('an Anthropic usage repr with 1-hour cache writes gives their count, priced at the 1-hour price', async () => {
    // As structlog's repr (and python-json-logger's str) print anthropic 0.6x's Usage for a call
    // that wrote 1,000 tokens to the 1-hour cache and 200 to the 5-minute one.
    const line = '{"asctime": "2026-03-02 10:00:00,090", "levelname": "INFO", "message": "llm call", "model": "claude-3-5-sonnet-20241022", "usage": "Usage(cache_creation=CacheCreation(ephemeral_1h_input_tokens=1000, ephemeral_5m_input_tokens=200), cache_creation_input_tokens=1200, cache_read_input_tokens=40000, input_tokens=25, output_tokens=300, server_tool_use=None, service_tier=None)", "latency_ms": 900}';
    expect(await rows([line], 'tokens_in, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens')).toEqual([
      { tokens_in: 41225, cache_read_tokens: 40000, cache_write_tokens: 1200, cache_write_1h_tokens: 1000 },
    ]);
    // 25 × $3 + 40,000 × $0.30 + 200 × $3.75 + 1,000 × $6 + 300 × $15 per Mtok.
    const [cost] = await rollup([line], 'cost', '--section', 'cost');
    expect(cost.cost_usd).toBeCloseTo(0.023325, 10);
  });

  it('an Ollama response is a call: prompt_eval_count / eval_count tokens, total_duration in nanoseconds', async () => {
    const line = {
      model: 'llama3.2', created_at: '2026-03-02T10:00:10.043Z', message: { role: 'assistant', content: 'hi' }, done: true, done_reason: 'stop',
      total_duration: 2043500667, load_duration: 5025959, prompt_eval_count: 100, prompt_eval_duration: 325953000, eval_count: 50, eval_duration: 1709213000,
    };
    const [row] = await rows([line], 'kind, tokens_in, tokens_out, duration_ms');
    expect(row).toMatchObject({ kind: 'llm_call', tokens_in: 100, tokens_out: 50 });
    // 2,043,500,667 ns.
    expect(row?.duration_ms).toBeCloseTo(2043.500667, 6);
    // Without an Ollama response's eval_count, a total_duration is not taken as nanoseconds.
    expect(await rows([{ msg: 'batch done', total_duration: 1500 }], 'duration_ms')).toEqual([{ duration_ms: null }]);
  });
});

describe('failures and their text', () => {
  it('rate_limited, throttled and overloaded calls are failures that cost $0, not unpriced successes', async () => {
    const call = (second: number, model: string, status: string, usage?: object) => ({
      timestamp: `2026-03-02T10:00:0${second}Z`, level: 'info', event: 'llm_call', model, status, ...(usage ? { usage } : {}), latency_ms: usage ? 900 : 40,
    });
    const lines = [
      call(0, 'gpt-4o', 'ok', { prompt_tokens: 1000, completion_tokens: 100 }),
      call(1, 'gpt-4o', 'rate_limited'), call(2, 'gpt-4o', 'throttled'), call(3, 'claude-3-5-sonnet-20241022', 'overloaded'),
    ];
    const overview = (await rollup(lines, 'overview')).rows[0];
    // 1,000 × $2.50 + 100 × $10 per Mtok for the one call that succeeded.
    expect(overview).toMatchObject({ llm_calls: 4, errors: 3, error_rate: 0.75, unpriced_calls: 0 });
    expect(overview.cost_usd).toBeCloseTo(0.0035, 10);
  });

  it('"rate limited", refused and cancelled (and canceled) are failure words; ok and done are not', async () => {
    const statuses = ['rate limited', 'refused', 'cancelled', 'canceled', 'ok', 'done'];
    const lines = statuses.map((result) => ({ event: 'llm_call', model: 'gpt-4o', result }));
    expect((await rows(lines, 'ok')).map((r) => r.ok)).toEqual([false, false, false, false, true, true]);
  });

  it("LiteLLM's error_str is the error, so a rate limit and a timeout are two errors, not one \"status failure\"", async () => {
    const failure = (id: string, error: string, cls: string) => ({
      id, call_type: 'acompletion', status: 'failure', custom_llm_provider: 'openai', startTime: 1772445600.1, endTime: 1772445600.5,
      model: 'gpt-4o', response_cost: 0, prompt_tokens: 0, completion_tokens: 0, error_str: error,
      error_information: { error_code: '429', error_class: cls, llm_provider: 'openai', traceback: '', error_message: 'x' },
    });
    const lines = [
      failure('c1', 'litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o', 'RateLimitError'),
      failure('c2', 'litellm.Timeout: Connection timed out after 30.0 seconds.', 'Timeout'),
      { ...failure('c3', '', 'BadRequestError'), error_str: null },
    ];
    expect((await rows(lines, 'error')).map((r) => r.error)).toEqual([
      'litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o',
      'litellm.Timeout: Connection timed out after 30.0 seconds.',
      // No error_str: its error_information names the error.
      'x',
    ]);
  });
});

describe('latency', () => {
  it("a Langfuse generation's body.startTime and body.endTime give its duration", async () => {
    const event = {
      id: 'e1', type: 'generation-create', timestamp: '2025-01-16T19:28:55.125Z',
      body: { name: 'litellm-acompletion', startTime: '2025-01-16T11:28:54.796360-08:00', endTime: '2025-01-16T11:28:55.124353-08:00', model: 'gpt-3.5-turbo', usage: { input: 10, output: 20, unit: 'TOKENS' } },
    };
    // 55.124353 − 54.796360 s.
    expect(await rows([event], 'kind, duration_ms')).toEqual([{ kind: 'llm_call', duration_ms: 327.993 }]);
  });
});
