import { describe, expect, it } from 'vitest';
import { priceSpellings } from '../../src/pricing/spellings.js';

// The providers the price library knows, as far as these cases need (findProvider accepts these
// names; "bedrock" is its "aws").
const KNOWN = new Set(['openai', 'azure', 'anthropic', 'bedrock', 'aws', 'openrouter', 'google-gla', 'vertex_ai']);
const isProvider = (name: string) => KNOWN.has(name.toLowerCase());

describe('priceSpellings', () => {
  it('takes a LiteLLM provider prefix off, and uses it as the provider when none is logged', () => {
    expect(priceSpellings('azure/gpt-4o', null, isProvider)).toEqual([{ model: 'gpt-4o', provider: 'azure' }]);
    expect(priceSpellings('openai/gpt-4o', null, isProvider)).toEqual([{ model: 'gpt-4o', provider: 'openai' }]);
  });

  it('takes a pydantic-ai provider prefix off', () => {
    expect(priceSpellings('anthropic:claude-3-5-sonnet-latest', null, isProvider)).toEqual([
      { model: 'claude-3-5-sonnet-latest', provider: 'anthropic' },
    ]);
  });

  it('keeps a logged provider the library knows, rather than the prefix', () => {
    expect(priceSpellings('azure/gpt-4o', 'openai', isProvider)).toEqual([{ model: 'gpt-4o', provider: 'openai' }]);
  });

  it('uses the prefix instead of a logged provider the library does not know', () => {
    expect(priceSpellings('azure/gpt-4o', 'my-gateway', isProvider)).toEqual([{ model: 'gpt-4o', provider: 'azure' }]);
  });

  it('reads a Bedrock model id, with or without a cross-region prefix, as a Bedrock model', () => {
    expect(priceSpellings('us.anthropic.claude-3-5-sonnet-20241022-v2:0', null, isProvider)).toEqual([
      { model: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0', provider: 'bedrock' },
    ]);
    expect(priceSpellings('anthropic.claude-3-haiku-20240307-v1:0', null, isProvider)).toEqual([
      { model: 'anthropic.claude-3-haiku-20240307-v1:0', provider: 'bedrock' },
    ]);
    // its ":0" is a version, not a pydantic-ai separator
    expect(priceSpellings('anthropic.claude-3-haiku-20240307-v1:0', null, isProvider).map((s) => s.model)).not.toContain('0');
  });

  it('reads the model id out of a Bedrock inference-profile or foundation-model ARN', () => {
    expect(
      priceSpellings('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0', null, isProvider),
    ).toEqual([{ model: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0', provider: 'bedrock' }]);
    expect(priceSpellings('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0', null, isProvider)).toEqual([
      { model: 'anthropic.claude-3-haiku-20240307-v1:0', provider: 'bedrock' },
    ]);
  });

  it('unwraps prefixes one after the other (LiteLLM bedrock/, OpenRouter vendor/)', () => {
    expect(priceSpellings('bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0', null, isProvider)).toEqual([
      { model: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0', provider: 'bedrock' },
    ]);
    expect(priceSpellings('openrouter/anthropic/claude-3.5-sonnet', null, isProvider)).toEqual([
      { model: 'anthropic/claude-3.5-sonnet', provider: 'openrouter' },
      { model: 'claude-3.5-sonnet', provider: 'anthropic' },
    ]);
  });

  it('offers nothing for a plain name, a prefix that is not a provider, or a Bedrock id under a known provider', () => {
    expect(priceSpellings('gpt-4o', null, isProvider)).toEqual([]);
    expect(priceSpellings('meta-llama/Llama-3.1-8B-Instruct', null, isProvider)).toEqual([]);
    expect(priceSpellings('llama3:8b', null, isProvider)).toEqual([]);
    expect(priceSpellings('anthropic.claude-3-haiku-20240307-v1:0', 'anthropic', isProvider)).toEqual([]);
  });
});
