// A fresh directory per test case under one temporary directory per test file, removed after it.

import { afterAll, beforeAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Registers the file's hooks; the function it returns makes the next case's directory. */
export function useWorkdirs(prefix: string): () => string {
  let dir: string | undefined;
  let counter = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('useWorkdirs: a case directory asked for outside a test');
    const d = join(dir, `case-${counter++}`);
    mkdirSync(d);
    return d;
  };
}
