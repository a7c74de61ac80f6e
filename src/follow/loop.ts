// The follow loop: run a step, then wait `everyMs` or until the signal aborts (Ctrl-C), and go
// again. The step's own errors end the loop; an abort ends it quietly.

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function every(everyMs: number, signal: AbortSignal | undefined, step: () => Promise<boolean | void>): Promise<void> {
  while (!signal?.aborted) {
    const started = Date.now();
    const more = await step();
    if (more === false || signal?.aborted) return;
    await sleep(Math.max(0, everyMs - (Date.now() - started)), signal);
  }
}
