import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  priceCalls,
  priceDataVersion,
  unitPrices,
  type LlmCall,
  type PriceOverrides,
  type UnitPriceRow,
} from '../../src/pricing/prices.js';

// Every price below was read from the data bundled in @pydantic/genai-prices 0.1.8
// (node_modules/@pydantic/genai-prices/dist/index.js, the provider/model `prices` entries), in USD
// per million tokens, for calls on 2025-01-15 unless a test says otherwise:
//   openai    gpt-4o             input 2.5   output 10
//   openai    gpt-4o-mini        input 0.15  output 0.6
//   anthropic claude-3-5-sonnet  input 3     output 15   (matches "claude-3-5-sonnet-20241022")
//   openai    o3                 input 10    output 40   until 2025-06-10; from then input 2, output 8
//   deepseek  deepseek-chat      input 0.27  output 1.1  from 00:30 to 16:30 UTC, else 0.135 / 0.55
//   anthropic claude-sonnet-4-6  until 2026-03-13: input 3 / output 15 while input tokens <= 200000,
//                                input 6 / output 22.5 for the whole call above that
//   perplexity sonar             input 1     output 1    plus 12 per 1000 requests
// If a package upgrade changes them, these tests fail on purpose: costs in outputs change too.
const DAY = new Date('2025-01-15T12:00:00Z');

function call(model: string, provider: string | null, tokens_in: number, tokens_out: number, ts: Date | null = DAY): LlmCall {
  return { provider, model, ts, tokens_in, tokens_out };
}

function costOf(c: LlmCall, overrides?: PriceOverrides): number | null {
  return priceCalls([c], overrides)[0]!.cost_usd;
}

describe('priceCalls', () => {
  it('prices gpt-4o, gpt-4o-mini and claude-3-5-sonnet-20241022 from the per-million prices', () => {
    const [gpt4o, mini, sonnet] = priceCalls([
      call('gpt-4o', 'openai', 1200, 350),
      call('gpt-4o-mini', 'openai', 10_000, 2_000),
      call('claude-3-5-sonnet-20241022', 'anthropic', 2_000, 500),
    ]);
    // 1200 * 2.5 / 1e6 + 350 * 10 / 1e6
    expect(gpt4o!.cost_usd).toBeCloseTo(0.0065, 12);
    expect(gpt4o).toMatchObject({ matched_model: 'gpt-4o', provider: 'openai', source: 'library' });
    // 10000 * 0.15 / 1e6 + 2000 * 0.6 / 1e6
    expect(mini!.cost_usd).toBeCloseTo(0.0027, 12);
    // 2000 * 3 / 1e6 + 500 * 15 / 1e6
    expect(sonnet!.cost_usd).toBeCloseTo(0.0135, 12);
    expect(sonnet).toMatchObject({ matched_model: 'claude-3-5-sonnet', provider: 'anthropic' });
  });

  it('infers the provider from the model name when the call has none', () => {
    const [gpt4o, sonnet, blank] = priceCalls([
      call('gpt-4o', null, 1200, 350),
      call('claude-3-5-sonnet-20241022', null, 2_000, 500),
      call('gpt-4o', '  ', 1200, 350),
    ]);
    expect(gpt4o).toEqual({ cost_usd: expect.closeTo(0.0065, 12), matched_model: 'gpt-4o', provider: 'openai', source: 'library' });
    expect(sonnet).toMatchObject({ cost_usd: expect.closeTo(0.0135, 12), provider: 'anthropic' });
    expect(blank).toMatchObject({ cost_usd: expect.closeTo(0.0065, 12), provider: 'openai' });
  });

  it('falls back to the model name for a provider the library does not know, and says which it used', () => {
    expect(priceCalls([call('gpt-4o', 'my-gateway', 1200, 350)])[0]).toMatchObject({
      cost_usd: expect.closeTo(0.0065, 12),
      provider: 'openai',
    });
  });

  it('leaves a model unpriced under a known provider that does not list it', () => {
    expect(priceCalls([call('gpt-4o', 'anthropic', 1200, 350)])[0]).toEqual({ cost_usd: null });
  });

  it('leaves an unknown model unpriced: null, not 0', () => {
    const [unknown] = priceCalls([call('no-such-model-7b', null, 1000, 1000)]);
    expect(unknown).toEqual({ cost_usd: null });
    expect(unknown!.cost_usd).not.toBe(0);
  });

  it('leaves a known model with no token prices unpriced (an OCR model priced per page)', () => {
    expect(priceCalls([call('mistral-ocr-latest', 'mistral', 1000, 1000)])[0]).toEqual({
      cost_usd: null,
      matched_model: 'mistral-ocr-latest',
      provider: 'mistral',
    });
  });

  it('prices a model the data lists as free at $0', () => {
    expect(priceCalls([call('deepseek/deepseek-r1:free', 'openrouter', 1000, 1000)])[0]).toMatchObject({
      cost_usd: 0,
      source: 'library',
    });
  });

  it('leaves calls with negative or non-finite token counts unpriced instead of throwing', () => {
    expect(priceCalls([call('gpt-4o', 'openai', -1, 10), call('gpt-4o', 'openai', 10, Number.NaN)])).toEqual([
      { cost_usd: null },
      { cost_usd: null },
    ]);
  });

  it('uses the price in force at the time of the call (o3 was cut on 2025-06-10)', () => {
    const before = call('o3', 'openai', 1000, 1000, new Date('2025-06-09T23:59:59.999Z'));
    const after = call('o3', 'openai', 1000, 1000, new Date('2025-06-10T00:00:00Z'));
    // 1000 * 10 / 1e6 + 1000 * 40 / 1e6, then 1000 * 2 / 1e6 + 1000 * 8 / 1e6
    expect(costOf(before)).toBeCloseTo(0.05, 12);
    expect(costOf(after)).toBeCloseTo(0.01, 12);
  });

  it('uses the price in force at the time of day (DeepSeek off-peak hours)', () => {
    const at = (iso: string) => costOf(call('deepseek-chat', 'deepseek', 1_000_000, 0, new Date(iso)));
    expect(at('2025-01-15T00:29:59.999Z')).toBeCloseTo(0.135, 12);
    expect(at('2025-01-15T00:30:00Z')).toBeCloseTo(0.27, 12);
    expect(at('2025-01-15T16:29:59Z')).toBeCloseTo(0.27, 12);
    expect(at('2025-01-15T16:30:00Z')).toBeCloseTo(0.135, 12);
  });

  it('charges the whole call at the higher tier once input tokens exceed the threshold', () => {
    const at = new Date('2026-01-15T12:00:00Z');
    // 200000 * 3 / 1e6 + 1000 * 15 / 1e6, then 200001 * 6 / 1e6 + 1000 * 22.5 / 1e6
    expect(costOf(call('claude-sonnet-4-6', 'anthropic', 200_000, 1000, at))).toBeCloseTo(0.615, 12);
    expect(costOf(call('claude-sonnet-4-6', 'anthropic', 200_001, 1000, at))).toBeCloseTo(1.222506, 12);
  });

  it('adds a per-request fee where the data has one (Perplexity sonar)', () => {
    // 1000 * 1 / 1e6 + 500 * 1 / 1e6 + 12 / 1000
    expect(costOf(call('sonar', 'perplexity', 1000, 500))).toBeCloseTo(0.0135, 12);
  });

  it('prices calls without a timestamp at asOf', () => {
    const [early, late] = [new Date('2025-01-01T00:00:00Z'), new Date('2025-07-01T00:00:00Z')].map(
      (asOf) => priceCalls([call('o3', 'openai', 1000, 1000, null)], undefined, { asOf })[0]!.cost_usd,
    );
    expect(early).toBeCloseTo(0.05, 12);
    expect(late).toBeCloseTo(0.01, 12);
  });
});

describe('overrides', () => {
  it('wins over the library price', () => {
    const overrides: PriceOverrides = { 'gpt-4o': { input_per_mtok: 1, output_per_mtok: 2 } };
    // 1200 * 1 / 1e6 + 350 * 2 / 1e6
    expect(priceCalls([call('gpt-4o', 'openai', 1200, 350)], overrides)[0]).toEqual({
      cost_usd: expect.closeTo(0.0019, 12),
      matched_model: 'gpt-4o',
      provider: 'openai',
      source: 'override',
    });
  });

  it('prices a model the library does not know, matching its name ignoring case', () => {
    const overrides: PriceOverrides = { 'Acme-Chat-1': { input_per_mtok: 4, output_per_mtok: 8, provider: 'acme' } };
    expect(priceCalls([call('acme-chat-1', null, 1000, 1000)], overrides)[0]).toEqual({
      cost_usd: expect.closeTo(0.012, 12),
      matched_model: 'Acme-Chat-1',
      provider: 'acme',
      source: 'override',
    });
  });

  it('with a provider, prices only that provider calls and leaves the others to the library', () => {
    const overrides: PriceOverrides = { 'gpt-4o': { input_per_mtok: 1, output_per_mtok: 2, provider: 'azure' } };
    const [azure, openai] = priceCalls([call('gpt-4o', 'Azure', 1200, 350), call('gpt-4o', 'openai', 1200, 350)], overrides);
    expect(azure).toMatchObject({ cost_usd: expect.closeTo(0.0019, 12), source: 'override' });
    expect(openai).toMatchObject({ cost_usd: expect.closeTo(0.0065, 12), source: 'library' });
  });
});

describe('model names as gateways and SDKs spell them', () => {
  // Bedrock (the library's provider "aws"): claude-3-5-sonnet v2 input 3 / output 15, claude-3-haiku
  // input 0.25 / output 1.25, the same for its us./eu./apac. cross-region ids.
  it('prices LiteLLM and pydantic-ai provider prefixes as the model they wrap, by the provider they name', () => {
    const [litellmAzure, litellmOpenai, litellmAnthropic, pydanticOpenai, pydanticAnthropic] = priceCalls([
      call('azure/gpt-4o', null, 1200, 350),
      call('openai/gpt-4o', null, 1200, 350),
      call('anthropic/claude-3-5-sonnet-20241022', null, 2_000, 500),
      call('openai:gpt-4o', null, 1200, 350),
      call('anthropic:claude-3-5-sonnet-latest', null, 2_000, 500),
    ]);
    // 1200 * 2.5 / 1e6 + 350 * 10 / 1e6
    expect(litellmAzure).toEqual({ cost_usd: expect.closeTo(0.0065, 12), matched_model: 'gpt-4o', provider: 'azure', source: 'library' });
    expect(litellmOpenai).toEqual({ cost_usd: expect.closeTo(0.0065, 12), matched_model: 'gpt-4o', provider: 'openai', source: 'library' });
    expect(pydanticOpenai).toMatchObject({ cost_usd: expect.closeTo(0.0065, 12), provider: 'openai' });
    // 2000 * 3 / 1e6 + 500 * 15 / 1e6
    expect(litellmAnthropic).toMatchObject({ cost_usd: expect.closeTo(0.0135, 12), matched_model: 'claude-3-5-sonnet', provider: 'anthropic' });
    expect(pydanticAnthropic).toMatchObject({ cost_usd: expect.closeTo(0.0135, 12), provider: 'anthropic' });
  });

  it('prices a Bedrock model id logged without a provider, a region prefix, a LiteLLM bedrock/ prefix and an ARN', () => {
    const prices = priceCalls([
      call('us.anthropic.claude-3-5-sonnet-20241022-v2:0', null, 2_000, 500),
      call('eu.anthropic.claude-3-5-sonnet-20241022-v2:0', null, 2_000, 500),
      call('bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0', null, 2_000, 500),
      call('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0', null, 2_000, 500),
    ]);
    for (const price of prices) expect(price).toMatchObject({ cost_usd: expect.closeTo(0.0135, 12), provider: 'aws', source: 'library' });
    // 10000 * 0.25 / 1e6 + 2000 * 1.25 / 1e6
    expect(priceCalls([call('anthropic.claude-3-haiku-20240307-v1:0', null, 10_000, 2_000)])[0]).toMatchObject({
      cost_usd: expect.closeTo(0.005, 12),
      provider: 'aws',
    });
  });

  it('still leaves a prefixed model unpriced under a logged provider that does not list it', () => {
    expect(priceCalls([call('azure/gpt-4o', 'anthropic', 1200, 350)])[0]).toEqual({ cost_usd: null });
  });

  it('lets an override of the plain name price its prefixed spellings, ahead of the library', () => {
    const overrides: PriceOverrides = { 'gpt-4o': { input_per_mtok: 1, output_per_mtok: 2, provider: 'azure' } };
    const [azure, openai] = priceCalls([call('azure/gpt-4o', null, 1200, 350), call('openai/gpt-4o', null, 1200, 350)], overrides);
    // 1200 * 1 / 1e6 + 350 * 2 / 1e6
    expect(azure).toEqual({ cost_usd: expect.closeTo(0.0019, 12), matched_model: 'gpt-4o', provider: 'azure', source: 'override' });
    expect(openai).toMatchObject({ cost_usd: expect.closeTo(0.0065, 12), source: 'library' });
  });

  it('gives unit price rows keyed by the name as logged, priced as the name it wraps', () => {
    expect(unitPrices([{ provider: null, model: 'bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0', day: '2025-01-15' }])).toEqual([
      expect.objectContaining({
        provider: null,
        model: 'bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
        day: '2025-01-15',
        input_per_mtok: 3,
        output_per_mtok: 15,
        matched_provider: 'aws',
        source: 'library',
        priced: true,
      }),
    ]);
  });
});

describe('unitPrices', () => {
  it('gives one row for a model whose price does not vary within the day', () => {
    expect(unitPrices([{ provider: null, model: 'gpt-4o', day: '2025-01-15' }])).toEqual([
      {
        provider: null,
        model: 'gpt-4o',
        day: '2025-01-15',
        time_from_s: 0,
        time_to_s: 86_400,
        tokens_in_above: null,
        tokens_in_up_to: null,
        input_per_mtok: 2.5,
        output_per_mtok: 10,
        // gpt-4o's cached input price; it has no cache-write price, so writes (1-hour ones too) cost the input price
        cache_read_per_mtok: 1.25,
        cache_write_per_mtok: 2.5,
        cache_write_1h_per_mtok: 2.5,
        per_call_usd: 0,
        matched_model: 'gpt-4o',
        matched_provider: 'openai',
        source: 'library',
        priced: true,
      },
    ]);
  });

  it('splits a day at the time-of-day price bounds', () => {
    const rows = unitPrices([{ provider: 'deepseek', model: 'deepseek-chat', day: '2025-01-15' }]);
    expect(rows.map((r) => [r.time_from_s, r.time_to_s, r.input_per_mtok, r.output_per_mtok])).toEqual([
      [0, 1_800, 0.135, 0.55],
      [1_800, 59_400, 0.27, 1.1],
      [59_400, 86_400, 0.135, 0.55],
    ]);
  });

  it('splits a tiered price into tokens_in bands', () => {
    const rows = unitPrices([{ provider: 'anthropic', model: 'claude-sonnet-4-6', day: '2026-01-15' }]);
    expect(rows.map((r) => [r.tokens_in_above, r.tokens_in_up_to, r.input_per_mtok, r.output_per_mtok])).toEqual([
      [null, 200_000, 3, 15],
      [200_000, null, 6, 22.5],
    ]);
  });

  it('marks an unknown model unpriced with null prices', () => {
    expect(unitPrices([{ provider: null, model: 'no-such-model-7b', day: null }])).toEqual([
      expect.objectContaining({ priced: false, input_per_mtok: null, output_per_mtok: null, per_call_usd: null, matched_model: null }),
    ]);
  });

  it('gives one set of rows per distinct key', () => {
    const key = { provider: 'openai', model: 'gpt-4o', day: '2025-01-15' };
    expect(unitPrices([key, { ...key }, key])).toHaveLength(1);
  });

  it('rejects a day that is not a UTC date', () => {
    expect(() => unitPrices([{ provider: null, model: 'gpt-4o', day: '2025-02-30' }])).toThrow(RangeError);
  });

  it('agrees with priceCalls on random calls', () => {
    const overrides: PriceOverrides = {
      'gpt-4o-mini': { input_per_mtok: 0.1, output_per_mtok: 0.3, provider: 'azure' },
      'acme-chat-1': { input_per_mtok: 4, output_per_mtok: 8 },
      'acme-cache-1': { input_per_mtok: 4, output_per_mtok: 8, cache_read_per_mtok: 0.4, cache_write_per_mtok: 5, cache_write_1h_per_mtok: 8 },
      'acme-cache-2': { input_per_mtok: 4, output_per_mtok: 8, cache_write_per_mtok: 5 },
    };
    const asOf = new Date('2026-11-01T17:00:00Z');
    const models = fc.constantFrom<[string | null, string]>(
      [null, 'gpt-4o'],
      ['openai', 'gpt-4o-mini'],
      ['azure', 'gpt-4o-mini'],
      [null, 'claude-3-5-sonnet-20241022'],
      ['anthropic', 'claude-sonnet-4-6'],
      // a 1-hour cache write price, tiered above 200k input tokens; none (Vertex: the 5-minute price)
      ['anthropic', 'claude-sonnet-4-5'],
      ['google-vertex', 'claude-3-5-sonnet-20241022'],
      ['openai', 'gpt-5.6-sol'],
      [null, 'o3'],
      [null, 'deepseek-chat'],
      ['deepseek', 'deepseek-v4-pro'],
      ['perplexity', 'sonar'],
      [null, 'mistral-ocr-latest'],
      ['openrouter', 'deepseek/deepseek-r1:free'],
      ['my-gateway', 'gpt-4o'],
      ['anthropic', 'gpt-4o'],
      [null, 'acme-chat-1'],
      [null, 'acme-cache-1'],
      [null, 'acme-cache-2'],
      [null, 'no-such-model-7b'],
    );
    const times = fc.oneof(
      fc.constant(null),
      fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-06-30T23:59:59Z'), noInvalidDate: true }),
      // bounds where a price changes: a start date, off-peak edges, a day's first and last instant
      fc.constantFrom(
        ...['2025-06-10T00:00:00Z', '2025-01-15T00:30:00Z', '2025-01-15T16:30:00Z', '2026-08-17T01:00:00Z'].map((s) => new Date(s)),
        new Date('2026-03-12T23:59:59.999Z'),
      ),
    );
    const tokensIn = fc.oneof(fc.nat(400_000), fc.constantFrom(0, 199_999, 200_000, 200_001, 271_999, 272_000));
    // Cache reads and writes as parts of tokens_in and 1-hour writes as a part of the writes, each
    // absent at times (a call that logged none), and now and then one too many: a bad count.
    const part = fc.option(fc.integer({ min: 0, max: 100 }).map((percent) => percent / 100), { nil: undefined });
    const cacheArb = fc.record({ read: part, write: part, oneHour: part, over: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 1) });
    const callArb = fc
      .record({ model: models, ts: times, tokens_in: tokensIn, tokens_out: fc.nat(100_000), cache: cacheArb })
      .map(({ model: [provider, model], cache, ...rest }): LlmCall => {
        const c: LlmCall = { provider, model, ...rest };
        if (cache.read !== undefined) c.cache_read_tokens = Math.floor((c.tokens_in * cache.read) / 2);
        if (cache.write !== undefined) c.cache_write_tokens = Math.floor((c.tokens_in - (c.cache_read_tokens ?? 0)) * cache.write);
        if (cache.oneHour !== undefined) c.cache_write_1h_tokens = Math.floor((c.cache_write_tokens ?? 0) * cache.oneHour) + cache.over;
        return c;
      });

    fc.assert(
      fc.property(fc.array(callArb, { minLength: 100, maxLength: 100 }), (calls) => {
        const keys = calls.map((c) => ({ provider: c.provider, model: c.model, day: utcDay(c.ts) }));
        const rows = unitPrices(keys, overrides, { asOf });
        const priced = priceCalls(calls, overrides, { asOf });
        calls.forEach((c, i) => {
          const row = joinRow(rows, c);
          const [read, write, oneHour] = [c.cache_read_tokens ?? 0, c.cache_write_tokens ?? 0, c.cache_write_1h_tokens ?? 0];
          const badCounts = read + write > c.tokens_in || oneHour > write;
          const fromRows =
            row.priced && !badCounts
              ? ((c.tokens_in - read - write) * row.input_per_mtok!) / 1e6 +
                (read * row.cache_read_per_mtok!) / 1e6 +
                ((write - oneHour) * row.cache_write_per_mtok!) / 1e6 +
                (oneHour * row.cache_write_1h_per_mtok!) / 1e6 +
                (c.tokens_out * row.output_per_mtok!) / 1e6 +
                row.per_call_usd!
              : null;
          const expected = priced[i]!;
          if (expected.cost_usd === null) expect(fromRows).toBeNull();
          else expect(fromRows).toBeCloseTo(expected.cost_usd, 12);
          // a call with bad counts is refused before any match (priced_events names no price_model either)
          if (!badCounts) expect(row.matched_model ?? undefined).toBe(expected.matched_model);
        });
      }),
      { numRuns: 5 },
    );
  });
});

describe('priceDataVersion', () => {
  it('names the price package and its version', () => {
    expect(priceDataVersion()).toMatch(/^@pydantic\/genai-prices@\d+\.\d+\.\d+\S* \(bundled data\)$/);
  });
});

function utcDay(ts: Date | null): string | null {
  return ts === null ? null : ts.toISOString().slice(0, 10);
}

/** The join the SQL side does (see unitPrices), which must find exactly one row per call. */
function joinRow(rows: readonly UnitPriceRow[], c: LlmCall): UnitPriceRow {
  const day = utcDay(c.ts);
  const second = c.ts === null ? null : (c.ts.getTime() - Date.parse(`${day}T00:00:00Z`)) / 1000;
  const hits = rows.filter(
    (r) =>
      r.provider === c.provider &&
      r.model === c.model &&
      r.day === day &&
      (second === null || (second >= r.time_from_s && second < r.time_to_s)) &&
      (r.tokens_in_above === null || c.tokens_in > r.tokens_in_above) &&
      (r.tokens_in_up_to === null || c.tokens_in <= r.tokens_in_up_to),
  );
  expect(hits, `rows for ${JSON.stringify(c)}`).toHaveLength(1);
  return hits[0]!;
}

describe('prompt-cache tokens', () => {
  const at = new Date('2026-03-02T10:00:00Z');
  it('prices cache reads and writes at the model\'s cache prices, as the library does', () => {
    const [price] = priceCalls([{ provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', ts: at, tokens_in: 41_225, tokens_out: 300, cache_read_tokens: 40_000, cache_write_tokens: 1200 }]);
    // input $3, cache write $3.75, cache read $0.30, output $15 per million
    expect(price!.cost_usd).toBeCloseTo((25 * 3 + 1200 * 3.75 + 40_000 * 0.3 + 300 * 15) / 1e6, 12);
    const [row] = unitPrices([{ provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', day: '2026-03-02' }]);
    expect(row).toMatchObject({ input_per_mtok: 3, output_per_mtok: 15, cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 });
  });

  it('leaves a call with more cache tokens than input tokens unpriced (the counts are wrong)', () => {
    const [price] = priceCalls([{ provider: 'openai', model: 'gpt-4o', ts: at, tokens_in: 100, tokens_out: 10, cache_read_tokens: 200 }]);
    expect(price!.cost_usd).toBeNull();
  });

  it('falls back to the input price in an override without cache prices', () => {
    const overrides = { 'my-model': { input_per_mtok: 2, output_per_mtok: 8 } };
    const [price] = priceCalls([{ provider: null, model: 'my-model', ts: at, tokens_in: 1000, tokens_out: 100, cache_read_tokens: 600, cache_write_tokens: 100 }], overrides);
    expect(price!.cost_usd).toBeCloseTo((1000 * 2 + 100 * 8) / 1e6, 12);
    expect(unitPrices([{ provider: null, model: 'my-model', day: null }], overrides)[0]).toMatchObject({ cache_read_per_mtok: 2, cache_write_per_mtok: 2 });
  });
});

describe('1-hour prompt-cache writes', () => {
  // Anthropic prices a write to its 1-hour cache at 2x input, a 5-minute one at 1.25x:
  //   anthropic     claude-3-5-sonnet  input 3, cache write 3.75, 1-hour cache write 6, cache read 0.3, output 15
  //   anthropic     claude-sonnet-4-5  the same, and above 200k input tokens for the whole call:
  //                                    input 6, cache write 7.5, 1-hour write 12, cache read 0.6, output 22.5
  //   google-vertex claude-3-5-sonnet  input 3, cache write 3.75, cache read 0.3, output 15: no 1-hour price
  //   openai        gpt-4o             input 2.5: no cache write price at all
  const at = new Date('2026-03-02T10:00:00Z');
  const writes = (provider: string | null, model: string, extra: Partial<LlmCall> = {}): LlmCall => ({
    provider, model, ts: at, tokens_in: 100_000, tokens_out: 0, cache_write_tokens: 100_000, cache_write_1h_tokens: 40_000, ...extra,
  });

  it('are priced at cache_write_1h_mtok and the other writes at cache_write_mtok, as the library does', () => {
    const [price] = priceCalls([writes('anthropic', 'claude-3-5-sonnet-20241022')]);
    // 60,000 * 3.75 / 1e6 + 40,000 * 6 / 1e6
    expect(price!.cost_usd).toBeCloseTo(0.465, 12);
    expect(unitPrices([{ provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', day: '2026-03-02' }])[0]).toMatchObject({
      cache_write_per_mtok: 3.75,
      cache_write_1h_per_mtok: 6,
    });
  });

  it('are priced at the tier the whole input reaches (claude-sonnet-4-5 above 200k input tokens)', () => {
    const call = (tokens_in: number, cache_read_tokens: number, cache_write_tokens: number, cache_write_1h_tokens: number): LlmCall => ({
      provider: 'anthropic', model: 'claude-sonnet-4-5', ts: at, tokens_in, tokens_out: 1000, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
    });
    const [below, above] = priceCalls([call(150_000, 50_000, 60_000, 40_000), call(300_000, 100_000, 150_000, 100_000)]);
    // 40,000 * 3 + 50,000 * 0.3 + 20,000 * 3.75 + 40,000 * 6 + 1000 * 15, per million
    expect(below!.cost_usd).toBeCloseTo(0.465, 12);
    // 50,000 * 6 + 100,000 * 0.6 + 50,000 * 7.5 + 100,000 * 12 + 1000 * 22.5, per million
    expect(above!.cost_usd).toBeCloseTo(1.9575, 12);
    const rows = unitPrices([{ provider: 'anthropic', model: 'claude-sonnet-4-5', day: '2026-03-02' }]);
    expect(rows.map((r) => [r.tokens_in_above, r.tokens_in_up_to, r.cache_write_per_mtok, r.cache_write_1h_per_mtok])).toEqual([
      [null, 200_000, 3.75, 6],
      [200_000, null, 7.5, 12],
    ]);
  });

  it('cost the other writes\' price for a model without a 1-hour price, and the input price without a write price either', () => {
    const [vertex, gpt4o] = priceCalls([writes('google-vertex', 'claude-3-5-sonnet-20241022'), writes('openai', 'gpt-4o')]);
    // 100,000 * 3.75 / 1e6, then 100,000 * 2.5 / 1e6
    expect(vertex).toMatchObject({ cost_usd: expect.closeTo(0.375, 12), provider: 'google' });
    expect(gpt4o!.cost_usd).toBeCloseTo(0.25, 12);
    expect(unitPrices([{ provider: 'google-vertex', model: 'claude-3-5-sonnet-20241022', day: '2026-03-02' }])[0]).toMatchObject({
      cache_write_per_mtok: 3.75,
      cache_write_1h_per_mtok: 3.75,
    });
  });

  it('leave a call with more 1-hour writes than writes unpriced, and one with 1-hour writes but no write count (the library refuses both)', () => {
    const prices = priceCalls([
      writes('anthropic', 'claude-3-5-sonnet-20241022', { cache_write_tokens: 1000, cache_write_1h_tokens: 1001 }),
      writes('anthropic', 'claude-3-5-sonnet-20241022', { cache_write_tokens: undefined }),
      writes('anthropic', 'claude-3-5-sonnet-20241022', { cache_write_1h_tokens: -1 }),
    ]);
    expect(prices.map((p) => p.cost_usd)).toEqual([null, null, null]);
  });

  it('cost an override\'s cache_write_1h_per_mtok, or its cache_write_per_mtok when it gives none', () => {
    const overrides: PriceOverrides = {
      'with-1h': { input_per_mtok: 2, output_per_mtok: 8, cache_write_per_mtok: 2.5, cache_write_1h_per_mtok: 4 },
      'without-1h': { input_per_mtok: 2, output_per_mtok: 8, cache_write_per_mtok: 2.5 },
      'input-only': { input_per_mtok: 2, output_per_mtok: 8 },
    };
    const prices = priceCalls([writes(null, 'with-1h'), writes(null, 'without-1h'), writes(null, 'input-only')], overrides);
    // 60,000 * 2.5 + 40,000 * 4; 100,000 * 2.5; 100,000 * 2, per million
    expect(prices.map((p) => p.cost_usd)).toEqual([expect.closeTo(0.31, 12), expect.closeTo(0.25, 12), expect.closeTo(0.2, 12)]);
    const rows = unitPrices(['with-1h', 'without-1h', 'input-only'].map((model) => ({ provider: null, model, day: null })), overrides);
    expect(rows.map((r) => [r.cache_write_per_mtok, r.cache_write_1h_per_mtok])).toEqual([[2.5, 4], [2.5, 2.5], [2, 2]]);
  });
});
