// A large text log read by two threads. Reading a text format in Node (parsing each line, building
// its record, JSON for the spool) is one thread's work while DuckDB waits: ~5 s of the ~9 s a million
// logfmt or Python lines take (docs/PERFORMANCE.md, "Where a text log's time goes"). So the staged
// file is cut in two at a line that can start a record (RecordReader.splitsAt): this thread reads the
// first part, a worker thread (spool-worker.ts) the second, each into its own spool, and DuckDB
// stages both (stage.ts), the second's line numbers shifted by the first's line count.
//
// The result must be the one a single reader gives. The second reader starts with nothing held, so
// once this thread has read up to the cut it asks its reader whether it would start afresh there
// (cleanBreakBefore: no record the cut line could continue, no request waiting for its end). If not,
// the worker's part is dropped and this thread reads on past the cut itself. Counts, key paths, date
// evidence and event kinds of the second part are added to the first's (SpoolWriter.absorbPart), its
// rejects renumbered. Only for a format as registered (not behind a line prefix, which holds
// per-line state of its own) and without message patterns.

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { PACKAGE_ROOT } from '../../sql-files.js';
import type { ScanReject } from '../line-scanner.js';
import { formatByName } from './index.js';
import { openSpool, readLines, spoolRecordsInOrder, type SpoolOptions, type SpoolPart, type SpoolResult } from './record-spool.js';

/** Below this a second thread costs more than it saves (a worker loads the readers' code, ~50 ms). */
const DEFAULT_MIN_BYTES = 16 * 1024 * 1024;
/** How far past the middle the cut may be looked for: a traceback or a document may run long. */
const SEARCH_BYTES = 4 * 1024 * 1024;
/** The compiled worker: the tests run the sources, whose worker would need a TypeScript loader. */
const WORKER = join(PACKAGE_ROOT, 'dist/ingest/formats/spool-worker.js');

/** A spool's second part, read by the worker: its file and the line number its lines are counted from. */
export interface ExtraPart {
  readonly path: string;
  readonly lineOffset: number;
}

export type PartedSpoolResult = SpoolResult & { readonly extraParts: readonly ExtraPart[] };

/** What the worker is given (structured-cloneable). */
export interface PartTask {
  readonly formatName: string;
  readonly stagedPath: string;
  readonly start: number;
  readonly spoolPath: string;
  readonly document: boolean;
  readonly maxBytes: number;
  readonly sample: readonly string[];
  readonly badLines: readonly number[];
}

/** What the worker sends back: its part, and its rejects and last record's line counted from its first line as 1. */
export interface PartDone {
  readonly part: SpoolPart;
  readonly rejects: readonly ScanReject[];
  readonly reopenLine: number | undefined;
}

/**
 * Reads the staged file into its spool, in two parts on two threads where that gives the same result
 * faster (`inParts: false`: in one piece, for a spool staged as one file, a batch's member's).
 */
export async function spoolRecords(options: SpoolOptions, how: { inParts: boolean } = { inParts: true }): Promise<PartedSpoolResult> {
  const cut = how.inParts && splittable(options) ? findCut(options) : undefined;
  if (!cut) return { ...(await spoolRecordsInOrder(options)), extraParts: [] };
  const spool = openSpool(options);
  const secondPath = `${options.spoolPath}.2`;
  const worker = startWorker({
    formatName: options.format.name,
    stagedPath: options.stagedPath,
    start: cut.offset,
    spoolPath: secondPath,
    document: options.document,
    maxBytes: options.maxBytes,
    sample: options.sample,
    badLines: options.badLines,
  });
  try {
    const lineOffset = options.lineOffset ?? 0;
    const firstLines = await readLines(options.stagedPath, { end: cut.offset }, lineOffset, spool);
    const secondOffset = lineOffset + firstLines;
    if (!(spool.reader.cleanBreakBefore?.(cut.line) ?? false)) {
      await worker.cancel();
      await readLines(options.stagedPath, { start: cut.offset }, secondOffset, spool);
      spool.reader.end();
      await spool.writer.flush();
      return { ...spool.result(), extraParts: [] };
    }
    spool.reader.end();
    await spool.writer.flush();
    const done = await worker.done;
    spool.writer.absorbPart(done.part);
    for (const reject of done.rejects) options.onReject({ ...reject, line: reject.line + secondOffset });
    const first = spool.result();
    const reopenLine = done.reopenLine === undefined ? first.reopenLine : done.reopenLine + secondOffset;
    return { ...first, reopenLine, extraParts: [{ path: secondPath, lineOffset: secondOffset }] };
  } catch (error) {
    await worker.cancel();
    throw error;
  } finally {
    await spool.close();
  }
}

function splittable(options: SpoolOptions): boolean {
  const minBytes = Number(process.env.LOGMETER_SPOOL_PARTS_MIN_BYTES ?? DEFAULT_MIN_BYTES);
  return (
    !options.document &&
    options.patterns.length === 0 &&
    formatByName(options.format.name) === options.format &&
    availableParallelism() > 1 &&
    statSync(options.stagedPath).size >= minBytes &&
    existsSync(WORKER)
  );
}

/**
 * The first line past the middle of the staged file that the source's reader says may start a
 * record, with its byte offset; none within SEARCH_BYTES (or a reader that cannot say) reads whole.
 */
function findCut(options: SpoolOptions): { offset: number; line: string } | undefined {
  // A throwaway reader, to ask about lines only: it settles its layout from the sample as the real one does.
  const probe = options.format.reader({
    sink: { record() {}, reject() {}, continuation() {} },
    document: options.document,
    patterns: options.patterns,
    maxBytes: options.maxBytes,
    sample: options.sample,
    badLines: options.badLines,
    resumed: false,
  });
  if (!probe.splitsAt) return undefined;
  const size = statSync(options.stagedPath).size;
  const middle = Math.floor(size / 2);
  const window = Buffer.alloc(Math.min(SEARCH_BYTES, size - middle));
  const fd = openSync(options.stagedPath, 'r');
  try {
    readSync(fd, window, 0, window.length, middle);
  } finally {
    closeSync(fd);
  }
  // From the first line that starts after the middle; the window's last line may be cut short.
  let at = window.indexOf(0x0a) + 1;
  while (at > 0) {
    const end = window.indexOf(0x0a, at);
    if (end < 0) return undefined;
    const line = window.subarray(at, end).toString('utf8');
    if (line.trim() !== '' && probe.splitsAt(line)) return { offset: middle + at, line };
    at = end + 1;
  }
  return undefined;
}

/** The worker thread reading the second part, and a way to stop it when its part is not wanted. */
function startWorker(task: PartTask): { done: Promise<PartDone>; cancel(): Promise<void> } {
  const worker = new Worker(WORKER, { workerData: task });
  const done = new Promise<PartDone>((resolve, reject) => {
    worker.once('message', (message: PartDone) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the spool worker stopped (exit code ${code}) before its part was read`)));
  });
  // Not awaited when the part is dropped: its rejection must not surface as unhandled.
  done.catch(() => undefined);
  return {
    done,
    cancel: async () => {
      await worker.terminate();
    },
  };
}
