// Runs the CLI the two ways a test needs: in-process (fast, through main() with buffers as the
// streams) and as a real child process (for stdin pipes, exit statuses and broken pipes).

import { PassThrough, Readable } from 'node:stream';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/logmeter', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
export const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs main() in this process; stdin is the given bytes (or an empty non-TTY stream). */
export async function runInProcess(args: readonly string[], options: { stdin?: string | Buffer; env?: Record<string, string> } = {}): Promise<CliResult> {
  const stdout = collect();
  const stderr = collect();
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]) as IO['stdin'];
  const io: IO = { stdin, stdout: stdout.stream, stderr: stderr.stream, env: { ...options.env }, cwd: process.cwd() };
  const code = await main(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * Runs bin/logmeter with stdin left open: a command that read its input before failing would wait
 * for it and never exit, so an exit proves the error came before any input was read.
 */
export async function runBinaryStdinOpen(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdin.destroy();
  return { code, stderr };
}

/** Runs bin/logmeter (the built CLI) as a child process. */
export function runBinary(args: readonly string[], options: { stdin?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input: options.stdin ?? '',
    env: { ...process.env, ...options.env },
    cwd: options.cwd ?? ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

function collect() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
