// The rollups are the files queries/<name>.sql (files starting with _ are shared pieces, not
// rollups). This module reads one and parses its header: the first comment block says what it
// returns, and `@` lines say how the runner treats it. A file may hold several sections, each a
// SELECT introduced by `-- @section NAME: description`; the first is the rollup's main table.
//
// Header directives (all optional):
//   @by COLS          the default --by (`none` rejects --by); without it --by is optional, default none
//   @kind KINDS       the default --kind (the user's --kind replaces it; `--kind all` lifts it)
//   @bucket MODE      none (no --bucket), optional (bucket_start only with --bucket), auto (always
//                     bucketed; a bucket is chosen for the range when --bucket is not given)
//   @source NAME      events (default) or priced_events (cost filled in from prices)
//   @filters none     --since/--until/--where/--kind/--by do not apply (the rejects rollup)
//   @param $NAME TEXT documents a parameter of this rollup beyond the common ones

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { closest } from '../query-language/diagnostics.js';
import { QUERIES_DIR } from '../sql-files.js';

export type BucketMode = 'none' | 'optional' | 'auto';
export type SourceRelation = 'events' | 'priced_events';

export interface SectionSpec {
  readonly name: string;
  readonly description: string;
  /** One SELECT (or WITH ... SELECT) over the prelude's relations, without a trailing semicolon. */
  readonly sql: string;
}

export interface RollupSpec {
  readonly name: string;
  /** The header's first line after `name:`. */
  readonly description: string;
  /** The header's comment text, for --help and docs. */
  readonly doc: string;
  readonly file: string;
  /** The default --by text; null: none. */
  readonly defaultBy: string | null;
  readonly byAllowed: boolean;
  readonly defaultKind: string | null;
  readonly bucket: BucketMode;
  readonly source: SourceRelation;
  readonly filters: boolean;
  readonly params: readonly { readonly name: string; readonly description: string }[];
  readonly sections: readonly SectionSpec[];
}

const HEADER_LINE = /^\s*--(.*)$/;
const SECTION_LINE = /^\s*--\s*@section\s+([a-z][a-z0-9_]*)\s*:\s*(.*)$/i;

export function rollupFile(name: string): string {
  return join(QUERIES_DIR, `${name}.sql`);
}

/** Names of the built-in rollups, sorted. */
export function rollupNames(): string[] {
  return readdirSync(QUERIES_DIR)
    .filter((f) => f.endsWith('.sql') && !f.startsWith('_'))
    .map((f) => f.slice(0, -4))
    .sort();
}

const cache = new Map<string, RollupSpec>();

/** A built-in rollup by name; UsageError (exit 2) naming the closest one when it does not exist. */
export function loadRollup(name: string): RollupSpec {
  const cached = cache.get(name);
  if (cached) return cached;
  const names = rollupNames();
  if (!names.includes(name)) throw new UsageError(messages.unknownRollup(name, closest(name, names), names));
  const spec = parseRollup(readFileSync(rollupFile(name), 'utf8'), name, rollupFile(name));
  cache.set(name, spec);
  return spec;
}

/**
 * A rollup-shaped piece of logmeter's own under queries/ that is not listed as a rollup (one that
 * `logmeter metrics` runs, in queries/metrics/): named by its path there, without `.sql`.
 */
export function loadBuiltinPiece(relative: string): RollupSpec {
  const cached = cache.get(relative);
  if (cached) return cached;
  const spec = parseRollup(readFileSync(rollupFile(relative), 'utf8'), relative, rollupFile(relative));
  cache.set(relative, spec);
  return spec;
}

/** A user's own SQL file: the same header rules, named after the file. */
export function loadRollupFile(path: string): RollupSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(messages.cannotReadQueryFile(path, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
  return parseRollup(text, basename(path).replace(/\.sql$/i, ''), path);
}

export function parseRollup(text: string, name: string, file: string): RollupSpec {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  const header: string[] = [];
  while (i < lines.length) {
    const line = lines[i] as string;
    if (SECTION_LINE.test(line)) break;
    const m = HEADER_LINE.exec(line);
    if (m) header.push((m[1] as string).replace(/^ /, ''));
    else if (line.trim() !== '') break;
    i++;
  }
  const directives = header.filter((l) => l.trimStart().startsWith('@'));
  const prose = header.filter((l) => !l.trimStart().startsWith('@'));
  const first = prose.find((l) => l.trim() !== '') ?? '';
  const titled = new RegExp(`^\\s*${escapeRegExp(name)}\\s*:\\s*(.*)$`).exec(first);
  const description = (titled ? titled[1] : first).trim();

  const spec = {
    defaultBy: null as string | null,
    byAllowed: true,
    defaultKind: null as string | null,
    bucket: 'optional' as BucketMode,
    source: 'events' as SourceRelation,
    filters: true,
    params: [] as { name: string; description: string }[],
  };
  for (const line of directives) {
    const m = /^\s*@([a-z]+)\s*(.*)$/.exec(line);
    const key = m?.[1] ?? '';
    const value = (m?.[2] ?? '').trim();
    const bad = () => new UsageError(messages.badRollupHeader(file, line.trim()));
    switch (key) {
      case 'by':
        if (value === 'none') spec.byAllowed = false;
        else if (value !== '') spec.defaultBy = value;
        else throw bad();
        break;
      case 'kind':
        if (value === '') throw bad();
        spec.defaultKind = value;
        break;
      case 'bucket':
        if (value !== 'none' && value !== 'optional' && value !== 'auto') throw bad();
        spec.bucket = value;
        break;
      case 'source':
        if (value !== 'events' && value !== 'priced_events') throw bad();
        spec.source = value;
        break;
      case 'filters':
        if (value !== 'none') throw bad();
        spec.filters = false;
        break;
      case 'param': {
        const p = /^\$([A-Za-z_][A-Za-z0-9_]*)\s*(.*)$/.exec(value);
        if (!p) throw bad();
        spec.params.push({ name: p[1] as string, description: (p[2] as string).trim() });
        break;
      }
      default:
        throw bad();
    }
  }

  const sections: SectionSpec[] = [];
  let current: { name: string; description: string; body: string[] } = { name, description, body: [] };
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    const m = SECTION_LINE.exec(line);
    if (m) {
      pushSection(sections, current);
      current = { name: (m[1] as string).toLowerCase(), description: (m[2] as string).trim(), body: [] };
    } else {
      current.body.push(line);
    }
  }
  pushSection(sections, current);
  if (sections.length === 0) throw new UsageError(messages.emptyQueryFile(file));
  const names = sections.map((s) => s.name);
  const repeated = names.find((n, k) => names.indexOf(n) !== k);
  if (repeated) throw new UsageError(messages.badRollupHeader(file, `@section ${repeated} (twice)`));
  return { name, description, doc: prose.join('\n').trim(), file, ...spec, sections };
}

function pushSection(sections: SectionSpec[], section: { name: string; description: string; body: string[] }): void {
  const sql = section.body.join('\n').trim().replace(/;\s*$/, '').trim();
  if (!/[^\s]/.test(stripComments(sql))) return;
  sections.push({ name: section.name, description: section.description, sql });
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
