// Message patterns: named captures and angle-grinder parse patterns pull fields out of a message and
// template its event, so that "Workflow wf_1 completed ..." and "Workflow wf_2 completed ..." group.

import { describe, expect, it } from 'vitest';
import { compilePattern, matchPatterns, PatternError } from '../../src/config/patterns.js';

const ORCHESTRATOR = 'Workflow wf_2d8bf96c completed successfully in 163.82s';

describe('message patterns', () => {
  it('pull named captures out of a message and template the event with their names', () => {
    const p = compilePattern({ pattern: 'Workflow (?<workflow_id>wf_\\w+) completed successfully in (?<duration_s>[\\d.]+)s' });
    expect(matchPatterns([p], ORCHESTRATOR)).toMatchObject({
      fields: { workflow_id: 'wf_2d8bf96c', duration_s: '163.82' },
      event: 'Workflow {workflow_id} completed successfully in {duration_s}s',
    });
  });

  it('accept Python spelled named groups, (?P<name>...)', () => {
    const p = compilePattern({ pattern: 'took (?P<duration_ms>\\d+)ms' });
    expect(matchPatterns([p], 'request took 12ms')?.fields).toEqual({ duration_ms: '12' });
  });

  it('read angle-grinder parse patterns, where * matches as little as it can and the last one the rest', () => {
    const p = compilePattern({ pattern: 'parse "Workflow * completed successfully in *s" as workflow_id, duration_s' });
    const m = matchPatterns([p], ORCHESTRATOR);
    expect(m?.fields).toEqual({ workflow_id: 'wf_2d8bf96c', duration_s: '163.82' });
    expect(m?.event).toBe('Workflow {workflow_id} completed successfully in {duration_s}s');
    const tail = compilePattern({ pattern: "parse 'user * said *' as user, text" });
    expect(matchPatterns([tail], 'user bob said hello there')?.fields).toEqual({ user: 'bob', text: 'hello there' });
  });

  it('take field names for * from a separate list, and allow dotted names', () => {
    const p = compilePattern({ pattern: 'used * prompt tokens', as: ['usage.prompt_tokens'] });
    expect(matchPatterns([p], 'used 42 prompt tokens')?.fields).toEqual({ 'usage.prompt_tokens': '42' });
  });

  it('escape everything but * in a parse pattern', () => {
    const p = compilePattern({ pattern: 'parse "cost: $* (est.)" as cost_usd' });
    expect(matchPatterns([p], 'cost: $0.25 (est.)')?.fields).toEqual({ cost_usd: '0.25' });
    expect(matchPatterns([p], 'cost: $0.25 (estX)')).toBeUndefined();
  });

  it('keep the text around an unanchored match in the event, and let a pattern name its own event', () => {
    const p = compilePattern({ pattern: 'id=(?<request_id>\\d+)' });
    expect(matchPatterns([p], 'GET done id=42 fast')?.event).toBe('GET done id={request_id} fast');
    const named = compilePattern({ pattern: 'id=(?<request_id>\\d+)', event: 'request_done' });
    expect(matchPatterns([named], 'GET done id=42')?.event).toBe('request_done');
  });

  it('apply the first pattern that matches, in order', () => {
    const a = compilePattern({ pattern: 'x=(?<a>\\d+)' });
    const b = compilePattern({ pattern: 'x=(?<b>\\d+)' });
    expect(matchPatterns([a, b], 'x=1')?.fields).toEqual({ a: '1' });
    expect(matchPatterns([a, b], 'y=1')).toBeUndefined();
  });

  it('refuse a regex without named captures, a broken regex, and a parse pattern whose names do not fit its *', () => {
    expect(() => compilePattern({ pattern: 'Workflow \\S+ done' })).toThrow(PatternError);
    expect(() => compilePattern({ pattern: 'Workflow (?<id>\\S+' })).toThrow(/a valid regular expression \(unterminated group\)/);
    expect(() => compilePattern({ pattern: 'parse "a * b *" as x' })).toThrow('2 field names after "as", one for each *');
    expect(() => compilePattern({ pattern: 'parse "no star" as x' })).toThrow('a parse pattern with at least one * to capture');
  });
});
