// The budget gauges: present when logmeter.yml sets a budget, equal to the budget rollup's numbers,
// and absent (not a made-up zero) when there is no budget.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, runInProcess } from '../helpers/cli.js';

const PINO = join(FIXTURES, 'pino.log');

describe('budget gauges in the Prometheus output', () => {
  it('report what the budget rollup computes when a budget is configured, and nothing otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-budget-'));
    try {
      const config = join(dir, 'logmeter.yml');
      writeFileSync(config, 'budget: 1USD/day@00:00\n');
      const rollup = JSON.parse((await runInProcess(['query', 'budget', PINO, '-q', '--config', config, '-F', 'json'])).stdout);
      const { remaining, spent } = rollup.rows[0];
      const metrics = (await runInProcess(['metrics', PINO, '-q', '--config', config])).stdout;
      const sample = (name: string) => Number(metrics.match(new RegExp(`^logmeter_${name}\\{unit="USD"\\} (\\S+)$`, 'm'))?.[1]);
      expect(sample('budget_remaining')).toBeCloseTo(remaining, 9);
      expect(sample('budget_spent')).toBeCloseTo(spent, 9);
      expect(sample('budget_remaining') + sample('budget_spent')).toBeCloseTo(1, 9);
      const without = (await runInProcess(['metrics', PINO, '-q'])).stdout;
      expect(without).not.toContain('budget_');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
