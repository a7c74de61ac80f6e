// `summary --follow`: poll the inputs every --every, keep --window of records, redraw. On a
// terminal each frame replaces the last; otherwise frames are appended, one per poll.

import { inputLabel } from './inputs.js';
import type { IO } from '../cli/io.js';
import { write } from '../cli/io.js';
import type { SummaryOptions } from '../commands/summary.js';
import { messages } from '../messages.js';
import { configIngestOptions, loadConfig, rollupConfigFrom } from '../config/load.js';
import { gatherDashboard, type DashboardData } from '../summary/data.js';
import { renderDashboard } from '../summary/render.js';
import { FollowFeed } from './feed.js';
import { every } from './loop.js';

export const DEFAULT_WINDOW_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const CLEAR = '\x1b[H\x1b[2J';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

export async function followSummary(options: SummaryOptions, io: IO, view: { color: boolean; width: number }): Promise<DashboardData | undefined> {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const clock = options.clock ?? (() => new Date());
  const fileConfig = loadConfig({ cwd: io.cwd, file: options.config });
  const config = rollupConfigFrom(fileConfig);
  const feed = await FollowFeed.open({
    ingest: configIngestOptions(fileConfig, options.tz, options.dateOrder),
    inputs: options.inputs,
    stdin: io.stdin,
    format: options.format,
    tz: options.tz,
    maxLineBytes: options.maxLineBytes,
    windowMs,
    warnings: io.stderr,
    // TOKENS & COST TODAY covers the whole UTC day, not only the window.
    keepUsageSince: (now: Date) => new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS),
  });
  const tty = io.stdout.isTTY === true;
  let last: DashboardData | undefined;
  try {
    if (tty) await write(io.stdout, HIDE_CURSOR);
    await every(options.everyMs, options.signal, async () => {
      const now = clock();
      await feed.poll(now);
      last = await gatherDashboard(feed.db, { now, windowMs, rejects: await feed.rejectsInWindow(), config });
      const status = messages.followStatus(options.inputs.length === 0 ? ['-'] : options.inputs.map(inputLabel), messages.shortDuration(options.everyMs), messages.shortDuration(windowMs));
      const frame = renderDashboard(last, { ...view, status });
      await write(io.stdout, tty ? CLEAR + frame : frame + '\n');
      return !feed.finished;
    });
  } finally {
    if (tty) await write(io.stdout, SHOW_CURSOR).catch(() => undefined);
    feed.close();
  }
  return last;
}
