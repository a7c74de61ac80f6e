// The key/value pairs klog's structured calls (InfoS, ErrorS, a logr logger over klog) write after
// the quoted message, as k8s.io/klog/v2's internal/serialize/keyvalues.go (KVListFormat,
// writeStringValue) writes them:
//
//   "Request failed" err="connection refused" provider="openai" workers=4 prompt=<
//   	line one
//   	line two
//    >
//
// each pair is a space, the key, `=`, and the value: a string (a Stringer's, an error's) in Go's
// strconv.Quote, or, when it holds a line break, `<`, each of its lines after a tab, and ` >` on a
// line of its own; any other value as fmt's %+v writes it, unquoted (`4`, `1.25s`, `{Name:a Age:3}`,
// `[a b]`). A %+v value may hold spaces, so a bare value runs to the next ` key=`.

import type { KeyValue } from './key-values.js';

const PAIR_KEY = /^ ([^\s="]+)=/;
const NEXT_KEY = / [^\s="]+=/g;
const MULTI_LINE_END = '\n >';

/** Reads the pairs from `from` on; `end` is where the first text that is no pair starts. */
export function readKlogPairs(text: string, from: number): { pairs: KeyValue[]; end: number } {
  const pairs: KeyValue[] = [];
  let at = from;
  while (at < text.length) {
    const key = PAIR_KEY.exec(text.slice(at, at + 200));
    if (!key) break;
    const start = at + key[0].length;
    const value = valueAt(text, start);
    if (!value) break;
    pairs.push({ key: key[1] as string, value: value.value });
    at = value.end;
  }
  return { pairs, end: at };
}

function valueAt(text: string, start: number): { value: string; end: number } | undefined {
  if (text[start] === '"') {
    const quoted = readGoQuoted(text, start);
    return quoted.terminated ? quoted : undefined;
  }
  if (text.startsWith('<\n', start)) {
    const close = text.indexOf(MULTI_LINE_END, start + 1);
    if (close < 0) return undefined;
    const lines = text.slice(start + 2, close).split('\n').map((line) => (line.startsWith('\t') ? line.slice(1) : line));
    return { value: lines.join('\n'), end: close + MULTI_LINE_END.length };
  }
  NEXT_KEY.lastIndex = start;
  const next = NEXT_KEY.exec(text);
  const end = next ? next.index : text.length;
  return { value: text.slice(start, end), end };
}

const GO_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/**
 * The string Go's strconv.Quote wrote at `start` (its opening `"`): the escapes it writes are
 * \a \b \f \n \r \t \v \\ \", \xNN for a byte that is no valid UTF-8, \uNNNN and \UNNNNNNNN for a
 * character that is not printable.
 */
export function readGoQuoted(text: string, start: number): { value: string; end: number; terminated: boolean } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') return { value, end: i + 1, terminated: true };
    if (c !== '\\' || i + 1 >= text.length) {
      value += c;
      i++;
      continue;
    }
    const next = text[i + 1] as string;
    const digits = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    const hex = digits > 0 ? text.slice(i + 2, i + 2 + digits) : '';
    if (digits > 0 && hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
      const code = parseInt(hex, 16);
      // (A lone byte of broken UTF-8 stays that byte's Latin-1 character: the text cannot say more.)
      value += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      i += 2 + digits;
      continue;
    }
    value += GO_ESCAPES[next] ?? next;
    i += 2;
  }
  return { value, end: i, terminated: false };
}
