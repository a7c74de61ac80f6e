// Vitest's global setup: the tests that run the CLI as a process run bin/logmeter, which runs the
// bundle of dist/ (bundle.mjs). Rebundling first means they run what tsc last compiled, even when
// only `tsc` ran since the last `npm run build`.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../bundle.mjs', import.meta.url))], { stdio: 'inherit' });
}
