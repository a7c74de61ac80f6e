// Histogram bucket bounds: the defaults per kind of duration, and parsing `--buckets`.
// Defaults: the Prometheus client default for served requests; the OpenTelemetry GenAI advice for
// LLM operation duration and token usage; wider bounds for file operations and workflows.

import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { FAMILIES, type BucketSet } from './catalog.js';

export const DEFAULT_BUCKETS: Readonly<Record<BucketSet, readonly number[]>> = {
  request: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  llm: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
  file: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  workflow: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
  tokens: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
};

/** Bounds per histogram family key. */
export type BucketChoice = ReadonlyMap<string, readonly number[]>;

/**
 * `--buckets` values: `[NAME=]B1,B2,...`. NAME is a histogram's name without the prefix
 * (`request_duration_seconds`) or a default set (`request`, `llm`, `file`, `workflow`, `tokens`);
 * with no NAME the bounds apply to every duration histogram (all but token usage).
 */
export function chooseBuckets(specs: readonly string[]): BucketChoice {
  const histograms = FAMILIES.filter((f) => f.type === 'histogram');
  const chosen = new Map<string, readonly number[]>();
  for (const f of histograms) chosen.set(f.key, DEFAULT_BUCKETS[f.buckets ?? 'request']);
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const name = eq === -1 ? undefined : spec.slice(0, eq).trim();
    const bounds = parseBounds(spec, eq === -1 ? spec : spec.slice(eq + 1));
    const targets =
      name === undefined
        ? histograms.filter((f) => f.buckets !== 'tokens')
        : histograms.filter((f) => f.key === name || f.buckets === name);
    if (targets.length === 0) {
      const names = [...Object.keys(DEFAULT_BUCKETS), ...histograms.map((f) => f.key)];
      throw new UsageError(messages.unknownHistogram(name ?? '', names));
    }
    for (const f of targets) chosen.set(f.key, bounds);
  }
  return chosen;
}

function parseBounds(spec: string, list: string): number[] {
  const parts = list.split(',').map((p) => p.trim());
  const bounds = parts.map(Number);
  const valid =
    parts.length > 0 &&
    parts.every((p) => p !== '') &&
    bounds.every((b) => Number.isFinite(b)) &&
    bounds.every((b, i) => i === 0 || b > (bounds[i - 1] as number));
  if (!valid) throw new UsageError(messages.badBuckets(spec));
  return bounds;
}
