// The text k8s.io/klog/v2 writes: the logger of every Kubernetes component (kubelet, the API
// server, controllers) and of many Go operators, as `kubectl logs` shows it (real output of klog
// 2.80.1 is in test/fixtures/loggers/klog*.log):
//
//   I0302 10:00:00.250000       1 main.go:45] "Starting controller" controller="llm-gateway" workers=4
//   W0302 10:00:01.000000       1 main.go:48] slow reconcile took 2.3s
//
// The header, as internal/buffer/buffer.go's FormatHeader writes it (`Lmmdd hh:mm:ss.uuuuuu
// threadid file:line]`): the severity's letter (I, W, E, F: `severity.Char`), the month and day,
// the time in microseconds, a space, the process id padded to seven (`buf.nDigits(7, 22, Pid, ' ')`,
// where the comment says "should be TID"), a space, the file (with -add_dir_header its directory
// too), `:`, the line, `] `. Then the message: printf-style calls (Info, Errorf) write it as
// formatted, on as many lines as it has; the structured calls (InfoS, ErrorS) write it in Go's
// quotes, then ` err="..."` for ErrorS and the pairs (klog.go printS; klog-pairs.ts). Fatal writes
// the goroutine's stack after its line when klog also logs to files (klog.go output:
// `os.Stderr.Write(dbg.Stacks(false))`).
//
// The header has no year: the time is read as syslog's (RFC 3164) is, this year's or last year's
// when that would be ahead (lm_yearless in queries/ingest/macros.sql), in the process's zone, which
// is UTC unless --tz or the configuration's timezone says otherwise. The process id is the record's
// `thread_id` (an OS thread, never a chat thread) and the file and line its `caller`, as a Rust
// tracing line's (rust-text.ts); a `logger="..."` pair, which klog's contextual logging writes with
// the logr logger's name, is the record's `logger` (the service).
import type { JsonObject } from './format.js';
import { readGoQuoted, readKlogPairs } from './klog-pairs.js';
import type { Layout, LayoutReading } from './text-layouts.js';
import { messageRecord, putPair } from './text-reader.js';

const HEADER = new RegExp(
  String.raw`^(?<severity>[IWEF])(?<month>0[1-9]|1[0-2])(?<day>[0-3]\d) (?<clock>\d{2}:\d{2}:\d{2}\.\d{6}) +(?<thread>\d+) (?<file>[^\s\]]+):(?<line>\d+)\](?: (?<message>.*))?$`,
);

const LEVELS: Readonly<Record<string, string>> = { I: 'INFO', W: 'WARNING', E: 'ERROR', F: 'FATAL' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** The first line of a Go stack dump (`goroutine 1 [running]:`), as Fatal writes after its line. */
const GOROUTINE = /^goroutine \d+ \[/;

/** The record's header as it was before its message was read, and the message: a continuation line reads them again. */
const headers = new WeakMap<JsonObject, { readonly header: JsonObject; readonly message: string }>();

function headerOf(groups: Readonly<Record<string, string | undefined>>): JsonObject {
  const month = MONTHS[Number(groups.month) - 1] as string;
  return {
    // As a syslog time is written (`Mar 02 10:00:00.250000`): the time parser gives it its year.
    time: `${month} ${groups.day} ${groups.clock}`,
    level: LEVELS[groups.severity as string] as string,
    thread_id: groups.thread as string,
    caller: `${groups.file}:${groups.line}`,
  };
}

/**
 * The record of a message: InfoS's quoted message is the event and its pairs the fields; a printf
 * message is read as any text layout's (its trailing key=value pairs are fields).
 */
function klogRecord(header: JsonObject, message: string): JsonObject {
  const record: JsonObject = { ...header };
  if (message.startsWith('"')) {
    const msg = readGoQuoted(message, 0);
    const { pairs, end } = msg.terminated ? readKlogPairs(message, msg.end) : { pairs: [], end: -1 };
    // Only pairs after the quotes: `"foo" is not set` is a printf message that opens with a quote.
    if (end === message.length) {
      record.message = message;
      if (msg.value) record.event = msg.value;
      for (const pair of pairs) {
        // A logr logger's name (contextual logging writes `logger="job-controller"`): the header has none, so it is the record's.
        if (pair.key === 'logger' && typeof pair.value === 'string' && record.logger === undefined) record.logger = pair.value;
        else putPair(record, pair.key, pair.value);
      }
      return record;
    }
  }
  return messageRecord(record, message);
}

const reading: LayoutReading = {
  header(groups) {
    const header = headerOf(groups);
    const message = groups.message ?? '';
    const record = klogRecord(header, message);
    headers.set(record, { header, message });
    return record;
  },
  continuation(record, lines) {
    const read = headers.get(record);
    if (!read || lines.length === 0) return;
    const dump = lines.findIndex((line) => GOROUTINE.test(line));
    const more = dump < 0 ? lines : lines.slice(0, dump);
    const again = klogRecord(read.header, [read.message, ...more].join('\n'));
    if (dump >= 0) again.stack = lines.slice(dump).join('\n');
    for (const key of Object.keys(record)) delete record[key];
    Object.assign(record, again);
  },
};

export const KLOG_LAYOUTS: readonly Layout[] = [{ template: 'Lmmdd hh:mm:ss.uuuuuu THREADID FILE:LINE] MESSAGE   (klog)', regex: HEADER, reading }];
