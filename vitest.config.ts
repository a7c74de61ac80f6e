import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/bundle-dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB instances and child processes are heavy on a 2-core machine.
    maxWorkers: 2,
  },
});
