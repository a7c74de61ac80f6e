import { describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../src/errors.js';
import { findOverride, overrideTable, type PriceOverrides } from '../../src/pricing/overrides.js';
import { pricingMessages } from '../../src/pricing/messages.js';

function usageErrorOf(raw: unknown): UsageError {
  try {
    overrideTable(raw as PriceOverrides);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.usage);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('overrideTable', () => {
  it('accepts no overrides at all', () => {
    expect(overrideTable(undefined).size).toBe(0);
  });

  it('rejects a price that is missing, negative or not a number, naming the model and field', () => {
    expect(usageErrorOf({ m: { input_per_mtok: 1 } }).message).toBe(pricingMessages.overrideBadPrice('m', 'output_per_mtok'));
    expect(usageErrorOf({ m: { input_per_mtok: -1, output_per_mtok: 1 } }).message).toBe(
      pricingMessages.overrideBadPrice('m', 'input_per_mtok'),
    );
    expect(usageErrorOf({ m: { input_per_mtok: '3', output_per_mtok: 1 } }).message).toBe(
      pricingMessages.overrideBadPrice('m', 'input_per_mtok'),
    );
    expect(usageErrorOf({ m: { input_per_mtok: 1, output_per_mtok: 1, cache_read_per_mtok: -0.1 } }).message).toBe(
      pricingMessages.overrideBadPrice('m', 'cache_read_per_mtok'),
    );
  });

  it('takes cache read and write prices, each the input price when not given', () => {
    const table = overrideTable({ a: { input_per_mtok: 3, output_per_mtok: 15, cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 }, b: { input_per_mtok: 2, output_per_mtok: 8 } });
    expect(table.get('a')).toMatchObject({ cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 });
    expect(table.get('b')).toMatchObject({ cache_read_per_mtok: 2, cache_write_per_mtok: 2 });
  });

  it('takes a 1-hour cache write price, the cache write price when not given (the input price without that either)', () => {
    const table = overrideTable({
      a: { input_per_mtok: 3, output_per_mtok: 15, cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 6 },
      b: { input_per_mtok: 3, output_per_mtok: 15, cache_write_per_mtok: 3.75 },
      c: { input_per_mtok: 2, output_per_mtok: 8 },
    });
    expect(table.get('a')).toMatchObject({ cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 6 });
    expect(table.get('b')).toMatchObject({ cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 3.75 });
    expect(table.get('c')).toMatchObject({ cache_write_per_mtok: 2, cache_write_1h_per_mtok: 2 });
    expect(usageErrorOf({ m: { input_per_mtok: 1, output_per_mtok: 1, cache_write_1h_per_mtok: Number.NaN } }).message).toBe(
      pricingMessages.overrideBadPrice('m', 'cache_write_1h_per_mtok'),
    );
  });

  it('rejects an entry that is not a mapping, and an empty provider', () => {
    expect(usageErrorOf({ m: 3 }).message).toBe(pricingMessages.overrideNotAnObject('m'));
    expect(usageErrorOf({ m: { input_per_mtok: 1, output_per_mtok: 1, provider: '' } }).message).toBe(
      pricingMessages.overrideBadProvider('m'),
    );
  });

  it('rejects two overrides for the same model spelled in different case', () => {
    const price = { input_per_mtok: 1, output_per_mtok: 1 };
    expect(usageErrorOf({ 'GPT-4o': price, 'gpt-4o': price }).message).toBe(pricingMessages.overrideDuplicate('GPT-4o', 'gpt-4o'));
  });
});

describe('findOverride', () => {
  const table = overrideTable({ 'gpt-4o': { input_per_mtok: 1, output_per_mtok: 2, provider: 'azure' } });

  it('applies to calls from its provider and to calls with no provider', () => {
    expect(findOverride(table, ' GPT-4o ', 'AZURE')?.model).toBe('gpt-4o');
    expect(findOverride(table, 'gpt-4o', null)?.model).toBe('gpt-4o');
  });

  it('does not apply to calls from another provider', () => {
    expect(findOverride(table, 'gpt-4o', 'openai')).toBeUndefined();
  });
});
