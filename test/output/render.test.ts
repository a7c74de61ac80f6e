import { describe, expect, it } from 'vitest';
import { humanNumber, markdownCell, render } from '../../src/output/render.js';

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

describe('-F table and markdown numbers', () => {
  // The costs of the QA report's cheap.log: 12 input tokens of text-embedding-3-small at $0.02 per
  // million (12 * 0.02 / 1e6 = 2.4e-7) and 3 of gpt-4o-mini at $0.15 (3 * 0.15 / 1e6 = 4.5e-7).
  it('shows a small cost with its significant digits, never as 0', () => {
    const out = render({ columns: ['model', 'cost_usd'], rows: [{ model: 'a', cost_usd: 2.4e-7 }, { model: 'b', cost_usd: 4.5e-7 }, { model: 'c', cost_usd: 1.35e-6 }] }, 'table');
    expect(out.split('\n').slice(2, 5).map((line) => line.split(/ +/))).toEqual([['a', '0.00000024'], ['b', '0.00000045'], ['c', '0.00000135']]);
    expect(render({ columns: ['cost_usd'], rows: [{ cost_usd: 4.5e-7 }] }, 'markdown')).toContain('| 0.00000045 |');
  });

  it('keeps three or four significant digits below 1 and switches to scientific notation below 1e-9', () => {
    expect(humanNumber(0.012345)).toBe('0.01235');
    expect(humanNumber(0.5)).toBe('0.5');
    expect(humanNumber(1234567.891)).toBe('1,234,567.89');
    expect(humanNumber(4.5e-10)).toBe('4.5e-10');
    expect(humanNumber(-3e-12)).toBe('-3e-12');
    expect(humanNumber(0)).toBe('0');
  });
});
