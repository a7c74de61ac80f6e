// key=value pairs, as logfmt writes them (go-kit, logrus, the npm `logfmt` module) and as people put
// them at the end of text messages. Values are text (`1680ms`, `0.00951`); quoted values take
// backslash escapes; `key=` is an empty value; a bare word is a key whose value is true (logfmt's rule).
// Python writes pairs too (structlog's KeyValueRenderer and ConsoleRenderer, `f"error={e!r}"`), with
// repr's quoting: 'single quotes', or "double" when the text holds a single quote; a single quote
// that is never closed is part of a bare value (`msg='` stays `'`), not the rest of the line. A repr
// of an object (`usage=CompletionUsage(prompt_tokens=1124, ...)`, `usage={'prompt_tokens': 10}`) is
// one value, an object of its own pairs, and a list (`tools=['search', 'browse']`) one value of text
// (python-repr.ts).

import type { JsonObject } from './format.js';
import { readRepr } from './python-repr.js';
import { DOUBLE_QUOTE, SINGLE_QUOTE, readQuoted } from './quoted-string.js';

export interface KeyValue {
  readonly key: string;
  /** The value as text, true for a bare key, or the pairs of a Python repr. */
  readonly value: string | true | JsonObject;
}

export interface Tokens {
  readonly pairs: KeyValue[];
  /** Tokens read, pairs and bare words alike. */
  readonly tokens: number;
  /** Was the first token a key=value pair? */
  readonly startsWithPair: boolean;
}

/** Space, tab, LF, VT, FF, CR: what separates logfmt tokens (charCodeAt is much cheaper than a regex per character). */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * Reads a whole line as logfmt. `inProse`: the pairs end a sentence a person wrote (splitMessage),
 * where `dag_id=etl, task_id=load` separates them with commas: a bare value's one trailing `,` or
 * `;` is punctuation, not part of it (in a logfmt line it is the value's). A value with a bracket
 * is left whole: it may be the start of a repr cut short, which stays the text it was.
 */
export function parseLogfmt(text: string, from = 0, inProse = false): Tokens {
  const pairs: KeyValue[] = [];
  let tokens = 0;
  let startsWithPair = false;
  let reprMisses = 0;
  let i = from;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    tokens++;
    const quoted = quotedAt(text, i);
    if (quoted) {
      // A quoted word where a key should be: not a pair.
      i = quoted.end;
      continue;
    }
    const keyStart = i;
    for (let c = text.charCodeAt(i); i < n && c !== EQUALS && c !== DOUBLE_QUOTE && !isSpace(c); c = text.charCodeAt(++i));
    const key = text.slice(keyStart, i);
    if (text.charCodeAt(i) !== EQUALS || key === '') {
      if (text.charCodeAt(i) === DOUBLE_QUOTE) i = readQuoted(text, i).end;
      else if (key !== '') pairs.push({ key, value: true });
      else i++;
      continue;
    }
    i++; // '='
    let value: string | JsonObject;
    const q = quotedAt(text, i);
    if (q) {
      value = q.value;
      i = q.end;
    } else {
      const valueStart = i;
      while (i < n && !isSpace(text.charCodeAt(i))) i++;
      value = text.slice(valueStart, i);
      if (inProse && value.length > 1 && /[^,;][,;]$/.test(value) && !/[([{]/.test(value)) value = value.slice(0, -1);
      // Only a word with a bracket in it can be (the start of) a repr: the common word pays one scan.
      // A failed attempt may have read to the end of the line; a few per line keep a line of
      // unclosed brackets linear.
      if (reprMisses < MAX_REPR_MISSES && (value.includes('(') || value.startsWith('{') || value.startsWith('['))) {
        const repr = readRepr(text, valueStart);
        if (repr && (repr.end >= n || isSpace(text.charCodeAt(repr.end)))) {
          value = repr.value;
          i = repr.end;
        } else reprMisses++;
      }
    }
    if (tokens === 1) startsWithPair = true;
    pairs.push({ key, value });
  }
  return { pairs, tokens, startsWithPair };
}

/** Does the line look like logfmt: at least two pairs, the first token one of them? */
export function looksLikeLogfmt(text: string): boolean {
  const t = parseLogfmt(text);
  let withValue = 0;
  for (const p of t.pairs) if (p.value !== true) withValue++;
  return t.startsWithPair && withValue >= 2 && withValue * 2 >= t.tokens;
}

const PAIR_START = /(?:^|\s)([A-Za-z_][\w.\-]*)=/;

/**
 * Splits a text message into its prose and its trailing pairs: "LLM call completed model=gpt-4o
 * tokens_in=12" -> prose "LLM call completed" and the pairs. Only key=value tokens count after the
 * first pair; stray words stay in the message only.
 */
export function splitMessage(message: string): { prose: string; pairs: KeyValue[] } {
  const m = PAIR_START.exec(message);
  if (!m) return { prose: message.trim(), pairs: [] };
  const start = m.index + (m[0].length - (m[1] as string).length - 1);
  const pairs = parseLogfmt(message, start, true).pairs.filter((p) => p.value !== true);
  return { prose: message.slice(0, start).trim(), pairs };
}

const EQUALS = 0x3d;
const MAX_REPR_MISSES = 4;

/**
 * The quoted string at `i`, if one starts there. An unterminated double quote takes the rest of the
 * line (logfmt writers always close theirs, so the line was cut); an unterminated single quote is
 * no quote at all.
 */
function quotedAt(text: string, i: number): { value: string; end: number } | undefined {
  const c = text.charCodeAt(i);
  if (c === DOUBLE_QUOTE) return readQuoted(text, i);
  if (c !== SINGLE_QUOTE) return undefined;
  const q = readQuoted(text, i);
  return q.terminated ? q : undefined;
}
