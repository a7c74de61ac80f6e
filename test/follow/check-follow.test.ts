import { describe, expect, it } from 'vitest';
import { carryStates, stateChanges, type StateEntry } from '../../src/follow/check-follow.js';
import { ExitCode } from '../../src/errors.js';
import { runInProcess } from '../helpers/cli.js';

const entry = (state: StateEntry['state'], observed: number | null = 0.1): StateEntry => ({
  state,
  rule: 'HighErrorRate',
  expr: 'error_rate < 0.05',
  labels: { model: 'gpt-4o' },
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

  it('prints NO DATA at the first evaluation for a rule that has no data from the start, not silence', () => {
    expect(changes([], [['k', entry('nodata', null)]])).toEqual(['2026-03-02T10:00:00Z NO DATA  HighErrorRate{model=gpt-4o} no data (error)']);
    // Later, a key seen for the first time without data (a by-rule whose groups all left) adds nothing.
    expect(changes([['other', entry('ok')]], [['other', entry('ok')], ['k', entry('nodata', null)]])).toEqual([]);
  });

  it('prints RESOLVED when a rule that had no data holds again', () => {
    expect(changes([['k', entry('nodata', null)]], [['k', entry('ok', 0.01)]])).toEqual(['2026-03-02T10:00:00Z RESOLVED HighErrorRate{model=gpt-4o} 0.01 < 0.05 (error)']);
  });

  it('remembers a group that left the window, so its return is RESOLVED, and a group never seen that holds prints nothing', () => {
    const firing = new Map([['k', entry('firing')]]);
    const empty = new Map<string, StateEntry>([['other', entry('ok')]]);
    expect(stateChanges(firing, empty, at)).toEqual(['2026-03-02T10:00:00Z NO DATA  HighErrorRate{model=gpt-4o} no data (error)']);
    const remembered = carryStates(firing, empty);
    expect(remembered.get('k')?.state).toBe('nodata');
    const back = new Map([['other', entry('ok')], ['k', entry('ok', 0.01)], ['new', entry('ok', 0.02)]]);
    expect(stateChanges(remembered, back, at)).toEqual(['2026-03-02T10:00:00Z RESOLVED HighErrorRate{model=gpt-4o} 0.01 < 0.05 (error)']);
  });
});

describe('check --follow on stdin', () => {
  it('ends with exit 1 when stdin closes while a rule fails, as a check without --follow', async () => {
    const now = Date.now();
    const line = (i: number, level: string) => JSON.stringify({ time: new Date(now - 1000 + i).toISOString(), level, msg: 'm' });
    // 50 fine records, then 50 errors: an error rate of 0.5.
    const stdin = Array.from({ length: 100 }, (_, i) => line(i, i < 50 ? 'info' : 'error')).join('\n') + '\n';
    const r = await runInProcess(['check', '--follow', '--every', '100ms', '--assert', 'error_rate < 0.3'], { stdin });
    expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ FIRING {3}error_rate < 0\.3 0\.5 < 0\.3 \(error\)\n$/);
    expect(r.code).toBe(ExitCode.thresholdsFailed);
    expect(r.stderr).toBe('checking 1 rule every 100ms over the last 15m; Ctrl-C stops\nlogmeter: 1 of 1 checks failed\n');
  });
});
