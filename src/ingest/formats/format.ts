// What a log format is to logmeter: a name, a way to recognise a source, and how its lines reach
// the canonical table. JSON-lines formats share one projection (DuckDB parses the lines); other
// families (text layouts, whole documents) turn lines into JSON records first.

export type JsonObject = Record<string, unknown>;

export interface DetectionInput {
  /** Non-empty lines spread over the source. */
  readonly lines: readonly string[];
  /** Those lines that parse as JSON objects (same order, others left out). */
  readonly objects: readonly JsonObject[];
  /** The first 64 KB of the source, decoded. */
  readonly head: string;
}

export interface JsonLinesFormat {
  readonly name: string;
  readonly family: 'json-lines';
  readonly description: string;
  /** The share (0..1) of sampled objects that look like this format. */
  score(objects: readonly JsonObject[]): number;
}

export type Format = JsonLinesFormat;

/** The share of items that satisfy a predicate; 0 for none. */
export function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  let n = 0;
  for (const item of items) if (predicate(item)) n++;
  return n / items.length;
}
