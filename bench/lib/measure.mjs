// Runs one command and measures it: wall time (from this process), peak RSS and CPU time of the
// whole process tree (from GNU time, whose wait4 rusage covers a shell pipeline's children too).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, loadavg } from 'node:os';
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
  const before = cpuTicks();
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
  const after = cpuTicks();
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
  // What the rest of the machine used meanwhile (other jobs on a shared box), as a share of all cores.
  const busyMs = (after.busy - before.busy) * TICK_MS;
  const otherShare = Math.max(0, (busyMs - cpuMs) / (wallMs * cpus().length));
  return { wallMs, rssMB, cpuMs, exit, load, otherShare, stdout: stdout.text(), stderr: stderr.text() };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** Busy and total CPU ticks of the whole machine, from /proc/stat. */
export function cpuTicks() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

/**
 * Waits (up to `maxMs`) until the machine has been nearly idle for a second, so a run does not
 * share the cores with another job's burst. Returns the busy share seen last.
 */
export async function settle({ maxBusy = 0.15, maxMs = 60_000 } = {}) {
  const deadline = Date.now() + maxMs;
  let share = 1;
  while (Date.now() < deadline) {
    const a = cpuTicks();
    await new Promise((r) => setTimeout(r, 1000));
    const b = cpuTicks();
    share = (b.busy - a.busy) / Math.max(1, b.total - a.total);
    if (share <= maxBusy) break;
  }
  return share;
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
