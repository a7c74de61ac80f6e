// Celery's worker logs each task it runs in its own words (celery/app/trace.py, worker/strategy.py):
//
//   Task tasks.add[7f53...] received
//   Task tasks.add[7f53...] succeeded in 0.0027695690005202778s: 2
//   Task tasks.fail[9446...] raised unexpected: KeyError('missing')        (then the traceback)
//   Task tasks.check[70c1...] raised expected: ValueError('bad input')     (an exception in `throws`)
//   Task tasks.flaky[0285...] retry: Retry in 0s: ConnectionError('upstream reset')
//   tasks.summarize[d5d0...]: summarizing doc_id=7                          (a task's own logger)
//
// A task run is what logmeter calls a workflow run: the task's name is its `workflow`, its id the
// `workflow_id`, and the `succeeded` or `raised` line ends the run (status, and the runtime as its
// duration; Celery logs no runtime for a failure). Their events are named the same for every task
// ("Task succeeded"), so they group, and CELERY_EVENT_KINDS makes them workflow records (the event
// names no workflow itself). A retry does not end the run: the task runs again under the same id.
// The message stays as logged; a word in a task's name (`tasks.fail`) is no failure signal.
import type { Kind } from '../../schema.js';
import type { JsonObject } from './format.js';

const TASK = String.raw`(?<name>[\w.:\-]+)\[(?<id>[\w\-]+)\]`;
const RECEIVED = new RegExp(String.raw`^Task ${TASK} received$`);
const SUCCEEDED = new RegExp(String.raw`^Task ${TASK} succeeded in (?<seconds>\d+(?:\.\d+)?(?:e-?\d+)?)s: (?<value>.*)$`, 's');
const RAISED = new RegExp(String.raw`^Task ${TASK} raised (?<expected>unexpected|expected): (?<exception>.*)$`, 's');
const RETRY = new RegExp(String.raw`^Task ${TASK} retry: (?<reason>.*)$`, 's');
const TASK_LOGGER = new RegExp(String.raw`^${TASK}: (?<message>.*)$`, 's');

/** The events of a task's run, each a workflow record: only these, not a task logger's lines, nor a retry. */
export const CELERY_EVENT_KINDS: Readonly<Record<string, Kind>> = {
  'Task received': 'workflow',
  'Task succeeded': 'workflow',
  'Task failed': 'workflow',
};

/**
 * The record a Celery worker line's message makes, over the fields its layout read (`base`), or
 * undefined when the message is none of a task's (then it reads as any message).
 */
export function celeryTaskRecord(base: JsonObject, message: string, readMessage: (record: JsonObject, message: string) => JsonObject): JsonObject | undefined {
  const task = (groups: Record<string, string | undefined>, event: string): JsonObject =>
    Object.assign(base, { message, event, workflow: groups.name as string, workflow_id: groups.id as string });
  let m = RECEIVED.exec(message);
  if (m?.groups) return task(m.groups, 'Task received');
  m = SUCCEEDED.exec(message);
  if (m?.groups) return Object.assign(task(m.groups, 'Task succeeded'), { status: 'succeeded', duration_s: Number(m.groups.seconds), return_value: m.groups.value as string });
  m = RAISED.exec(message);
  if (m?.groups) {
    const failed = Object.assign(task(m.groups, 'Task failed'), { status: 'failed', exception_repr: m.groups.exception as string });
    // An unexpected exception's traceback follows, whose last line names the error; an expected one
    // (the task's `throws`) is logged at INFO without one, so its repr is the error.
    if (m.groups.expected === 'expected') Object.assign(failed, { error: m.groups.exception as string, expected: true });
    return failed;
  }
  m = RETRY.exec(message);
  if (m?.groups) return Object.assign(task(m.groups, 'Task retried'), { retry_reason: m.groups.reason as string });
  m = TASK_LOGGER.exec(message);
  if (m?.groups) {
    // A task's own logger (worker_task_log_format): its message read as any, in the task's run.
    const record = readMessage(base, m.groups.message as string);
    return Object.assign(record, { workflow: m.groups.name as string, workflow_id: m.groups.id as string });
  }
  return undefined;
}
