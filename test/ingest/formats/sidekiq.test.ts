// Sidekiq's default log format (its Pretty formatter), as real output of Sidekiq 6.4's JobLogger
// (test/fixtures/loggers/sidekiq-jobs.log from test/fixtures/gen/more_loggers/sidekiq_jobs.rb), and
// lines that look like it but are plain logfmt. Every value is read by hand from the lines.

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { accountedLogReader } from './helpers.js';
import { runInProcess } from '../../helpers/cli.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));
const read = accountedLogReader(LOGGERS, 'logmeter-sidekiq-');
const COLUMNS = "line, ts, level, kind, duration_ms, ok, model, tokens_in, event, workflow, workflow_id, attrs->>'class' AS job, attrs->>'jid' AS jid";

describe("Sidekiq's Pretty formatter", () => {
  it('reads each job as a workflow run: start, its own lines (their pairs as fields), then done or fail with its elapsed seconds as the duration', async () => {
    const r = await read('sidekiq-jobs.log', COLUMNS);
    expect(r).toMatchObject({ format: 'logfmt', lines: 6, records: 6, rejects: 0 });
    // The job's class is the workflow, its jid the run's id, on the job's own lines too.
    const hard = { job: 'HardJob', jid: 'b4a577edbccf1d805744efa9', workflow: 'HardJob', workflow_id: 'b4a577edbccf1d805744efa9' };
    const llm = { job: 'LlmJob', jid: 'c5d2e1f0a9b8c7d6e5f4a3b2', workflow: 'LlmJob', workflow_id: 'c5d2e1f0a9b8c7d6e5f4a3b2' };
    const line = (n: number, ts: string, event: string, job: Record<string, string>, more: Record<string, unknown> = {}) => ({
      line: n, ts, level: 'info', kind: 'workflow', duration_ms: null, ok: true, model: null, tokens_in: null, event, ...job, ...more,
    });
    expect(r.rows).toEqual([
      line(1, '2026-03-02T10:00:00.250Z', 'start', hard),
      line(2, '2026-03-02T10:00:00.250Z', 'calling model', hard, { kind: 'llm_call', model: 'gpt-4o', tokens_in: 120 }),
      // elapsed=1.235 (seconds, rounded by Sidekiq from the job's 1234.5 ms).
      line(3, '2026-03-02T10:00:01.484Z', 'done', hard, { duration_ms: 1235 }),
      line(4, '2026-03-02T10:00:01.734Z', 'start', llm),
      line(5, '2026-03-02T10:00:01.734Z', 'calling model', llm, { kind: 'llm_call', model: 'gpt-4o', tokens_in: 120 }),
      line(6, '2026-03-02T10:00:04.234Z', 'fail', llm, { duration_ms: 2500, ok: false }),
    ]);
  });

  it('gives the workflows rollup a run per job: HardJob done in 1,235 ms, LlmJob failed after 2,500 ms', async () => {
    const r = await runInProcess(['query', 'workflows', LOGGERS + 'sidekiq-jobs.log', '-F', 'json']);
    const { rows } = JSON.parse(r.stdout) as { rows: Record<string, unknown>[] };
    expect(rows.map(({ workflow, runs, success, failed, p50 }) => ({ workflow, runs, success, failed, p50 }))).toEqual([
      { workflow: 'HardJob', runs: 1, success: 1, failed: 0, p50: 1235 },
      { workflow: 'LlmJob', runs: 1, success: 0, failed: 1, p50: 2500 },
    ]);
  });

  it("leaves logfmt that only looks like it to logfmt's grammar: no tid second, or the severity inside a quoted value", async () => {
    const r = await read(['pid=1 level=info msg="boot INFO: ok" elapsed=3', 'pid=1 tid=2a elapsed=3 WARN: slow job'], "line, level, duration_ms, event, attrs->>'tid' AS tid");
    expect(r.rows).toEqual([
      // Plain logfmt: elapsed=3 is a bare number, read as milliseconds as everywhere.
      { line: 1, level: 'info', duration_ms: 3, event: 'boot INFO: ok', tid: null },
      // Sidekiq's: its elapsed is seconds.
      { line: 2, level: 'warn', duration_ms: 3000, event: 'slow job', tid: '2a' },
    ]);
  });
});
