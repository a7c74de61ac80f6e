// `check --json`: the CheckResult as is. `--baseline` reads this back, so its shape is a contract
// (versioned by `logmeter_check`).

import type { CheckResult } from '../evaluate.js';

export function renderJson(result: CheckResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

/**
 * A check that could not run (exit 2, 3 or 70): the same version key, status "error" and the
 * reason, so that `check --json > r.json && jq ...` or a script that always parses stdout finds
 * an object, not an empty file. It has no `rules`, so --baseline refuses it as a result.
 */
export function renderJsonError(reason: string): string {
  return JSON.stringify({ logmeter_check: 1, status: 'error', error: reason }, null, 2) + '\n';
}
