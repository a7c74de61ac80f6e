// The month/day order of a source's numeric dates (`03/01/2026 10:00:00`), decided once per source
// from the time values it shows, so that every record of the source reads in one order.
//
// No single value can say `03/04/2026` is 4 March or 3 April; a source's values together often can:
// a first field above 12 anywhere means day/month (`24/11/2026`), a second above 12 month/day
// (`11/24/2026`); a 12-hour clock (`AM`/`PM`) is the US order, as Python's logging HOWTO writes it
// (`%m/%d/%Y %I:%M:%S %p`); dots (`24.11.2026`) are the day-first writers'. Values that say both, or
// none of these, leave the source undecided: it then reads in --date-order (date_order:), else
// month/day, and the user is told (docs/INGEST.md, "Time").
//
// The order reaches SQL as one of two fixed literals (projection.ts), never as the user's text.

export type DateOrder = 'mdy' | 'dmy';

export const DATE_ORDERS: readonly DateOrder[] = ['mdy', 'dmy'];

/**
 * A date in numbers before a time of day, as the time readers take it (lm_numeric_date in
 * queries/ingest/macros.sql): day or month, month or day, a 4- or 2-digit year, then the clock (after a comma too, as
 * toLocaleString('en-US') writes `11/24/2026, 10:00:01 AM`).
 */
const NUMERIC_DATE = /^(\d{1,2})([/.])(\d{1,2})\2(?:\d{4}|\d{2})(?:,? |T)\d{1,2}:\d\d(?::\d\d(?:[.,]\d+)?)?( ?[AaPp][Mm])?/;

/** The order month/day is read in when nothing tells it: Python's logging HOWTO's, the most common writer of such dates. */
export const DEFAULT_DATE_ORDER: DateOrder = 'mdy';

/** What a source's time values say about their order. */
export class DateOrderEvidence {
  /** Values with a numeric date. */
  seen = 0;
  private firstAbove12 = false;
  private secondAbove12 = false;
  private twelveHour = false;
  private dotted = false;

  /** Looks at one time value (any other value, or a non-string, is passed over). */
  add(value: unknown): void {
    if (typeof value !== 'string') return;
    // Cheap test first: this runs on every record of a text source.
    const c = value.charCodeAt(1);
    if (c !== 47 && c !== 46 && value.charCodeAt(2) !== 47 && value.charCodeAt(2) !== 46) return;
    const m = NUMERIC_DATE.exec(value);
    if (!m) return;
    this.seen++;
    if (Number(m[1]) > 12) this.firstAbove12 = true;
    if (Number(m[3]) > 12) this.secondAbove12 = true;
    if (m[2] === '.') this.dotted = true;
    if (m[4] !== undefined) this.twelveHour = true;
  }

  /** Adds what another part of the same source showed (a plain copy of its fields, from a worker thread). */
  absorb(other: Readonly<Record<string, unknown>>): void {
    this.seen += Number(other.seen ?? 0);
    this.firstAbove12 ||= other.firstAbove12 === true;
    this.secondAbove12 ||= other.secondAbove12 === true;
    this.twelveHour ||= other.twelveHour === true;
    this.dotted ||= other.dotted === true;
  }

  /** The order the values tell, or undefined when they tell none (or contradict each other). */
  told(): DateOrder | undefined {
    if (this.firstAbove12 !== this.secondAbove12) return this.firstAbove12 ? 'dmy' : 'mdy';
    if (this.firstAbove12) return undefined;
    if (this.dotted) return 'dmy';
    if (this.twelveHour) return 'mdy';
    return undefined;
  }
}

/** A source's decision: none when it shows no numeric date and no order was asked for. */
export interface DateOrderDecision {
  readonly order?: DateOrder;
  /** The values could not tell the order: it is the option's, or the default (the user is told when there was no option). */
  readonly untold: boolean;
}

/**
 * The order a source's numeric dates read in. Its own values win over `option` (a source that shows
 * `24/11/2026` is day first whatever the option says); the option decides what they cannot tell.
 */
export function decideDateOrder(evidence: DateOrderEvidence, option: DateOrder | undefined): DateOrderDecision {
  if (evidence.seen === 0) return option ? { order: option, untold: false } : { untold: false };
  const told = evidence.told();
  if (told) return { order: told, untold: false };
  return { order: option ?? DEFAULT_DATE_ORDER, untold: option === undefined };
}

/** The evidence of the values under `paths` (key segments) in sampled objects. */
export function evidenceOfObjects(objects: readonly Readonly<Record<string, unknown>>[], paths: readonly (readonly string[])[]): DateOrderEvidence {
  const evidence = new DateOrderEvidence();
  for (const object of objects) {
    for (const segments of paths) {
      let value: unknown = object;
      for (const segment of segments) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
      evidence.add(value);
    }
  }
  return evidence;
}
