// key=value pairs: logfmt lines as go-kit, logrus and npm logfmt write them, and the pairs at the
// end of a text message, whose prose before them is the event.

import { describe, expect, it } from 'vitest';
import logfmt from 'logfmt';
import { looksLikeLogfmt, parseLogfmt, splitMessage } from '../../../src/ingest/formats/key-values.js';

const asObject = (text: string) => Object.fromEntries(parseLogfmt(text).pairs.map((p) => [p.key, p.value]));

describe('logfmt', () => {
  it('reads quoted values with escapes, empty values and bare keys', () => {
    expect(asObject('time="2021-09-15T21:17:10Z" level=warning msg="a \\"quoted\\" word" reason= ok debug')).toEqual({
      time: '2021-09-15T21:17:10Z',
      level: 'warning',
      msg: 'a "quoted" word',
      reason: '',
      ok: true,
      debug: true,
    });
  });

  it('reads back what the npm logfmt module writes', () => {
    const record = { msg: 'llm call completed', model: 'gpt-4o', duration: '1680ms', error: '', note: 'say "hi"', path: 'C:\\tmp', n: '7' };
    expect(asObject(logfmt.stringify(record))).toEqual(record);
  });

  it('takes an unterminated quote to the end of the line', () => {
    expect(asObject('a=1 msg="no end')).toEqual({ a: '1', msg: 'no end' });
  });

  it("reads Python repr quoting: 'single quotes' with escapes, double quotes around a single quote, an unclosed quote as part of the value", () => {
    // structlog 26.1's KeyValueRenderer, and the f"{v!r}" of a value holding a quote.
    expect(asObject("timestamp='2026-03-02 10:00:02' level='error' event='llm call failed' note='it\\'s \"fine\"' q=\"it's\" esc='tab\\there \\x41'")).toEqual({
      timestamp: '2026-03-02 10:00:02',
      level: 'error',
      event: 'llm call failed',
      note: 'it\'s "fine"',
      q: "it's",
      esc: 'tab\there A',
    });
    expect(asObject("a=1 b=don't c='x")).toEqual({ a: '1', b: "don't", c: "'x" });
    expect(asObject("a=1 'a quoted word' b=2")).toEqual({ a: '1', b: '2' });
  });

  it('recognises logfmt by its first token and its share of pairs', () => {
    expect(looksLikeLogfmt('level=info msg=started port=8080')).toBe(true);
    expect(looksLikeLogfmt('2026-03-02 10:00:00,000 - agent - INFO - started port=8080 pid=1')).toBe(false);
    expect(looksLikeLogfmt('just some words here')).toBe(false);
    expect(looksLikeLogfmt('a=1')).toBe(false);
  });
});

describe('pairs in a message', () => {
  it('split off the prose before the first pair as the event', () => {
    expect(splitMessage('LLM call completed model=gpt-4o tokens_in=12 error="rate limit"')).toEqual({
      prose: 'LLM call completed',
      pairs: [
        { key: 'model', value: 'gpt-4o' },
        { key: 'tokens_in', value: '12' },
        { key: 'error', value: 'rate limit' },
      ],
    });
  });

  it("take a comma or semicolon after a bare value as the sentence's, not the value's (Airflow's `dag_id=etl, task_id=load`)", () => {
    expect(splitMessage('Marking task as SUCCESS. dag_id=etl, task_id=load; duration_ms=1200, model="gpt-4o", tokens=12,')).toEqual({
      prose: 'Marking task as SUCCESS.',
      pairs: [
        { key: 'dag_id', value: 'etl' },
        { key: 'task_id', value: 'load' },
        { key: 'duration_ms', value: '1200' },
        { key: 'model', value: 'gpt-4o' },
        { key: 'tokens', value: '12' },
      ],
    });
    // a quoted value keeps what it quotes; a logfmt line keeps a value's comma (it is the value's)
    expect(splitMessage('done tags="a,"').pairs).toEqual([{ key: 'tags', value: 'a,' }]);
    expect(asObject('level=info tags=a, msg=x')).toMatchObject({ tags: 'a,' });
  });

  it("read a value in single quotes whole (Python's `error={e!r}`)", () => {
    expect(splitMessage("LLM call failed model=gpt-4o duration_ms=120 error='Rate limit exceeded for gpt-4o'")).toEqual({
      prose: 'LLM call failed',
      pairs: [
        { key: 'model', value: 'gpt-4o' },
        { key: 'duration_ms', value: '120' },
        { key: 'error', value: 'Rate limit exceeded for gpt-4o' },
      ],
    });
  });

  it("read a Python repr of an object or dict as one value, an object of its own pairs", () => {
    const { prose, pairs } = splitMessage(
      "openai response usage=CompletionUsage(completion_tokens=67, prompt_tokens=1124, details=Details(reasoning_tokens=4, audio_tokens=None), note='a, b') latency=3.456s",
    );
    expect(prose).toBe('openai response');
    expect(pairs).toEqual([
      { key: 'usage', value: { completion_tokens: '67', prompt_tokens: '1124', details: { reasoning_tokens: '4', audio_tokens: 'None' }, note: 'a, b' } },
      { key: 'latency', value: '3.456s' },
    ]);
    expect(splitMessage("done usage={'input_tokens': 25, \"output_tokens\": 300, 'cache': {}} n=1").pairs).toEqual([
      { key: 'usage', value: { input_tokens: '25', output_tokens: '300', cache: {} } },
      { key: 'n', value: '1' },
    ]);
  });

  it('keep a repr that is not pairs (an exception, positional arguments, a list) whole as text, and a bracket that never closes a plain word', () => {
    const values = (message: string) => splitMessage(message).pairs.map((p) => p.value);
    expect(values("failed error=RateLimitError('Rate limit exceeded', 429) at=Point(1, 2) tools=['search', 'a] b'] n=1")).toEqual([
      "RateLimitError('Rate limit exceeded', 429)",
      'Point(1, 2)',
      "['search', 'a] b']",
      '1',
    ]);
    expect(values('x fn=main.run(0x1) cut=Usage(a=1, b=2 d=f(a=1)) e={1: 2} z=1')).toEqual(['main.run(0x1)', 'Usage(a=1,', '2', 'f(a=1))', '{1: 2}', '1']);
  });

  it('keep a message without pairs whole, and ignore words among the pairs', () => {
    expect(splitMessage('agent system starting')).toEqual({ prose: 'agent system starting', pairs: [] });
    expect(splitMessage('done a=1 and then b=2')).toEqual({ prose: 'done', pairs: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
    expect(splitMessage('x = 5 is not a pair').pairs).toEqual([]);
  });
});
