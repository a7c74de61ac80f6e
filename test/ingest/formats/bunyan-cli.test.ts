// bunyan's CLI output in the cases its fixtures (test/fixtures/loggers/bunyan-cli-*.log) do not
// hold, with lines as bin/bunyan prints them: the `(file:line in func)` of a `src: true` logger, a
// level without a name, messages holding parentheses, quoted extras, lines it passed through.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageAndExtras } from '../../../src/ingest/formats/bunyan-cli.js';
import { ingestFiles } from './helpers.js';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-bunyan-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ingests the lines as one file: its counts, and the asked columns of its events. */
async function read(lines: readonly string[], columns: string) {
  const path = join(dir, `t${counter++}.log`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const run = await ingestFiles([path]);
  try {
    const source = run.summary.sources[0];
    return {
      format: source?.format,
      records: source?.records ?? 0,
      continuation: source?.continuation_lines ?? 0,
      rejects: source?.rejects ?? 0,
      rows: await run.rows(`SELECT ${columns} FROM events ORDER BY line`),
    };
  } finally {
    run.close();
  }
}

describe('the message and its extras', () => {
  it('are parted at the parenthesis from which the rest reads as pairs to the end of the line', () => {
    expect(messageAndExtras(' retry (attempt 2) done (queue=jobs, n=3)')).toEqual({ msg: 'retry (attempt 2) done', extras: [['queue', 'jobs'], ['n', '3']] });
    expect(messageAndExtras(' see f(x)')).toEqual({ msg: 'see f(x)', extras: [] });
    expect(messageAndExtras(' done (not pairs)')).toEqual({ msg: 'done (not pairs)', extras: [] });
  });

  it('read a quoted value as JSON, commas, quotes and parentheses in it included', () => {
    expect(messageAndExtras(' failed (error="bad, x=1 (\\"q\\")", empty="", list=a,b)')).toEqual({
      msg: 'failed',
      extras: [['error', 'bad, x=1 ("q")'], ['empty', ''], ['list', 'a,b']],
    });
  });

  it('say the message is below the header when no space follows its colon', () => {
    expect(messageAndExtras('')).toEqual({ msg: undefined, extras: [] });
    expect(messageAndExtras(' (a=1)')).toEqual({ msg: undefined, extras: [['a', '1']] });
    // An empty one-line message: the colon, its space, then the extras.
    expect(messageAndExtras('  (a=1)')).toEqual({ msg: '', extras: [['a', '1']] });
  });
});

describe("bunyan's long output", () => {
  it("keeps a src: true logger's file, line and function as src, out of the message", async () => {
    const r = await read(['[2026-03-02T10:00:01.750Z]  INFO: agent/4242 on agent-01 (/srv/app/worker.js:12 in handle): job picked up (queue=jobs)'],
      "event, service, attrs->>'src' AS src, attrs->>'queue' AS queue");
    expect(r).toMatchObject({ format: 'text', records: 1, rejects: 0 });
    expect(r.rows).toEqual([{ event: 'job picked up', service: 'agent', src: '{"file":"/srv/app/worker.js","line":12,"func":"handle"}', queue: 'jobs' }]);
  });

  it('reads a level without a name (`LVL35`) as bunyan numbers do: the named level at or below it', async () => {
    const r = await read(['[2026-03-02T10:00:01.750Z] LVL35: agent/4242 on agent-01: audit', '[2026-03-02T10:00:02.750Z] LVL55: agent/4242 on agent-01: nearly fatal'], 'level');
    expect(r.rows).toEqual([{ level: 'info' }, { level: 'error' }]);
  });

  it('makes a line it passed through (not bunyan JSON) more of the message of the record above', async () => {
    const r = await read([
      '[2026-03-02T10:00:01.750Z]  INFO: agent/4242 on agent-01: started (port=8080)',
      'npm WARN config production Use `--omit=dev` instead.',
      '[2026-03-02T10:00:02.750Z]  INFO: agent/4242 on agent-01: ready',
    ], "line, event, attrs->>'port' AS port");
    expect(r).toMatchObject({ records: 2, continuation: 1, rejects: 0 });
    expect(r.rows).toEqual([
      { line: 1, event: 'started\nnpm WARN config production Use `--omit=dev` instead.', port: '8080' },
      { line: 3, event: 'ready', port: null },
    ]);
  });
});
