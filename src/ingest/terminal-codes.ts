// Terminal control sequences in log lines: the colour codes (SGR, `ESC[1;31m`) and the other escape
// sequences (`ESC[K`, `ESC[2K`, a title or hyperlink `ESC]...BEL`) that a console logger writes when it
// thinks it writes to a terminal, or is told to: uvicorn, colorlog, rich, structlog's ConsoleRenderer,
// winston's colorize(), pino-pretty, logrus and zerolog with colours forced, `docker compose logs`.
// They are how a line looked, not what it says: the scanner (line-scanner.ts) removes them from a
// line before the line is sampled for detection or staged for reading, so that a coloured line reads
// exactly as the same line without colours.
//
// A JSON line may hold them escaped inside its strings (`"msg":"\u001b[32mok\u001b[0m"`, as
// JSON.stringify, Python's json and Go's encoding/json write an ESC; Jackson writes `\u001B`): those
// go too, so the record's level, message, event and attrs read as logged without colours.

/** The escape byte that starts every sequence: a line without it (or its JSON escape) has none. */
export const ESC = 0x1b;

// ECMA-48: a CSI (`ESC [`, parameter bytes 0x30-0x3f, intermediate bytes 0x20-0x2f, a final byte
// 0x40-0x7e), an OSC (`ESC ]` up to BEL or `ESC \`), or a two- or three-byte escape (`ESC ( B`, `ESC 7`).
// An ESC that starts none of them is removed alone.
// eslint-disable-next-line no-control-regex
const RAW_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[ -/]*[0-~])?/g;

// The same inside a JSON string, where ESC is written `\u001b` (and BEL `\u0007`); `"` and `\` never
// belong to a sequence there (they would be escaped). Only an escape counts: the backslash before
// `u001b` must follow an even run of backslashes (`\\u001b` is an escaped backslash and text), kept.
const JSON_ESCAPED_SEQUENCE = /(?<!\\)((?:\\\\)*)\\u001[bB](?:\[[0-?]*[ !#-/]*[@-[\]-~]|\][^"\\]*(?:\\u0007|\\u001[bB]\\\\)|[ !#-/]*[0-[\]-~])?/g;

const JSON_ESC_START = Buffer.from('\\u001');

/**
 * Does this region of lines hold a terminal control sequence, raw or as a JSON escape? Cheap: one
 * search for the ESC byte, one for `\u001` (whose backslash is rare in JSON lines).
 */
export function hasTerminalCodes(region: Buffer): boolean {
  if (region.indexOf(ESC) !== -1) return true;
  for (let at = region.indexOf(JSON_ESC_START); at !== -1; at = region.indexOf(JSON_ESC_START, at + 5)) {
    const next = region[at + 5];
    if (next === 0x62 || next === 0x42) return true; // `b` or `B`
  }
  return false;
}

/** The line without its terminal control sequences, raw or escaped in JSON strings. */
export function withoutTerminalCodes(text: string): string {
  let out = text;
  if (out.includes('\x1b')) out = out.replace(RAW_SEQUENCE, '');
  if (out.includes('\\u001')) out = out.replace(JSON_ESCAPED_SEQUENCE, '$1');
  return out;
}
