// End to end, as a user sees it: `summary --follow` and `check --follow` in a real terminal
// (tmux), a log growing beside them, keys sent with send-keys and the screen read with
// capture-pane. Skips, saying so, only when tmux is not installed (apt-get install -y tmux).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, ROOT } from '../helpers/cli.js';
import { displayWidth } from '../../src/summary/text.js';

const WRITER = fileURLToPath(new URL('./writer.mjs', import.meta.url));
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const TMUX_MISSING = 'tmux is not installed (apt-get install -y tmux): the end-to-end terminal test cannot run';
const SOCKET = `logmeter-test-${process.pid}`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logmeter-tmux-'));
});
afterAll(() => {
  if (HAS_TMUX) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  rmSync(dir, { recursive: true, force: true });
});

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = (name: string, escapes = false) => tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', name);

async function until(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a command in a new detached 100x50 tmux session; its exit status lands in `status`. */
function session(name: string, command: string, env: Record<string, string>, status: string): void {
  const exports = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '50', '-c', ROOT, `env ${exports} ${command}; echo $? > ${status}; sleep 30`);
}

describe('follow in a terminal (tmux)', () => {
  it('summary --follow redraws the 80-column dashboard in colour and stops on Ctrl-C', async (ctx) => {
    if (!HAS_TMUX) return ctx.skip(TMUX_MISSING);
    const log = join(dir, 'app.log');
    const status = join(dir, 'summary.status');
    session('summary', `${process.execPath} ${BIN} summary --follow --every 200ms --window 10m ${log}`, { TERM: 'xterm-256color' }, status);
    const writer = spawn(process.execPath, [WRITER, log, JSON.stringify({ phases: [{ count: 40, everyMs: 20, status: 200 }, { count: 2, everyMs: 20, status: 500 }] })]);
    await new Promise((r) => writer.on('close', r));
    // Each redraw clears the screen and writes the frame anew: read only screens with a whole frame.
    let shot = '';
    let coloured = '';
    await until('the dashboard with 42 records', () => /records 42 [\s\S]*└─+┘/.test((shot = screen('summary'))));
    await until('a whole frame with escapes', () => /records 42 [\s\S]*└─+┘/.test((coloured = screen('summary', true))));

    const lines = shot.split('\n').filter((l) => l.trim() !== '');
    // A range that spans midnight UTC names both dates, and the title is then cut to fit 80 columns.
    expect(lines[0]).toMatch(/^┌─ LOGMETER · app\.log · every 2(?:00ms · last 10m|[^─]*…) ─+ \d{4}-\d\d-\d\d \d\d:\d\d → (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC ─┐$/);
    for (const line of lines) expect(displayWidth(line.trimEnd()), line).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => l.startsWith('┌─ LOGMETER'))).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/│ [▁▂▃▄▅▆▇█]+ +│/);
    expect(coloured).toMatch(/\x1b\[(?:[0-9;]*;)?3[1-3]m● (HEALTHY|DEGRADED|UNHEALTHY)/);

    tmux('send-keys', '-t', 'summary', 'C-c');
    await until('the exit status', () => existsSync(status) && readFileSync(status, 'utf8').trim() !== '');
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
    expect(screen('summary')).not.toMatch(/logmeter: |Error|at /);
  });

  it('NO_COLOR turns colour off on a terminal', async (ctx) => {
    if (!HAS_TMUX) return ctx.skip(TMUX_MISSING);
    const log = join(dir, 'plain.log');
    execFileSync(process.execPath, [WRITER, log, JSON.stringify({ phases: [{ count: 5, everyMs: 1, status: 200 }] })]);
    const status = join(dir, 'plain.status');
    session('plain', `${process.execPath} ${BIN} summary --follow --every 200ms ${log}`, { TERM: 'xterm-256color', NO_COLOR: '1' }, status);
    let coloured = '';
    await until('a whole dashboard', () => /records 5 [\s\S]*└/.test((coloured = screen('plain', true))));
    expect(coloured).toMatch(/●/);
    expect(coloured).not.toMatch(/\x1b\[[0-9;]*m●/);
    tmux('send-keys', '-t', 'plain', 'C-c');
    await until('the exit status', () => existsSync(status) && readFileSync(status, 'utf8').trim() !== '');
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
  });

  it('check --follow prints state changes as they happen and stops on Ctrl-C', async (ctx) => {
    if (!HAS_TMUX) return ctx.skip(TMUX_MISSING);
    const log = join(dir, 'check.log');
    const status = join(dir, 'check.status');
    session('check', `${process.execPath} ${BIN} check --follow --every 100ms --window 2s --assert "error_rate < 0.3" ${log}`, { TERM: 'xterm-256color' }, status);
    const plan = { phases: [{ count: 5, everyMs: 50, status: 200 }, { count: 15, everyMs: 50, status: 500 }, { count: 120, everyMs: 50, status: 200 }] };
    const writer = spawn(process.execPath, [WRITER, log, JSON.stringify(plan)]);
    await until('FIRING then RESOLVED', () => /FIRING[\s\S]*RESOLVED/.test(screen('check')), 30_000);
    tmux('send-keys', '-t', 'check', 'C-c');
    await until('the exit status', () => existsSync(status) && readFileSync(status, 'utf8').trim() !== '');
    writer.kill();
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
    expect(screen('check')).toMatch(/^checking 1 rule every 100ms over the last 2s; Ctrl-C stops$/m);
  });
});
