// Posts check --follow's state changes to --webhook in the background, one at a time in the order
// they were printed, so a slow or silent receiver never holds up polling (each POST still has its
// own timeout, webhook.ts). Stopping (Ctrl-C) aborts the POST in flight and drops the queue, so
// logmeter ends at once; ending by itself (stdin closed) lets the queue finish.

import { postEvent, type WebhookEvent } from './webhook.js';

export class WebhookSender {
  private queue: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();
  private unsent = 0;

  /** `warn` is told each failed POST's reason, and at the end how many were never sent. */
  constructor(
    private readonly url: URL,
    private readonly warn: (problem: { failed: string } | { unsent: number }) => Promise<void>,
  ) {}

  /** Queues one event; returns at once. */
  send(event: WebhookEvent): void {
    this.queue = this.queue.then(async () => {
      if (this.stopping.signal.aborted) {
        this.unsent++;
        return;
      }
      const failure = await postEvent(this.url, event, this.stopping.signal);
      if (this.stopping.signal.aborted) this.unsent++;
      else if (failure !== undefined) await this.warn({ failed: failure }).catch(() => undefined);
    });
  }

  /** Waits for the queue; with `abort`, first aborts the POST in flight and drops the rest. */
  async close(abort: boolean): Promise<void> {
    if (abort) this.stopping.abort();
    await this.queue;
    if (this.unsent > 0) await this.warn({ unsent: this.unsent }).catch(() => undefined);
  }
}
