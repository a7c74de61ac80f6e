// A progress line on stderr while large inputs are read, only when stderr is a terminal.

import type { IO } from './io.js';

const INTERVAL_MS = 200;

export interface Progress {
  readonly update: (p: { source: string; bytes: number; size?: number }) => void;
  readonly done: () => void;
}

export function createProgress(io: IO, enabled: boolean): Progress {
  if (!enabled || !io.stderr.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update({ source, bytes, size }) {
      const now = Date.now();
      if (now - last < INTERVAL_MS) return;
      last = now;
      shown = true;
      const mb = (bytes / 1e6).toFixed(1);
      const pct = size ? ` (${Math.min(100, Math.round((bytes / size) * 100))}%)` : '';
      io.stderr.write(`\r\x1b[2Kreading ${source}: ${mb} MB${pct}`);
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
