// bin/logmeter runs the CLI whatever it is called: a symlink such as ~/bin/lm must not silently do
// nothing and exit 0 (a cron line `lm ingest ... && lm report ...` would "succeed").

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-entry-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the entry point', () => {
  it('runs the CLI through a symlink under any name', () => {
    for (const name of ['lm', 'logmeter.mjs', 'logmeter-dev', 'my-logmeter']) {
      const link = join(dir, name);
      symlinkSync(BIN, link);
      const version = spawnSync(link, ['--version'], { encoding: 'utf8', cwd: dir });
      expect([name, version.status, version.stdout.trim()]).toEqual([name, 0, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
      const query = spawnSync(link, ['query', '-q', '-F', 'csv', '--sql', 'SELECT count(*) AS n FROM events', join(FIXTURES, 'pino.log')], { encoding: 'utf8', cwd: dir });
      expect([name, query.status, query.stdout]).toEqual([name, 0, 'n\n104\n']);
    }
  });

  it('in a checkout that was never built: one line saying how to build it, exit 2, no stack trace', () => {
    // bin/logmeter as a fresh clone has it: dist/ is not committed.
    const clone = join(dir, 'clone');
    mkdirSync(join(clone, 'bin'), { recursive: true });
    copyFileSync(BIN, join(clone, 'bin', 'logmeter'));
    writeFileSync(join(clone, 'package.json'), '{"type": "module"}\n');
    const r = spawnSync(process.execPath, [join(clone, 'bin', 'logmeter'), 'report', 'examples/sample.log', '-o', 'report.html'], { encoding: 'utf8', cwd: clone });
    expect(r.stderr).toBe('logmeter: logmeter is not built: run `npm ci` (or `npm run build`)\n');
    expect(r.status).toBe(2);
  });

  it('importing the CLI module (tests, benchmarks) runs nothing', async () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import(${JSON.stringify(new URL('../../dist/cli/main.js', import.meta.url).href)}).then(() => console.log('imported'))`], {
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('imported\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
