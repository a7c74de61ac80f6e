// Log content is data: the escaping every page block relies on.

import { describe, expect, it } from 'vitest';
import { html, jsonForScript, safeSvg, scriptText } from '../../src/report/escape.js';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(2)</script>',
  '"><svg onload=alert(3)>',
  "javascript:alert('4')",
  '<!-- <script>',
  '{{constructor.constructor("alert(5)")()}}',
  'line\u2028separator\u2029paragraph',
  '</noscript><img src=x onerror=alert(6)>',
];

describe('html()', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(html(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves no tag, quote or entity start in any hostile value', () => {
    for (const value of HOSTILE) expect(html(value)).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|#39);)/);
  });

  it('writes null and undefined as empty text', () => {
    expect(html(null)).toBe('');
    expect(html(undefined)).toBe('');
  });
});

describe('jsonForScript()', () => {
  it('can hold neither </script nor <!-- and round-trips every value exactly', () => {
    const value = { names: HOSTILE, nested: { '</script>': 'a&b' } };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/<|>|&/);
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('is still valid JavaScript for readers that eval JSON (U+2028 and U+2029 escaped)', () => {
    const text = jsonForScript({ s: 'a\u2028b\u2029c' });
    expect(new Function(`return ${text};`)()).toEqual({ s: 'a\u2028b\u2029c' });
  });
});

describe('scriptText()', () => {
  it('refuses code that would close or confuse its <script> element', () => {
    expect(() => scriptText('var a = "</script>";')).toThrow();
    expect(() => scriptText('var a = "<!--";')).toThrow();
    expect(scriptText('var a = 1 < 2;')).toBe('var a = 1 < 2;');
  });
});

describe('safeSvg()', () => {
  it('keeps plain SVG shapes and escaped text', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g transform="translate(1,1)"><path d="M0,0h1"/><text fill="#000">&lt;img src=x onerror=alert(1)&gt;</text></g></svg>';
    expect(safeSvg(svg)).toBe(svg);
  });

  it('rejects scripts, foreign elements, event handlers, links and comments', () => {
    for (const svg of [
      '<svg><script>alert(1)</script></svg>',
      '<svg onload="alert(1)"></svg>',
      '<svg><foreignObject><img src=x></foreignObject></svg>',
      '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
      '<svg><image href="http://example.com/x.png"/></svg>',
      '<svg><!-- --></svg>',
      '<svg><g fill=red></g></svg>',
      '<svg></noscript><img src=x onerror=alert(1)></svg>',
    ]) {
      expect(safeSvg(svg)).toBeUndefined();
    }
  });
});
