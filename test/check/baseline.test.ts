// --baseline: an earlier --json result or a database supplies the value `baseline` stands for.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db.js';
import { ExitCode, InputError, UsageError } from '../../src/errors.js';
import { evaluateRules, openBaseline, renderJson, ruleFromAssert } from '../../src/check/index.js';
import { parseRulesText } from '../../src/check/rules-file.js';
import { databaseWith, jsonLines, logFile, tempDir } from './helpers.js';

// Baseline: model a takes 100 ms, model b 1000 ms. Now: a takes 110 ms (+10%), b 1300 ms (+30%).
const call = (model: string, latency_ms: number) => ({ msg: 'llm call', provider: 'openai', model, latency_ms, prompt_tokens: 1, completion_tokens: 1 });
const BEFORE = jsonLines([call('a', 100), call('b', 1000)]);
const NOW = jsonLines([call('a', 110), call('b', 1300), call('c', 5)]);
const RULE = 'p95(duration_ms) < baseline * 1.2 by model';

let now: Database;
let dir: string;
beforeAll(async () => {
  dir = tempDir();
  now = await databaseWith([logFile(NOW)]);
});
afterAll(() => now.close());

function statuses(result: Awaited<ReturnType<typeof evaluateRules>>) {
  return result.rules[0]?.results.map((r) => [r.group.model, r.status, r.threshold]);
}

describe('--baseline FILE', () => {
  test('an earlier --json result: values matched by rule name and group', async () => {
    const before = await databaseWith([logFile(BEFORE)]);
    const earlier = await evaluateRules(before, [ruleFromAssert('p95(duration_ms) < 5000 by model')]);
    before.close();
    // The new rule keeps the earlier rule's name (here its expression) and changes its threshold.
    const file = join(dir, 'baseline.json');
    writeFileSync(file, renderJson(earlier));
    const baseline = await openBaseline(file);
    const [spec] = parseRulesText(`rules:\n  - name: "p95(duration_ms) < 5000 by model"\n    expr: "${RULE}"\n`, 'rules.yml');
    const result = await evaluateRules(now, [spec!], { baseline });
    expect(statuses(result)).toEqual([
      ['a', 'pass', 120],
      ['b', 'fail', 1200],
      // c is not in the baseline: no data, which fails unless on_no_data says otherwise
      ['c', 'fail', null],
    ]);
    expect(result.rules[0]?.results[2]).toMatchObject({ no_data: true, no_data_reason: 'no_baseline' });
  });

  test('an earlier --json result: matched by what the expression measures when no name matches', async () => {
    const before = await databaseWith([logFile(BEFORE)]);
    // Same metric and groups, another comparison and spelling.
    const earlier = await evaluateRules(before, [ruleFromAssert('P95(duration_ms)>=0 BY model')]);
    before.close();
    const file = join(dir, 'baseline-expr.json');
    writeFileSync(file, renderJson(earlier));
    const baseline = await openBaseline(file);
    const result = await evaluateRules(now, [ruleFromAssert(RULE)], { baseline });
    expect(statuses(result)?.slice(0, 2)).toEqual([
      ['a', 'pass', 120],
      ['b', 'fail', 1200],
    ]);
    // a rule that measures something else finds no baseline
    const unmatched = await evaluateRules(now, [ruleFromAssert('p99(duration_ms) < baseline * 1.2 by model')], { baseline });
    expect(unmatched.rules[0]?.results.every((r) => r.no_data_reason === 'no_baseline')).toBe(true);
  });

  test('a database: the metric measured on it afresh', async () => {
    const file = join(dir, 'before.duckdb');
    (await databaseWith([logFile(BEFORE)], file)).close();
    const baseline = await openBaseline(file);
    try {
      const result = await evaluateRules(now, [ruleFromAssert(RULE)], { baseline });
      expect(statuses(result)).toEqual([
        ['a', 'pass', 120],
        ['b', 'fail', 1200],
        ['c', 'fail', null],
      ]);
    } finally {
      baseline.close();
    }
  });

  test('a directory holding one .json file (a downloaded CI artifact) reads that file', async () => {
    const before = await databaseWith([logFile(BEFORE)]);
    const earlier = await evaluateRules(before, [ruleFromAssert(RULE.replace('baseline * 1.2', '5000'))]);
    before.close();
    const artifact = join(dir, 'baseline-artifact');
    mkdirSync(artifact);
    writeFileSync(join(artifact, 'result.json'), renderJson(earlier));
    const baseline = await openBaseline(artifact, 'baseline-artifact');
    expect(baseline.label).toBe(join('baseline-artifact', 'result.json'));
    const result = await evaluateRules(now, [ruleFromAssert(RULE)], { baseline });
    expect(statuses(result)?.slice(0, 2)).toEqual([
      ['a', 'pass', 120],
      ['b', 'fail', 1200],
    ]);
  });

  test('a directory with no .json file, or several, is a usage error naming it', async () => {
    const empty = join(dir, 'empty-artifact');
    mkdirSync(empty);
    await expect(openBaseline(empty, 'empty-artifact')).rejects.toThrow(
      new UsageError('baseline empty-artifact is a directory with no .json file in it; give an earlier check --json result or a database'),
    );
    const two = join(dir, 'two-artifacts');
    mkdirSync(two);
    writeFileSync(join(two, 'a.json'), '{}');
    writeFileSync(join(two, 'b.json'), '{}');
    await expect(openBaseline(two, 'two-artifacts')).rejects.toThrow(
      new UsageError('baseline two-artifacts is a directory with 2 .json files (a.json, b.json); name the one to compare with'),
    );
  });

  test('a database with no records is exit 3, as it is for --db, not a baseline of 0', async () => {
    const file = join(dir, 'empty.duckdb');
    (await databaseWith([], file)).close();
    const error = await openBaseline(file, 'empty.duckdb').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(ExitCode.unusableInput);
    expect((error as InputError).message).toBe('the database empty.duckdb has no records to check (exit 3); ingest logs into it first');
  });

  test('a database is only read: comparing with it leaves the file byte for byte as it was', async () => {
    const file = join(dir, 'kept.duckdb');
    (await databaseWith([logFile(BEFORE)], file)).close();
    const before = createHash('md5').update(readFileSync(file)).digest('hex');
    const baseline = await openBaseline(file, 'kept.duckdb');
    try {
      await evaluateRules(now, [ruleFromAssert(RULE)], { baseline });
    } finally {
      baseline.close();
    }
    expect(createHash('md5').update(readFileSync(file)).digest('hex')).toBe(before);
  });

  test('a DuckDB file logmeter did not write is exit 2, as it is for --db, and is left without logmeter\'s tables', async () => {
    const file = join(dir, 'foreign.duckdb');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE t (x INTEGER)');
    connection.closeSync();
    instance.closeSync();
    const error = await openBaseline(file, 'foreign.duckdb').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.usage);
    expect((error as UsageError).message).toBe(
      'foreign.duckdb is not a logmeter database: it has no events table (logmeter ingest ... --db foreign.duckdb makes one)',
    );
    const reopened = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const reader = await reopened.connect();
    const tables = (await reader.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1")).getRows().flat();
    reader.closeSync();
    reopened.closeSync();
    expect(tables).toEqual(['t']);
  });

  test('a missing file, or one that is neither JSON result nor database, is a usage error', async () => {
    await expect(openBaseline(join(dir, 'nope.json'), 'nope.json')).rejects.toThrow(new UsageError('baseline not found: nope.json'));
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"rows": []}');
    await expect(openBaseline(junk, 'junk.json')).rejects.toThrow(/neither a logmeter check --json result nor a DuckDB database/);
  });
});
