// JSON lines behind the prefix the tool that printed them adds: `kubectl logs --prefix`
// (`[pod/NAME/CONTAINER] `), `docker compose logs` (`NAME  | `), `--timestamps` (kubectl) and `-t`
// (docker: an RFC 3339 time), the CRI log files a Kubernetes node keeps in /var/log/containers (a
// time, the stream, a full/partial tag: `2026-03-02T10:00:00.123456789Z stdout F `), and journalctl
// (`Mar 02 10:00:00 HOST UNIT[PID]: `, or with `-o short-iso` an RFC 3339 time first), and stern
// (`POD CONTAINER `, tailing many pods at once).
// `kubectl logs -l app=agent --prefix | logmeter summary` or `journalctl -u agent | logmeter report`
// should read the application's JSON as if it came straight from the process.
//
// A source is prefixed when nearly every line of its sample is such a prefix and a JSON object. Its
// lines are then staged (stage-lines.sql, with stagedLineSql) as that object with one more key
// first, `log_prefix`, holding what the prefix said: pod, container, host, unit, time, stream.
// unprefixLine does the same here for the sample that detection and the mapping read. The aliases
// take log_prefix.pod (else .host) as the host, log_prefix.container (else .unit) as the service and
// log_prefix.time as the time, each only after whatever the application logged itself.
// A line the runtime split past 16 KiB (CRI parts tagged P) is joined first, on its first part's line,
// the other parts its continuation lines (stage-split-lines.sql; joinLineParts for the sample).

import { DuckDBConnectionQuote } from '../db.js';

const TIME = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)`;
const NAME = String.raw`[A-Za-z0-9][\w.-]*`;
/** A Kubernetes pod name as stern prints it: lower case, with a hyphen (name-hash-suffix). */
const POD = String.raw`[a-z0-9][a-z0-9.-]*-[a-z0-9]+`;
const CONTAINER = String.raw`[a-z0-9][a-z0-9-]*`;
/**
 * A whole prefix, the text before a line's first `{`. In the syntax JavaScript and RE2 (DuckDB's
 * regexes) share: both use it. Groups, in PREFIX_PARTS' order: 1 the pod and 2 its container
 * (kubectl --prefix), 3 a compose container, 4 and 5 stern's pod and container, 6 the time, 7 the
 * stream (CRI), 8 the host and 9 the unit (journalctl; its default time has no year, so it is not
 * kept). A CRI line tagged P is the
 * start of a line the runtime split: its parts are joined before this is matched (stage-split-lines.sql).
 */
export const LOG_PREFIX = new RegExp(
  String.raw`^(?:\[pod/([^/\] ]+)/([^\] ]+)\] |(${NAME}) +\| |(${POD}) (${CONTAINER}) )?(?:(${TIME}) (?:(stdout|stderr) F )?)?` +
    String.raw`(?:(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )?(${NAME}) ([^\s\[\]:]+)(?:\[\d+\])?: )?$`,
);
const PREFIX_PARTS = ['pod', 'container', 'compose', 'stern_pod', 'stern_container', 'time', 'stream', 'host', 'unit'] as const;
/**
 * Words that make "HOST UNIT: " a text log's level and logger (`2026-03-02T10:00:00Z INFO app: {...}`)
 * rather than journalctl's host and unit: such a line is not rewritten.
 */
const LEVEL_WORDS = ['trace', 'debug', 'info', 'notice', 'warn', 'warning', 'error', 'err', 'critical', 'crit', 'fatal', 'alert', 'emerg', 'panic'];

/** The share of non-blank sample lines that must hold an object that way (leaving room for junk lines). */
const HELD_SHARE = 0.9;

/** Whether nine in ten of the non-blank sample lines pass `holds`. */
export function mostLines(sample: readonly string[], holds: (line: string) => boolean): boolean {
  let lines = 0;
  let held = 0;
  for (const line of sample) {
    if (line.trim() === '') continue;
    lines++;
    if (holds(line)) held++;
  }
  return lines > 0 && held >= lines * HELD_SHARE;
}

/**
 * A known prefix at the start of a line, whatever follows it: LOG_PREFIX not anchored at its end,
 * and taking CRI's partial tag (P) as well as its full one.
 */
const PREFIX_START = new RegExp(LOG_PREFIX.source.replace('(?:(stdout|stderr) F )', '(?:(stdout|stderr) [FP] )').replace(/\$$/, ''));

const PREFIX_START_INDICES = new RegExp(PREFIX_START.source, 'd');

/**
 * A text line's prefix, as the parts log_prefix holds, and the line the process wrote after it;
 * undefined when the line has none. "HOST UNIT: " whose host is a level word is the text's own.
 * With `keepTime`, a time after a pod or container name is left to the text: `api-1  | 2026-03-01T12:00:00+0000 - app - INFO - ...`
 * is docker compose's name before the process's own time, which only the layout after it tells apart
 * from `docker compose logs -t`'s.
 */
export function splitLogPrefix(line: string, keepTime = false): { parts: Record<string, string>; rest: string } | undefined {
  const m = PREFIX_START_INDICES.exec(line);
  if (!m || m[0].length === 0) return undefined;
  const got = Object.fromEntries(PREFIX_PARTS.map((part, i) => [part, m[i + 1]])) as Record<(typeof PREFIX_PARTS)[number], string | undefined>;
  let end = m[0].length;
  if (got.host !== undefined && LEVEL_WORDS.includes(got.host.toLowerCase())) {
    end = m.indices?.[PREFIX_PARTS.indexOf('host') + 1]?.[0] ?? end;
    got.host = undefined;
    got.unit = undefined;
  }
  const named = got.pod ?? got.compose ?? got.stern_pod;
  if (keepTime && named !== undefined && got.time !== undefined) {
    end = m.indices?.[PREFIX_PARTS.indexOf('time') + 1]?.[0] ?? end;
    got.time = undefined;
    got.stream = undefined;
    got.host = undefined;
    got.unit = undefined;
  }
  const parts = { pod: got.pod ?? got.stern_pod, container: got.container ?? got.compose ?? got.stern_container, host: got.host, unit: got.unit, time: got.time, stream: got.stream };
  const said = Object.entries(parts).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (said.length === 0) return undefined;
  return { parts: Object.fromEntries(said), rest: line.slice(end) };
}

/** Whether the line starts with one of the known prefixes. */
export function hasLogPrefix(line: string): boolean {
  const m = PREFIX_START.exec(line);
  return m !== null && m[0].length > 0;
}

/**
 * Whether a source's sample is prefixed JSON lines: nine in ten lines carry a prefix, and some of
 * them an object after it. The prefix is the tool's envelope, whatever the process wrote after it:
 * a pod that crashed writes its stack as plain lines among the records, and those records must
 * keep their fields however large the stack's share is. Whether the source is then read as JSON
 * (most lines objects) or as text is detection's choice over the unprefixed sample (load.ts).
 */
export function isPrefixedJson(sample: readonly string[]): boolean {
  return mostLines(sample, hasLogPrefix) && sample.some((line) => {
    const rewritten = unprefixLine(line);
    return rewritten !== line && isObjectText(rewritten);
  });
}

/**
 * The line as the staging rewrites it (stagedLineSql, lm_unprefix in macros.sql): unchanged unless
 * it is a known prefix, then `{`, and ends with `}`. A line cut short keeps its prefix and is
 * rejected as it was logged. log_prefix holds the parts the prefix has, in a fixed order.
 */
export function unprefixLine(line: string): string {
  const brace = line.indexOf('{');
  if (brace <= 0 || !line.endsWith('}')) return line;
  const m = LOG_PREFIX.exec(line.slice(0, brace));
  if (!m) return line;
  const got = Object.fromEntries(PREFIX_PARTS.map((part, i) => [part, m[i + 1]])) as Record<(typeof PREFIX_PARTS)[number], string | undefined>;
  if (got.host !== undefined && LEVEL_WORDS.includes(got.host.toLowerCase())) return line;
  const parts = { pod: got.pod ?? got.stern_pod, container: got.container ?? got.compose ?? got.stern_container, host: got.host, unit: got.unit, time: got.time, stream: got.stream };
  const said = Object.entries(parts).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (said.length === 0) return line;
  return withLogPrefix(Object.fromEntries(said), line.slice(brace));
}

/** The JSON object `object` (its text) with `log_prefix: parts` as its first key, as lm_unprefix writes it. */
export function withLogPrefix(parts: Readonly<Record<string, string>>, object: string): string {
  const body = object.slice(1);
  return `{"log_prefix":${JSON.stringify(parts)}${body.trim() === '}' ? '}' : `,${body}`}`;
}

export function isObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A part of a line the runtime split, as StagedLineSql's part, partHead, partBody and partBytes describe it. */
export interface LinePart {
  readonly stream: string;
  readonly open: boolean;
  readonly head: string;
  readonly body: string;
  /** The bytes the body adds to the joined line. */
  readonly bytes: number;
}

/** How one kind of split line is joined (CRI's, Docker's): as StagedLineSql's part, joinedBytes and joined do in SQL. */
export interface LineJoin {
  /** The line as a part, or undefined for a line that is none. */
  readonly partOf: (line: string) => LinePart | undefined;
  /** The bytes of the line `joined` makes, from its first part and its parts' bytes summed, without making it. */
  readonly joinedBytes: (first: LinePart, bytes: number) => number;
  /** The line a run of parts makes: its first part, its parts' bodies joined, whether more was to come. */
  readonly joined: (first: LinePart, body: string, open: boolean) => string;
}

/**
 * The lines with the parts of each split line joined, as stage-split-lines.sql joins them, for the
 * sample detection and the mapping read: a spread sample may hold a part without the rest of its
 * line (they then make a line that is no object, as one part alone is). A joined line longer than
 * `maxLineBytes` is left out, as the staging rejects it (too_long) and the scanner samples no
 * reject; its parts' bodies are let go as soon as the run is known to be too long.
 */
export function joinLineParts(lines: readonly string[], join: LineJoin, maxLineBytes: number): string[] {
  const out: (string | undefined)[] = [];
  // Per stream, the run of parts still open: its first part, the bodies so far and their bytes, its place in `out`.
  const open = new Map<string, { first: LinePart; bodies: string[]; bytes: number; at: number }>();
  const end = (run: { first: LinePart; bodies: string[]; bytes: number; at: number }, more: boolean) => {
    if (join.joinedBytes(run.first, run.bytes) > maxLineBytes) out[run.at] = undefined;
    // A part alone, the lines ending in it, stays the line it is.
    else if (more && run.bodies.length === 1) return;
    else out[run.at] = join.joined(run.first, run.bodies.join(''), more);
  };
  for (const line of lines) {
    const part = join.partOf(line);
    const run = part && open.get(part.stream);
    if (part && run) {
      run.bytes += part.bytes;
      if (join.joinedBytes(run.first, run.bytes) > maxLineBytes) run.bodies = [];
      else run.bodies.push(part.body);
      if (!part.open) {
        end(run, false);
        open.delete(part.stream);
      }
    } else {
      if (part?.open) open.set(part.stream, { first: part, bodies: [part.body], bytes: part.bytes, at: out.length });
      out.push(line);
    }
  }
  // Runs the lines end in, joined as far as they go.
  for (const run of open.values()) end(run, true);
  return out.filter((line): line is string => line !== undefined);
}

const CRI_HEAD_JS = new RegExp(String.raw`^(${TIME} (stdout|stderr) )([PF]) `);
/** A CRI line tagged P: the first parts of a line the runtime split. */
export const CRI_PARTIAL_LINE = new RegExp(String.raw`^${TIME} (?:stdout|stderr) P `);

/** A CRI line as a part of a line (tagged P, or the F that ends one); undefined for another line. */
function criLinePart(line: string): LinePart | undefined {
  const m = CRI_HEAD_JS.exec(line);
  if (!m) return undefined;
  const body = line.slice(m[0].length);
  return { stream: m[2] as string, open: m[3] === 'P', head: m[1] as string, body, bytes: Buffer.byteLength(body) };
}

/** CRI's split lines: the line a run of parts makes is the first part's time and stream, its tag, the bodies (stagedLineSql). */
export const CRI_LINE_JOIN: LineJoin = {
  partOf: criLinePart,
  joinedBytes: (first, bytes) => Buffer.byteLength(first.head) + 2 + bytes,
  joined: (first, body, open) => `${first.head}${open ? 'P' : 'F'} ${body}`,
};

/**
 * The SQL that stages a source's lines (stage.ts): what stage-lines.sql needs to rewrite each line
 * (prefixParts, lineText) and to tell a part of a line the runtime split (partial), and what
 * stage-split-lines.sql needs to measure and join such parts (part, partHead, partBody, partBytes, joinedBytes, joined). Without partial, no line can be a
 * part: the source is staged as before, with no column more.
 */
export interface StagedLineSql {
  readonly prefixParts: string;
  readonly lineText: string;
  /** Over `text` and `m`: whether the line is a part that the next line of its stream continues. */
  readonly partial?: string;
  /** Over `text` and `m`: a part's STRUCT(stream, open) (whether more of the line follows), NULL for a line that is none. */
  readonly part?: string;
  /** Over `text` and `m`, for a part: what the joined line keeps of it when it is the first (its prefix, its wrapper's time). */
  readonly partHead?: string;
  /** Over `text` and `m`, for a part: what it holds of the line. */
  readonly partBody?: string;
  /** Over `body` (partBody): the bytes it adds to the joined line. */
  readonly partBytes?: string;
  /** Over `stream` and `head` (the first part's) and `bytes` (partBytes summed): the bytes of the line joined makes, without making it. */
  readonly joinedBytes?: string;
  /** Over `stream` and `head` (the first part's), `body` (the parts' bodies joined) and `open`: the line as if it had been one. */
  readonly joined?: string;
}

/**
 * A CRI line's prefix up to its tag: group 1 the time and stream with their spaces, group 2 the
 * stream. A line longer than the runtime's buffer (16 KiB for containerd) is written as parts
 * tagged P, then its last part tagged F.
 */
const CRI_HEAD = String.raw`^(${TIME} (stdout|stderr) )[PF] `;

/**
 * stage-lines.sql's placeholders: the parts of each line's prefix (prefix_parts), and the staged
 * text made from them (line_text); for a source that is not prefixed, NULL and the line itself. The
 * prefix, short, is matched alone; the pattern is spliced as a SQL string because DuckDB names regex
 * groups only for a constant pattern (it is ours, never logged text). random() < 1 keeps DuckDB from
 * computing the parts again for each use. A CRI line tagged P is never rewritten (LOG_PREFIX takes F
 * only), so whether a line is one is asked only of the lines left as they were that start with a digit.
 */
export function stagedLineSql(prefixed: boolean): StagedLineSql {
  if (!prefixed) return { prefixParts: 'NULL', lineText: 'text' };
  const pattern = DuckDBConnectionQuote.str(LOG_PREFIX.source);
  const names = PREFIX_PARTS.map((p) => DuckDBConnectionQuote.str(p)).join(', ');
  const head = DuckDBConnectionQuote.str(CRI_HEAD);
  const headOf = `regexp_extract(text, ${head}, 1)`;
  return {
    prefixParts: `CASE WHEN random() < 1 AND strpos(text, '{') > 1 AND ends_with(text, '}')
      THEN regexp_extract(left(text, strpos(text, '{') - 1), ${pattern}, [${names}]) END`,
    lineText: `CASE WHEN m IS NOT NULL AND NOT list_contains([${LEVEL_WORDS.map((w) => DuckDBConnectionQuote.str(w)).join(', ')}], lower(m.host))
      THEN lm_unprefix(text, strpos(text, '{'), m) ELSE text END`,
    partial: `CASE WHEN m.time <> '' OR NOT (ascii(text) BETWEEN 48 AND 57) THEN false
      ELSE regexp_matches(text, ${DuckDBConnectionQuote.str(CRI_PARTIAL_LINE.source)}) END`,
    part: `CASE WHEN ascii(text) BETWEEN 48 AND 57 AND regexp_matches(text, ${head})
      THEN {'stream': regexp_extract(text, ${head}, 2), 'open': substr(text, length(${headOf}) + 1, 1) = 'P'} END`,
    partHead: headOf,
    partBody: `substr(text, length(${headOf}) + 3)`,
    partBytes: 'strlen(body)',
    joinedBytes: 'strlen(head) + 2 + bytes',
    joined: `head || CASE WHEN open THEN 'P ' ELSE 'F ' END || body`,
  };
}
