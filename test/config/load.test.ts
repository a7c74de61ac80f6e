// The configuration file is found in the current directory (or given with --config), and used by
// every command that reads logs; a mistake in it is exit 2 with the file, the line and what was
// expected. The Multi-Agent Orchestrator example: one pattern line makes its workflow records.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { loadConfig } from '../../src/config/load.js';
import { UsageError } from '../../src/errors.js';
import { FIXTURES } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in-process with `cwd` as the current directory. */
async function run(args: string[], cwd: string) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: IO = { stdin: Readable.from([]) as IO['stdin'], stdout, stderr, env: {}, cwd };
  const code = await main(args, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** A directory to run in, with a logmeter.yml holding `config`. */
function project(name: string, config: string | undefined): string {
  const root = mkdtempSync(join(dir, `${name}-`));
  if (config !== undefined) writeFileSync(join(root, 'logmeter.yml'), config);
  return root;
}

const PYTHON_TEXT = join(FIXTURES, 'python-text.log');
const WORKFLOWS = `SELECT line, event, kind, workflow_id, duration_ms, ok FROM events WHERE kind = 'workflow' AND event NOT LIKE '%started%' ORDER BY line`;

describe('the configuration file', () => {
  it('turns the orchestrator line into a workflow record with a workflow_id, ok and duration_ms, with one pattern line', async () => {
    const root = project('orchestrator', 'patterns:\n  - parse "Workflow * completed successfully in *s" as workflow_id, duration_s\n');
    const result = await run(['query', PYTHON_TEXT, '-q', '-F', 'json', '--sql', WORKFLOWS], root);
    expect(result.stderr).toBe('');
    const rows = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(rows[0]).toEqual({
      line: 18,
      event: 'Workflow {workflow_id} completed successfully in {duration_s}s',
      kind: 'workflow',
      workflow_id: 'wf_2d8bf96c',
      duration_ms: 163820,
      ok: true,
    });
    expect(rows.filter((r) => r.workflow_id !== null)).toHaveLength(4);
    // The failed run does not match that pattern: it stays a workflow record, failed, without an id.
    expect(rows.find((r) => r.ok === false)).toMatchObject({ line: 79, workflow_id: null, duration_ms: null });
  });

  it('is read from the current directory without --config, and --config names another one', async () => {
    const root = project('discovery', 'kinds:\n  workflow: [agent system starting]\n');
    const sql = `SELECT kind FROM events WHERE line = 1`;
    expect(JSON.parse((await run(['query', PYTHON_TEXT, '-q', '-F', 'json', '--sql', sql], root)).stdout)).toEqual([{ kind: 'workflow' }]);
    const other = join(root, 'other.yml');
    writeFileSync(other, 'kinds:\n  session: [agent system starting]\n');
    expect(JSON.parse((await run(['query', PYTHON_TEXT, '-q', '-F', 'json', '--sql', sql, '--config', 'other.yml'], root)).stdout)).toEqual([{ kind: 'session' }]);
    expect(JSON.parse((await run(['query', PYTHON_TEXT, '-q', '-F', 'json', '--sql', sql], dir)).stdout)).toEqual([{ kind: 'other' }]);
  });

  it('gives file operations by event name, units of duration fields, aliases and the time zone', async () => {
    const log = join(dir, 'custom.log');
    writeFileSync(log, '{"when":"2026-03-02 10:00:00","event":"persist_artifact","target":"a.txt","took":2.5,"llm":"gpt-4o","usage":{"in":7}}\n');
    const root = project(
      'custom',
      ['timezone: Europe/Paris', 'ops:', '  write: [persist_artifact]', 'units:', '  took: s', 'aliases:', '  ts: when', '  path: target', '  model: llm', '  tokens_in: usage.in'].join('\n'),
    );
    const sql = 'SELECT ts, kind, op, path, duration_ms, model, tokens_in FROM events';
    const result = JSON.parse((await run(['query', log, '-q', '-F', 'json', '--sql', sql], root)).stdout);
    expect(result).toEqual([{ ts: '2026-03-02T09:00:00.000Z', kind: 'file_op', op: 'write', path: 'a.txt', duration_ms: 2500, model: 'gpt-4o', tokens_in: 7 }]);
    // --tz still wins over the configuration's zone.
    const utc = JSON.parse((await run(['query', log, '-q', '--tz', 'UTC', '-F', 'json', '--sql', 'SELECT ts FROM events'], root)).stdout);
    expect(utc).toEqual([{ ts: '2026-03-02T10:00:00.000Z' }]);
  });

  it('is exit 2 when wrong, naming the file, the line and what was expected, on stderr in one line per mistake', async () => {
    const root = project('wrong', 'kinds:\n  workflows: [x]\nunits:\n  took: minutes\n');
    const result = await run(['ingest', PYTHON_TEXT], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'logmeter: logmeter.yml:2:3: kinds.workflows: expected a kind: llm_call, request, file_op, workflow, session, metric, other, found "workflows"\n' +
        'logmeter.yml:4:9: units.took: expected a unit: ms, s, us, ns, found "minutes"\n',
    );
  });

  it('is exit 2 when --config names a file that is not there', async () => {
    const result = await run(['ingest', PYTHON_TEXT, '--config', 'missing.yml'], dir);
    expect([result.code, result.stderr]).toEqual([2, 'logmeter: no such configuration file: missing.yml\n']);
    expect(() => loadConfig({ cwd: dir, file: 'missing.yml' })).toThrow(UsageError);
  });

  it('is exit 2 saying so when --config names a directory', async () => {
    const result = await run(['ingest', PYTHON_TEXT, '--config', dir + '/'], dir);
    expect([result.code, result.stderr]).toEqual([2, `logmeter: --config ${dir}/ is a directory: name the file, such as --config ${dir}/logmeter.yml\n`]);
  });
});
