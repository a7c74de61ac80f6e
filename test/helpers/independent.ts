// An independent account of a JSON-lines file, computed in the test without logmeter: split the
// bytes on '\n', and classify each physical line the way the ingest contract says.

import { readFileSync } from 'node:fs';
// Terminal colour codes are not data: the scanner removes them before a line is classified. What
// they are is tested on its own (test/ingest/terminal-codes.test.ts); here they are taken out alike.
import { withoutTerminalCodes } from '../../src/ingest/terminal-codes.js';

export interface LineAccount {
  lines: number;
  objects: number;
  empty: number;
  invalidUtf8: number;
  invalidJson: number;
  notAnObject: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function accountBytes(bytes: Buffer): LineAccount {
  const account: LineAccount = { lines: 0, objects: 0, empty: 0, invalidUtf8: 0, invalidJson: 0, notAnObject: 0 };
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    classify(bytes.subarray(start, end), account);
    start = end + 1;
  }
  return account;
}

export function accountFile(path: string): LineAccount {
  return accountBytes(readFileSync(path));
}

function classify(raw: Buffer, account: LineAccount): void {
  account.lines++;
  let line = raw;
  if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
  let text: string;
  try {
    text = withoutTerminalCodes(utf8.decode(line));
  } catch {
    // An invalid line that is blank apart from bad bytes is still invalid UTF-8.
    account.invalidUtf8++;
    return;
  }
  if (/^[ \t\r\v\f]*$/.test(text)) {
    account.empty++;
    return;
  }
  // The scanner turns a bare CR inside a line into a space; JSON.parse treats CR as whitespace too.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    account.invalidJson++;
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && /^[ \t]*\{/.test(text)) account.objects++;
  else account.notAnObject++;
}
