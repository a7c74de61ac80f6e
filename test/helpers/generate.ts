// Test logs from the bench's generator (bench/generate.mjs), run as a child process.
//
// Node 20 can hang for ever at exit when a concurrent TurboFan compile waits for a garbage
// collection the exiting main thread never runs (nodejs/node#54918: main thread in
// NodePlatform::DrainTasks, workers in CollectionBarrier::AwaitCollectionBackground). It was seen
// here once, under two test suites at once, and the generator's hot loops make it likeliest there:
// --no-concurrent-recompilation keeps TurboFan on the main thread, and the timeout makes any other
// hang a failure rather than a stuck run.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** Writes `out` with `node bench/generate.mjs ARGS -o out`. */
export function generateLog(out: string, args: readonly string[]): void {
  execFileSync(process.execPath, ['--no-concurrent-recompilation', join(ROOT, 'bench', 'generate.mjs'), ...args, '-o', out], {
    stdio: 'ignore',
    timeout: 120_000,
  });
}
