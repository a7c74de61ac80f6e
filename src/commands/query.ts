// `logmeter query --sql`: run the user's own SQL over the events and rejects tables.

import type { IO } from '../cli/io.js';
import { write } from '../cli/io.js';
import { openWorkspace, type InputOptions } from '../cli/workspace.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { render, type OutputFormat } from '../output/render.js';

export interface SqlQueryOptions extends InputOptions {
  readonly sql: string;
  readonly output: OutputFormat;
}

export async function sqlQueryCommand(options: SqlQueryOptions, io: IO): Promise<void> {
  const workspace = await openWorkspace(options, io);
  try {
    let table;
    try {
      table = await workspace.db.table(options.sql);
    } catch (error) {
      throw new UsageError(messages.sqlFailed((error as Error).message));
    }
    await write(io.stdout, render(table, options.output));
  } finally {
    workspace.close();
  }
}
