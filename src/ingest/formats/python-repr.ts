// A Python repr() logged as the value of a key=value pair: `usage=CompletionUsage(completion_tokens=67,
// prompt_tokens=1124, total_tokens=1191)` (a pydantic model or a dataclass, as the OpenAI and
// Anthropic SDKs' usage objects print) or `usage={'prompt_tokens': 10, 'completion_tokens': 3}` (a
// dict). Its spaces must not end the value, and the pairs inside it belong to it, not to the message:
// such a repr becomes an object ({completion_tokens: '67', ...}), so `usage.completion_tokens` maps
// as it does in JSON. A repr that is not pairs (`ValueError('bad value')`, `Point(1, 2)`, a list
// `['search', 'browse']`) is kept whole as text. Scalars stay text, as logfmt values do.

import type { JsonObject } from './format.js';
import { DOUBLE_QUOTE, SINGLE_QUOTE, readQuoted } from './quoted-string.js';

type Value = string | JsonObject;
interface Read {
  readonly value: Value;
  readonly end: number;
}

/** Nesting deeper than this is not a repr anyone logs; it ends the attempt. */
const MAX_DEPTH = 16;
const IDENTIFIER = /[A-Za-z_][\w.]*\(/y;
/** What ends a bare scalar inside a repr. */
const SCALAR_END = new Set([',', ')', ']', '}', ':', ' ', '\t']);

/**
 * The repr that starts at `start`, when it is a call (`Name(...)`), a dict (`{...}`) or a list
 * (`[...]`) that closes; undefined otherwise, and the caller reads the value as a plain word.
 */
export function readRepr(text: string, start: number): Read | undefined {
  const c = text[start];
  if (c !== '{' && c !== '[' && !startsCall(text, start)) return undefined;
  return value(text, start, 0);
}

function startsCall(text: string, at: number): boolean {
  IDENTIFIER.lastIndex = at;
  return IDENTIFIER.test(text);
}

function value(text: string, i: number, depth: number): Read | undefined {
  if (depth > MAX_DEPTH || i >= text.length) return undefined;
  const code = text.charCodeAt(i);
  if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
    const q = readQuoted(text, i);
    return q.terminated ? q : undefined;
  }
  const c = text[i];
  if (c === '{') return dict(text, i, depth);
  if (c === '[' || c === '(') {
    const end = closing(text, i);
    return end === undefined ? undefined : { value: text.slice(i, end), end };
  }
  if (startsCall(text, i)) return call(text, i, depth);
  let end = i;
  while (end < text.length && !SCALAR_END.has(text[end] as string)) end++;
  return end > i ? { value: text.slice(i, end), end } : undefined;
}

/** `Name(k=v, ...)`: an object when every argument is keyword; else the call's text. */
function call(text: string, start: number, depth: number): Read | undefined {
  let i = text.indexOf('(', start) + 1;
  const fields: JsonObject = {};
  let keywords = true;
  let args = 0;
  i = spaces(text, i);
  if (text[i] === ')') return { value: text.slice(start, i + 1), end: i + 1 };
  for (;;) {
    const key = /[A-Za-z_]\w*=/y;
    key.lastIndex = i;
    const named = key.exec(text);
    const v = value(text, named ? key.lastIndex : i, depth + 1);
    if (!v) return undefined;
    args++;
    if (named) fields[named[0].slice(0, -1)] = v.value;
    else keywords = false;
    i = spaces(text, v.end);
    if (text[i] === ')') break;
    if (text[i] !== ',') return undefined;
    i = spaces(text, i + 1);
  }
  const end = i + 1;
  return { value: keywords && args > 0 ? fields : text.slice(start, end), end };
}

/** `{'k': v, ...}`: an object when every key is a string; else the dict's text. */
function dict(text: string, start: number, depth: number): Read | undefined {
  const fields: JsonObject = {};
  let stringKeys = true;
  let i = spaces(text, start + 1);
  if (text[i] === '}') return { value: fields, end: i + 1 };
  for (;;) {
    const quoted = text.charCodeAt(i) === SINGLE_QUOTE || text.charCodeAt(i) === DOUBLE_QUOTE;
    const k = value(text, i, depth + 1);
    if (!k) return undefined;
    if (!quoted || typeof k.value !== 'string') stringKeys = false;
    i = spaces(text, k.end);
    if (text[i] !== ':') return undefined;
    const v = value(text, spaces(text, i + 1), depth + 1);
    if (!v) return undefined;
    if (typeof k.value === 'string') fields[k.value] = v.value;
    i = spaces(text, v.end);
    if (text[i] === '}') break;
    if (text[i] !== ',') return undefined;
    i = spaces(text, i + 1);
  }
  const end = i + 1;
  return { value: stringKeys ? fields : text.slice(start, end), end };
}

/** The index after the bracket that closes the one at `open`, quotes respected; undefined if none. */
function closing(text: string, open: number): number | undefined {
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"') {
      const q = readQuoted(text, i);
      if (!q.terminated) return undefined;
      i = q.end - 1;
    } else if (c === '(' || c === '[' || c === '{') stack.push(c === '(' ? ')' : c === '[' ? ']' : '}');
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return undefined;
      if (stack.length === 0) return i + 1;
    }
  }
  return undefined;
}

function spaces(text: string, i: number): number {
  while (text[i] === ' ') i++;
  return i;
}
