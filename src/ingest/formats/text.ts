// Other timestamped text: tab-separated consoles (zap's console encoder: time, level, caller,
// message, a JSON object of fields), web servers' access logs (the common and combined log
// formats), Go's `log` package, and an ISO time followed by the message.
// Also the fallback for text that fits no layout at all: with message patterns in logmeter.yml,
// the lines they match are records; every other line is a `no_match` reject.
import type { RecordFormat } from './format.js';
import { compileLayout } from './text-layouts.js';
import { LayoutReader, layoutShare } from './text-reader.js';

export const TEXT_LAYOUTS = [
  // zap's console encoder: time, level, [logger name,] [caller,] message, then a JSON object of fields.
  '%(asctime)s\t%(levelname)s\t%(zapLogger)s%(zapCaller)s%(message)s',
  // The common/combined log format of nginx, Apache and gunicorn: the request line, status and
  // size follow the time, and the message reader takes the request apart.
  '%(remoteAddr)s %(ident)s %(remoteUser)s [%(clftime)s] %(message)s',
  '%(asctime)s [%(levelname)-8s] %(message)s',
  '%(asctime)s %(levelname)s %(message)s',
  '[%(asctime)s] %(message)s',
  '%(asctime)s %(message)s',
  '%(gotime)s %(message)s',
].map(compileLayout);

export const text: RecordFormat = {
  name: 'text',
  family: 'records',
  description: 'timestamped text lines (tab-separated consoles such as zap, nginx/Apache access logs, Go log, ISO time + message); message patterns',
  manyPerLine: false,
  score: (input) => layoutShare(TEXT_LAYOUTS, input.lines, input.patterns),
  reader: (context) => new LayoutReader(TEXT_LAYOUTS, context),
};
