// Usage mistakes are said, not ignored: a mistyped or unknown command names itself (with the near
// one), -h is --help, a value that starts with a dash is a value (not -1 -h, the help), and the
// --follow-only options of check and summary are refused without it.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, runBinary, runInProcess } from '../helpers/cli.js';

const PINO = join(FIXTURES, 'pino.log');

describe('commands', () => {
  it('an unknown command is exit 2 naming it, with the near command when there is one', async () => {
    expect(await runInProcess(['foo', PINO])).toEqual({ code: 2, stdout: '', stderr: 'logmeter: unknown command "foo"; logmeter --help lists the commands\n' });
    expect(await runInProcess(['injest', PINO])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'logmeter: unknown command "injest" (did you mean ingest?); logmeter --help lists the commands\n',
    });
    expect((await runInProcess(['--debug', 'reprot', PINO])).stderr).toContain('unknown command "reprot" (did you mean report?)');
  });

  it('-h is --help, for logmeter and for a command', () => {
    // yargs prints help with console.log: the built binary, not main() in this process.
    const top = runBinary(['-h']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^logmeter <command> \[options\]/);
    const query = runBinary(['query', '-h']);
    expect(query.code).toBe(0);
    expect(query.stdout).toMatch(/^logmeter query \[name\] \[inputs\.\.\]/);
  });
});

describe('values that start with a dash and a digit', () => {
  it('are the value of the option before them, refused as that value, not read as -1 -h (help, exit 0)', async () => {
    const cases: [string[], string, string][] = [
      [['query', 'overview', PINO], '--since', '-1h'],
      [['query', 'overview', PINO], '--until', '-24h'],
      [['query', 'overview', PINO], '--now', '-1d'],
      [['query', 'rates', PINO], '--bucket', '-5m'],
      [['query', 'overview', PINO], '--top', '-3'],
      [['report', PINO, '-o', '-'], '--since', '-7d'],
      [['summary', PINO], '--window', '-15m'],
      [['check', PINO, '--assert', 'count > 1'], '--max-reject-ratio', '-0.5'],
    ];
    for (const [command, option, value] of cases) {
      const joined = await runInProcess([...command, '-q', `${option}=${value}`]);
      expect(joined.code, `${option}=${value}`).toBe(2);
      expect(joined.stderr).toMatch(/^logmeter: .*\n$/);
      expect(await runInProcess([...command, '-q', option, value]), `${option} ${value}`).toEqual(joined);
    }
  });

  it('are a usage error where no option takes them, and stay operands after --', async () => {
    expect(await runInProcess(['query', 'overview', PINO, '-q', '-1h'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'logmeter: -1h is not an option (none is named by a digit); give it after the option it is the value of, such as --since -1h\n',
    });
    expect((await runInProcess(['query', 'overview', PINO, '--quiet', '-2h'])).code).toBe(2);
    expect(await runInProcess(['query', 'overview', '-q', '--', '-1h'])).toEqual({ code: 2, stdout: '', stderr: 'logmeter: no such file or directory: -1h\n' });
  });
});

describe('options of --follow only', () => {
  it('check --window and --every without --follow are exit 2, as --webhook is', async () => {
    for (const flag of ['window', 'every']) {
      const r = await runInProcess(['check', PINO, '-q', `--${flag}`, '1m', '--assert', 'count > 1']);
      expect(r).toEqual({ code: 2, stdout: '', stderr: `logmeter: --${flag} applies to check --follow only; add --follow, or leave --${flag} out to read the whole log once\n` });
    }
  });

  it('summary --every without --follow is exit 2; --window still picks the last DURATION of the log', async () => {
    expect(await runInProcess(['summary', PINO, '-q', '--every', '2s'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'logmeter: --every applies to summary --follow only; add --follow, or leave --every out to read the whole log once\n',
    });
    expect((await runInProcess(['summary', PINO, '-q', '--window', '15m'])).code).toBe(0);
  });
});
