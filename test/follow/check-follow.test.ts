import { describe, expect, it } from 'vitest';
import { stateChanges, type StateEntry } from '../../src/follow/check-follow.js';

const entry = (state: StateEntry['state'], observed: number | null = 0.1): StateEntry => ({
  state,
  rule: 'HighErrorRate',
  group: '{model=gpt-4o}',
  observed,
  op: '<',
  threshold: 0.05,
  severity: 'error',
});
const at = '2026-03-02T10:00:00Z';
const changes = (before: [string, StateEntry][], after: [string, StateEntry][]) => stateChanges(new Map(before), new Map(after), at);

describe('check --follow state changes', () => {
  it('prints FIRING when a rule starts to breach, and nothing while it keeps breaching', () => {
    expect(changes([], [['k', entry('firing', 0.12)]])).toEqual(['2026-03-02T10:00:00Z FIRING   HighErrorRate{model=gpt-4o} 0.12 < 0.05 (error)']);
    expect(changes([['k', entry('firing')]], [['k', entry('firing')]])).toEqual([]);
  });

  it('prints RESOLVED when a breaching rule holds again, and nothing for a rule that starts out fine', () => {
    expect(changes([['k', entry('firing')]], [['k', entry('ok', 0.01)]])).toEqual(['2026-03-02T10:00:00Z RESOLVED HighErrorRate{model=gpt-4o} 0.01 < 0.05 (error)']);
    expect(changes([], [['k', entry('ok')]])).toEqual([]);
  });

  it('prints NO DATA when a group has nothing left in the window', () => {
    expect(changes([['k', entry('ok')]], [])).toEqual(['2026-03-02T10:00:00Z NO DATA  HighErrorRate{model=gpt-4o} no data (error)']);
  });
});
