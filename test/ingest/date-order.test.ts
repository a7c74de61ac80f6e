// Dates in numbers (`03/01/2026 10:00:00 AM`, `24/11/2026 10:00:00`, `11/24/26`, `24.11.2026`): the
// month/day order each source's own times tell, else --date-order, else month first with a notice
// (docs/INGEST.md, "Time"). Read from logs Python's logging and pino wrote
// (test/fixtures/gen/python_configurations.py, node_configurations.mjs), and from lines written here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFiles } from './formats/helpers.js';
import type { IngestOptions } from '../../src/ingest/load.js';
import { DateOrderEvidence, decideDateOrder } from '../../src/ingest/date-order.js';
import { runInProcess } from '../helpers/cli.js';

const LOGGERS = fileURLToPath(new URL('../fixtures/loggers/', import.meta.url));
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-date-order-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each source's times (ISO, line order) and the order it was read in. */
async function times(paths: string[], options: Partial<IngestOptions> = {}) {
  const run = await ingestFiles(paths, options);
  try {
    const rows = await run.rows('SELECT source, ts FROM events ORDER BY source, line');
    return paths.map((path) => {
      const source = run.summary.sources.find((s) => s.source === path);
      return {
        ts: rows.filter((r) => r.source === path).map((r) => (r.ts instanceof Date ? r.ts.toISOString() : r.ts)),
        order: source?.date_order,
        untold: source?.date_order_untold ?? false,
      };
    });
  } finally {
    run.close();
  }
}

const fixture = (name: string) => join(LOGGERS, name);
const written = (name: string, lines: readonly string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

// The six records python_configurations.py logs, 1.5 s apart from 10:00:01.750; a datefmt without
// %(msecs)s writes them to the second.
const SECONDS = ['01', '03', '04', '06', '07', '09'];
const on = (day: string) => SECONDS.map((s) => `${day}T10:00:${s}.000Z`);

describe("a Python text log's datefmt in numbers", () => {
  it('`%d/%m/%Y`: the day above 12 (24/11/2026) says day first', async () => {
    const [got] = await times([fixture('python-datefmt-day-first.log')]);
    expect(got).toEqual({ ts: on('2026-11-24'), order: 'dmy', untold: false });
  });

  it('`%m/%d/%Y` (11/24/2026), and with a 2-digit year (11/24/26): month first', async () => {
    const got = await times([fixture('python-datefmt-month-first.log'), fixture('python-datefmt-short-year.log')]);
    expect(got).toEqual([
      { ts: on('2026-11-24'), order: 'mdy', untold: false },
      { ts: on('2026-11-24'), order: 'mdy', untold: false },
    ]);
  });

  it("the logging HOWTO's `%m/%d/%Y %I:%M:%S %p` (03/02/2026 10:00:01 AM): the 12-hour clock says month first, 2 March", async () => {
    const [got] = await times([fixture('python-datefmt-us.log')]);
    expect(got).toEqual({ ts: on('2026-03-02'), order: 'mdy', untold: false });
  });

  it('`%d.%m.%Y` (02.03.2026): dots say day first, 2 March', async () => {
    const [got] = await times([fixture('python-datefmt-dots.log')]);
    expect(got).toEqual({ ts: on('2026-03-02'), order: 'dmy', untold: false });
  });

  it('`%d/%m/%Y` on 2 March (02/03/2026) cannot tell: month first (3 February) without --date-order, 2 March with --date-order dmy', async () => {
    const path = fixture('python-datefmt-ambiguous.log');
    expect(await times([path])).toEqual([{ ts: on('2026-02-03'), order: 'mdy', untold: true }]);
    expect(await times([path], { dateOrder: 'dmy' })).toEqual([{ ts: on('2026-03-02'), order: 'dmy', untold: false }]);
    // The option does not override what a source's own dates tell.
    expect((await times([fixture('python-datefmt-month-first.log')], { dateOrder: 'dmy' }))[0]?.ts).toEqual(on('2026-11-24'));
  });
});

describe('a JSON time value in numbers (pino with a timestamp function)', () => {
  // The three records node_configurations.mjs logs on 24 November, 1.5 s apart from 10:00:01.750.
  const NOV_24 = ['2026-11-24T10:00:03.000Z', '2026-11-24T10:00:04.000Z', '2026-11-24T10:00:06.000Z'];

  it('`24/11/2026 10:00:03` is day first; toLocaleString(\'en-US\') `11/24/2026, 10:00:03 AM` month first', async () => {
    const got = await times([fixture('pino-time-day-first.log'), fixture('pino-time-locale-us.log')]);
    expect(got).toEqual([
      { ts: NOV_24, order: 'dmy', untold: false },
      { ts: NOV_24, order: 'mdy', untold: false },
    ]);
  });
});

describe('one order per source', () => {
  it('a line that alone could be either is read in the order the rest of its source tells', async () => {
    const path = written('eu.jsonl', ['{"time":"24/11/2026 10:00:00","msg":"a"}', '{"time":"03/12/2026 10:00:00","msg":"b"}']);
    const [got] = await times([path]);
    // 3 December, not 12 March.
    expect(got).toEqual({ ts: ['2026-11-24T10:00:00.000Z', '2026-12-03T10:00:00.000Z'], order: 'dmy', untold: false });
  });

  it('sources of one run (stored in one batch when small) keep their own orders', async () => {
    const eu = written('eu.log', ['24/11/2026 10:00:00 INFO app: a', '03/12/2026 10:00:00 INFO app: b']);
    const us = written('us.log', ['11/24/2026 10:00:00 INFO app: a', '12/03/2026 10:00:00 INFO app: b']);
    const got = await times([eu, us]);
    expect(got.map((g) => g.ts)).toEqual([
      ['2026-11-24T10:00:00.000Z', '2026-12-03T10:00:00.000Z'],
      ['2026-11-24T10:00:00.000Z', '2026-12-03T10:00:00.000Z'],
    ]);
  });

  it('reads a zone-less date in numbers in --tz, and an offset written after it', async () => {
    const path = written('tz.jsonl', ['{"time":"24/11/2026 10:00:00","msg":"a"}', '{"time":"24/11/2026 10:00:00 +0200","msg":"b"}']);
    const [got] = await times([path], { timeZone: 'Europe/Paris' });
    expect(got?.ts).toEqual(['2026-11-24T09:00:00.000Z', '2026-11-24T08:00:00.000Z']);
  });

  it('a source with ISO or epoch times has no order, and none is decided for it', async () => {
    const path = written('iso.jsonl', ['{"time":"2026-11-24T10:00:00Z","msg":"a"}', '{"time":1795514400000,"msg":"b"}']);
    expect(await times([path])).toEqual([{ ts: ['2026-11-24T10:00:00.000Z', '2026-11-24T10:00:00.000Z'], order: undefined, untold: false }]);
  });
});

describe('what a sample tells', () => {
  const decide = (values: string[]) => {
    const evidence = new DateOrderEvidence();
    for (const v of values) evidence.add(v);
    return decideDateOrder(evidence, undefined);
  };
  it('a first field above 12 is day first, a second month first, both or neither tell nothing', () => {
    expect(decide(['13/01/2026 10:00:00'])).toEqual({ order: 'dmy', untold: false });
    expect(decide(['01/13/2026 10:00:00'])).toEqual({ order: 'mdy', untold: false });
    expect(decide(['13/01/2026 10:00:00', '01/13/2026 10:00:00'])).toEqual({ order: 'mdy', untold: true });
    expect(decide(['01/02/2026 10:00:00'])).toEqual({ order: 'mdy', untold: true });
    expect(decide(['2026-01-02 10:00:00'])).toEqual({ untold: false });
  });
});

describe('the notice', () => {
  it('names the source and the option, once, on stderr; not with --date-order, nor for a source that tells', async () => {
    const ambiguous = fixture('python-datefmt-ambiguous.log');
    const told = fixture('python-datefmt-day-first.log');
    const result = await runInProcess(['summary', ambiguous, told]);
    expect(result.code, result.stderr).toBe(0);
    const notices = result.stderr.split('\n').filter((line) => line.includes('--date-order'));
    expect(notices).toEqual([
      `logmeter: ${ambiguous}: its dates in numbers (such as 03/04/2026) do not tell whether the month or the day comes first: read month first; --date-order dmy (date_order: dmy in logmeter.yml) reads them day first`,
    ]);
    const chosen = await runInProcess(['ingest', ambiguous, '--date-order', 'dmy', '--json']);
    expect(chosen.stderr).not.toContain('--date-order');
    expect(JSON.parse(chosen.stdout)).toMatchObject({ first_ts: '2026-03-02T10:00:01.000Z' });
  });

  it("takes date_order from logmeter.yml, and --date-order over it; refuses another value", async () => {
    const config = join(dir, 'logmeter.yml');
    writeFileSync(config, 'date_order: dmy\n');
    const ambiguous = fixture('python-datefmt-ambiguous.log');
    const fromFile = await runInProcess(['ingest', ambiguous, '--config', config, '--json']);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ first_ts: '2026-03-02T10:00:01.000Z' });
    const flag = await runInProcess(['ingest', ambiguous, '--config', config, '--date-order', 'mdy', '--json']);
    expect(JSON.parse(flag.stdout)).toMatchObject({ first_ts: '2026-02-03T10:00:01.000Z' });
    const bad = await runInProcess(['ingest', ambiguous, '--date-order', 'ymd']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
