// A quoted string inside a text log line: logfmt's "double quotes" and Python's repr, which writes
// 'single quotes' (and "double" when the text holds a single quote). Both escape with a backslash:
// \n \t \r, \xNN and \uNNNN (Go's strconv.Quote and Python's repr write non-printables so), and a
// backslash before any other character stands for that character (\" \' \\).

export const DOUBLE_QUOTE = 0x22;
export const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;

export interface Quoted {
  readonly value: string;
  /** The index after the closing quote, or the end of the text when there is none. */
  readonly end: number;
  readonly terminated: boolean;
}

/** Reads the string whose opening quote (either kind) is at `start`. */
export function readQuoted(text: string, start: number): Quoted {
  const quote = text.charCodeAt(start);
  // The common case, no escapes: one slice.
  let i = start + 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) return { value: text.slice(start + 1, i), end: i + 1, terminated: true };
    if (c === BACKSLASH) break;
  }
  let value = text.slice(start + 1, i);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < text.length) {
      const next = text[i + 1] as string;
      const hex = next === 'x' ? 2 : next === 'u' ? 4 : 0;
      const code = hex > 0 ? hexAt(text, i + 2, hex) : undefined;
      if (code !== undefined) {
        value += String.fromCharCode(code);
        i += 2 + hex;
        continue;
      }
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      i += 2;
      continue;
    }
    if (c === quote) return { value, end: i + 1, terminated: true };
    value += text[i];
    i++;
  }
  return { value, end: i, terminated: false };
}

function hexAt(text: string, at: number, digits: number): number | undefined {
  const s = text.slice(at, at + digits);
  return s.length === digits && /^[0-9a-fA-F]+$/.test(s) ? parseInt(s, 16) : undefined;
}
