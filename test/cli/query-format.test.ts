// `query --format` as issues 3 and 5 write it: an output format name selects the output, any other
// name still forces the input format, and --input-format always forces the input format.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, runInProcess } from '../helpers/cli.js';

const PINO = join(FIXTURES, 'pino.log');
const SQL = 'SELECT count(*) AS n, count(ts) AS with_ts FROM events';

describe('query --format', () => {
  it('selects csv, json, ndjson and markdown output', async () => {
    expect((await runInProcess(['query', PINO, '-q', '--format', 'csv', '--sql', SQL])).stdout).toBe('n,with_ts\n104,104\n');
    expect(JSON.parse((await runInProcess(['query', PINO, '-q', '--format', 'json', '--sql', SQL])).stdout)).toEqual([{ n: 104, with_ts: 104 }]);
    expect((await runInProcess(['query', PINO, '-q', '--format', 'ndjson', '--sql', SQL])).stdout).toBe('{"n":104,"with_ts":104}\n');
    expect((await runInProcess(['query', PINO, '-q', '--format', 'markdown', '--sql', SQL])).stdout).toBe('| n | with_ts |\n| --- | --- |\n| 104 | 104 |\n');
  });

  it("gives a sum of small costs as the table shows it in json, ndjson and csv, not with the doubles' noise", async () => {
    // Ten calls logged at $0.000012: summed as doubles, 0.00011999999999999999.
    const stdin = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ level: 30, time: 1772445600000 + i, msg: 'llm call', model: 'm', provider: 'p', usage: { prompt_tokens: 10, completion_tokens: 5 }, cost_usd: 0.000012 }) + '\n').join('');
    const json = await runInProcess(['query', 'cost', '-q', '-F', 'json'], { stdin });
    expect(json.stdout).toContain('"cost_usd": 0.00012,');
    expect(JSON.parse(json.stdout).rows[0].cost_usd).toBe(0.00012);
    expect((await runInProcess(['query', 'cost', '-q', '-F', 'ndjson'], { stdin })).stdout).toContain('"cost_usd":0.00012,');
    expect((await runInProcess(['query', 'cost', '-q', '-F', 'csv'], { stdin })).stdout).toMatch(/^m,10,100,50,.*,0\.00012,/m);
    const sql = await runInProcess(['query', '-q', '-F', 'json', '--sql', 'SELECT sum(cost_usd) AS c FROM events'], { stdin });
    expect(JSON.parse(sql.stdout)).toEqual([{ c: 0.00012 }]);
  });

  it('prints an aligned table with thousands separators by default', async () => {
    const r = await runInProcess(['query', PINO, '-q', '--sql', 'SELECT sum(tokens_in) AS tokens_in FROM events WHERE kind = $$llm_call$$']);
    expect(r.stdout).toBe('tokens_in\n---------\n   76,772\n');
  });

  it('still forces an input format by name, and --input-format does so on any command', async () => {
    const forced = await runInProcess(['ingest', PINO, '--format', 'winston', '--json']);
    expect(JSON.parse(forced.stdout).sources[0].format).toBe('winston');
    const viaInput = await runInProcess(['query', PINO, '-q', '--input-format', 'json', '--format', 'csv', '--sql', SQL]);
    expect(viaInput.stdout).toBe('n,with_ts\n104,104\n');
  });

  it('shows a logged right-to-left override as ? in the table and its note, and keeps it in JSON', async () => {
    const model = 'gpt\u202eevil';
    const stdin = JSON.stringify({ level: 30, time: 1772445600000, msg: 'llm call', model, provider: 'openai', usage: { prompt_tokens: 10, completion_tokens: 5 }, duration_ms: 100 }) + '\n';
    const table = await runInProcess(['query', 'cost', '--by', 'model', '-q'], { stdin });
    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain('\u202e');
    expect(table.stdout).toMatch(/^gpt\?evil +1 +10 +5 /m);
    const json = await runInProcess(['query', 'cost', '--by', 'model', '-q', '-F', 'json'], { stdin });
    expect(JSON.parse(json.stdout).rows[0].model).toBe(model);
  });
});
