// End-to-end cases as data, one directory each under test/cases/: the real CLI (bin/logmeter) is
// run with `args` (one argument per line) from inside that directory, `stdin` piped in when the
// file exists, and its stdout, stderr and exit status must equal `stdout`, `stderr` and `exit`.
// Inputs a case reads sit beside it or come from test/fixtures by a relative path.
//
// A new case: a directory with `args` (and its inputs); then write what the CLI does with
//   LOGMETER_UPDATE_CASES=1 npx vitest run test/cases.test.ts
// and read the diff before committing it: the files are the expectation.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBinary } from './helpers/cli.js';

const CASES = fileURLToPath(new URL('./cases/', import.meta.url));
const UPDATE = process.env.LOGMETER_UPDATE_CASES === '1';
// What a developer's or CI's environment could otherwise change in the output.
const ENV = { NO_COLOR: '1', TZ: 'UTC', LOGMETER_DB: '', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', LOGMETER_LOG_LEVEL: '' };

describe('end-to-end cases (test/cases/)', () => {
  for (const name of readdirSync(CASES).sort()) {
    const dir = join(CASES, name);
    const file = (f: string) => join(dir, f);
    it(name.replaceAll('-', ' '), () => {
      const args = readFileSync(file('args'), 'utf8').split('\n').filter((line) => line !== '');
      const stdin = existsSync(file('stdin')) ? readFileSync(file('stdin')) : undefined;
      const result = runBinary(args, { cwd: dir, env: ENV, ...(stdin ? { stdin } : {}) });
      if (UPDATE) {
        writeFileSync(file('stdout'), result.stdout);
        writeFileSync(file('stderr'), result.stderr);
        writeFileSync(file('exit'), `${result.code}\n`);
        return;
      }
      expect(result.stderr, 'stderr').toBe(readFileSync(file('stderr'), 'utf8'));
      expect(result.stdout, 'stdout').toBe(readFileSync(file('stdout'), 'utf8'));
      expect(result.code, 'exit status').toBe(Number(readFileSync(file('exit'), 'utf8').trim()));
    });
  }
});
