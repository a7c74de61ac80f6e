// Message patterns from logmeter.yml: they pull fields out of free-text messages and name the event.
// Two spellings compile to the same thing, a RegExp with one named group per field:
//   - a regular expression with named captures: 'Workflow (?<workflow_id>\S+) completed in (?<duration_s>[\d.]+)s'
//     (Python's (?P<name>...) is accepted too);
//   - an angle-grinder parse: 'parse "Workflow * completed in *s" as workflow_id, duration_s',
//     where each * matches as little as it can (the last one, if it ends the pattern, takes the rest).
// A match sets the captured fields, and the event becomes the text with each capture replaced by
// {name} ("Workflow {workflow_id} completed in {duration_s}s"), so records group by it, unless the
// pattern names its own event. Pure: no I/O.

import type { Kind } from '../schema.js';

export type ScalarValue = string | number | boolean;

export interface MessagePattern {
  /** As the user wrote it, for messages and `formats --explain`. */
  readonly source: string;
  readonly regex: RegExp;
  /** The field each named group fills (group names cannot hold dots; field names can). */
  readonly fields: readonly { readonly group: string; readonly field: string }[];
  readonly event?: string;
  readonly kind?: Kind;
  readonly set?: Readonly<Record<string, ScalarValue>>;
}

export interface PatternSpec {
  readonly pattern: string;
  /** Field names for the `*` of a parse pattern given apart from it. */
  readonly as?: readonly string[];
  readonly event?: string;
  readonly kind?: Kind;
  readonly set?: Readonly<Record<string, ScalarValue>>;
}

export interface PatternMatch {
  readonly pattern: MessagePattern;
  readonly fields: Record<string, string>;
  /** The event: the pattern's own, or the text with the captures replaced by {name}. */
  readonly event: string;
}

const PARSE = /^\s*parse\s+(["'])(.*)\1\s*(?:as\s+(.+?))?\s*$/s;
const FIELD_NAME = /^[A-Za-z_][\w.-]*$/;

/** Compiles one pattern; throws PatternError with a sentence saying what was expected. */
export function compilePattern(spec: PatternSpec): MessagePattern {
  const parse = PARSE.exec(spec.pattern);
  if (parse || spec.as) {
    const body = parse ? (parse[2] as string) : spec.pattern;
    const names = spec.as ?? (parse?.[3] ? parse[3].split(',').map((n) => n.trim()) : []);
    return { ...common(spec), ...compileStarPattern(body, names) };
  }
  return { ...common(spec), ...compileRegexPattern(spec.pattern) };
}

export class PatternError extends Error {
  /** What was found instead, when it is not the pattern itself. */
  constructor(
    expected: string,
    readonly found?: string,
  ) {
    super(expected);
  }
}

function common(spec: PatternSpec) {
  return { source: spec.pattern, event: spec.event, kind: spec.kind, set: spec.set };
}

type Compiled = Pick<MessagePattern, 'regex' | 'fields'>;

function compileStarPattern(body: string, names: readonly string[]): Compiled {
  const parts = body.split('*');
  const stars = parts.length - 1;
  if (stars === 0) throw new PatternError('a parse pattern with at least one * to capture');
  if (names.length !== stars) {
    throw new PatternError(`${stars} field name${stars === 1 ? '' : 's'} after "as", one for each *`, `${names.length}`);
  }
  for (const name of names) if (!FIELD_NAME.test(name)) throw new PatternError('a field name (letters, digits, _ . -)', JSON.stringify(name));
  let source = '';
  parts.forEach((part, i) => {
    source += escapeRegex(part);
    if (i < stars) source += `(?<f${i}>` + (i === stars - 1 && parts[stars] === '' ? '.*)' : '.*?)');
  });
  return { regex: new RegExp(source, 'd'), fields: names.map((field, i) => ({ group: `f${i}`, field })) };
}

function compileRegexPattern(text: string): Compiled {
  let regex: RegExp;
  try {
    regex = new RegExp(text.replaceAll('(?P<', '(?<'), 'd');
  } catch (error) {
    const why = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new PatternError(`a valid regular expression (${why.toLowerCase()})`);
  }
  const names = [...regex.source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1] as string);
  if (names.length === 0) throw new PatternError('named captures such as (?<workflow_id>\\S+), or parse "... * ..." as NAME, ...');
  return { regex, fields: names.map((name) => ({ group: name, field: name })) };
}

/** The first pattern that matches the text, with its fields and event. */
export function matchPatterns(patterns: readonly MessagePattern[], text: string): PatternMatch | undefined {
  for (const pattern of patterns) {
    const m = pattern.regex.exec(text);
    if (!m) continue;
    const fields: Record<string, string> = {};
    const spans: [number, number, string][] = [];
    for (const { group, field } of pattern.fields) {
      const value = m.groups?.[group];
      const span = m.indices?.groups?.[group];
      if (value === undefined || !span) continue;
      fields[field] = value;
      spans.push([span[0], span[1], field]);
    }
    return { pattern, fields, event: pattern.event ?? template(text, spans) };
  }
  return undefined;
}

function template(text: string, spans: [number, number, string][]): string {
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end, name] of spans) {
    if (start < at) continue; // a group nested in another: the outer one names it
    out += text.slice(at, start) + '{' + name + '}';
    at = end;
  }
  return (out + text.slice(at)).trim();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
