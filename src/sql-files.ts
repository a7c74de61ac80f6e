// Reads SQL kept as files under queries/ (rollups, and the ingest macros and projections).
// The package root is found relative to this module, which works from src/ (tests) and dist/.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const QUERIES_DIR = join(PACKAGE_ROOT, 'queries');

const cache = new Map<string, string>();

/** The text of queries/<relative>, cached. */
export function readSqlFile(relative: string): string {
  let text = cache.get(relative);
  if (text === undefined) {
    text = readFileSync(join(QUERIES_DIR, relative), 'utf8');
    cache.set(relative, text);
  }
  return text;
}
