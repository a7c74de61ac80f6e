// Rich's wrapped message rows read back as the message it was given (src/ingest/formats/rich-wrap.ts).
// The rows are laid out as RichHandler lays them out: 29 columns of time and level, then a message
// column of 20 here, each row padded to the console's edge.

import { describe, expect, it } from 'vitest';
import { richWrapOf, unwrapRichMessage } from '../../../src/ingest/formats/rich-wrap.js';

const wrap = { start: 29, width: 20 };
const row = (text: string) => ' '.repeat(29) + text.padEnd(20) + ' '.repeat(10);

describe("Rich's message column", () => {
  it('is found on a first line that ends with the path at the console edge, or that Rich padded', () => {
    const withPath = `[11/24/26 10:00:01] INFO     ${'workflow finished'.padEnd(20)} app.py:42`;
    expect(richWrapOf(withPath, 20, { message: 'workflow finished', richpath: 'app.py:42' })).toEqual({ start: 29, width: 20 });
    expect(richWrapOf(`[11/24/26 10:00:01] INFO     ${'done'.padEnd(30)}`, 20, { message: 'done' })).toEqual({ start: 29, width: 30 });
    // a message not where Rich puts it: no column to unwrap
    expect(richWrapOf('[11/24/26 10:00:01] INFO done', 20, { message: 'done' })).toBeUndefined();
  });

  it('joins a row Rich wrapped at a space with a space, and the pieces of a word cut at the edge with nothing', () => {
    // "status=ok note=aaaa...(30)": note= did not fit after status=ok, and its word is cut at 20
    expect(unwrapRichMessage('status=ok', [row('note=aaaaaaaaaaaaaaa'), row('aaaaaaaaaaaaaaa')], wrap)).toBe(`status=ok note=${'a'.repeat(30)}`);
    expect(unwrapRichMessage('a fairly long words', [row('wrapped here')], wrap)).toBe('a fairly long words wrapped here');
  });

  it("keeps the message's own line breaks: a row whose first word would have fit above, a blank row, an indented row", () => {
    expect(unwrapRichMessage('first line', [row('second'), row(''), row('  indented')], wrap)).toBe('first line\nsecond\n\n  indented');
  });

  it('gives up on a line that is not under the message column', () => {
    expect(unwrapRichMessage('first', ['  not under the column'], wrap)).toBeUndefined();
  });
});
