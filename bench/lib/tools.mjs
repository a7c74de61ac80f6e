// The peers come from Debian packages: find each one, install the missing ones with apt-get when
// allowed, and otherwise say clearly which peer is skipped and why.

import { spawnSync } from 'node:child_process';

const PACKAGES = { jq: 'jq', mlr: 'miller', lnav: 'lnav', '/usr/bin/time': 'time' };

export function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function version(command) {
  const flag = command === 'lnav' ? '-V' : '--version';
  const out = spawnSync(command, [flag], { encoding: 'utf8' });
  return (out.stdout || out.stderr || '').trim().split('\n')[0];
}

/** Returns a map command -> null (available) or a reason it is skipped. */
export function ensureTools(commands, { install }) {
  const missing = commands.filter((c) => !have(c));
  if (missing.length > 0 && install) {
    const packages = missing.map((c) => PACKAGES[c] ?? c);
    process.stderr.write(`installing with apt-get: ${packages.join(' ')}\n`);
    const result = spawnSync('sh', ['-c', `apt-get install -y -qq --no-install-recommends ${packages.join(' ')} || (apt-get update -qq && apt-get install -y -qq --no-install-recommends ${packages.join(' ')})`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) process.stderr.write(`apt-get failed: ${result.stderr.toString().trim().split('\n').pop()}\n`);
  }
  const status = {};
  for (const c of commands) {
    status[c] = have(c) ? null : install ? `${c} is not installed and apt-get could not install ${PACKAGES[c] ?? c}` : `${c} is not installed (--no-install)`;
  }
  return status;
}
