// The yaml library, loaded on first use: only a logmeter.yml or a rules file needs it, and loading
// it costs ~25 ms of start-up that `check --assert` and every command without a config would pay.
// require() gives the same CommonJS build an import of 'yaml' resolves to under Node.

import { createRequire } from 'node:module';
import type { Document, LineCounter, ParseOptions, DocumentOptions, Scalar, YAMLMap, YAMLSeq } from 'yaml';

type Yaml = typeof import('yaml');
let lib: Yaml | undefined;

function yaml(): Yaml {
  lib ??= createRequire(import.meta.url)('yaml') as Yaml;
  return lib;
}

export function parseDocument(source: string, options: ParseOptions & DocumentOptions): Document.Parsed {
  return yaml().parseDocument(source, options);
}

export function newLineCounter(): LineCounter {
  return new (yaml().LineCounter)();
}

export function isMap<K = unknown, V = unknown>(node: unknown): node is YAMLMap<K, V> {
  return yaml().isMap(node);
}

export function isScalar<T = unknown>(node: unknown): node is Scalar<T> {
  return yaml().isScalar(node);
}

export function isSeq<T = unknown>(node: unknown): node is YAMLSeq<T> {
  return yaml().isSeq(node);
}
