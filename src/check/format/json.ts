// `check --json`: the CheckResult as is. `--baseline` reads this back, so its shape is a contract
// (versioned by `logmeter_check`).

import type { CheckResult } from '../evaluate.js';

export function renderJson(result: CheckResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
