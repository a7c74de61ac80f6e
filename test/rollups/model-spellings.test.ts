// Model names as gateways and SDKs log them (LiteLLM's provider/model, pydantic-ai's
// provider:model, boto3's Bedrock modelId without a provider, a Bedrock invocation log's ARN) are
// priced as the model they wrap, through the SQL path (unit_prices joined in priced_events), while
// the model column and the cost table keep the name as logged. Expectations are worked out by hand
// from the prices in @pydantic/genai-prices 0.1.8, per million tokens on 2026-03-02:
//   gpt-4o (openai, azure) input 2.5 / output 10; claude-3-5-sonnet (anthropic, Bedrock) 3 / 15;
//   claude-3-haiku on Bedrock 0.25 / 1.25.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runRollup } from '../../src/rollups/index.js';
import { ingestFiles } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-spellings-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const call = (model: string, extra: Record<string, unknown> = {}) => ({
  timestamp: '2026-03-02T10:00:00Z',
  level: 'info',
  event: 'llm_call',
  model,
  usage: { input_tokens: 1000, output_tokens: 100 },
  latency_ms: 900,
  ...extra,
});

async function costByModel(records: readonly Record<string, unknown>[]) {
  const file = join(dir, `log-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const db = await ingestFiles([file]);
  try {
    const { rows, sections } = await runRollup(db, 'cost', { by: 'model' });
    return { by: Object.fromEntries(rows.map((r) => [String(r.model), r])), unpriced: sections.find((s) => s.name === 'unpriced')!.rows };
  } finally {
    db.close();
  }
}

describe('a model name a gateway or SDK wraps', () => {
  test('is priced as the model it wraps, and keeps its name in the cost table', async () => {
    const { by, unpriced } = await costByModel([
      call('openai/gpt-4o'),
      call('azure/gpt-4o'),
      call('azure/gpt-4o', { provider: 'azure' }),
      call('openai:gpt-4o'),
      call('anthropic/claude-3-5-sonnet-20241022'),
      call('anthropic:claude-3-5-sonnet-latest'),
    ]);
    // 1000 * 2.5 / 1e6 + 100 * 10 / 1e6
    const gpt4o = 0.0035;
    // 1000 * 3 / 1e6 + 100 * 15 / 1e6
    const sonnet = 0.0045;
    expect(unpriced).toEqual([]);
    expect(by['openai/gpt-4o']).toMatchObject({ calls: 1, priced_calls: 1, cost_usd: expect.closeTo(gpt4o, 12) });
    expect(by['azure/gpt-4o']).toMatchObject({ calls: 2, priced_calls: 2, cost_usd: expect.closeTo(2 * gpt4o, 12) });
    expect(by['openai:gpt-4o']).toMatchObject({ calls: 1, cost_usd: expect.closeTo(gpt4o, 12) });
    expect(by['anthropic/claude-3-5-sonnet-20241022']).toMatchObject({ calls: 1, cost_usd: expect.closeTo(sonnet, 12) });
    expect(by['anthropic:claude-3-5-sonnet-latest']).toMatchObject({ calls: 1, cost_usd: expect.closeTo(sonnet, 12) });
  });

  test('is priced for Bedrock ids logged without a provider: region prefixes, LiteLLM bedrock/ and ARNs', async () => {
    const { by, unpriced } = await costByModel([
      call('us.anthropic.claude-3-5-sonnet-20241022-v2:0'),
      call('eu.anthropic.claude-3-5-sonnet-20241022-v2:0'),
      call('bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0'),
      call('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0'),
      call('anthropic.claude-3-haiku-20240307-v1:0'),
    ]);
    expect(unpriced).toEqual([]);
    for (const model of [
      'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'eu.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
    ]) {
      // 1000 * 3 / 1e6 + 100 * 15 / 1e6
      expect(by[model], model).toMatchObject({ calls: 1, cost_usd: expect.closeTo(0.0045, 12) });
    }
    // 1000 * 0.25 / 1e6 + 100 * 1.25 / 1e6
    expect(by['anthropic.claude-3-haiku-20240307-v1:0']).toMatchObject({ calls: 1, cost_usd: expect.closeTo(0.000375, 12) });
  });

  test('stays unpriced under a logged provider that does not list the model', async () => {
    const { by, unpriced } = await costByModel([call('azure/gpt-4o', { provider: 'anthropic' })]);
    expect(by['azure/gpt-4o']).toMatchObject({ calls: 1, cost_usd: null, unpriced_calls: 1 });
    expect(unpriced).toMatchObject([{ model: 'azure/gpt-4o', provider: 'anthropic', calls: 1 }]);
  });
});
