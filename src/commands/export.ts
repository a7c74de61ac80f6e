// `logmeter export --parquet DIR`: the events table as hive-partitioned Parquet (day, kind),
// appended safely to what DIR already holds (src/export/parquet-writer.ts).

import type { IO } from '../cli/io.js';
import { write } from '../cli/io.js';
import { openWorkspace, type InputOptions } from '../cli/workspace.js';
import { messages } from '../messages.js';
import { exportParquet, type ExportResult } from '../export/parquet-writer.js';

export interface ExportOptions extends InputOptions {
  readonly parquet: string;
  readonly json?: boolean;
}

export async function exportCommand(options: ExportOptions, io: IO): Promise<ExportResult> {
  const workspace = await openWorkspace(options, io);
  let result: ExportResult;
  try {
    result = await exportParquet(workspace.db, options.parquet);
  } finally {
    workspace.close();
  }
  if (options.json) {
    await write(io.stdout, JSON.stringify({ rows: result.rows, already: result.already, open: result.open, partitions: result.partitions, files: result.files }, null, 2) + '\n');
  } else if (!options.quiet) {
    await write(io.stderr, messages.exported(result.rows, result.files.length, result.partitions, result.already, options.parquet, result.open) + '\n');
  }
  return result;
}
