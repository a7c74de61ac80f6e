// `logmeter ingest`: read inputs (or stdin) into the events and rejects tables of a database.

import { Database, INGEST_FILE_MEMORY_LIMIT } from '../db.js';
import type { IO } from '../cli/io.js';
import { write } from '../cli/io.js';
import { checkUsable, databaseFile, ingestInto, type InputOptions } from '../cli/workspace.js';
import type { IngestSummary } from '../ingest/load.js';
import { ingestSummaryJson, ingestSummaryText } from '../output/ingest-summary.js';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';

export interface IngestCommandOptions extends InputOptions {
  readonly json?: boolean;
}

export async function ingestCommand(options: IngestCommandOptions, io: IO): Promise<IngestSummary> {
  // Parquet from export holds events only: loading it into a database would store events with no
  // rejects and no checkpoints (so a second load would count them twice). The reading commands read it.
  if (options.fromParquet !== undefined) throw new UsageError(messages.ingestFromParquet());
  // Nothing named and a terminal on stdin: waiting for typed logs looks like a hang (as the other commands refuse it).
  if (options.inputs.length === 0 && io.stdin.isTTY) throw new UsageError(messages.ingestNeedsInput());
  const file = databaseFile(options, io.env);
  const db = await Database.open(file ? { file, memoryLimit: io.env.LOGMETER_MEMORY_LIMIT ?? INGEST_FILE_MEMORY_LIMIT } : {});
  try {
    const summary = await ingestInto(db, options, io);
    if (options.json) await write(io.stdout, ingestSummaryJson(summary));
    else if (!options.quiet) await write(io.stderr, ingestSummaryText(summary));
    checkUsable(summary, options.maxRejectRatio);
    return summary;
  } finally {
    db.close();
  }
}
