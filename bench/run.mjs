#!/usr/bin/env node
// `npm run bench`: logmeter beside its peers on the same generated logs, each run alternating with
// the baselines, and a table of medians (wall time, lines/s, peak RSS, ratio to DuckDB alone).
//
//   npm run bench -- [--sizes 100k,1m,10m] [--runs 3] [--tasks a,a2,b,c] [--peers duckdb,jq,mlr,lnav]
//                    [--slow-peers-max 1m] [--logmeter PATH] [--no-install] [--no-logfmt] [--no-settle] [--out DIR]
//
// Before each run the bench waits (up to a minute) for the machine to be nearly idle, and it
// reports how much CPU other processes took during the runs: the figures are only as good as that.
//
// Phases: 1. tools (apt-get the Debian peers or note why each is skipped) -> 2. data (bench/data/,
// generated once, git-ignored) -> 3. start-up -> 4. per size, N rounds of every task, logmeter then
// its peers -> 5. medians, answers checked against the generator's exact values -> 6. table on
// stdout, JSON and markdown under bench/results/.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, totalmem, tmpdir, loadavg, release } from 'node:os';
import { join } from 'node:path';
import { cleanCopy, dataset, parseSize } from './lib/data.mjs';
import { measure, median, settle, sh } from './lib/measure.mjs';
import { tasks, RULE } from './lib/tasks.mjs';
import { ensureTools, version } from './lib/tools.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const options = parseArgs(process.argv.slice(2));

// 1. tools
const toolStatus = ensureTools(['/usr/bin/time', ...options.peers.filter((p) => p !== 'duckdb').map((p) => p)], { install: options.install });
if (toolStatus['/usr/bin/time']) throw new Error('GNU time (/usr/bin/time, Debian package "time") is needed to measure peak RSS');
const logmeter = sh(options.logmeter);
const tmp = mkdtempSync(join(tmpdir(), 'lm-bench-run-'));
const results = [];
const notes = [];
for (const [tool, reason] of Object.entries(toolStatus)) if (reason && tool !== '/usr/bin/time') notes.push(`${tool} skipped: ${reason}.`);
const hasReport = spawnSync(options.logmeter, ['--help'], { encoding: 'utf8' }).stdout.includes('report');

try {
  // 3. start-up: `--version`, and check on a 10-line log
  const tiny = dataset(options.dataDir, parseSize('10'));
  const startup = [
    { id: 'startup', title: 'logmeter --version', script: `${logmeter} --version` },
    { id: 'startup', title: 'logmeter check (10-line log)', script: `${logmeter} check ${sh(tiny.path)} --assert ${sh(RULE)} --json` },
  ];
  for (const s of startup) {
    const runs = [];
    for (let i = 0; i < Math.max(5, options.runs); i++) {
      if (options.settle) await settle();
      runs.push(await measure(s.script));
    }
    results.push(summarise({ size: '10', lines: 10, task: s.id, title: s.title, tool: 'logmeter', label: s.title, runs, okExits: [0, 1] }));
  }

  // 2 + 4. per size, alternating rounds
  for (const size of options.sizes) {
    const sets = [dataset(options.dataDir, size)];
    if (options.logfmt && size.name === '1m') sets.push(dataset(options.dataDir, size, 'logfmt'));
    for (const data of sets) {
      warm(data.path);
      const all = tasks({ data, logmeter, tmp, clean: () => cleanCopy(data) }).filter((t) => options.tasks.includes(t.id));
      const plan = [];
      for (const task of all) {
        if (data.format !== 'pino' && task.id !== 'b') continue;
        if (task.needsCommand === 'report' && !hasReport) {
          note(`(c) skipped: this build has no \`logmeter report\` command yet.`);
          continue;
        }
        const entries = [task.logmeter, ...task.peers.filter((p) => data.format === 'pino' && options.peers.includes(p.tool))];
        for (const entry of entries) {
          if (entry.needs && toolStatus[entry.needs]) continue;
          if (entry.slow && size.lines > options.slowPeersMax) {
            note(`${entry.tool} not run above ${options.slowPeersMaxName} lines (--slow-peers-max).`);
            continue;
          }
          let script = entry.script;
          if (typeof script === 'function') script = script(await entry.prepare());
          plan.push({ task, entry, script, runs: [] });
        }
      }
      for (let round = 0; round < options.runs; round++) {
        for (const item of plan) {
          item.entry.before?.();
          if (options.settle) await settle();
          const run = await measure(item.script);
          process.stderr.write(
            `${size.name} ${data.format} ${item.task.id} ${item.entry.tool} #${round + 1}: ${(run.wallMs / 1000).toFixed(2)} s, ${run.rssMB.toFixed(0)} MB, exit ${run.exit}, others used ${(run.otherShare * 100).toFixed(0)}% of the CPUs\n`,
          );
          item.runs.push(run);
        }
      }
      for (const item of plan) {
        results.push(
          summarise({
            size: size.name,
            format: data.format,
            lines: data.lines,
            task: item.task.id,
            title: item.task.title,
            tool: item.entry.tool,
            label: item.entry.label,
            runs: item.runs,
            expected: item.task.expected,
            answer: item.entry.answer,
            okExits: item.entry.okExits ?? [0],
          }),
        );
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// 5 + 6. ratios, table, files
for (const r of results) {
  const base = results.find((b) => b.size === r.size && b.format === r.format && b.task === r.task && b.tool === 'duckdb');
  r.ratio = base ? r.medianS / base.medianS : null;
}
const machine = describeMachine();
const table = renderTable(results);
const text = [
  `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memory}, ${machine.os}, Node ${process.version}, load average at start ${machine.loadAtStart}`,
  `peers: ${['jq', 'mlr', 'lnav'].filter((t) => !toolStatus[t] && options.peers.includes(t)).map((t) => version(t)).join('; ') || 'none'}`,
  '',
  table,
  '',
  ...[...new Set(notes)].map((n) => `- ${n}`),
].join('\n');
process.stdout.write(text + '\n');
mkdirSync(options.out, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(join(options.out, `${stamp}.json`), JSON.stringify({ machine, options: { ...options, sizes: options.sizes.map((s) => s.name) }, results, notes }, null, 2));
writeFileSync(join(options.out, `${stamp}.md`), text + '\n');

function note(text) {
  notes.push(text);
}

function summarise({ size, format = 'pino', lines, task, title, tool, label, runs, expected, answer, okExits = [0] }) {
  const medianS = median(runs.map((r) => r.wallMs)) / 1000;
  const answers = answer ? runs.map((r) => answer(r.stdout)) : [];
  const got = answers.length ? answers[answers.length - 1] : undefined;
  const failed = runs.filter((r) => !okExits.includes(r.exit));
  if (failed.length > 0) note(`${size} ${task} ${tool}: ${failed.length} run(s) exited ${failed[0].exit}: ${failed[0].stderr.trim().split('\n').pop()}`);
  let correct = null;
  if (expected !== undefined && got !== undefined) correct = Math.abs(got - expected) <= Math.abs(expected) * 1e-9;
  return {
    size,
    format,
    lines,
    task,
    title,
    tool,
    label,
    runs: runs.length,
    medianS,
    linesPerS: lines / medianS,
    peakRssMB: Math.max(...runs.map((r) => r.rssMB)),
    medianCpuS: median(runs.map((r) => r.cpuMs)) / 1000,
    wallS: runs.map((r) => +(r.wallMs / 1000).toFixed(3)),
    loads: runs.map((r) => +r.load.toFixed(2)),
    otherShare: median(runs.map((r) => r.otherShare)),
    answer: got,
    expected,
    correct,
    failedRuns: failed.length,
  };
}

function renderTable(rows) {
  const head = '| lines | task | tool | median wall | lines/s | peak RSS | CPU | × DuckDB alone | answer | others |';
  const rule = '|---|---|---|---:|---:|---:|---:|---:|---|---:|';
  const body = rows.map((r) => {
    const answer = r.correct === null ? '' : r.correct ? `${fmtAnswer(r.answer)} ✓` : `${fmtAnswer(r.answer)} ✗ (exact ${fmtAnswer(r.expected)})`;
    return `| ${r.size}${r.format !== 'pino' ? ` ${r.format}` : ''} | ${r.task} | ${r.label} | ${r.medianS.toFixed(2)} s | ${fmtRate(r.linesPerS)} | ${r.peakRssMB.toFixed(0)} MB | ${r.medianCpuS.toFixed(2)} s | ${r.ratio == null ? '' : r.ratio.toFixed(2) + '×'} | ${answer} | ${(r.otherShare * 100).toFixed(0)}% |`;
  });
  const legend = [...new Set(rows.map((r) => `${r.task}: ${r.title}`))].map((t) => `- ${t}`);
  legend.push('- others: median share of all CPUs that other processes used during the runs (a shared machine).');
  return [head, rule, ...body, '', ...legend].join('\n');
}

function fmtAnswer(v) {
  return typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v);
}

function fmtRate(v) {
  if (!Number.isFinite(v) || v < 1000) return '';
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : `${Math.round(v / 1000)}k`;
}

function warm(path) {
  // Read the file once so the first measured run does not pay for the disk.
  spawnSync('sh', ['-c', `cat ${sh(path)} > /dev/null`]);
}

function describeMachine() {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kb = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? totalmem() / 1024);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown CPU',
    memory: `${(kb / 1024 / 1024).toFixed(1)} GiB RAM`,
    os: `Linux ${release()}`,
    loadAtStart: loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

function parseArgs(argv) {
  const o = {
    sizes: ['100k', '1m'],
    runs: 3,
    tasks: ['a', 'a2', 'b', 'c'],
    peers: ['duckdb', 'jq', 'mlr', 'lnav'],
    slowPeersMax: '1m',
    logmeter: join(ROOT, 'bin/logmeter'),
    install: true,
    logfmt: true,
    settle: true,
    out: join(ROOT, 'bench/results'),
    dataDir: join(ROOT, 'bench/data'),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--sizes': o.sizes = value().split(','); break;
      case '--runs': o.runs = Number(value()); break;
      case '--tasks': o.tasks = value().split(','); break;
      case '--peers': o.peers = value().split(',').filter(Boolean); break;
      case '--slow-peers-max': o.slowPeersMax = value(); break;
      case '--logmeter': o.logmeter = value(); break;
      case '--no-install': o.install = false; break;
      case '--no-logfmt': o.logfmt = false; break;
      case '--no-settle': o.settle = false; break;
      case '--out': o.out = value(); break;
      case '--data': o.dataDir = value(); break;
      case '-h': case '--help':
        process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1, 6).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default: throw new Error(`unknown flag ${flag} (see --help)`);
    }
  }
  o.sizes = o.sizes.map(parseSize);
  o.slowPeersMaxName = o.slowPeersMax;
  o.slowPeersMax = parseSize(o.slowPeersMax).lines;
  if (!(o.runs >= 1)) throw new Error('--runs must be 1 or more');
  return o;
}
