// Logged text (a model name, a route) printed where a person reads it: a terminal, a Markdown table.
// A control character (ESC, CR, a C1 code) would move the cursor or recolour the screen, and a
// bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE, the isolates) would reverse the rest of the
// line where bidi is drawn (many terminals, every browser showing Markdown), so that a row reads as
// another number or name: "Trojan Source" for log lines. Both become a visible stand-in.

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r]/;

/**
 * `text` on one line: a line break or tab is a space, every other control and bidirectional
 * control character `replacement`, so that `gpt\u202eevil` shows as `gpt?evil`, not as `gpt evil`.
 */
export function terminalText(text: string, replacement = '?'): string {
  return text.replace(UNSAFE, (ch) => (LINE_BREAKS_AND_TABS.test(ch) ? ' ' : replacement));
}
