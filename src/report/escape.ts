// The one place where text becomes page markup. Log content is data: every value that reaches the
// HTML goes through `html`, and every JSON block through `jsonForScript`, so a model named
// `</script><script>...` or a path holding `<!--` stays text.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values. */
export function html(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * JSON for a `<script type="application/json">` block. `<`, `>` and `&` become \u escapes, so the
 * block can hold neither `</script` nor `<!--` (which would change how the HTML parser reads it);
 * U+2028 and U+2029 are escaped too, for consumers that still parse JSON as JavaScript.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Code for an inline `<script>`: refuses anything that would end or confuse the element early. */
export function scriptText(code: string): string {
  if (/<\/script|<!--|<script/i.test(code)) throw new Error('inline script holds </script, <script or <!--');
  return code;
}

const SVG_TAGS = new Set(['svg', 'g', 'path', 'rect', 'text', 'tspan', 'line', 'circle', 'defs', 'clipPath', 'title', 'desc', 'style']);

/**
 * SVG markup (from vega's renderer) for a `<noscript>` block, or undefined when it holds anything
 * but plain SVG shapes and escaped text: a tag outside the allow-list, an event-handler or link
 * attribute, a comment or a processing instruction. The caller then shows a data table instead.
 */
export function safeSvg(svg: string): string | undefined {
  let pos = 0;
  for (;;) {
    const lt = svg.indexOf('<', pos);
    if (lt === -1) return svg;
    const tag = /^<\/?([A-Za-z][\w:-]*)/.exec(svg.slice(lt, lt + 64));
    if (!tag || !SVG_TAGS.has(tag[1] as string)) return undefined;
    pos = lt + tag[0].length;
    // Attributes: name="value" pairs whose values hold no `<` or `"`, then `>` or `/>`.
    const attribute = /\s+([A-Za-z_:][\w:.-]*)="([^"<]*)"|\s*(\/?>)/y;
    for (;;) {
      attribute.lastIndex = pos;
      const m = attribute.exec(svg);
      if (!m) return undefined;
      pos = attribute.lastIndex;
      if (m[3] !== undefined) break;
      const name = (m[1] as string).toLowerCase();
      if (name.startsWith('on') || name.endsWith('href')) return undefined;
    }
  }
}
