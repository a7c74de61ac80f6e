// The benchmark tasks and, for each, logmeter's command and its peers' commands doing the same job
// on the same file. Every command is a shell line (GNU time measures the whole pipeline) plus a
// function that reads its answer, so the table can say whether each tool got the right one.

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sh } from './measure.mjs';

const BENCH = new URL('..', import.meta.url).pathname;
export const RULE = "p95(duration_ms) < 1000 where kind = 'llm_call'";

/** lnav: nearest ranks interpolated in SQL (its SQLite has no percentile function). */
const LNAV_P95 =
  ';WITH v AS (SELECT latency_ms AS x FROM pino_log WHERE model IS NOT NULL AND latency_ms IS NOT NULL),' +
  ' r AS (SELECT x, row_number() OVER (ORDER BY x) - 1 AS i, count(*) OVER () AS n FROM v)' +
  ' SELECT printf("%.6f", min(x) + (max(x) - min(x)) * ((n - 1) * 0.95 - CAST((n - 1) * 0.95 AS INTEGER))) AS p95' +
  ' FROM r WHERE i IN (CAST((n - 1) * 0.95 AS INTEGER), CAST((n - 1) * 0.95 AS INTEGER) + 1)';

/** The last number a peer printed (Miller prints JSON, the others a bare value). */
const number = (text) => {
  const matches = text.match(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi);
  return matches ? Number(matches[matches.length - 1]) : NaN;
};

/**
 * The tasks for one data set. `logmeter` is the command prefix (node + bin path); `tmp` a scratch
 * directory. Each task: id, title, the logmeter run, its baseline peer, and the other peers.
 */
export function tasks({ data, logmeter, tmp, clean }) {
  const file = sh(data.path);
  const expectedP95 = data.summary.llm_latency_ms_p95;
  const checkAnswer = (out) => {
    try {
      return JSON.parse(out).rules[0].results[0].observed;
    } catch {
      return NaN;
    }
  };
  const db = join(tmp, 'bench.duckdb');
  const resetDb = () => {
    for (const f of [db, `${db}.wal`]) if (existsSync(f)) rmSync(f);
  };
  const p95Peers = [
    { tool: 'duckdb', label: 'DuckDB alone (read_json_auto + quantile_cont)', script: `node ${sh(join(BENCH, 'peers/duckdb.mjs'))} p95 ${file}`, answer: number },
    { tool: 'jq', label: 'jq 1.6 (-nR, fromjson?, sort)', needs: 'jq', slow: true, script: `jq -nR -f ${sh(join(BENCH, 'peers/p95.jq'))} ${file}`, answer: number },
    {
      tool: 'mlr',
      label: 'Miller 6 (stats1 -i -a p95), on a copy without malformed lines',
      needs: 'mlr',
      slow: true,
      prepare: clean,
      script: (cleanPath) => `mlr --ijson --ojson filter 'is_present($model) && is_present($latency_ms)' then stats1 -i -a p95 -f latency_ms ${sh(cleanPath)}`,
      answer: number,
    },
    {
      tool: 'lnav',
      label: 'lnav 0.11 (pino format file, SQL)',
      needs: 'lnav',
      slow: true,
      script: `lnav -I ${sh(join(BENCH, 'peers/lnav'))} -n -c ${sh(LNAV_P95)} ${file}`,
      answer: number,
    },
  ];
  return [
    {
      id: 'a',
      title: `cat | logmeter check --assert "${RULE}"`,
      expected: expectedP95,
      logmeter: { tool: 'logmeter', label: 'logmeter check (stdin)', script: `cat ${file} | ${logmeter} check --assert ${sh(RULE)} --json`, okExits: [0, 1], answer: checkAnswer },
      peers: p95Peers,
    },
    {
      id: 'a2',
      title: `logmeter check FILE --assert "${RULE}" (file argument)`,
      expected: expectedP95,
      logmeter: { tool: 'logmeter', label: 'logmeter check (file)', script: `${logmeter} check ${file} --assert ${sh(RULE)} --json`, okExits: [0, 1], answer: checkAnswer },
      peers: [p95Peers[0]],
    },
    {
      id: 'b',
      title: 'logmeter ingest FILE --db FILE',
      expected: data.summary.records,
      logmeter: {
        tool: 'logmeter',
        label: 'logmeter ingest --db',
        before: resetDb,
        script: `${logmeter} ingest ${file} --db ${sh(db)} --json -q`,
        answer: (out) => {
          try {
            return JSON.parse(out).records;
          } catch {
            return NaN;
          }
        },
      },
      peers: [
        {
          tool: 'duckdb',
          label: 'DuckDB alone (CREATE TABLE AS read_json_auto)',
          before: resetDb,
          script: `node ${sh(join(BENCH, 'peers/duckdb.mjs'))} load ${file} ${sh(db)}`,
          answer: number,
        },
      ],
    },
    {
      id: 'c',
      title: 'logmeter report FILE',
      needsCommand: 'report',
      logmeter: { tool: 'logmeter', label: 'logmeter report', script: `${logmeter} report ${file} -o ${sh(join(tmp, 'report.html'))} -q` },
      peers: [],
    },
  ];
}
