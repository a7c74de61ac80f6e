// Where a .json rules file's syntax error is, as FILE:LINE:COLUMN. V8 states a position for most
// JSON.parse errors but not for all: an unexpected token (a trailing comma before `]`, `tru`)
// comes with a multi-line quote of the text instead. There the position is found by scanning the
// text as JSON's grammar reads it, stopping at the first character it cannot take, which is where
// V8 stopped too.

/** The first syntax error of `text` as JSON: V8's description (one line) and where it stopped. */
export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly detail: string;
}

/** Undefined when `text` is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const stated = /at position (\d+)/.exec(message)?.[1];
    const offset = stated !== undefined ? Number(stated) : (errorOffset(text) ?? 0);
    const before = text.slice(0, offset).split('\n');
    // V8 appends the position, or a quote of the text (`, ..."text" is not valid JSON`), to what it
    // found: the position says where, and the quote would spread the one-line error over several.
    // The token found may itself be a line break (`Unexpected token '\n'`): written as an escape.
    const detail = message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/[\n\r\t]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] as string);
    return { line: before.length, column: (before[before.length - 1] ?? '').length + 1, detail };
  }
}

class Stop {
  constructor(readonly offset: number) {}
}

/** The offset of the first character JSON's grammar cannot take (text.length for a cut text). */
export function errorOffset(text: string): number | undefined {
  let i = 0;
  const stop = (at = i): never => {
    throw new Stop(Math.min(at, text.length));
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const digits = () => {
    if (!/[0-9]/.test(text[i] ?? '')) stop();
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) stop();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) stop();
      if (c === 0x5c) {
        const escaped = text[i + 1] ?? '';
        if (escaped === 'u') {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) stop(i + k);
          i += 6;
        } else if ('"\\/bfnrt'.includes(escaped) && escaped !== '') {
          i += 2;
        } else {
          stop(i + 1);
        }
      } else {
        i++;
      }
    }
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text[i] !== c) stop();
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') stop();
        string();
        space();
        if (text[i] !== ':') stop();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else stop();
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else stop();
      }
    }
    if (c === '"') return string();
    if (c === '-' || /[0-9]/.test(c ?? '')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    stop();
  };
  try {
    value();
    space();
    if (i < text.length) stop();
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.offset;
    // Nesting deeper than the stack: no position to give.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
