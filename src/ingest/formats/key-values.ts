// key=value pairs, as logfmt writes them (go-kit, logrus, the npm `logfmt` module) and as people put
// them at the end of text messages. Values are text (`1680ms`, `0.00951`); quoted values take
// backslash escapes; `key=` is an empty value; a bare word is a key whose value is true (logfmt's rule).

export interface KeyValue {
  readonly key: string;
  /** The value as text, or true for a bare key. */
  readonly value: string | true;
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

/** Reads a whole line as logfmt. */
export function parseLogfmt(text: string, from = 0): Tokens {
  const pairs: KeyValue[] = [];
  let tokens = 0;
  let startsWithPair = false;
  let i = from;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    tokens++;
    if (text.charCodeAt(i) === QUOTE) {
      // A quoted word where a key should be: not a pair.
      i = readQuoted(text, i).end;
      continue;
    }
    const keyStart = i;
    for (let c = text.charCodeAt(i); i < n && c !== EQUALS && c !== QUOTE && !isSpace(c); c = text.charCodeAt(++i));
    const key = text.slice(keyStart, i);
    if (text.charCodeAt(i) !== EQUALS || key === '') {
      if (text.charCodeAt(i) === QUOTE) i = readQuoted(text, i).end;
      else if (key !== '') pairs.push({ key, value: true });
      else i++;
      continue;
    }
    i++; // '='
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      const q = readQuoted(text, i);
      value = q.value;
      i = q.end;
    } else {
      const valueStart = i;
      while (i < n && !isSpace(text.charCodeAt(i))) i++;
      value = text.slice(valueStart, i);
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
  const pairs = parseLogfmt(message, start).pairs.filter((p) => p.value !== true);
  return { prose: message.slice(0, start).trim(), pairs };
}

const QUOTE = 0x22;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;

function readQuoted(text: string, start: number): { value: string; end: number } {
  // The common case, no escapes: one slice.
  let i = start + 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return { value: text.slice(start + 1, i), end: i + 1 };
    if (c === BACKSLASH) break;
  }
  let value = text.slice(start + 1, i);
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1] as string;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      i += 2;
      continue;
    }
    if (c === '"') return { value, end: i + 1 };
    value += c;
    i++;
  }
  // An unterminated quote takes the rest of the line.
  return { value, end: i };
}
