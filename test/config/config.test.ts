// logmeter.yml: parsed and validated against its schema; every mistake names its line and column
// and says what was expected there. A valid file normalises into what the ingest pipeline takes.

import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigIssue } from '../../src/config/config.js';

function issues(yaml: string): ConfigIssue[] {
  const result = parseConfig(yaml);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('a valid configuration', () => {
  it('normalises aliases to snake_case key paths, and maps ok to its slot', () => {
    const result = parseConfig(['aliases:', '  tokens_in: usage.promptTokens', '  ok: [succeeded, Passed]', '  duration_s: elapsedSeconds'].join('\n'));
    expect(result.ok && result.config.aliases).toEqual({ tokens_in: ['usage.prompt_tokens'], success: ['succeeded', 'passed'], duration_s: ['elapsed_seconds'] });
  });

  it('keeps units, event names for kinds and ops (lower case), the time zone and compiled patterns', () => {
    const result = parseConfig(
      [
        'version: 1',
        'timezone: Europe/Paris',
        'units: {response_time: s, responseTimeUs: us}',
        'kinds:',
        '  workflow: [Pipeline_Run, job_finished]',
        'ops:',
        '  write: save_file',
        'patterns:',
        '  - parse "Workflow * completed successfully in *s" as workflow_id, duration_s',
        '  - pattern: "job (?<workflow_id>\\\\S+) failed"',
        '    kind: workflow',
        '    event: job_failed',
        '    set: {success: false}',
      ].join('\n'),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { config } = result;
    expect(config.timeZone).toBe('Europe/Paris');
    expect(config.units).toEqual({ response_time: 's', response_time_us: 'us' });
    expect(config.kinds).toEqual({ pipeline_run: 'workflow', job_finished: 'workflow' });
    expect(config.ops).toEqual({ save_file: 'write' });
    expect(config.patterns.map((p) => [p.source, p.kind, p.event, p.set])).toEqual([
      ['parse "Workflow * completed successfully in *s" as workflow_id, duration_s', undefined, undefined, undefined],
      ['job (?<workflow_id>\\S+) failed', 'workflow', 'job_failed', { success: false }],
    ]);
  });

  it('may be empty, or hold only comments', () => {
    expect(parseConfig('').ok).toBe(true);
    expect(parseConfig('# nothing yet\n').ok).toBe(true);
  });
});

describe('a mistake in the configuration', () => {
  it('names the line and column of an unknown key and lists the keys it expected', () => {
    const [issue, ...more] = issues('version: 1\nalias:\n  model: llm\n');
    expect(more).toEqual([]);
    expect(issue).toMatchObject({ line: 2, column: 1, path: 'alias', found: '"alias"' });
    expect(issue?.expected).toMatch(/^one of the keys version, timezone, date_order, aliases, kinds, ops, units, patterns\b/);
  });

  it('reports every mistake at once, each where it is', () => {
    const found = issues(
      [
        'timezone: Mars/Olympus',
        'aliases:',
        '  latency: took',
        '  tokens_in: [usage.in, 5]',
        'kinds:',
        '  workflows: [pipeline_run]',
        'units:',
        '  elapsed: minutes',
        'patterns:',
        "  - 'no captures here'",
        '  - {kind: workflow}',
      ].join('\n'),
    );
    expect(found.map((i) => [i.line, i.column, i.path, i.found])).toEqual([
      [1, 11, 'timezone', '"Mars/Olympus"'],
      [3, 3, 'aliases.latency', '"latency"'],
      [4, 25, 'aliases.tokens_in[1]', 'the number 5'],
      [6, 3, 'kinds.workflows', '"workflows"'],
      [8, 12, 'units.elapsed', '"minutes"'],
      [10, 5, 'patterns[0]', '"no captures here"'],
      [11, 5, 'patterns[1].pattern', 'none'],
    ]);
    expect(found[0]?.expected).toBe('an IANA time zone such as UTC or Europe/Paris');
    expect(found[3]?.expected).toBe('a kind: llm_call, request, file_op, workflow, session, metric, other');
    expect(found[4]?.expected).toBe('a unit: ms, s, us, ns');
  });

  it('refuses an event name listed under two kinds or ops', () => {
    expect(issues('kinds:\n  workflow: [run]\nops:\n  write: [Run]\n')).toEqual([
      { line: 4, column: 11, path: 'ops.write[0]', expected: 'each event name under one kind or op only', found: '"Run"' },
    ]);
  });

  it('says where YAML itself is broken', () => {
    const [issue] = issues('patterns:\n  - [unclosed\n');
    expect(issue).toMatchObject({ line: 3, path: '', expected: 'valid YAML' });
  });

  it('expects a mapping at the top', () => {
    const [issue] = issues('- a\n- b\n');
    expect(issue).toMatchObject({ line: 1, column: 1, path: '', found: 'a list' });
    expect(issue?.expected).toMatch(/^a mapping with version, timezone, date_order, aliases, kinds, ops, units, patterns\b/);
  });
});
