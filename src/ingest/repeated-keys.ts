// Keys a JSON line names twice at its top level. pino writes such lines whenever a call or a child
// logger sets a key a parent already bound (`logger.child({agent: 'planner'}).child({agent: 'coder'})`
// gives `"agent":"planner","agent":"coder"`), and pino, JSON.parse, Python's json and jq all take the
// last value. DuckDB's JSON functions take the first, so a source whose sample shows such keys has
// the last value of each put first before it is read (projection.ts lastValuesFirst). Found here, in
// Node, from the sample: JSON.parse drops the first value without a trace.

/** The most keys a source's lines are rewritten for: each is one more lookup per line that names it twice. */
const MAX_REPEATED_KEYS = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The keys named more than once at the top level of a JSON object's text, in the order of their second naming. */
export function repeatedTopLevelKeys(text: string): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  let depth = 0;
  // At depth 1, the next string is a key (after `{` or `,`), not a value (after `:`).
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) break;
      if (depth === 1 && keyNext) {
        const key = decodeKey(text.slice(i, end + 1));
        if (key !== undefined) {
          if (!seen.has(key)) seen.add(key);
          else if (!repeated.includes(key)) repeated.push(key);
        }
        keyNext = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      keyNext = depth === 1 && c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      if (depth <= 0) break;
    } else if (c === 0x2c /* , */ && depth === 1) {
      keyNext = true;
    }
  }
  return repeated;
}

/** The keys named twice at the top level of any of these lines (JSON objects or not), at most MAX_REPEATED_KEYS. */
export function repeatedKeysOf(lines: readonly string[]): string[] {
  const keys: string[] = [];
  for (const line of lines) {
    // Most lines name no key twice; the scan is cheap, but a line that is not an object is skipped outright.
    if (!line.trimStart().startsWith('{')) continue;
    for (const key of repeatedTopLevelKeys(line)) {
      if (!keys.includes(key)) keys.push(key);
      if (keys.length >= MAX_REPEATED_KEYS) return keys;
    }
  }
  return keys;
}

/** The index of the quote that closes the string opening at `start`, or -1 when the text ends first. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

function decodeKey(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}
