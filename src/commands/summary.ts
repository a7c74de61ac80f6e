// `logmeter summary`: a terminal dashboard of the logs, once, or redrawn with --follow.
//   1. read      inputs or --db (workspace.ts); with --follow, a FollowFeed polled every --every
//   2. gather    the dashboard's numbers (src/summary/data.ts), over --window when given
//   3. render    80 columns, colour only on a terminal without NO_COLOR (src/summary/render.ts)

import type { IO } from '../cli/io.js';
import { write } from '../cli/io.js';
import { openWorkspace, type InputOptions } from '../cli/workspace.js';
import { SECTION_COLUMNS } from '../schema.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { loadConfig, rollupConfigFrom } from '../config/load.js';
import { gatherDashboard, type DashboardData } from '../summary/data.js';
import { renderDashboard } from '../summary/render.js';
import { wantsColor } from '../summary/text.js';

export interface SummaryOptions extends InputOptions {
  readonly follow?: boolean;
  /** Redraw interval with --follow, in ms. */
  readonly everyMs: number;
  /** Show only this much time before now (the newest record without --follow), in ms. */
  readonly windowMs?: number;
  readonly width?: number;
  /** Ends --follow (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** The follow session's clock; tests may replace it. */
  readonly clock?: () => Date;
}

export async function summaryCommand(options: SummaryOptions, io: IO): Promise<DashboardData | undefined> {
  const color = wantsColor(io.stdout, io.env);
  const width = options.width ?? 80;
  if (options.follow) {
    if (options.db !== undefined || options.fromParquet !== undefined) throw new UsageError(messages.followNeedsInputs());
    const { followSummary } = await import('../follow/summary-follow.js');
    return followSummary(options, io, { color, width });
  }
  // Piped logs fill only the columns the dashboard's rollups read (no attrs: a large input is not held twice).
  const workspace = await openWorkspace({ ...options, columns: SECTION_COLUMNS }, io);
  try {
    // logmeter.yml's health thresholds, prices and session idle time.
    const config = rollupConfigFrom(loadConfig({ cwd: io.cwd, file: options.config }));
    const data = await gatherDashboard(workspace.db, { config, ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}) });
    await write(io.stdout, renderDashboard(data, { width, color }));
    return data;
  } finally {
    workspace.close();
  }
}
