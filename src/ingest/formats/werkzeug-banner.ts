// What `flask run` (Werkzeug's development server) prints before its request lines: ` * Serving
// Flask app 'app'`, ` * Debug mode: off`, the development-server warning, ` * Running on URL`,
// `Press CTRL+C to quit`, and with the reloader and debugger ` * Restarting with stat`,
// ` * Debugger is active!`, ` * Debugger PIN: ...`, ` * Detected change in '...', reloading`
// (werkzeug/serving.py and _reloader.py, written through its logger with no time or level).
// Each is a record without a time, so a Flask log's first lines are not `no_match` rejects.
// Only these phrases: a line that merely opens with ` * ` (a bullet in a message) continues the
// record above it, as before.
import type { Layout, LayoutReading } from './text-layouts.js';

const BANNER = /^(?: \* (?<note>Serving Flask app |Debug mode: |Running on |Restarting with |Debugger is active|Debugger PIN: |Detected change in )(?<rest>.*)|(?<warning>WARNING: This is a development server\..*)|(?<quit>Press CTRL\+C to quit))$/;

const reading: LayoutReading = {
  header(groups) {
    if (groups.warning !== undefined) return { level: 'WARNING', logger: 'werkzeug', event: groups.warning };
    const event = groups.quit ?? `${groups.note ?? ''}${groups.rest ?? ''}`;
    return { level: 'INFO', logger: 'werkzeug', event };
  },
  continuation(record, lines) {
    if (lines.length > 0) record.message = [String(record.event), ...lines].join('\n');
  },
};

export const WERKZEUG_LAYOUTS: readonly Layout[] = [{ template: ' * Serving Flask app ... | Press CTRL+C to quit   (Werkzeug development server)', regex: BANNER, reading, claims: (line) => BANNER.test(line) }];
