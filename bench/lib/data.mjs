// The benchmark inputs: generated once with bench/generate.mjs and cached under bench/data/
// (git-ignored), with the generator's summary (exact answers) beside each file.

import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export const SIZES = { '10': 10, '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };

export function parseSize(name) {
  const key = String(name).toLowerCase();
  if (key in SIZES) return { name: key, lines: SIZES[key] };
  throw new Error(`unknown size ${name}: use one of ${Object.keys(SIZES).join(', ')}`);
}

/** The log of `lines` lines in `format`, generating it (seed 1) when it is not cached yet. */
export function dataset(dataDir, size, format = 'pino') {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `${size.name}.${format}.log`);
  const summaryPath = `${path}.summary.json`;
  if (!existsSync(path) || !existsSync(summaryPath)) {
    process.stderr.write(`generating ${path} (${size.lines} lines)...\n`);
    const tmp = `${path}.partial`;
    const result = spawnSync(process.execPath, [new URL('../generate.mjs', import.meta.url).pathname, '--lines', String(size.lines), '--format', format, '-o', tmp], {
      stdio: ['ignore', 'inherit', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`bench/generate.mjs failed: ${result.stderr.toString()}`);
    const summary = result.stderr.toString().trim().split('\n').pop();
    writeFileSync(summaryPath, summary + '\n');
    renameSync(tmp, path);
  }
  return { path, format, lines: size.lines, summary: JSON.parse(readFileSync(summaryPath, 'utf8')) };
}

/**
 * A copy holding only the lines that parse as JSON objects: Miller stops at the first malformed
 * line, so it gets the cleaned file (an advantage the table notes).
 */
export async function cleanCopy(data) {
  const path = data.path.replace(/\.log$/, '.clean.jsonl');
  if (existsSync(path)) return path;
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp);
  const lines = createInterface({ input: createReadStream(data.path), crlfDelay: Infinity });
  for await (const line of lines) {
    let value;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
  return path;
}
