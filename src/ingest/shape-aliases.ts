// Aliases told by the shape of a source's records: a field whose unit or meaning depends on which
// logger wrote it, recognised by that logger's own keys in the sample. They are added to the
// configuration's aliases (which claim their paths before the built-in table, mapping.ts), unless
// the configuration gives the field to a slot of the same group (units: elapsed_time: s): the
// user's word wins. A logger may also write a field
// on a few records only (CLEF's @l, left out for Information): it is read even when the sample saw none.

import { normalisePath, type Slot } from './aliases.js';
import { EXCLUSIVE_GROUPS, type JsonType, type KeyPath } from './mapping.js';

type Aliases = Partial<Record<Slot, readonly string[]>>;

interface Shape {
  /** Why: which logger, and what it writes. */
  readonly logger: string;
  /** Is this logger's record in the sample? Given the normalised dotted key paths. */
  readonly seen: (paths: ReadonlySet<string>) => boolean;
  readonly aliases: Aliases;
  /** Key paths this logger writes on some records only, read whether or not the sample has them. */
  readonly paths?: readonly (readonly string[])[];
}

const SHAPES: readonly Shape[] = [
  {
    // Its payloads (the standard logging payload, spend logs) state response_time in seconds, where
    // pino-http's responseTime and most others are milliseconds.
    logger: 'LiteLLM',
    seen: (p) => p.has('custom_llm_provider') || p.has('model_group') || p.has('litellm_call_id'),
    aliases: { duration_s: ['response_time'] },
  },
  {
    // logstash-logback-encoder's access events (logback-access, Spring Boot) write elapsed_time in
    // milliseconds; elsewhere elapsed_time is seconds (aliases.ts).
    logger: 'logstash-logback-encoder access event',
    seen: (p) => p.has('requested_uri') || p.has('requested_url'),
    aliases: { duration_ms: ['elapsed_time'] },
  },
  {
    // The Elastic Common Schema states event.duration in nanoseconds; ECS loggers always write ecs.version.
    logger: 'ECS',
    seen: (p) => p.has('ecs.version'),
    aliases: { duration_ns: ['event.duration'] },
  },
  {
    // nginx's $msec is the time in epoch seconds ("1772366401.000"); a field named msec elsewhere is
    // as likely a duration, so it is a time only beside nginx's own variable names.
    logger: 'nginx',
    seen: (p) => ['body_bytes_sent', 'upstream_response_time', 'time_local', 'time_iso8601', 'request_length'].some((key) => p.has(key)),
    aliases: { ts: ['msec'] },
  },
  {
    // Serilog's compact JSON (CLEF): @t and a message template (@mt) or message (@m). It leaves @l out
    // for Information, so a sample of mostly Information records may show no @l, nor an exception (@x).
    logger: 'Serilog CLEF',
    seen: (p) => p.has('@t') && (p.has('@mt') || p.has('@m')),
    aliases: { clef_template: ['@mt', '@m'] },
    paths: [['@l'], ['@x']],
  },
  {
    // GELF (Graylog; log4j2's GelfLayout, logstash-gelf) writes version and short_message, and a
    // numeric level on syslog's scale (3 is error), not pino's (lm_syslog_level).
    logger: 'GELF',
    seen: (p) => p.has('version') && p.has('short_message'),
    aliases: { syslog_levels: ['short_message'] },
  },
  {
    // journald's JSON export (`journalctl -o json`, `-o json-seq` less its separators): MESSAGE and a
    // PRIORITY on syslog's scale (as text: "3" is err), the unit or program as the service, the
    // host. Its keys are upper case, and its own (__CURSOR, __REALTIME_TIMESTAMP) start with two
    // underscores; the time is read from __REALTIME_TIMESTAMP wherever it appears (aliases.ts).
    logger: 'journald',
    seen: (p) => p.has('__realtime_timestamp') || p.has('__cursor'),
    aliases: {
      syslog_levels: ['__realtime_timestamp'],
      level: ['priority'],
      message: ['message'],
      service: ['_systemd_unit', 'syslog_identifier', '_comm'],
      host: ['_hostname'],
    },
    paths: [['PRIORITY']],
  },
];

/**
 * The sample's key paths and the configuration's aliases, plus the paths and aliases that the
 * sample's record shapes call for.
 */
export function withShapes(keyPaths: readonly KeyPath[], aliases: Aliases | undefined): { keyPaths: readonly KeyPath[]; aliases: Aliases | undefined } {
  const paths = new Set(keyPaths.map((k) => normalisePath(k.segments).join('.')));
  const shapes = SHAPES.filter((shape) => shape.seen(paths));
  const missing = shapes.flatMap((shape) => shape.paths ?? []).filter((segments) => !paths.has(normalisePath(segments).join('.')));
  const types = new Set<JsonType>(['string']);
  return {
    keyPaths: missing.length > 0 ? [...keyPaths, ...missing.map((segments) => ({ segments, types }))] : keyPaths,
    aliases: withAliases(aliases, shapes),
  };
}

function withAliases(aliases: Aliases | undefined, shapes: readonly Shape[]): Aliases | undefined {
  /** The fields the configuration gives to a slot of `slot`'s group (the durations, the times). */
  const named = (slot: Slot): Set<string> => {
    const group = EXCLUSIVE_GROUPS.find((g) => g.includes(slot)) ?? [];
    return new Set(group.flatMap((s) => aliases?.[s] ?? []));
  };
  let out: Record<string, readonly string[]> | undefined;
  for (const shape of shapes) {
    for (const [slot, fields] of Object.entries(shape.aliases) as [Slot, readonly string[]][]) {
      const taken = named(slot);
      const added = fields.filter((field) => !taken.has(field));
      if (added.length === 0) continue;
      out ??= { ...aliases };
      out[slot] = [...(out[slot] ?? []), ...added];
    }
  }
  return out ?? aliases;
}
