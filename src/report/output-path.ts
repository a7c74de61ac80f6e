// Where the report goes: `-o -` is stdout; any other value is a file path whose strftime fields
// (`reports/%Y-%m-%d.html`, for cron) are filled in from the report's end time, in UTC.

import { UsageError } from '../errors.js';
import { messages } from '../messages.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const FIELDS: Record<string, (d: Date) => string> = {
  Y: (d) => String(d.getUTCFullYear()),
  y: (d) => pad(d.getUTCFullYear() % 100),
  m: (d) => pad(d.getUTCMonth() + 1),
  d: (d) => pad(d.getUTCDate()),
  H: (d) => pad(d.getUTCHours()),
  M: (d) => pad(d.getUTCMinutes()),
  S: (d) => pad(d.getUTCSeconds()),
  j: (d) => pad(Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3),
  a: (d) => DAYS[d.getUTCDay()] as string,
  b: (d) => MONTHS[d.getUTCMonth()] as string,
  u: (d) => String(d.getUTCDay() === 0 ? 7 : d.getUTCDay()),
  V: (d) => pad(isoWeek(d)),
  G: (d) => String(isoWeekYear(d)),
  F: (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
  T: (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  s: (d) => String(Math.floor(d.getTime() / 1000)),
  '%': () => '%',
};

/** Fills in %Y, %m, %d, %H, %M, %S, %y, %j, %a, %b, %u, %V, %G, %F, %T, %s and %%. */
export function expandOutputPath(template: string, end: Date): string {
  return template.replace(/%(.?)/g, (whole, field: string) => {
    const f = FIELDS[field];
    if (!f) throw new UsageError(messages.reportBadStrftime(template, whole));
    return f(end);
  });
}

export function isStdout(output: string): boolean {
  return output === '-';
}

/** The Thursday of d's ISO week: its year is the ISO week-numbering year. */
function thursdayOf(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7)));
}

function isoWeekYear(d: Date): number {
  return thursdayOf(d).getUTCFullYear();
}

function isoWeek(d: Date): number {
  const thursday = thursdayOf(d);
  return Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 86_400_000 / 7) + 1;
}
