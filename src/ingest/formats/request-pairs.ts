// Some web frameworks log a request as two records: Rails' `Started GET "/api/orders" for ...` and
// `Completed 200 OK in 12ms`, Phoenix's (Plug.Logger's) `GET /api/orders` and `Sent 200 in 12ms`.
// Only the first says what was asked and only the second how it went, so neither alone is a request
// (the projection's `kind` wants a method or route and a status or duration on one record). The
// second record is given the method and URL of the first: the request is then counted once, with
// its route, status and latency.
//
// Which first record goes with which second: the request id the writer tags both with (Rails'
// `config.log_tags = [:request_id]`, the default in production; Phoenix's `request_id` metadata).
// Without one, the records of one process (Rails' pid) or of the whole source are paired only while
// requests do not overlap: an end that finds one request open takes it, an end that finds several
// (a threaded server's interleaved requests) cannot tell which is its own, so none is paired and
// they are forgotten, and the next requests pair again.
import type { JsonObject } from './format.js';

interface OpenRequest {
  readonly method: string;
  readonly url: string;
}

/** The requests open under one key: the last one started, and how many are open. */
interface Open {
  started: OpenRequest;
  count: number;
}

/** Keys with requests open at once beyond which the oldest are forgotten (starts whose end was never logged). */
const MAX_OPEN = 10_000;

export class RequestPairs {
  private readonly open = new Map<string, Open>();

  /** Whether a request's first record still waits for its last. */
  waiting(): boolean {
    return this.open.size > 0;
  }

  /** Notes a request's first record, or gives a request's last record its first record's method and URL. */
  complete(record: JsonObject): void {
    const key = pairKey(record);
    if (isRequestStart(record)) {
      const started = { method: record.method as string, url: record.url as string };
      const open = this.open.get(key);
      // Under a request id, a start names its request; under a process, a second open start makes any end ambiguous.
      if (open && !key.startsWith('id ')) open.count++;
      else this.open.set(key, { started, count: 1 });
      if (this.open.size > MAX_OPEN) this.open.delete(this.open.keys().next().value as string);
      return;
    }
    if (!isRequestEnd(record)) return;
    const open = this.open.get(key);
    this.open.delete(key);
    if (open?.count !== 1) return;
    record.method = open.started.method;
    record.url = open.started.url;
  }
}

/** A record naming a request but not its outcome: `Started GET "/a"`, `GET /a`. */
function isRequestStart(record: JsonObject): boolean {
  return typeof record.method === 'string' && typeof record.url === 'string' && record.status_code === undefined && record.duration_ms === undefined;
}

/** A record giving a request's outcome but not the request: `Completed 200 OK in 12ms`, `Sent 200 in 12ms`. */
function isRequestEnd(record: JsonObject): boolean {
  return record.status_code !== undefined && record.method === undefined && record.url === undefined;
}

/** What pairs a request's records: its request id, else its process, else the source. */
function pairKey(record: JsonObject): string {
  const id = record.request_id;
  if (typeof id === 'string' || typeof id === 'number') return `id ${id}`;
  const process = record.process ?? record.pid;
  return typeof process === 'string' || typeof process === 'number' ? `process ${process}` : '';
}
