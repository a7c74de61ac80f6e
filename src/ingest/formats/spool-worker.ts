// The worker thread of spool-parts.ts: reads the staged file from a record's first line to its end
// into a spool of its own, with lines numbered from 1 (the main thread shifts them), and sends back
// what it gathered. Run from dist/ (compiled), never imported.

import { parentPort, workerData } from 'node:worker_threads';
import type { ScanReject } from '../line-scanner.js';
import { formatByName } from './index.js';
import { openSpool, readLines } from './record-spool.js';
import type { PartDone, PartTask } from './spool-parts.js';

const task = workerData as PartTask;
const format = formatByName(task.formatName);
if (format?.family !== 'records') throw new Error(`${task.formatName} is not a format read in Node`);
const rejects: ScanReject[] = [];
const spool = openSpool({
  format,
  stagedPath: task.stagedPath,
  spoolPath: task.spoolPath,
  lineOffset: 0,
  document: task.document,
  patterns: [],
  maxBytes: task.maxBytes,
  sample: task.sample,
  badLines: task.badLines,
  resumed: false,
  onReject: (reject) => rejects.push(reject),
});
try {
  await readLines(task.stagedPath, { start: task.start }, 0, spool);
  spool.reader.end();
  await spool.writer.flush();
} finally {
  await spool.close();
}
const done: PartDone = { part: spool.writer.part(), rejects, reopenLine: spool.reader.reopenLine };
parentPort?.postMessage(done);
