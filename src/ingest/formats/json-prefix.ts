// Whether a text can be the beginning of JSON: every token so far is one the JSON grammar allows
// there, though the text may stop anywhere (a document's first line, `[{"a": 1,`). Detection uses
// it on a source's first line to tell a JSON document that starts with `[` from a text log whose
// lines start with a bracketed time (`[2026-03-01 12:00:00,123] INFO in app: ...`, Celery, gunicorn,
// pino-pretty's `[12:00:00.123] INFO (1234): ...`): `[2026` is a number, and `-03` cannot follow it.

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

/** True when `text` is JSON, or JSON cut short; several whole values one after another count too. */
export function couldStartJson(text: string): boolean {
  const stack: ('[' | '{')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'comma-or-close');
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (expect === 'end') expect = 'value'; // concatenated documents
    if (expect === 'colon') {
      if (c !== ':') return false;
      expect = 'value';
      i++;
      continue;
    }
    if (expect === 'comma-or-close' || expect === 'value-or-close' || expect === 'key-or-close') {
      const open = stack[stack.length - 1];
      if ((c === ']' && open === '[') || (c === '}' && open === '{')) {
        stack.pop();
        expect = afterValue();
        i++;
        continue;
      }
      if (expect === 'comma-or-close') {
        if (c !== ',') return false;
        expect = open === '{' ? 'key' : 'value';
        i++;
        continue;
      }
      expect = expect === 'key-or-close' ? 'key' : 'value';
    }
    if (expect === 'key') {
      if (c !== '"') return false;
      const end = stringEnd(text, i);
      if (end < 0) return true;
      i = end;
      expect = 'colon';
      continue;
    }
    // A value.
    if (c === '[' || c === '{') {
      stack.push(c);
      expect = c === '[' ? 'value-or-close' : 'key-or-close';
      i++;
      continue;
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return true;
      i = end;
      expect = afterValue();
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      i += number[0].length;
      // A number cut short at the end of the text is still a number.
      if (i < text.length && !/[\s,\]}]/.test(text[i] as string)) return false;
      expect = afterValue();
      continue;
    }
    const rest = text.slice(i, i + 5);
    const literal = LITERALS.find((word) => rest.startsWith(word) || (i + rest.length === text.length && word.startsWith(rest)));
    if (!literal) return false;
    i += Math.min(literal.length, rest.length);
    expect = afterValue();
  }
  return true;
}

/** The index after the string that opens at `start`, or -1 when the text ends inside it. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return -1;
}
