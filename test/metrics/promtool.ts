// Runs the real `promtool check metrics` (Debian package `prometheus`) over exposition text.
// Tests that need it skip, saying so, only when promtool is not installed.

import { spawnSync } from 'node:child_process';

export const PROMTOOL = findPromtool();

function findPromtool(): string | undefined {
  const r = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'promtool' : undefined;
}

export const PROMTOOL_MISSING =
  'promtool is not installed (apt-get install -y prometheus): the exposition is not validated by the real Prometheus linter';

export function promtoolCheck(text: string): { code: number; output: string } {
  const r = spawnSync(PROMTOOL ?? 'promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}
