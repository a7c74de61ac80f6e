// Rich's RichHandler prints a record as a row of a table: the time, the level padded to 8, the
// message, and the path right-aligned at the console's edge. A message longer than its column wraps
// onto the lines below, indented to the column and padded with spaces to the console's width: at a
// space where it can (the space goes), and a word longer than the column is cut into pieces as wide
// as the column. Reading the rows back as one message undoes that greedy wrap, so the pairs at its end
// are read as the message's (`... status=ok note=...` wrapped before `note=` kept `note` out of the
// record) and the message holds no column indent.

/** Where Rich's message column starts on a record's lines and how wide it is. */
export interface RichWrap {
  readonly start: number;
  readonly width: number;
}

/** `[TIME] ` is `timeWidth` wide; then the level column: 8 wide and a space. */
const LEVEL_COLUMN = 9;

/**
 * The message column of a record's first line (`text`, whose time is `timeWidth` wide), or undefined
 * when the message does not sit where Rich puts it. The line runs to the console's edge: to the
 * path's end, or padded with spaces where Rich shows no path.
 */
export function richWrapOf(text: string, timeWidth: number, groups: Readonly<Record<string, string | undefined>>): RichWrap | undefined {
  const start = timeWidth + LEVEL_COLUMN;
  const message = (groups.message ?? '').trimEnd();
  if (message === '' || !text.startsWith(message, start)) return undefined;
  const path = groups.richpath ?? '';
  const width = text.length - start - (path === '' ? 0 : path.length + 1);
  return width >= message.length ? { start, width } : undefined;
}

/**
 * The message whose first row is `first` and whose other rows are `lines` (the record's lines below
 * it, before any traceback), or undefined when a line is not under the message column (the record's
 * lines are then read as any text record's). Between two rows: nothing where the row above is a piece
 * of a word cut at the column's edge, a space where the row below's first word would not have fit on
 * the row above (Rich wrapped there), and a line break where it would have (the message's own).
 */
export function unwrapRichMessage(first: string, lines: readonly string[], wrap: RichWrap): string | undefined {
  let message = first.trimEnd();
  let above = message;
  for (const line of lines) {
    if (line.length > 0 && (line.length < wrap.start || line.slice(0, wrap.start).trim() !== '')) return undefined;
    const row = line.slice(wrap.start).trimEnd();
    const word = row.split(' ', 1)[0] as string;
    if (row === '' || row.startsWith(' ')) message += '\n' + row;
    else if (above.length === wrap.width && !above.includes(' ')) message += row;
    else if (above.length + 1 + word.length > wrap.width) message += ' ' + row;
    else message += '\n' + row;
    above = row;
  }
  return message;
}
