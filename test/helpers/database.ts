import { Database } from '../../src/db.js';

/** The rows of one query over a database file, opened for it and closed after. */
export async function rowsOf(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const handle = await Database.open({ file });
  try {
    return await handle.all(sql);
  } finally {
    handle.close();
  }
}
