// A CheckResult with one of everything, built without a database: a pass, a failing group among
// passing ones, a warning, a no-data result, a window breach, and text that needs escaping.

import { checkResult, evaluateRule, type CheckResult } from '../../../src/check/evaluate.js';
import { BUCKET_COLUMN } from '../../../src/check/query.js';
import { parseRulesText } from '../../../src/check/rules-file.js';

export const RULES_YAML = `rules:
  - name: FewRecords
    expr: count > 7000
  - name: Latency
    expr: "p95(duration_ms) < 1000 where kind = 'llm_call' by model"
  - name: FileErrors
    expr: "error_rate < 0.05 where kind = 'file_op'"
    severity: warn
  - name: Budget
    expr: "sum(cost_usd) < 5 where model = 'gpt-4o'"
  - name: Quiet
    expr: "p99(duration_ms) < 10 where kind = 'metric'"
    on_no_data: warn
  - name: Sustained
    expr: error_rate < 0.1
    for: 2m
`;

export function sampleResult(): CheckResult {
  const specs = parseRulesText(RULES_YAML, 'ci/rules.yml');
  const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
  const data = [
    { groupColumns: [], overall: [{ value: 104, samples: 104 }] },
    {
      groupColumns: ['model'],
      overall: [
        { model: 'claude', value: 800.5, samples: 11 },
        // a model name with every character XML and GitHub commands care about
        { model: `gpt-4o <"&'>, 100%: x\ny`, value: 12342.1, samples: 14 },
      ],
    },
    { groupColumns: [], overall: [{ value: 0.10526, samples: 19 }] },
    { groupColumns: [], overall: [{ value: 0.1027, samples: 14 }] },
    { groupColumns: [], overall: [{ value: null, samples: 0 }] },
    {
      groupColumns: [],
      overall: [{ value: 0.3, samples: 30 }],
      buckets: [0, 1, 2].map((i) => ({ [BUCKET_COLUMN]: T0 + i * 60_000, value: i === 0 ? 0 : 0.45, samples: 10 })),
      range: { first: T0, last: T0 + 120_000 },
    },
  ];
  return checkResult(specs.map((spec, i) => evaluateRule(spec, data[i]!)));
}
