import { describe, expect, it } from 'vitest';
import { markdownCell, render } from '../../src/output/render.js';

describe('-F markdown', () => {
  it('escapes what would render as markup in a table cell: HTML, entities, code, emphasis, links', () => {
    expect(markdownCell('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)\\>');
    expect(markdownCell('&lt;b&gt;')).toBe('\\&lt;b\\&gt;');
    expect(markdownCell('run `rm -rf /`')).toBe('run \\`rm -rf /\\`');
    expect(markdownCell('*bold* and **x**')).toBe('\\*bold\\* and \\*\\*x\\*\\*');
    expect(markdownCell('_em_ ~~gone~~')).toBe('\\_em\\_ \\~\\~gone\\~\\~');
    expect(markdownCell('[click](https://evil.example)')).toBe('\\[click\\](https://evil.example)');
  });

  it('keeps a backslash and a pipe as themselves', () => {
    // back\\slash would render as back\slash: one backslash lost.
    expect(markdownCell('back\\\\slash')).toBe('back\\\\\\\\slash');
    expect(markdownCell('a|b')).toBe('a\\|b');
  });

  it('leaves an underscore inside a word alone, so column names stay readable', () => {
    expect(markdownCell('tokens_in')).toBe('tokens_in');
    expect(markdownCell('__init__.py')).toBe('\\_\\_init\\_\\_.py');
  });

  it('escapes the header and every cell of the table', () => {
    const out = render({ columns: ['model', 'calls'], rows: [{ model: '<b>x</b>', calls: 1234 }] }, 'markdown');
    expect(out).toBe('| model | calls |\n| --- | --- |\n| \\<b\\>x\\</b\\> | 1,234 |\n');
  });
});
