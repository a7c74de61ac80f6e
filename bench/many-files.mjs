#!/usr/bin/env node
// Directories of many small logs, for the "Many small files" figures in docs/PERFORMANCE.md: per-pod,
// per-job or per-session files of 3-10 lines each, deterministic (a fixed-seed generator).
//
//   node bench/many-files.mjs KIND DIR COUNT
//
// KIND: mixed   pino JSON lines (`pod-NNNNN.jsonl`), 1 file in 20 Python logging text (`job-NNNNN.log`),
//               a broken line in 1 file in 50;
//       cri     pino JSON lines as containerd writes them (/var/log/containers: `TIME stdout F {...}`);
//       docker  the same inside Docker's json-file wrappers ({"log": ..., "stream", "time"});
//       python  Python logging text, a traceback in 1 file in 10.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [kind, dir, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!['mixed', 'cri', 'docker', 'python'].includes(kind) || !dir || !Number.isInteger(count) || count < 1) {
  console.error('usage: node bench/many-files.mjs mixed|cri|docker|python DIR COUNT');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const base = Date.parse(kind === 'mixed' ? '2026-03-01T00:00:00Z' : '2026-11-24T10:00:00Z');
const pythonTime = (t) => new Date(t).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
const nanos = (t) => new Date(t).toISOString().replace('Z', '') + '123456Z';

for (let i = 0; i < count; i++) {
  const n = 3 + Math.floor(rnd() * 8);
  const python = kind === 'python' || (kind === 'mixed' && i % 20 === 7);
  const lines = [];
  for (let j = 0; j < n; j++) {
    const t = base + i * 1000 + j * 37;
    if (python) {
      if (kind === 'python' && i % 10 === 3 && j === 1) {
        lines.push(`${pythonTime(t)} ERROR agent.worker: step ${j} failed`, 'Traceback (most recent call last):', '  File "/app/worker.py", line 12, in run', '    step()', 'ValueError: bad input');
      } else lines.push(`${pythonTime(t)} INFO agent.worker: step ${j} done in ${Math.floor(rnd() * 900)} ms`);
      continue;
    }
    const pid = kind === 'mixed' ? 100 + (i % 7) : 1;
    const record = JSON.stringify({ level: 30, time: t, pid, hostname: `pod-${i % 13}`, msg: 'llm call', kind: 'llm_call', model: 'gpt-4o', duration_ms: Math.floor(rnd() * 2000), job: i, step: j });
    if (kind === 'cri') lines.push(`${nanos(t)} ${j % 4 === 3 ? 'stderr' : 'stdout'} F ${record}`);
    else if (kind === 'docker') lines.push(JSON.stringify({ log: record + '\n', stream: 'stdout', time: nanos(t) }));
    else lines.push(record);
  }
  if (kind === 'mixed' && i % 50 === 3) lines.splice(1, 0, python ? '' : '{"level":30,"time":broken');
  const number = String(i).padStart(5, '0');
  const name = kind === 'mixed' ? (python ? `job-${number}.log` : `pod-${number}.jsonl`) : `${kind}-${number}_default_app-${i}.log`;
  writeFileSync(join(dir, name), lines.join('\n') + '\n');
}
