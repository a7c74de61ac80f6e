// Posts check --follow's state changes to --webhook in the background, one at a time in the order
// they were printed, so a slow or silent receiver never holds up polling (each POST still has its
// own timeout, webhook.ts). Stopping (Ctrl-C) aborts the POST in flight and drops the queue, so
// logmeter ends at once; ending by itself (stdin closed) lets the queue finish.
//
// The queue is bounded: a receiver that stays down while rules flap would otherwise hold every
// change in memory for as long as logmeter runs. Past the bound a change is printed but not sent,
// with one warning each time the queue fills up.

import { postEvent, type WebhookEvent } from './webhook.js';

/** State changes that may wait for the receiver: ~8 minutes of 5 s timeouts one after another. */
export const WEBHOOK_QUEUE_LIMIT = 100;

export type WebhookProblem = { failed: string } | { unsent: number } | { full: number };

export class WebhookSender {
  private queue: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();
  private unsent = 0;
  private waiting = 0;
  private full = false;

  /** `warn` is told each failed POST's reason, when the queue fills up, and at the end how many were never sent. */
  constructor(
    private readonly url: URL,
    private readonly warn: (problem: WebhookProblem) => Promise<void>,
    private readonly limit = WEBHOOK_QUEUE_LIMIT,
  ) {}

  /** Queues one event; returns at once. */
  send(event: WebhookEvent): void {
    if (this.waiting >= this.limit) {
      this.unsent++;
      if (!this.full) {
        this.full = true;
        void this.warn({ full: this.limit }).catch(() => undefined);
      }
      return;
    }
    this.waiting++;
    this.queue = this.queue.then(async () => {
      try {
        if (this.stopping.signal.aborted) {
          this.unsent++;
          return;
        }
        const failure = await postEvent(this.url, event, this.stopping.signal);
        if (this.stopping.signal.aborted) this.unsent++;
        else if (failure !== undefined) await this.warn({ failed: failure }).catch(() => undefined);
      } finally {
        this.waiting--;
        // Room again: the next time it fills up is warned of too.
        if (this.waiting < this.limit) this.full = false;
      }
    });
  }

  /** Waits for the queue; with `abort`, first aborts the POST in flight and drops the rest. */
  async close(abort: boolean): Promise<void> {
    if (abort) this.stopping.abort();
    await this.queue;
    if (this.unsent > 0) await this.warn({ unsent: this.unsent }).catch(() => undefined);
  }
}
