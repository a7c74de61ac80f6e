// JSON lines as container tooling prints them: `kubectl logs --prefix` puts `[pod/NAME/CONTAINER] `
// before each line, `docker compose logs` puts `NAME  | `, `--timestamps` (kubectl) or `-t`
// (docker) an RFC 3339 time, and the CRI log files a node keeps (/var/log/containers/*.log) a time,
// the stream and a full/partial tag (`2026-03-02T10:00:00.123456789Z stdout F `).
// `kubectl logs -l app=agent --prefix | logmeter summary` should read the application's JSON as if
// it came straight from the pod.
//
// A source is prefixed when nearly every line of its sample is such a prefix and a JSON object. Its
// lines are then staged (stage-lines.sql, with stagedLineSql) as that object with one more key first,
// `log_prefix`: {"pod", "container", "time", "stream"} as far as the prefix said them; unprefixLine does the
// same here for the sample that detection and the mapping read. The aliases take log_prefix.pod as
// the host, log_prefix.container as the service and log_prefix.time as the time, each only after
// whatever the application logged itself.

import { DuckDBConnectionQuote } from '../db.js';

const TIME = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)`;
/**
 * A whole prefix, the text before a line's first `{`. Groups: 1 the pod and 2 its container
 * (kubectl --prefix), 3 a compose container, 4 the time, 5 the stream (CRI). In the syntax
 * JavaScript and RE2 (DuckDB's regexes) share: both use it. A CRI line tagged P is the start of a
 * longer line that the runtime split; its object is cut, so it is rejected as it was logged.
 */
export const CONTAINER_PREFIX = new RegExp(String.raw`^(?:\[pod/([^/\] ]+)/([^\] ]+)\] |([A-Za-z0-9][\w.-]*) +\| )?(?:(${TIME}) (?:(stdout|stderr) F )?)?$`);

/** The share of non-blank sample lines that must be prefixed objects. */
const PREFIXED_SHARE = 0.9;

/** Whether a source's sample is container-prefixed JSON lines. */
export function isContainerPrefixed(sample: readonly string[]): boolean {
  let lines = 0;
  let prefixed = 0;
  for (const line of sample) {
    if (line.trim() === '') continue;
    lines++;
    const rewritten = unprefixLine(line);
    if (rewritten !== line && isObjectText(rewritten)) prefixed++;
  }
  return lines > 0 && prefixed >= lines * PREFIXED_SHARE;
}

/**
 * The line as the staging rewrites it (stagedLineSql, lm_unprefix in macros.sql): unchanged unless it
 * is a container prefix, then `{`, and ends with `}`. A line cut short keeps its prefix and is
 * rejected as it was logged.
 */
export function unprefixLine(line: string): string {
  const at = line.indexOf('{');
  if (at <= 0 || !line.endsWith('}')) return line;
  const m = CONTAINER_PREFIX.exec(line.slice(0, at));
  if (!m) return line;
  const [, pod, container, compose, time, stream] = m as unknown as (string | undefined)[];
  if (pod === undefined && compose === undefined && time === undefined) return line;
  const parts = JSON.stringify({ pod: pod ?? null, container: container ?? compose ?? null, time: time ?? null, stream: stream ?? null });
  const body = line.slice(at + 1);
  return `{"log_prefix":${parts}${body.trim() === '}' ? '}' : `,${body}`}`;
}

function isObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * stage-lines.sql's two placeholders: the parts of each line's prefix (prefix_parts), and the staged
 * text made from them (line_text); for a source that is not prefixed, NULL and the line itself. The
 * prefix, short, is matched alone; the pattern is spliced as a SQL string because DuckDB names regex
 * groups only for a constant pattern (it is ours, never logged text). random() < 1 keeps DuckDB from
 * computing the parts again for each use.
 */
export function stagedLineSql(prefixed: boolean): { prefixParts: string; lineText: string } {
  if (!prefixed) return { prefixParts: 'NULL', lineText: 'text' };
  const pattern = DuckDBConnectionQuote.str(CONTAINER_PREFIX.source);
  return {
    prefixParts: `CASE WHEN random() < 1 AND strpos(text, '{') > 1 AND ends_with(text, '}')
      THEN regexp_extract(left(text, strpos(text, '{') - 1), ${pattern}, ['pod', 'container', 'compose', 'time', 'stream']) END`,
    lineText: "CASE WHEN m IS NOT NULL THEN lm_unprefix(text, strpos(text, '{'), m) ELSE text END",
  };
}
