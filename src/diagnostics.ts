// logmeter's own diagnostics (timings, detected formats, chosen mappings), as pino JSON lines on
// stderr. Silent unless --debug is given or LOGMETER_LOG_LEVEL names a level.

import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import type { Writable } from 'node:stream';

export type Diagnostics = Pick<Logger, 'debug' | 'info' | 'warn'>;

export const SILENT: Diagnostics = { debug: () => {}, info: () => {}, warn: () => {} } as unknown as Diagnostics;

export function createDiagnostics(stderr: Writable, level: string | undefined): Diagnostics {
  if (!level || level === 'silent') return SILENT;
  // Loaded only when diagnostics are on: pino is ~15 ms of start-up otherwise paid by every run.
  const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
  return pino({ level, base: { name: 'logmeter' } }, stderr);
}
