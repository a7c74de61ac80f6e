// Runs one command and measures it: wall time (from this process), peak RSS and CPU time of the
// whole process tree (from GNU time, whose wait4 rusage covers a shell pipeline's children too).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';

const TIME = '/usr/bin/time';

/**
 * Runs `sh -c script` under GNU time. Returns wall ms, peak RSS in MB, CPU ms (user + system),
 * the exit status, and stdout/stderr (the first MBs: enough to read an answer from).
 */
export async function measure(script, { env = {}, cwd } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lm-bench-'));
  const timeFile = join(dir, 'time');
  const load = loadavg()[0];
  const started = performance.now();
  const child = spawn(TIME, ['-f', '%M %U %S %x', '-o', timeFile, 'sh', '-c', script], {
    env: { ...process.env, ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout = capture(child.stdout);
  const stderr = capture(child.stderr);
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  const wallMs = performance.now() - started;
  let rssMB = NaN;
  let cpuMs = NaN;
  let exit = code;
  try {
    // GNU time may print "Command exited with non-zero status N" before the format line.
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const [maxKB, user, sys, status] = last.split(' ').map(Number);
    rssMB = maxKB / 1024;
    cpuMs = (user + sys) * 1000;
    exit = status;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { wallMs, rssMB, cpuMs, exit, load, stdout: stdout.text(), stderr: stderr.text() };
}

function capture(stream) {
  const chunks = [];
  let size = 0;
  stream.on('data', (c) => {
    if (size < 4 * 1024 * 1024) chunks.push(c);
    size += c.length;
  });
  return { text: () => Buffer.concat(chunks).toString('utf8') };
}

export function median(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Single-quotes a word for sh. */
export function sh(word) {
  return "'" + String(word).replaceAll("'", "'\\''") + "'";
}
