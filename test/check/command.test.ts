// `logmeter check` end to end: every exit code, the outputs a CI reads, stdin, and validation
// before any input is read. Most cases run in-process; the child-process ones prove the real CLI.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { BIN, FIXTURES, runBinary, runBinaryStdinOpen, runInProcess } from '../helpers/cli.js';
import { checkCommand } from '../../src/commands/check.js';
import { ExitCode, InputError, ThresholdError, UsageError } from '../../src/errors.js';
import type { IO } from '../../src/cli/io.js';
import { databaseWith, logFile, tempDir } from './helpers.js';

const PINO = `${FIXTURES}pino.log`;
// pino.log: 104 records, 4 of 40 LLM calls and 2 of 19 file operations failed.
const PASSING = ['count == 104', "error_rate < 0.2 where kind = 'llm_call'"];

function rulesFile(yaml: string): string {
  return logFile(yaml, 'rules.yml');
}

describe('exit codes', () => {
  test('0 when every rule holds, with the table on stdout', async () => {
    const r = await runInProcess(['check', PINO, ...PASSING.flatMap((a) => ['--assert', a])]);
    expect(r.code).toBe(ExitCode.ok);
    expect(r.stdout).toContain('✓ pass  count == 104');
    expect(r.stdout).toContain('2 checks from 2 rules: 2 passed, 0 warnings, 0 failed');
    expect(r.stderr).toBe('');
  });

  test('1 when an error rule fails, saying how many on stderr', async () => {
    const r = await runInProcess(['check', PINO, '--assert', 'count > 7000', '--assert', 'count == 104']);
    expect(r.code).toBe(ExitCode.thresholdsFailed);
    expect(r.stdout).toMatch(/✗ fail\s+count > 7000\s+104\s+> 7,000\s+104/);
    expect(r.stderr).toBe('logmeter: 1 of 2 checks failed\n');
  });

  test('0 when only warn rules breach: reported, not failing', async () => {
    const file = rulesFile("rules:\n  - name: FileErrors\n    expr: error_rate < 0.05 where kind = 'file_op'\n    severity: warn\n");
    const r = await runInProcess(['check', PINO, '--rules', file]);
    expect(r.code).toBe(ExitCode.ok);
    expect(r.stdout).toMatch(/! warn\s+FileErrors\s+0\.1053\s+< 0\.05\s+19/);
  });

  test('1 when a by group fails, even if the others pass', async () => {
    const r = await runInProcess(['check', PINO, '--assert', "error_rate < 0.5 where kind = 'workflow' and duration_ms is not null by workflow"]);
    expect(r.code).toBe(ExitCode.thresholdsFailed);
    expect(r.stdout.match(/✓ pass/g)).toHaveLength(3);
    expect(r.stdout).toMatch(/✗ fail .* workflow=refactor\s+1\s+< 0\.5\s+1/);
  });

  test('1 when a percentile has no data: no data is not a pass', async () => {
    const r = await runInProcess(['check', PINO, '--assert', "p95(duration_ms) < 1000 where model = 'no-such-model'"]);
    expect(r.code).toBe(ExitCode.thresholdsFailed);
    expect(r.stdout).toContain('no data: nothing to measure (on_no_data: fail)');
  });

  test.each([
    [['check', PINO, '--assert', 'p95(duraton_ms) < 1000'], '--assert: unknown column duraton_ms; did you mean duration_ms?\n  p95(duraton_ms) < 1000\n      ^^^^^^^^^^'],
    [['check', PINO, '--assert', 'count ~ 5'], '--assert: expected a comparison: <, <=, >, >=, == or !=, found ~\n  count ~ 5\n        ^'],
    [['check', PINO, '--assert', 'error_rate < 0.05 wher kind = 1'], "--assert: expected where, by, or the end of the rule, found"],
    [['check', PINO], 'check needs --rules FILE or at least one --assert EXPR'],
    [['check', PINO, '--assert', "count < 1 where level = 'ERROR'"], "--assert: level is one of trace, debug, info, warn, error, fatal; did you mean 'error'?\n  count < 1 where level = 'ERROR'\n                          ^^^^^^^"],
    [['check', PINO, '--assert', "count < 1 where kind = 'llm-call'"], "--assert: kind is one of llm_call, request, file_op, workflow, session, metric, other; did you mean 'llm_call'?"],
    [['check', PINO, '--rules', 'no/such/rules.yml'], 'rules file not found: no/such/rules.yml'],
    [['check', PINO, '--assert', 'p95(duration_ms) < baseline * 1.2'], 'rule p95(duration_ms) < baseline * 1.2 compares with baseline; give --baseline FILE'],
    [['check', PINO, '--assert', 'count > 1', '--baseline', 'no/such.json'], 'baseline not found: no/such.json'],
    // yargs reads `--junit -` as an empty value, as it does `--junit ''`: neither may become the current directory
    [['check', PINO, '--assert', 'count > 1', '--junit', '-'], '--junit needs a file name (the JUnit XML is written there; --json prints the results on stdout)'],
    [['check', PINO, '--assert', 'count > 1', '--summary', '-'], '--summary needs a file name (the markdown summary is appended there)'],
    [['check', PINO, '--assert', 'count <= baseline', '--baseline', '-'], '--baseline needs a file name'],
    [['check', PINO, '--assert', 'count <= baseline', '--baseline', ''], '--baseline needs a file name'],
    [['check', PINO, '--assert', 'count > 1', '--rules'], '--rules needs a file name (a YAML or JSON rules file)'],
    [['check', PINO, '--follow', '--assert', 'count > 1', '--junit', 'j.xml'], '--follow prints state changes as they happen and never finishes a check; --junit needs one: run without --follow'],
    [['check', PINO, '--follow', '--assert', 'count > 1', '--json'], '--follow prints state changes as they happen and never finishes a check; --json needs one'],
  ])('2 for a usage error: %j', async (args, message) => {
    const r = await runInProcess(args);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr.startsWith(`logmeter: ${message}`)).toBe(true);
    expect(r.stdout).toBe('');
  });

  test('budget_remaining reads --budget: exit 0 within it, 1 past it, 2 without one', async () => {
    const assert = ['--assert', 'budget_remaining >= 0'];
    expect((await runInProcess(['check', PINO, ...assert, '--budget', '1000USD/day'])).code).toBe(ExitCode.ok);
    const over = await runInProcess(['check', PINO, ...assert, '--budget', '0.01USD/day']);
    expect(over.code).toBe(ExitCode.thresholdsFailed);
    expect(over.stdout).toMatch(/✗ fail\s+budget_remaining >= 0\s+-0\.\d+\s+>= 0/);
    const none = await runInProcess(['check', PINO, ...assert]);
    expect(none.code).toBe(ExitCode.usage);
    expect((await runInProcess(['check', PINO, ...assert, '--budget', 'a lot'])).code).toBe(ExitCode.usage);
  });

  test('2 for a rules file mistake, naming the file and line', async () => {
    const file = rulesFile("rules:\n  - name: Slow\n    expr: p95(duration_ms) < 1000 where kind == llm_call\n");
    const r = await runInProcess(['check', PINO, '--rules', file]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toBe(
      `logmeter: ${file}:3: rule Slow: expected a value, found the name llm_call; quote text: 'llm_call'\n  p95(duration_ms) < 1000 where kind == llm_call\n                                        ^^^^^^^^\n`,
    );
  });

  test('2 for an invalid regular expression in a rules file, naming the file and line of its expr', async () => {
    const file = rulesFile("rules:\n  - name: Slow\n    expr: p95(duration_ms) < 1000 where model ~ '(?P<x'\n");
    const r = await runInProcess(['check', PINO, '--rules', file]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toBe(
      `logmeter: ${file}:3: rule Slow: not a regular expression DuckDB can run (RE2 syntax): invalid named capture group: (?P<x\n  p95(duration_ms) < 1000 where model ~ '(?P<x'\n                                        ^^^^^^^\n`,
    );
  });

  test('3 when no record can be read', async () => {
    const r = await runInProcess(['check', '--assert', 'count > 0'], { stdin: 'garbage\nmore garbage\n' });
    expect(r.code).toBe(ExitCode.unusableInput);
    expect(r.stderr).toBe('logmeter: no records could be read from 2 lines (exit 3): rejected as 2 no_match\n');
  });

  test('3 when --max-reject-ratio is exceeded', async () => {
    const r = await runInProcess(['check', '--assert', 'count > 0', '--max-reject-ratio', '0.1'], { stdin: '{"msg":"ok"}\ngarbage\n' });
    expect(r.code).toBe(ExitCode.unusableInput);
  });

  test('3 for a database with no records', async () => {
    const file = join(tempDir(), 'empty.duckdb');
    (await databaseWith([], file)).close();
    const r = await runInProcess(['check', '--db', file, '--assert', 'count > 0']);
    expect(r.code).toBe(ExitCode.unusableInput);
    expect(r.stderr).toContain('has no records to check');
  });

  test('the command throws typed errors and never exits itself', async () => {
    const io = (): IO => ({ stdin: Readable.from([]), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: process.cwd() });
    const base = { inputs: [PINO], rules: [], asserts: [] as string[] };
    await expect(checkCommand({ ...base, asserts: ['count > 7000'] }, io())).rejects.toBeInstanceOf(ThresholdError);
    await expect(checkCommand({ ...base, asserts: ['count >'] }, io())).rejects.toBeInstanceOf(UsageError);
    await expect(checkCommand({ inputs: [logFile('junk\n')], rules: [], asserts: ['count > 0'] }, io())).rejects.toBeInstanceOf(InputError);
    const result = await checkCommand({ ...base, asserts: ['count == 104'] }, io());
    expect(result.status).toBe('pass');
  });
});

describe('outputs', () => {
  test('--json prints the same results as JSON on stdout', async () => {
    const r = await runInProcess(['check', PINO, '--json', '--assert', "p95(duration_ms) < 1000 where kind = 'llm_call' by model"]);
    expect(r.code).toBe(ExitCode.thresholdsFailed);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ logmeter_check: 1, status: 'fail', counts: { rules: 1, checks: 4, failed: 4 } });
    expect(json.rules[0].results[0]).toMatchObject({ group: { model: 'acme-llm-1' }, status: 'fail', op: '<', threshold: 1000, samples: 2 });
  });

  test('--junit FILE writes JUnit XML even when the check fails', async () => {
    const file = join(tempDir(), 'reports', 'junit.xml');
    const r = await runInProcess(['check', PINO, '--junit', file, '--assert', 'count > 7000', '--assert', "error_rate < 0.5 by kind"]);
    expect(r.code).toBe(ExitCode.thresholdsFailed);
    const xml = readFileSync(file, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testcase' }).parse(xml);
    const cases = parsed.testsuites.testsuite.testcase as { '@_name': string; failure?: unknown }[];
    // one for count, one per kind (7 kinds)
    expect(cases).toHaveLength(8);
    expect(cases.filter((c) => c.failure)).toHaveLength(1);
    expect(cases.map((c) => c['@_name'])).toContain('error_rate < 0.5 by kind [kind=llm_call]');
  });

  test('under GITHUB_ACTIONS: annotations on stdout and a markdown summary in $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(tempDir(), 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const file = rulesFile("rules:\n  - name: Many\n    expr: count > 7000\n  - name: FileErrors\n    expr: error_rate < 0.05 where kind = 'file_op'\n    severity: warn\n");
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dirname(dirname(file)) };
    const r = await runInProcess(['check', PINO, '--rules', file], { env });
    expect(r.code).toBe(ExitCode.thresholdsFailed);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    // the rules file, relative to the checkout so that GitHub can attach the annotation to it
    const shown = `${basename(dirname(file))}/rules.yml`;
    expect(commands).toEqual([
      `::error file=${shown},line=2,title=logmeter check%3A Many::count > 7000: 104, must be > 7,000 (104 samples)`,
      `::warning file=${shown},line=4,title=logmeter check%3A FileErrors::error_rate < 0.05 where kind = 'file_op': 0.1053, must be < 0.05 (19 samples)`,
    ]);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n### ❌ logmeter check: fail\n')).toBe(true);
    expect(md).toContain('| ❌ | Many |  | 104 | > 7,000 | 104 |  |');
    expect(md).toContain('| ⚠️ | FileErrors |');
  });

  test('without GITHUB_ACTIONS there are no annotations and no summary', async () => {
    const summary = join(tempDir(), 'step-summary.md');
    const r = await runInProcess(['check', PINO, '--assert', 'count > 7000'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.stdout).not.toContain('::error');
    expect(() => readFileSync(summary)).toThrow();
  });

  test('with --json under GITHUB_ACTIONS, annotations go to stderr so stdout stays JSON', async () => {
    const r = await runInProcess(['check', PINO, '--json', '--assert', 'count > 7000'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toContain('::error title=logmeter check%3A count > 7000::count > 7000: 104, must be > 7,000');
  });

  test('a check that cannot run (exit 3) rewrites an earlier passing --junit file with one errored testcase', async () => {
    const dir = tempDir();
    const junit = join(dir, 'junit.xml');
    const summary = join(dir, 'summary.md');
    expect((await runInProcess(['check', PINO, '--assert', 'count > 1', '--junit', junit, '--summary', summary])).code).toBe(ExitCode.ok);
    const r = await runInProcess(['check', logFile(''), '--assert', 'count > 1', '--junit', junit, '--summary', summary]);
    expect(r.code).toBe(ExitCode.unusableInput);
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testcase' }).parse(xml).testsuites.testsuite;
    expect(suite).toMatchObject({ '@_tests': '1', '@_failures': '0', '@_errors': '1' });
    expect(suite.testcase).toEqual([
      {
        '@_classname': 'logmeter.check',
        '@_name': 'logmeter check could not run',
        '@_time': '0',
        error: { '#text': 'no input: nothing was read (exit 3)', '@_message': 'no input: nothing was read (exit 3)', '@_type': 'input' },
      },
    ]);
    // The summary is appended to (a step summary holds every step): its last section says error.
    const md = readFileSync(summary, 'utf8');
    expect(md.indexOf('### ✅ logmeter check: pass')).toBeLessThan(md.indexOf('### ❌ logmeter check: error'));
    expect(md.endsWith('### ❌ logmeter check: error\n\nlogmeter check could not run:\n\n```\nno input: nothing was read (exit 3)\n```\n\n')).toBe(true);
  });

  test('a usage error (exit 2) writes the error, caret and all, into the --junit file', async () => {
    const junit = join(tempDir(), 'junit.xml');
    const r = await runInProcess(['check', PINO, '--assert', "count < 1 where level = 'ERROR'", '--junit', junit]);
    expect(r.code).toBe(ExitCode.usage);
    const error = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(junit, 'utf8')).testsuites.testsuite.testcase.error;
    expect(error['@_type']).toBe('usage');
    expect(error['@_message']).toBe("--assert: level is one of trace, debug, info, warn, error, fatal; did you mean 'error'?");
    expect(error['#text']).toContain("count < 1 where level = 'ERROR'");
  });

  test('--json still prints an object when the check cannot run (exit 3), with the error, and --baseline refuses it', async () => {
    const r = await runInProcess(['check', logFile(''), '--assert', 'count > 1', '--json']);
    expect(r.code).toBe(ExitCode.unusableInput);
    expect(JSON.parse(r.stdout)).toEqual({ logmeter_check: 1, status: 'error', error: 'no input: nothing was read (exit 3)' });
    expect(r.stderr).toBe('logmeter: no input: nothing was read (exit 3)\n');
    const baseline = logFile(r.stdout, 'r.json');
    const again = await runInProcess(['check', PINO, '--assert', 'count < baseline * 2', '--baseline', baseline]);
    expect(again.code).toBe(ExitCode.usage);
    // It is a check result, of a check that measured nothing: said so, with the reason it could not run.
    expect(again.stderr).toBe(
      `logmeter: baseline ${baseline} is the result of a check that could not run (no input: nothing was read (exit 3)); it measured nothing to compare with: give the result of a check that ran, or a database\n`,
    );
  });

  test('--json with a usage error (exit 2) prints the error, caret and all', async () => {
    const r = await runInProcess(['check', PINO, '--assert', 'count >', '--json']);
    expect(r.code).toBe(ExitCode.usage);
    const out = JSON.parse(r.stdout) as { status: string; error: string };
    expect(out.status).toBe('error');
    expect(out.error.split('\n')).toEqual(['--assert: expected a number or baseline after >, found the end of the expression', '  count >', '         ^']);
  });

  test('under GITHUB_ACTIONS, a check that cannot run (exit 3) is an ::error annotation: on stdout, or on stderr with --json', async () => {
    const env = { GITHUB_ACTIONS: 'true' };
    const plain = await runInProcess(['check', logFile(''), '--assert', 'count > 1'], { env });
    expect(plain.code).toBe(ExitCode.unusableInput);
    expect(plain.stdout).toBe('::error title=logmeter check could not run::no input: nothing was read (exit 3)\n');
    const json = await runInProcess(['check', logFile(''), '--assert', 'count > 1', '--json'], { env });
    expect(JSON.parse(json.stdout).status).toBe('error');
    expect(json.stderr).toContain('::error title=logmeter check could not run::no input: nothing was read (exit 3)\n');
    const usage = await runInProcess(['check', PINO, '--assert', 'count >'], { env });
    expect(usage.stdout).toBe('::error title=logmeter check could not run::--assert: expected a number or baseline after >, found the end of the expression%0A  count >%0A         ^\n');
  });

  test('--summary FILE appends the markdown summary anywhere', async () => {
    const summary = join(tempDir(), 'summary.md');
    const r = await runInProcess(['check', PINO, '--summary', summary, '--assert', 'count == 104']);
    expect(r.code).toBe(ExitCode.ok);
    expect(readFileSync(summary, 'utf8')).toContain('### ✅ logmeter check: pass');
  });
});

describe('groups by day', () => {
  test('are calendar dates, in the table and in --json', async () => {
    const table = await runInProcess(['check', PINO, '--assert', 'count > 0 by day']);
    expect(table.stdout).toMatch(/count > 0 by day +day=\d{4}-\d\d-\d\d +\d/);
    const json = await runInProcess(['check', PINO, '--assert', 'count > 0 by day', '--json']);
    const groups = (JSON.parse(json.stdout) as { rules: { results: { group: Record<string, unknown> }[] }[] }).rules[0]?.results.map((r) => r.group);
    expect(groups?.length).toBeGreaterThan(0);
    for (const group of groups ?? []) expect(group.day).toMatch(/^\d{4}-\d\d-\d\d$/);
  });
});

describe('a workflow type logged only on the start record', () => {
  // Three runs; the type is on each start record only. bug_fix: 1 of 2 failed; code_review: 0 of 1.
  const lines = [
    { time: 1772445600000, msg: 'workflow started', workflow_id: 'wf_a', workflow_type: 'bug_fix' },
    { time: 1772445660000, level: 50, msg: 'workflow failed', workflow_id: 'wf_a', status: 'failed', duration_ms: 60000 },
    { time: 1772445700000, msg: 'workflow started', workflow_id: 'wf_b', workflow_type: 'bug_fix' },
    { time: 1772445760000, msg: 'workflow completed', workflow_id: 'wf_b', status: 'succeeded', duration_ms: 60000 },
    { time: 1772445800000, msg: 'workflow started', workflow_id: 'wf_c', workflow_type: 'code_review' },
    { time: 1772445830000, msg: 'workflow completed', workflow_id: 'wf_c', status: 'succeeded', duration_ms: 30000 },
  ];
  const runs = "where kind = 'workflow' and duration_ms is not null";

  test('is the type of every record of the run, in by and where, as in the rollups', async () => {
    const log = logFile(lines.map((l) => JSON.stringify(l)).join('\n') + '\n', 'runs.log');
    const r = await runInProcess(['check', log, '--json', '--assert', `error_rate <= 0.1 ${runs} by workflow`, '--assert', `count == 2 ${runs} and workflow = 'bug_fix'`]);
    const [byType, bugFix] = (JSON.parse(r.stdout) as { rules: { results: { group: Record<string, unknown>; observed: number; samples: number }[] }[] }).rules;
    expect(byType?.results.map((x) => [x.group.workflow, x.observed, x.samples])).toEqual([
      ['bug_fix', 0.5, 2],
      ['code_review', 0, 1],
    ]);
    expect(bugFix?.results[0]).toMatchObject({ observed: 2, samples: 2 });
  });
});

describe('the real CLI', () => {
  test('cat run.log | logmeter check --assert ... reads stdin', () => {
    const r = runBinary(['check', '--assert', 'count == 104', '--assert', "error_rate < 0.05 where kind = 'file_op'"], {
      stdin: readFileSync(PINO),
    });
    expect(r.code).toBe(ExitCode.thresholdsFailed);
    expect(r.stdout).toMatch(/✓ pass\s+count == 104/);
    expect(r.stdout).toMatch(/✗ fail\s+error_rate < 0.05 where kind = 'file_op'\s+0\.1053/);
    expect(r.stderr).toBe('logmeter: 1 of 2 checks failed\n');
  });

  test('through a shell pipe, exactly as a CI step writes it', () => {
    const r = shell(`cat '${PINO}' | '${process.execPath}' '${BIN}' check --assert 'count == 104'`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 check from 1 rule: 1 passed, 0 warnings, 0 failed');
  });

  test('a bad rule exits 2 before reading any input: stdin left open does not block it', async () => {
    const { code, stderr } = await runBinaryStdinOpen(['check', '--assert', 'p95(duration_ms) < 1000 where modle = 1']);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toBe(
      'logmeter: --assert: unknown column modle; did you mean model?\n  p95(duration_ms) < 1000 where modle = 1\n                                ^^^^^\n',
    );
  });

  test('an invalid regular expression in a rule is exit 2 with a caret, before reading any input', async () => {
    const { code, stderr } = await runBinaryStdinOpen(['check', '--assert', "p95(duration_ms) < 1000 where model ~ '['"]);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toBe(
      "logmeter: --assert: not a regular expression DuckDB can run (RE2 syntax): missing ]: [\n  p95(duration_ms) < 1000 where model ~ '['\n                                        ^^^\n",
    );
  });

  test('exit 3 from the real CLI on unusable stdin', () => {
    const r = runBinary(['check', '--assert', 'count > 0'], { stdin: '\u0000\u0001binary junk\n' });
    expect(r.code).toBe(ExitCode.unusableInput);
  });
});

function shell(command: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('/bin/sh', ['-c', command]);
  return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
