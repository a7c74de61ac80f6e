// Celery's worker log: each task run is a workflow run (celery-task.ts). Real output of two Celery
// versions (test/fixtures/loggers/celery-worker.log, 5.6.3; celery-worker-5.2.log, Debian's 5.2.6 with
// its banner, warnings and billiard's quoted tracebacks, test/fixtures/gen/celery_worker.sh). Every
// value below is read by hand from those files.

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { accountedLogReader, checkResults } from './helpers.js';
import { runInProcess } from '../../helpers/cli.js';

const LOGGERS = fileURLToPath(new URL('../../fixtures/loggers/', import.meta.url));
const read = accountedLogReader(LOGGERS, 'logmeter-celery-');
const COLUMNS = "line, kind, level, event, workflow, workflow_id, duration_ms, status, ok, error, model, attrs->>'return_value' AS return_value";

/** `logmeter query workflows FILE -F json` (by workflow, the default): the runs of each task. */
async function workflowRuns(file: string): Promise<Record<string, unknown>[]> {
  const r = await runInProcess(['query', 'workflows', LOGGERS + file, '-F', 'json']);
  expect(r.code).toBe(0);
  const { rows } = JSON.parse(r.stdout) as { rows: Record<string, unknown>[] };
  return rows.map(({ workflow, runs, success, failed, p50 }) => ({ workflow, runs, success, failed, p50 }));
}

describe("Celery's worker log (5.6.3)", () => {
  it('reads each task line as its run: received, then succeeded with its runtime or failed with its traceback', async () => {
    const r = await read('celery-worker.log', COLUMNS);
    expect(r).toMatchObject({ format: 'python-text', lines: 24, records: 13, continuation: 11, rejects: 0 });
    const byLine = new Map(r.rows.map((row) => [row.line, row]));
    expect(byLine.get(3)).toMatchObject({ kind: 'other', event: 'w1@host ready.', workflow: null });
    expect(byLine.get(4)).toMatchObject({ kind: 'workflow', event: 'Task received', workflow: 'tasks.add', workflow_id: '7f533f54-6e8f-4072-983b-24a04ba24e43', status: null, duration_ms: null, ok: true });
    // `succeeded in 0.0027695690005202778s: 2`: the runtime in ms, the task's return value kept.
    expect(byLine.get(5)).toMatchObject({ kind: 'workflow', event: 'Task succeeded', workflow: 'tasks.add', status: 'succeeded', ok: true, return_value: '2' });
    expect(byLine.get(5)?.duration_ms).toBeCloseTo(2.7695690005202778, 9);
    expect(byLine.get(7)?.duration_ms).toBeCloseTo(0.039689002733211964, 12);
    // The task named `tasks.fail` is received, not failed: a word in a task's name is no failure.
    expect(byLine.get(10)).toMatchObject({ kind: 'workflow', event: 'Task received', workflow: 'tasks.fail', ok: true });
    expect(byLine.get(11)).toMatchObject({ kind: 'workflow', level: 'error', event: 'Task failed', workflow: 'tasks.fail', status: 'failed', ok: false, error: "KeyError: 'missing'" });
  });

  it('gives the workflows rollup a run per task: four tasks.add that succeeded, one tasks.fail that failed', async () => {
    const runs = await workflowRuns('celery-worker.log');
    // p50 of the four runtimes 2.7696, 0.039689, 0.032248, 0.038568 ms: the mean of the middle two.
    expect(runs).toEqual([
      { workflow: 'tasks.add', runs: 4, success: 4, failed: 0, p50: expect.closeTo((0.039689002733211964 + 0.03856799594359472) / 2, 12) },
      { workflow: 'tasks.fail', runs: 1, success: 0, failed: 1, p50: null },
    ]);
  });
});

describe("Debian's Celery 5.2.6, as `celery worker > worker.log 2>&1` writes it", () => {
  it('is still python-text with its banner and tracebacks making up most lines; the warnings before the first record are rejects', async () => {
    const r = await read('celery-worker-5.2.log', COLUMNS);
    // 97 lines: 19 records, the banner and the tracebacks continue them, the SecurityWarning's 5
    // lines before the first record fit no layout and its 3 blank lines are empty (with 5 more blanks).
    expect(r).toMatchObject({ format: 'python-text', lines: 97, records: 19, continuation: 65, rejects: 13 });
    const byLine = new Map(r.rows.map((row) => [row.line, row]));
    // The task's own logger: its message read as any, inside the task's run.
    expect(byLine.get(36)).toMatchObject({ kind: 'other', event: 'summarizing', workflow: 'tasks.summarize', workflow_id: '6e290cbf-217f-4c07-9d79-93d249115138', model: 'gpt-4o' });
    // A retry does not end the run: the task runs again under its id (line 95 ends it).
    expect(byLine.get(43)).toMatchObject({ kind: 'other', event: 'Task retried', workflow: 'tasks.flaky', status: null, ok: true });
    // `raised unexpected: ExceptionWithTraceback()`: the error is the quoted traceback's last line, not its closing `"""`.
    expect(byLine.get(44)).toMatchObject({ kind: 'workflow', event: 'Task failed', workflow: 'tasks.fail', ok: false, error: "KeyError: 'missing'" });
    expect(byLine.get(69)).toMatchObject({ kind: 'workflow', event: 'Task failed', workflow: 'tasks.validate', ok: false, error: 'ValueError: bad input 3' });
    expect(byLine.get(95)).toMatchObject({ kind: 'workflow', event: 'Task succeeded', workflow: 'tasks.flaky', workflow_id: '5c7dd3ab-3067-4fb5-9f9e-12a2f8fa1e61', ok: true });
  });

  it('counts five runs, two failed, and gates on them', async () => {
    const runs = await workflowRuns('celery-worker-5.2.log');
    expect(runs).toEqual([
      // 0.2529988450005476 s and 0.25033697500111884 s.
      { workflow: 'tasks.summarize', runs: 2, success: 2, failed: 0, p50: expect.closeTo((252.9988450005476 + 250.33697500111884) / 2, 9) },
      { workflow: 'tasks.fail', runs: 1, success: 0, failed: 1, p50: null },
      { workflow: 'tasks.flaky', runs: 1, success: 1, failed: 0, p50: expect.closeTo(0.06261299859033898, 12) },
      { workflow: 'tasks.validate', runs: 1, success: 0, failed: 1, p50: null },
    ]);
    const { code, results } = await checkResults([LOGGERS + 'celery-worker-5.2.log', '--assert', "count < 2 where kind = 'workflow' and ok = false"]);
    expect(code).toBe(1);
    expect(results[0]).toMatchObject({ observed: 2, status: 'fail' });
  });
});

describe("Celery logging through the application's own format (a Django project's LOGGING)", () => {
  it("reads the task lines of its celery.* loggers as runs: `%(asctime)s - %(name)s - %(levelname)s - %(message)s`", async () => {
    const r = await read('celery-worker-own-format.log', COLUMNS + ", attrs->>'logger' AS logger");
    expect(r).toMatchObject({ format: 'python-text', layout: '%(asctime)s - %(name)s - %(levelname)s - %(message)s', lines: 97 });
    const byLine = new Map(r.rows.map((row) => [row.line, row]));
    expect(byLine.get(35)).toMatchObject({ kind: 'workflow', event: 'Task received', workflow: 'tasks.flaky', logger: 'celery.worker.strategy' });
    expect(byLine.get(42)).toMatchObject({ kind: 'workflow', level: 'error', event: 'Task failed', workflow: 'tasks.fail', ok: false, error: "KeyError: 'missing'" });
    // The application's own logger: no task prefix in this format, so no run of its own.
    expect(byLine.get(67)).toMatchObject({ kind: 'other', event: 'summarizing', workflow: null, model: 'gpt-4o', logger: 'tasks' });
    expect(byLine.get(68)?.duration_ms).toBeCloseTo(250.3523369996401, 9);
    const runs = await workflowRuns('celery-worker-own-format.log');
    expect(runs.map(({ workflow, runs: n, failed }) => [workflow, n, failed])).toEqual([
      ['tasks.summarize', 2, 0],
      ['tasks.fail', 1, 1],
      ['tasks.flaky', 1, 0],
      ['tasks.validate', 1, 1],
    ]);
  });

  it('leaves a message about a task from another logger alone (only celery.* loggers run tasks)', async () => {
    const r = await read(['2026-11-25 06:20:26,516 - myapp.audit - INFO - Task tasks.summarize[884ee9f1-775e-43e7-b6a4-433ece9d2c79] received'], COLUMNS);
    expect(r.rows[0]).toMatchObject({ kind: 'other', workflow: null });
  });

  it("keeps the worker's shutdown line, after the last traceback and a blank line, out of the traceback's error", async () => {
    // The end of a real run of the same tasks (Celery 5.2.6): the worker's stderr after its last record.
    const r = await read(
      [
        "2026-11-25 06:20:26,721 - celery.app.trace - ERROR - Task tasks.fail[80b19004-40ea-471d-82c3-76fcb7463ef1] raised unexpected: ExceptionWithTraceback()",
        'Traceback (most recent call last):',
        '  File "/tmp/celery2/tasks.py", line 23, in fail',
        "    return {}['missing']",
        "KeyError: 'missing'",
        '',
        'worker: Warm shutdown (MainProcess)',
      ],
      COLUMNS + ", attrs->>'message' AS message",
    );
    expect(r).toMatchObject({ records: 1, continuation: 5, rejects: 1 });
    expect(r.rows[0]).toMatchObject({ event: 'Task failed', ok: false, error: "KeyError: 'missing'" });
    expect(r.rows[0]?.message).toContain('worker: Warm shutdown (MainProcess)');
  });
});

describe('a task that raises an exception it declares (throws=)', () => {
  it('is a failed run at INFO, its repr the error: Celery logs no traceback for it', async () => {
    // celery/app/trace.py's LOG_EXPECTED, logged through the worker's default format.
    const r = await read(
      [
        '[2026-11-25 05:06:00,124: INFO/MainProcess] Task tasks.validate[cdc3b868-c405-4e2e-aa7d-a05c884cb8ed] received',
        "[2026-11-25 05:06:00,383: INFO/MainProcess] Task tasks.validate[cdc3b868-c405-4e2e-aa7d-a05c884cb8ed] raised expected: ValueError('bad input 3')",
      ],
      COLUMNS,
    );
    expect(r).toMatchObject({ format: 'python-text', records: 2, rejects: 0 });
    expect(r.rows[1]).toMatchObject({ kind: 'workflow', level: 'info', event: 'Task failed', workflow: 'tasks.validate', status: 'failed', ok: false, error: "ValueError('bad input 3')" });
  });
});
