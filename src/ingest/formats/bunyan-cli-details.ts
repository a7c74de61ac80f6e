// The indented lines bunyan's CLI (long and short output) prints under a record's header, read back
// into the record. They come in blocks parted by a `    --` line, in this order:
//   - the message, when it has several lines (the header then has none);
//   - a request, `GET /path HTTP/1.1` and its headers (`req`; a second one is `client_req`);
//   - a response, `HTTP/1.1 200 OK` and its headers (`res`; a second one is `client_res`);
//   - a logged Error's stack (`err.stack`; its first line gives the error's name and message);
//   - `KEY: VALUE`, a value too long for the parentheses (over 50 characters) or a nested one, as
//     indented JSON.
// A line that is none of these, or is not indented (a line the CLI passed through because it was
// not bunyan's), is more of the message.
import type { JsonObject } from './format.js';

const INDENT = '    ';
const SEPARATOR = '    --';
const REQUEST_LINE = /^(\S+) (\S+) HTTP\/\S+$/;
const STATUS_LINE = /^HTTP\/\S+ (\d{3})\b/;
const HEADER = /^([\w-]+): (.*)$/;
/** The first line of a stack Node prints (`Error: boom`, `TypeError [ERR_X]: bad`, `APITimeoutError`). */
const STACK_HEAD = /^(?:[A-Z][\w$.]*)?(?:Error|Exception)\b/;
const FIELD = /^([^\s:]+): /;

/** The objects whose keys beyond those it prints bunyan's CLI writes flattened (`err.code=EACCES`). */
const FLATTENED = new Set(['err', 'req', 'res', 'client_req', 'client_res']);

/** Sets a field the CLI printed, a flattened `err.code` back under `err`. */
export function setField(record: JsonObject, key: string, value: unknown): void {
  const dot = key.indexOf('.');
  const parent = dot > 0 ? key.slice(0, dot) : '';
  if (FLATTENED.has(parent)) objectAt(record, parent)[key.slice(dot + 1)] = value;
  else record[key] = value;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function objectAt(record: JsonObject, key: string): JsonObject {
  const value = record[key];
  if (isObject(value)) return value;
  const made: JsonObject = {};
  record[key] = made;
  return made;
}

/** Adds the lines under a record's header to it; `messageBelow` when the header had no message. */
export function readDetails(record: JsonObject, lines: readonly string[], messageBelow: boolean): void {
  const more: string[] = [];
  let block: string[] = [];
  let blocks = 0;
  const endBlock = () => {
    if (block.length === 0) return;
    if (blocks++ === 0 && messageBelow) record.msg = block.join('\n');
    else readBlock(record, block, more);
    block = [];
  };
  for (const line of lines) {
    if (line === SEPARATOR) endBlock();
    else if (line.startsWith(INDENT)) block.push(line.slice(INDENT.length));
    else more.push(line);
  }
  endBlock();
  if (more.length > 0) record.msg = [record.msg, ...more].filter((text) => text !== '').join('\n');
}

function readBlock(record: JsonObject, block: readonly string[], more: string[]): void {
  const first = block[0] as string;
  const request = REQUEST_LINE.exec(first);
  if (request) {
    const req = objectAt(record, 'method' in objectAt(record, 'req') ? 'client_req' : 'req');
    req.method = request[1];
    req.url = request[2];
    readHeaders(req, block.slice(1));
    return;
  }
  const status = STATUS_LINE.exec(first);
  if (status) {
    const res = objectAt(record, 'statusCode' in objectAt(record, 'res') ? 'client_res' : 'res');
    res.statusCode = Number(status[1]);
    readHeaders(res, block.slice(1));
    return;
  }
  if (STACK_HEAD.test(first)) {
    const err = objectAt(record, 'err');
    err.stack = block.join('\n');
    // `Name: message`, as Error.prototype.toString writes the stack's first line.
    const colon = first.indexOf(': ');
    err.name ??= colon < 0 ? first : first.slice(0, colon);
    if (colon >= 0) err.message ??= first.slice(colon + 2);
    return;
  }
  const field = FIELD.exec(first);
  if (field) {
    const text = [first.slice(field[0].length), ...block.slice(1)].join('\n');
    setField(record, field[1] as string, valueOf(text));
    return;
  }
  more.push(...block);
}

/** A value the CLI printed as `JSON.stringify(value, null, 2)` when it was not a string. */
function valueOf(text: string): unknown {
  if (!text.startsWith('{') && !text.startsWith('[')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `Name: value` lines after a request or status line; what follows them is the body. */
function readHeaders(target: JsonObject, lines: readonly string[]): void {
  let i = 0;
  const headers: JsonObject = {};
  for (; i < lines.length; i++) {
    const header = HEADER.exec(lines[i] as string);
    if (!header) break;
    headers[header[1] as string] = header[2];
  }
  if (i > 0) target.headers = headers;
  if (i < lines.length) target.body = valueOf(lines.slice(i).join('\n'));
}
