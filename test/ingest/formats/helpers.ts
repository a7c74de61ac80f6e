// Ingests files in-process into an in-memory database, for tests that then query events and rejects.

import { Readable } from 'node:stream';
import { Database } from '../../../src/db.js';
import { ingest, type IngestOptions, type IngestSummary } from '../../../src/ingest/load.js';

export interface Ingested {
  readonly db: Database;
  readonly summary: IngestSummary;
  rows(sql: string, params?: Record<string, string | number>): Promise<Record<string, unknown>[]>;
  close(): void;
}

export async function ingestFiles(inputs: string[], options: Partial<IngestOptions> = {}, stdin: Buffer | string = ''): Promise<Ingested> {
  const db = await Database.open();
  try {
    const summary = await ingest(db, { inputs, stdin: Readable.from([Buffer.from(stdin)]), ...options });
    return { db, summary, rows: (sql, params) => db.all(sql, params), close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
