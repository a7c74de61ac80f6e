// Python's logging text output, in its common layouts (`%(asctime)s - %(name)s - %(levelname)s -
// %(message)s`, basicConfig's `%(levelname)s:%(name)s:%(message)s`, Flask's, loguru's default, uvicorn's, Celery's, Django's verbose, Airflow's, ...). key=value pairs
// at the end of a message become fields; a traceback belongs to the record above it (`exc_info`).
import type { RecordFormat } from './format.js';
import { compileLayout, type Layout } from './text-layouts.js';
import { OSLO_LAYOUTS } from './oslo-log.js';
import { writtenByJava } from './java-text.js';
import { writtenByLog4j1 } from './log4j1-text.js';
import { writtenByTracing } from './rust-text.js';
import { writtenByDotnetConsole } from './dotnet-console.js';
import { writtenByElixir } from './elixir-logger.js';
import { LayoutReader, layoutShare, messageRecord } from './text-reader.js';
import { CELERY_EVENT_KINDS, celeryTaskRecord } from './celery-task.js';

/** Celery's worker (`worker_log_format`), whose task lines are read as workflow runs (celery-task.ts). */
const CELERY = '[%(asctime)s: %(levelname)s/%(processName)s] %(message)s';

const TEMPLATES = [
  '%(asctime)s - %(name)s - %(levelname)s - %(message)s',
  '%(asctime)s - %(levelname)s - %(name)s - %(message)s',
  '%(asctime)s - %(levelname)s - %(message)s',
  // Process and thread columns before the level: kept as `process` and `thread_name`, out of the event.
  '%(asctime)s - %(process)s - %(threadName)s - %(levelname)s - %(message)s',
  '%(asctime)s - %(name)s - %(process)s - %(threadName)s - %(levelname)s - %(message)s',
  // loguru's default sink: `{time} | {level: <8} | {name}:{function}:{line} - {message}`.
  '%(asctime)s | %(levelname)-8s | %(name)s:%(funcName)s:%(lineno)s - %(message)s',
  '%(asctime)s | %(levelname)s | %(name)s | %(message)s',
  '%(asctime)s | %(name)s | %(levelname)s | %(message)s',
  '%(asctime)s | %(levelname)s | %(message)s',
  '[%(asctime)s] [%(levelname)-8s] %(name)s: %(message)s',
  // Rich's RichHandler: `[TIME] LEVEL    message   app.py:42`, its default time month/day/year,
  // the path column right-aligned (show_path); a time equal to the line above's is left blank
  // (omit_repeated_times), which text-reader.ts fills back in.
  '[%(richtime)s] %(levelname)-8s %(message)s %(richpath)s',
  '[%(richtime)s] %(levelname)-8s %(message)s',
  '[%(asctime)s] %(levelname)-8s %(message)s %(richpath)s',
  '[%(asctime)s] %(levelname)s in %(module)s: %(message)s',
  '[%(asctime)s] %(levelname)s [%(name)s] %(message)s',
  '[%(asctime)s] %(levelname)s %(name)s: %(message)s',
  '[%(asctime)s] %(levelname)s %(message)s',
  '[%(asctime)s] [%(levelname)s] [%(name)s] %(message)s',
  // Airflow's `log_format` (its task and scheduler logs): the file and line are the `caller`. Its
  // time is ISO with the offset (`2026-11-24T10:00:00.123+0000`), before 2.2 asctime's default.
  '[%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s',
  // Celery's worker (`worker_log_format`; its task format adds `task[ID]: ` to the message): CELERY below.
  CELERY,
  '%(asctime)s [%(levelname)-8s] %(name)s: %(message)s',
  // gunicorn's error log layout with the logger added (`TIME [PID] [LEVEL] name: message`); without
  // the logger, text's `TIME message` reads the bracketed process and level.
  '%(asctime)s [%(process)s] [%(levelname)s] %(name)s: %(message)s',
  '[%(asctime)s] [%(process)s] [%(levelname)s] %(name)s: %(message)s',
  '%(asctime)s [%(levelname)-8s] %(message)s',
  '%(asctime)s %(levelname)s [%(name)s] %(message)s',
  '%(asctime)s %(levelname)s %(name)s: %(message)s',
  // Before `TIME LEVEL message`, which fits `TIME API INFO hi` too by taking API for the time's zone:
  // a word logmeter does not list is the zone only where the line reads no other way (text-layouts.ts,
  // TIME), so API is the logger. A listed zone (`TIME CET INFO hi`) and a level word (`TIME INFO
  // error budget`) are never the logger here, and such lines are left to `TIME LEVEL message`.
  '%(asctime)s %(name)s %(levelname)s %(message)s',
  '%(asctime)s %(levelname)s %(message)s',
  '%(asctime)s:%(levelname)s:%(name)s:%(message)s',
  '%(asctime)s:%(levelname)s:%(message)s',
  '%(levelname)s:%(name)s:%(message)s',
  // The "verbose" formatter of Django's logging docs: `{levelname} {asctime} {module} {process:d} {thread:d} {message}`.
  '%(levelname)s %(asctime)s %(module)s %(process)s %(thread)s %(message)s',
  // uvicorn's (FastAPI's server) default: `%(levelprefix)s %(message)s`, the level and its colon
  // padded to 9 columns (`INFO:     127.0.0.1:52314 - "GET /items HTTP/1.1" 200 OK`), no time.
  '%(levelname)s: %(message)s',
];

/**
 * A datefmt of a time of day alone (`%H:%M:%S`): the layouts that open with an unbracketed time,
 * with the clock for it, tried after the others. The clock is kept, but it is no time a record can
 * be placed at (no date). (A bracketed time of day is pino-pretty's: text.ts.)
 */
const CLOCK_TEMPLATES = TEMPLATES.filter((t) => t.startsWith('%(asctime)s ')).map((t) => t.replace('%(asctime)s', '%(clock)s'));

// OpenStack's oslo.log first: its lines fit `%(asctime)s %(name)s %(levelname)s %(message)s` too,
// which reads the pid as the logger (oslo-log.ts); the two fit the same lines, and the earlier wins.
export const PYTHON_LAYOUTS: readonly Layout[] = [...OSLO_LAYOUTS, ...[...TEMPLATES, ...CLOCK_TEMPLATES].map(layoutOf)];

function layoutOf(template: string): Layout {
  const layout = compileLayout(template);
  if (template === CELERY) return { ...layout, message: (record, message) => celeryTaskRecord(record, message, messageRecord), eventKinds: CELERY_EVENT_KINDS };
  // A Celery worker logging through the application's own format (worker_hijack_root_logger off, a
  // Django project's LOGGING): its task lines come from its `celery.*` loggers.
  if (!template.includes('%(name)s')) return layout;
  return {
    ...layout,
    message: (record, message) => (typeof record.logger === 'string' && record.logger.startsWith('celery.') ? celeryTaskRecord(record, message, messageRecord) : undefined),
    eventKinds: CELERY_EVENT_KINDS,
    eventKindsIn: (line) => CELERY_LOGGER.test(line),
  };
}

/** Celery's loggers of a task's run: received (the worker's strategy), succeeded and raised (its tracer). */
const CELERY_LOGGER = /\bcelery\.(?:worker\.strategy|app\.trace)\b/;

/** A line only a traceback has after its first: an indented frame or source line, or the phrases that chain exceptions. */
function inTraceback(line: string): boolean {
  return line[0] === ' ' || line[0] === '\t' || line === 'Traceback (most recent call last):' || CHAINED.has(line);
}
const CHAINED = new Set([
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
]);

export const pythonText: RecordFormat = {
  name: 'python-text',
  family: 'records',
  description: "Python logging text (asctime, name, levelname, message; key=value pairs; tracebacks; OpenStack oslo.log)",
  manyPerLine: false,
  // `TIME LEVEL message` fits a Rust service's tracing lines too, but reads neither their target nor
  // their spans: text's layout for them does (rust-text.ts). So with a Java logger's lines (java-text.ts)
  // and those of Hadoop's, ZooKeeper's and Kafka's log4j 1.x layouts (log4j1-text.ts).
  // `%(levelname)s: %(message)s` fits .NET's `info: Category[0]` (dotnet-console.ts), and
  // `%(clock)s [%(levelname)-8s] %(message)s` Elixir's `10:00:00.123 [info] msg` (elixir-logger.ts).
  score: (input) => {
    const java = writtenByJava(input.lines);
    return layoutShare(PYTHON_LAYOUTS, input.lines, [], (line) => writtenByTracing(line) || java(line) || writtenByLog4j1(line) || writtenByDotnetConsole(line) || writtenByElixir(line), inTraceback);
  },
  reader: (context) => new LayoutReader(PYTHON_LAYOUTS, context),
};
