// The span context tracing-subscriber's `fmt` layer writes before an event's target: each span the
// event is in, outermost first, as its name, its fields in braces when it has any, and a colon:
//
//   request{method=GET uri=/users/42}:handler{id=7}:
//
// (Full, the default) or the names alone, `request:handler:` (Compact, which writes the span fields
// after the event's). The fields are the request's (its route, its method, its ids) and are written
// nowhere else on the line, so they are read into the record as the event's own pairs are; the
// names are kept as the record's `spans`. The layout in rust-text.ts finds where the context ends.
import { parseLogfmt, type KeyValue } from './key-values.js';
import { DOUBLE_QUOTE, readQuoted } from './quoted-string.js';

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

/**
 * Reads a span context written as `name{k=v ...}:name:` (the colon after the last span included).
 * The fields of an inner span follow those of the spans around it, so a key both hold is the inner one's.
 */
export function readSpanContext(text: string): { names: string[]; fields: KeyValue[] } {
  const names: string[] = [];
  const fields: KeyValue[] = [];
  let i = 0;
  while (i < text.length) {
    let end = i;
    while (end < text.length && text.charCodeAt(end) !== OPEN && text[end] !== ':') end++;
    names.push(text.slice(i, end));
    if (text.charCodeAt(end) === OPEN) {
      const close = closingBrace(text, end);
      fields.push(...parseLogfmt(text.slice(end + 1, close)).pairs.filter((p) => p.value !== true));
      end = close + 1;
    }
    // The colon after the span.
    i = end + 1;
  }
  return { names, fields };
}

/**
 * The `}` that closes the `{` at `open`: braces inside a quoted value (`path="/users/{id}"`) or in a
 * Debug value (`user=User { id: 1 }`) do not close the span's fields. The end of the text when none does.
 */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === DOUBLE_QUOTE) {
      i = readQuoted(text, i).end;
      continue;
    }
    if (c === OPEN) depth++;
    else if (c === CLOSE && --depth === 0) return i;
    i++;
  }
  return text.length;
}
