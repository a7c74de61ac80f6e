-- Ingest macros: the per-value rules that turn raw logged values (as text) into canonical columns.
-- Loaded once per connection (src/sql-macros.ts) before ingest, and before a rollup or `metrics`
-- runs, for the macros they use too (lm_workflow_run_end). Every macro takes text
-- (json_extract_string output) and is NULL-safe. Parameters: none.
-- Word lists are list_contains([...], x), not x IN (...): DuckDB plans an IN list as a join, and a
-- join stays in the plan even when no column needs its answer (a narrowed projection, projection.ts).

-- A line that holds one JSON object (leading blanks allowed). starts_with first: ltrim copies the
-- line, and almost every line starts with its brace (~60 ms per 1M lines).
CREATE OR REPLACE TEMP MACRO lm_is_object(t) AS
  (starts_with(t, '{') OR left(ltrim(t, ' ' || chr(9)), 1) = '{') AND json_valid(t);

-- A line of blanks only (the line scanner rejected it as empty already). The first character is
-- tested first, in a CASE so that DuckDB cannot reorder it: trim copies the line, which cost ~0.6 s
-- per 1M lines when run on every line.
CREATE OR REPLACE TEMP MACRO lm_is_blank(t) AS
  CASE WHEN t = '' THEN true
       WHEN NOT list_contains([32, 9, 11, 12], ascii(t)) THEN false
       ELSE trim(t, ' ' || chr(9) || chr(11) || chr(12)) = '' END;

-- A prefixed JSON line (src/ingest/log-prefix.ts) as the object after its prefix with one more key
-- first, log_prefix, holding the parts the prefix has (pod, container, host, unit, time, stream, in
-- that order, as unprefixLine writes them). `brace` is where the object starts; `m` the prefix's
-- parts, '' where it has none (a line whose prefix is none of the known ones stays as it is).
CREATE OR REPLACE TEMP MACRO lm_prefix_part(name, value) AS
  CASE WHEN value <> '' THEN '"' || name || '":' || to_json(value) END;
CREATE OR REPLACE TEMP MACRO lm_unprefix(t, brace, m) AS
  CASE WHEN m.pod <> '' OR m.compose <> '' OR m.stern_pod <> '' OR m.time <> '' OR m.host <> '' THEN
    '{"log_prefix":{'
      || concat_ws(',', lm_prefix_part('pod', coalesce(nullif(m.pod, ''), m.stern_pod)),
           lm_prefix_part('container', coalesce(nullif(m.container, ''), nullif(m.compose, ''), m.stern_container)),
           lm_prefix_part('host', m.host), lm_prefix_part('unit', m.unit), lm_prefix_part('time', m.time), lm_prefix_part('stream', m.stream))
      || '}' || CASE WHEN trim(substr(t, brace + 1)) = '}' THEN '}' ELSE ',' || substr(t, brace + 1) END
  ELSE t END;

-- A key the object names more than once, as `"key":<its last value>,`, or NULL when it names it at most
-- once. `keys` and `vals` are the object's entries in order, duplicates kept (map_keys and map_values
-- of json_transform(t, '"MAP(VARCHAR, JSON)"')). Put before the object's own entries, the last value
-- is the one DuckDB's first-wins JSON functions read, and still the one JSON.parse's last-wins reads
-- (src/ingest/repeated-keys.ts, projection.ts lastValuesFirst).
CREATE OR REPLACE TEMP MACRO lm_last_entry(keys, vals, k) AS
  CASE WHEN list_position(keys, k) <> len(keys) + 1 - list_position(list_reverse(keys), k)
    THEN to_json(k) || ':' || coalesce(vals[len(keys) + 1 - list_position(list_reverse(keys), k)], 'null') || ',' END;

-- Why a non-blank line that is not a JSON object is rejected.
CREATE OR REPLACE TEMP MACRO lm_not_object_reason(t) AS
  CASE WHEN json_valid(t) THEN 'not_an_object' ELSE 'invalid_json' END;

-- A scalar, or NULL for an object/array's JSON text. A text that merely starts with a bracket
-- ("[86a0010f] DEBUG log 1", "[INFO] ready") is not JSON, so it stays.
CREATE OR REPLACE TEMP MACRO lm_scalar(x) AS
  CASE WHEN x IS NULL OR x = '' OR (left(x, 1) IN ('{', '[') AND json_valid(x)) THEN NULL ELSE x END;

-- A syslog time has no year ("Mar  2 10:00:00"; klog's, as klog.ts writes it, "Mar 02 10:00:00.250000"): this year's, or last year's when that would be more
-- than a day (24 h) ahead of now (a December log read in January), as syslog readers do. It is
-- parsed in 2000, a leap year, so that "Feb 29" reads (strptime's default year, 1900, is none), and
-- moved to the year chosen, a Feb 29 to the latest leap year up to it (`// 4 * 4`). `tz` is the zone
-- it is written in. Each function written here is bound wherever lm_ts is: few of them.
CREATE OR REPLACE TEMP MACRO lm_leap_step(x) AS CASE WHEN starts_with(x, 'Feb 29') THEN 4 ELSE 1 END;
CREATE OR REPLACE TEMP MACRO lm_yearless_from(t, x, tz) AS
  t + to_years((year(current_date) - (timezone(tz, t + to_years(year(current_date) - 2000)) > now() + INTERVAL 1 DAY)::INTEGER)
               // lm_leap_step(x) * lm_leap_step(x) - 2000);
CREATE OR REPLACE TEMP MACRO lm_yearless(x, tz) AS lm_yearless_from(try_strptime('2000 ' || x, ['%Y %b %d %H:%M:%S', '%Y %b %d %H:%M:%S.%f']), x, tz);

-- The UTC offset of a time zone abbreviation written after a time (PostgreSQL's log_line_prefix,
-- date(1), RFC 2822's obsolete zones), for those with one fixed meaning in the tz database. The
-- ambiguous ones, last (CST is US Central, China or Cuba; IST India, Ireland or Israel; BST British
-- summer or Bangladesh; AST Atlantic or Arabia; GST Gulf or South Georgia), give '?', which no cast
-- reads: no time rather than one off by hours. NULL for a word that is none. A text layout reads
-- these words as the time's zone, and another word of 2-5 capitals only where its line needs one:
-- src/ingest/formats/text-layouts.ts, ZONE_ABBREVIATIONS, lists the same words in the same order (a
-- test compares them). (Lists, not a MAP: this is bound wherever lm_ts is, and a MAP literal costs
-- ~10x more to bind.)
CREATE OR REPLACE TEMP MACRO lm_zone_offset(abbr) AS
  [
    '+00:00', '+00:00', '+00:00', '+00:00', '+01:00', '+01:00', '+02:00', '+01:00', '+02:00', '+02:00', '+03:00', '+03:00', '+02:00',
    '+07:00', '+08:00', '+08:00', '+08:00', '+09:00', '+09:00', '+09:30', '+10:30', '+10:00', '+11:00', '+12:00', '+13:00', '-10:00',
    '-09:00', '-08:00', '-08:00', '-07:00', '-07:00', '-06:00', '-05:00', '-05:00', '-04:00',
    '+01:00', '+02:00', '+03:00', '+03:00', '+05:00', '+08:00', '+09:00', '-03:00', '-02:30', '-03:30', '-09:00',
    '?', '?', '?', '?', '?'
  ][list_position([
    'UT', 'UTC', 'GMT', 'WET', 'WEST', 'CET', 'CEST', 'MET', 'MEST', 'EET', 'EEST', 'MSK', 'SAST',
    'WIB', 'HKT', 'SGT', 'AWST', 'JST', 'KST', 'ACST', 'ACDT', 'AEST', 'AEDT', 'NZST', 'NZDT', 'HST',
    'AKST', 'AKDT', 'PST', 'PDT', 'MST', 'MDT', 'CDT', 'EST', 'EDT',
    'WAT', 'CAT', 'EAT', 'IDT', 'PKT', 'WITA', 'WIT', 'ADT', 'NDT', 'NST', 'HDT',
    'CST', 'IST', 'BST', 'AST', 'GST'
  ], abbr)];

-- A zone-less time (text) at an offset ('+01:00', lm_zone_offset): NULL for an ambiguous ('?') or
-- unknown (NULL) zone, never the time read as UTC.
CREATE OR REPLACE TEMP MACRO lm_ts_abbreviated(t, zone_offset) AS TRY_CAST(replace(rtrim(t), ',', '.') || zone_offset AS TIMESTAMPTZ);

-- An ISO time to the minute with its zone, with its zero seconds written out (DuckDB's cast needs them).
CREATE OR REPLACE TEMP MACRO lm_iso_seconds(s) AS regexp_replace(s, '^(\d{4}-\d\d-\d\dT\d\d:\d\d)([Z+-])', '\1:00\2');

-- Spellings of a time with its zone that neither DuckDB's cast nor the usual layouts read, tested
-- only after those failed: .NET's "/Date(1772359200123)/" (epoch ms; an offset after it does not
-- change the instant), Java's ZonedDateTime ("...+01:00[Europe/Paris]", its offset read; to the
-- minute when its seconds are zero, as its toString() writes it), an ISO time to the minute, Go's
-- time.Time String() ("2026-03-01 10:00:00.1 +0000 UTC m=+0.01": offset, abbreviation, monotonic
-- clock), date(1) and Go's UnixDate and RubyDate ("Sun Mar  1 10:00:00 UTC 2026"), and a time
-- followed by a zone abbreviation ("2026-03-01 10:00:00 CET", lm_zone_offset).
CREATE OR REPLACE TEMP MACRO lm_ts_zoned_spelling(x) AS
  CASE
    WHEN starts_with(x, '/Date(') THEN
      make_timestamp(TRY_CAST(regexp_extract(x, '^/Date\((-?\d{1,15})(?:[+-]\d{4})?\)/$', 1) AS BIGINT) * 1000)::TIMESTAMPTZ
    -- (The zone's name after the offset is left out: the offset says the instant.)
    WHEN regexp_matches(x, '^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)(\[[\w/+-]+\])?$') THEN TRY_CAST(lm_iso_seconds(split_part(x, '[', 1)) AS TIMESTAMPTZ)
    WHEN regexp_matches(x, '^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} ') THEN
      TRY_CAST(regexp_replace(x, '^(\S+ \S+) ([+-]\d{4}) \S+( m=[+-][\d.]+)?$', '\1\2') AS TIMESTAMPTZ)
    WHEN regexp_matches(x, '^[A-Z][a-z]{2} [A-Z][a-z]{2} +\d\d? \d\d:\d\d:\d\d \S+ \d{4}$') THEN
      lm_ts_abbreviated(
        strftime(try_strptime(regexp_replace(x, '^\S+ +(\S+) +(\S+) (\S+) \S+ (\d{4})$', '\4 \1 \2 \3'), '%Y %b %d %H:%M:%S'), '%Y-%m-%d %H:%M:%S'),
        coalesce(lm_zone_offset(regexp_extract(x, ' (\S+) \d{4}$', 1)), nullif(regexp_extract(x, ' ([+-]\d{4}) \d{4}$', 1), '')))
    WHEN regexp_matches(x, '\d:\d\d(?:[.,]\d+)? ?[A-Z]{2,4}$') THEN
      lm_ts_abbreviated(regexp_extract(x, '^(.*\d) ?[A-Z]+$', 1), lm_zone_offset(regexp_extract(x, '([A-Z]+)$', 1)))
  END;

-- Event time in UTC. Epoch numbers in s/ms/us/ns by magnitude; ISO 8601 (a lower-case t or z as
-- RFC 3339 allows); Python asctime (comma before the milliseconds); common web, mail and syslog
-- layouts; the zoned spellings of lm_ts_zoned_spelling. Zone-less times are in zone `tz`.
-- Each macro here is bound wherever lm_ts is: a time read only after the others failed is one
-- branch (lm_ts_zoned_spelling once, not in each branch that may fail).
CREATE OR REPLACE TEMP MACRO lm_ts(x, tz) AS
  CASE
    WHEN x IS NULL OR x = '' THEN NULL
    -- Go's zero time.Time, written for a time never set: no time, not the year 1.
    WHEN x = '0001-01-01T00:00:00Z' THEN NULL
    -- Integers first: a cast is much cheaper than a regex, and pino writes epoch ms.
    -- (A cast to BIGINT rounds '1772445600.123', so a fraction or exponent is excluded first.)
    WHEN NOT contains(x, '.') AND NOT contains(x, 'e') AND NOT contains(x, 'E') AND TRY_CAST(x AS BIGINT) IS NOT NULL THEN
      CASE
        WHEN abs(x::BIGINT) < 100000000000 THEN make_timestamp(x::BIGINT * 1000000)
        WHEN abs(x::BIGINT) < 100000000000000 THEN make_timestamp(x::BIGINT * 1000)
        WHEN abs(x::BIGINT) < 100000000000000000 THEN make_timestamp(x::BIGINT)
        ELSE make_timestamp(x::BIGINT // 1000)
      END::TIMESTAMPTZ
    WHEN TRY_CAST(x AS DOUBLE) IS NOT NULL THEN
      CASE
        -- Past any epoch in nanoseconds (year 5138), NaN or infinite: no time, rather than an error
        -- that would stop the whole ingest (DuckDB orders NaN above every number).
        WHEN abs(x::DOUBLE) >= 1e20 THEN NULL
        WHEN abs(x::DOUBLE) < 1e11 THEN to_timestamp(x::DOUBLE)
        WHEN abs(x::DOUBLE) < 1e14 THEN to_timestamp(x::DOUBLE / 1e3)
        WHEN abs(x::DOUBLE) < 1e17 THEN to_timestamp(x::DOUBLE / 1e6)
        ELSE to_timestamp(x::DOUBLE / 1e9)
      END
    ELSE coalesce(
      CASE
        -- A zone at the end: Z, an offset after a time of day (a date alone, "2026-03-01", ends in
        -- what looks like one), UTC or GMT.
        WHEN regexp_matches(x, '(Z|z|\d:\d\d(?:[.,]\d+)? ?[+-]\d\d(:?\d\d)?| ?UTC| ?GMT)$') THEN coalesce(
          -- RFC 3339 allows a lower-case t and z, which DuckDB's cast refuses.
          TRY_CAST(replace(CASE WHEN contains(x, 't') OR contains(x, 'z') THEN upper(x) ELSE x END, ',', '.') AS TIMESTAMPTZ),
          -- CLF, RFC 2822 with an offset (Python's email.utils.formatdate, Go's RFC1123Z) or a zone
          -- name (RFC 1123, HTTP dates). The %z layouts first: after a failed %Z, a list tries no more.
          try_strptime(x, ['%d/%b/%Y:%H:%M:%S %z', '%a, %d %b %Y %H:%M:%S %z', '%d %b %Y %H:%M:%S %z', '%Y-%m-%dT%H:%M:%S%z',
                           '%a, %d %b %Y %H:%M:%S %Z'])::TIMESTAMPTZ)
        ELSE timezone(tz, coalesce(
          TRY_CAST(replace(x, ',', '.') AS TIMESTAMP),
          -- CLF without its zone; Django's runserver time (24/Nov/2026 10:00:00), which Python apps set as datefmt.
          try_strptime(x, ['%d/%b/%Y:%H:%M:%S', '%d/%b/%Y %H:%M:%S', '%Y/%m/%d %H:%M:%S', '%d.%m.%Y %H:%M:%S']),
          lm_yearless(x, tz)))
      END,
      lm_ts_zoned_spelling(x))
  END;

-- A date in numbers (`03/01/2026 10:00:00 AM`, toLocaleString's `11/24/2026, 10:00:00 AM`, `24/11/2026 10:00:00`, `11/24/26 10:00:00`,
-- `24.11.2026 10:00:00`) rewritten as ISO text for lm_ts, in the order its source's values told
-- (src/ingest/date-order.ts): `dmy` is true for day/month. Dots are always day.month. Whatever follows
-- the time (an offset, a zone) is kept after it; any other value is returned as it is. Only a source
-- whose sample shows such dates (or given --date-order) has its time wrapped in this (projection.ts):
-- an ISO or epoch source pays nothing. A 2-digit year is read as strptime's %y: 00-69 are 20xx.
CREATE OR REPLACE TEMP MACRO lm_numeric_date_parts(m, dmy) AS
  strftime(CASE WHEN dmy OR contains(m.date, '.') THEN
      try_strptime(replace(m.date, '.', '/') || ' ' || m.clock || CASE WHEN m.ampm = '' THEN '' ELSE ' ' || upper(ltrim(m.ampm)) END,
                   ['%d/%m/%y %H:%M:%S', '%d/%m/%Y %H:%M:%S', '%d/%m/%y %I:%M:%S %p', '%d/%m/%Y %I:%M:%S %p',
                    '%d/%m/%y %H:%M', '%d/%m/%Y %H:%M', '%d/%m/%y %I:%M %p', '%d/%m/%Y %I:%M %p'])
    ELSE
      try_strptime(m.date || ' ' || m.clock || CASE WHEN m.ampm = '' THEN '' ELSE ' ' || upper(ltrim(m.ampm)) END,
                   ['%m/%d/%y %H:%M:%S', '%m/%d/%Y %H:%M:%S', '%m/%d/%y %I:%M:%S %p', '%m/%d/%Y %I:%M:%S %p',
                    '%m/%d/%y %H:%M', '%m/%d/%Y %H:%M', '%m/%d/%y %I:%M %p', '%m/%d/%Y %I:%M %p'])
    END, '%Y-%m-%dT%H:%M:%S') || replace(m.fraction, ',', '.') || regexp_replace(m.rest, '^ ([+-]\d)', '\1');
CREATE OR REPLACE TEMP MACRO lm_numeric_date(x, dmy) AS
  CASE WHEN regexp_matches(x, '^\d{1,2}[/.]\d{1,2}[/.]\d{2}') THEN coalesce(
    lm_numeric_date_parts(
      regexp_extract(x, '^(\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2}))(?:,? |T)(\d{1,2}:\d\d(?::\d\d)?)([.,]\d+)?( ?[AaPp][Mm])?(.*)$',
                     ['date', 'clock', 'fraction', 'ampm', 'rest']), dmy),
    x)
  ELSE x END;

-- A time key's value as lm_ts reads it, when it reads as a moment since 2001-09-09T01:46:40Z (epoch
-- 1e9 s; 1e12 ms, 1e15 us, 1e18 ns): a record with several time keys takes the first that does
-- (projection.ts), before one that does not. A number below that is more likely a count or an
-- elapsed time (`"time": 12`), and a date without a time of day (`"date": "2025-12-31"`) a business
-- date, than the time the logger wrote.
CREATE OR REPLACE TEMP MACRO lm_ts_moment(x, tz) AS
  CASE WHEN contains(x, ':') OR NOT contains(x, '-') THEN
    -- (greatest, not a comparison: lm_ts is evaluated once. It passes over NULL.)
    nullif(greatest(lm_ts(x, tz), TIMESTAMPTZ '2001-09-09 01:46:39.999999+00'), TIMESTAMPTZ '2001-09-09 01:46:39.999999+00') END;


-- log4j2 JSON's {epochSecond, nanoOfSecond}.
CREATE OR REPLACE TEMP MACRO lm_ts_instant(sec, nano) AS
  CASE WHEN TRY_CAST(sec AS BIGINT) IS NULL THEN NULL
       ELSE make_timestamp(sec::BIGINT * 1000000 + coalesce(TRY_CAST(nano AS BIGINT), 0) // 1000)::TIMESTAMPTZ END;

-- One of trace, debug, info, warn, error, fatal. Numbers are pino/bunyan levels (10..60); a custom
-- pino level between two (customLevels: {audit: 35}) is the named level at or below it, as a logger
-- set to the one above would not write it (35 is info, not warn; 55 error, not fatal).
-- Names cover Python, winston (silly, verbose, http), syslog (notice, crit, alert, emerg) and OTel.
CREATE OR REPLACE TEMP MACRO lm_level(x) AS
  CASE
    WHEN x IS NULL THEN NULL
    WHEN TRY_CAST(x AS DOUBLE) IS NOT NULL THEN
      CASE WHEN x::DOUBLE < 20 THEN 'trace' WHEN x::DOUBLE < 30 THEN 'debug' WHEN x::DOUBLE < 40 THEN 'info'
           WHEN x::DOUBLE < 50 THEN 'warn' WHEN x::DOUBLE < 60 THEN 'error' ELSE 'fatal' END
    -- One map lookup: a `CASE expr WHEN ...` list evaluates the regex once per branch (7x slower).
    ELSE MAP {
      'trace': 'trace', 'silly': 'trace', 'finest': 'trace', 'finer': 'trace', 't': 'trace',
      'debug': 'debug', 'verbose': 'debug', 'fine': 'debug', 'dbg': 'debug', 'd': 'debug',
      'info': 'info', 'information': 'info', 'informational': 'info', 'notice': 'info',
      'http': 'info', 'i': 'info', 'inf': 'info', 'config': 'info',
      'warn': 'warn', 'warning': 'warn', 'w': 'warn', 'wrn': 'warn',
      'error': 'error', 'err': 'error', 'e': 'error', 'severe': 'error', 'eror': 'error',
      'success': 'info', 'dpanic': 'error',
      'fatal': 'fatal', 'critical': 'fatal', 'crit': 'fatal', 'alert': 'fatal',
      'emerg': 'fatal', 'emergency': 'fatal', 'panic': 'fatal', 'f': 'fatal', 'c': 'fatal'
    }[regexp_extract(lower(trim(x)), '^[a-z]+')]
  END;

-- A level number on Python's scale (logging's levelno, loguru's record.level.no): DEBUG 10, INFO 20
-- (loguru's SUCCESS 25), WARNING 30, ERROR 40, CRITICAL 50; below 10 is loguru's TRACE.
CREATE OR REPLACE TEMP MACRO lm_python_level(x) AS
  CASE WHEN TRY_CAST(x AS DOUBLE) IS NULL THEN NULL
       WHEN x::DOUBLE < 10 THEN 'trace' WHEN x::DOUBLE < 20 THEN 'debug' WHEN x::DOUBLE < 30 THEN 'info'
       WHEN x::DOUBLE < 40 THEN 'warn' WHEN x::DOUBLE < 50 THEN 'error' ELSE 'fatal' END;

-- Serilog's compact JSON (CLEF; `clef` is its message template or message, NULL for another
-- record): a record without @l is Information, and Verbose is below Debug. NULL otherwise (lm_level reads @l).
CREATE OR REPLACE TEMP MACRO lm_clef_level(clef, l) AS
  CASE WHEN clef IS NULL THEN NULL WHEN l IS NULL THEN 'info' WHEN lower(l) = 'verbose' THEN 'trace' END;

-- The numeric level of a GELF or journald record (`marker` its short_message or __REALTIME_TIMESTAMP,
-- NULL for another record: shape-aliases.ts) is syslog's:
-- 0 emerg, 1 alert, 2 crit, 3 err, 4 warning, 5 notice, 6 info, 7 debug.
CREATE OR REPLACE TEMP MACRO lm_syslog_level(marker, l) AS
  CASE WHEN marker IS NOT NULL AND TRY_CAST(l AS INTEGER) BETWEEN 0 AND 7
       THEN ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'][l::INTEGER + 1] END;

-- OpenTelemetry severityNumber (1..24) to a level.
CREATE OR REPLACE TEMP MACRO lm_severity_number(x) AS
  CASE WHEN TRY_CAST(x AS INTEGER) IS NULL OR x::INTEGER < 1 THEN NULL
       WHEN x::INTEGER <= 4 THEN 'trace' WHEN x::INTEGER <= 8 THEN 'debug' WHEN x::INTEGER <= 12 THEN 'info'
       WHEN x::INTEGER <= 16 THEN 'warn' WHEN x::INTEGER <= 20 THEN 'error' ELSE 'fatal' END;

-- A duration written as text, lower case, in milliseconds: with units ('1680ms', '1.2s', '250us',
-- '1m30s', '1.5 s', '2 min', '3 seconds', '1,234ms'), Python's str(timedelta) and clock times
-- ('0:00:01.500000', '1 day, 2:03:04', '00:01:02.5'), or ISO 8601 ('PT1.5S', 'P1DT2H').
CREATE OR REPLACE TEMP MACRO lm_clock_ms(p) AS
  coalesce(TRY_CAST(p.d AS DOUBLE), 0) * 86400000.0 + coalesce(TRY_CAST(p.h AS DOUBLE), 0) * 3600000.0
  + coalesce(TRY_CAST(p.m AS DOUBLE), 0) * 60000.0 + coalesce(TRY_CAST(p.s AS DOUBLE), 0) * 1000.0;
CREATE OR REPLACE TEMP MACRO lm_unit_words(t) AS
  regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(t, '(\d),(\d{3})', '\1\2', 'g'),
    '(\d)\s*(milliseconds?|millis|msecs?|ms)\b', '\1ms', 'g'),
    '(\d)\s*(microseconds?|micros|usecs?|us|µs)\b', '\1us', 'g'),
    '(\d)\s*(nanoseconds?|nanos|nsecs?|ns)\b', '\1ns', 'g'),
    '(\d)\s*(seconds?|secs?|s)\b', '\1s', 'g'),
    '(\d)\s*(minutes?|mins?|m)\b', '\1m', 'g'),
    '(\d)\s*(hours?|hrs?|h)\b', '\1h', 'g'),
    '(\d)\s*(days?|d)\b', '\1d', 'g');
CREATE OR REPLACE TEMP MACRO lm_duration_units(u) AS
  CASE WHEN regexp_full_match(u, '(\d+(\.\d+)?(ns|us|ms|s|m|h|d)[ ,]*)+') THEN
    list_sum(list_transform(regexp_extract_all(u, '\d+(?:\.\d+)?(?:ns|us|ms|s|m|h|d)'),
      p -> regexp_extract(p, '^[\d.]+')::DOUBLE *
        CASE regexp_extract(p, '[a-z]+$')
          WHEN 'ns' THEN 0.000001 WHEN 'us' THEN 0.001 WHEN 'ms' THEN 1.0
          WHEN 's' THEN 1000.0 WHEN 'm' THEN 60000.0 WHEN 'h' THEN 3600000.0 WHEN 'd' THEN 86400000.0 END)) END;
CREATE OR REPLACE TEMP MACRO lm_duration_text(t) AS
  CASE
    WHEN NOT regexp_matches(t, '^p?t?\d') THEN NULL
    WHEN regexp_full_match(t, '(\d+ days?, )?\d+:\d\d:\d\d(\.\d+)?') THEN
      lm_clock_ms(regexp_extract(t, '^(?:(\d+) days?, )?(\d+):(\d\d):(\d\d(?:\.\d+)?)$', ['d', 'h', 'm', 's']))
    WHEN regexp_full_match(t, 'p(\d+(\.\d+)?d)?(t(\d+(\.\d+)?h)?(\d+(\.\d+)?m)?(\d+(\.\d+)?s)?)?') THEN
      lm_clock_ms(regexp_extract(t, '^p(?:([\d.]+)d)?(?:t(?:([\d.]+)h)?(?:([\d.]+)m)?(?:([\d.]+)s)?)?$', ['d', 'h', 'm', 's']))
    ELSE lm_duration_units(lm_unit_words(t))
  END;

-- A duration in milliseconds: a number in `unit` (ms, s, us, ns), or text with its own unit
-- ('1680ms', '1.2s', '250us', '3m', '1h', Go's '1m30s'). A bare number of unknown unit is ms.
-- A finite number, or NULL: Python's json writes NaN and Infinity, which would poison every sum,
-- mean and percentile they reach.
CREATE OR REPLACE TEMP MACRO lm_finite(d) AS CASE WHEN isfinite(d) THEN d END;

CREATE OR REPLACE TEMP MACRO lm_duration(x, unit) AS
  CASE
    WHEN x IS NULL OR x = '' THEN NULL
    WHEN TRY_CAST(x AS DOUBLE) IS NOT NULL THEN lm_finite(x::DOUBLE) *
      CASE unit WHEN 's' THEN 1000.0 WHEN 'us' THEN 0.001 WHEN 'ns' THEN 0.000001 WHEN 'm' THEN 60000.0 ELSE 1.0 END
    ELSE lm_duration_text(lower(trim(x)))
  END;

-- A duration with its unit written ('18ms', '1.2s'), else NULL: for fields whose bare numbers are
-- not durations (Heroku's router `service=18ms`).
CREATE OR REPLACE TEMP MACRO lm_unit_duration(x) AS
  CASE WHEN ascii(x) BETWEEN 48 AND 57 AND regexp_full_match(x, '\d+(\.\d+)?(ms|s)') THEN lm_duration(x, 'ms') END;

-- A service name, unless it is such a duration.
CREATE OR REPLACE TEMP MACRO lm_service(x) AS
  CASE WHEN ascii(x) BETWEEN 48 AND 57 AND regexp_full_match(x, '\d+(\.\d+)?(ms|s)') THEN NULL ELSE x END;

-- A number from text ('1,234' and '12.5' alike); NULL when it is not one.
CREATE OR REPLACE TEMP MACRO lm_num(x) AS lm_finite(TRY_CAST(replace(x, ',', '') AS DOUBLE));

-- An HTTP status code, when the value is one.
CREATE OR REPLACE TEMP MACRO lm_http_status(x) AS
  CASE WHEN TRY_CAST(x AS INTEGER) BETWEEN 100 AND 599 THEN x::INTEGER ELSE NULL END;

-- A request path with ids templated so routes group: scheme/host and the query string dropped, and
-- segments that are numbers, UUIDs, long hex ids or prefixed ids (wf_2d8bf96c, user-42) become {id}.
-- One regex pass replaces every other id segment (a match consumes the '/' after it), so it runs twice.
CREATE OR REPLACE TEMP MACRO lm_route_ids(p) AS
  regexp_replace(p,
    '/(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{12,}|[A-Za-z]{1,12}[_-][0-9a-f]{6,}|[A-Za-z]{1,12}[_-]\d+)(/|$)',
    '/{id}\2', 'g');
CREATE OR REPLACE TEMP MACRO lm_route(x) AS
  CASE WHEN x IS NULL THEN NULL ELSE
    lm_route_ids(lm_route_ids(
      -- A plain path (the common case) has no scheme, host, query or fragment to drop: skip that regex.
      CASE WHEN left(x, 1) = '/' AND NOT contains(x, '?') AND NOT contains(x, '#') THEN x
           ELSE regexp_replace(x, '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*)?([^?#]*).*$', '\1') END))
  END;

-- One part of an HTTP request line as nginx's $request logs it ("POST /api/orders?x=1 HTTP/1.1"):
-- 1 the method, 2 the target. NULL when the text is not such a line.
CREATE OR REPLACE TEMP MACRO lm_request_line(x, part) AS
  CASE WHEN regexp_full_match(x, '[A-Z]+ (/|[a-z]+://)\S* HTTP/[0-9.]+') THEN split_part(x, ' ', part) END;

-- A failure word as a status. LLM wrappers log a 429 or 529 as rate_limited, throttled or overloaded,
-- a refusal as refused, and a call given up on as cancelled.
CREATE OR REPLACE TEMP MACRO lm_failure_word(x) AS
  list_contains(['error', 'errored', 'failed', 'failure', 'fail', 'timeout', 'timed_out', 'timedout', 'aborted',
                 'crashed', 'exception', 'unhealthy', 'rejected', 'denied', 'ko', 'false',
                 'rate_limited', 'rate limited', 'rate-limited', 'ratelimited', 'rate_limit', 'rate_limit_exceeded',
                 'throttled', 'throttling', 'overloaded', 'refused', 'cancelled', 'canceled'], lower(x));

-- A status that says the work is still going (a start or progress record of a call or a run, not
-- its end). Compared lower-case, with '-' and ' ' read as '_' ("In Progress", "in-progress"). The
-- ingest (an llm_call's signs), the rollups and metrics (a workflow run's end) use it: src/sql-macros.ts
-- loads this file for them; the one place of these words.
CREATE OR REPLACE TEMP MACRO lm_in_flight_status(x) AS
  x IS NOT NULL AND list_contains(['running', 'started', 'start', 'starting', 'pending', 'in_progress', 'inprogress', 'in_flight',
                                   'queued', 'scheduled', 'waiting', 'created', 'submitted', 'accepted', 'processing', 'initiated'],
                                  replace(replace(lower(trim(x)), '-', '_'), ' ', '_'));

-- A workflow record that ends a run: it carries a status or a duration, and its status is not one
-- of a run still going. Counted as a run by the workflows rollup (queries/workflows.sql).
CREATE OR REPLACE TEMP MACRO lm_workflow_run_end(kind, status, duration_ms) AS
  kind = 'workflow' AND (status IS NOT NULL OR duration_ms IS NOT NULL) AND NOT lm_in_flight_status(status);

-- A usage record: an LLM call, or a metric sample that carries a call's tokens or cost (VIBEZEN
-- stores usage as metric samples). Token and cost totals sum these only, so that a `session ended`
-- record repeating its session's totals is not counted twice: the rollups (queries/_prelude.sql,
-- _price-keys.sql, _priced-events.sql) and check's named metrics (src/query-language/rule.ts,
-- src/check/query.ts) all ask this macro, so they cannot drift apart.
CREATE OR REPLACE TEMP MACRO lm_usage_record(kind, tokens_in, tokens_out, cost_usd) AS
  kind = 'llm_call' OR (kind = 'metric' AND (tokens_in IS NOT NULL OR tokens_out IS NOT NULL OR cost_usd IS NOT NULL));

-- A sum of DOUBLEs that is the same on every run: DuckDB sums a DOUBLE column in parallel, so the
-- last digits of a total (a cost, a workflow's time) changed from run to run of the same input.
-- Each value is summed as a DECIMAL(38, 12), exactly (ten $0.000012 make $0.00012, not
-- 0.00011999999999999999), and the total made a DOUBLE again through its text. Twelve places,
-- not more: DuckDB casts a DOUBLE to a DECIMAL by scaling it in floating point, which is exact
-- while the scaled value fits a DOUBLE's 53 bits (any value below 9007 and most round ones above;
-- at 18 places 50000 came back as 49999.99999999999), and a picodollar is below any price.
-- DuckDB's DECIMAL-to-DOUBLE cast is off by an ulp the same way; parsing the text rounds
-- correctly. A value of 1e9 or more (no call costs that; a log's garbage may) could overflow the
-- exact sum: then the plain sum is taken.
-- An aggregate: use it where `sum` would go, with CASE instead of FILTER (a macro takes no FILTER).
CREATE OR REPLACE TEMP MACRO lm_exact_sum(x) AS
  CASE WHEN max(abs(x)) < 1e9 THEN sum(CASE WHEN abs(x) < 1e9 THEN x::DECIMAL(38, 12) END)::VARCHAR::DOUBLE
       ELSE sum(x) END;
-- The mean of the same, as the same on every run.
CREATE OR REPLACE TEMP MACRO lm_exact_avg(x) AS lm_exact_sum(x) / count(x);

-- Prompt-cache counts that cannot be right: cache reads and writes are parts of tokens_in, and
-- 1-hour cache writes a part of the writes, so more of them than that is a wrong count (the price
-- library refuses such a call; src/pricing/prices.ts priceCall says the same). A NULL count is 0:
-- 1-hour writes logged without a cache write count are wrong too.
CREATE OR REPLACE TEMP MACRO lm_bad_cache_counts(tokens_in, cache_read, cache_write, cache_write_1h) AS
  coalesce(cache_read, 0) + coalesce(cache_write, 0) > coalesce(tokens_in, 0)
  OR coalesce(cache_write_1h, 0) > coalesce(cache_write, 0);

-- An error value that actually says something (loggers write error=null, error="" or error=false).
CREATE OR REPLACE TEMP MACRO lm_error_value(x) AS
  CASE WHEN x IS NULL OR list_contains(['', 'null', 'none', 'nil', 'false', '0', '{}', '[]', 'n/a', 'ok'], lower(trim(x))) THEN NULL ELSE x END;

-- The line of an error value that names it, so that the same error groups as one: a Python
-- traceback's last line (`KeyError: 'choices'`; not the `"""` that closes a traceback quoted from
-- another process, as billiard's ExceptionWithTraceback and multiprocessing's RemoteTraceback write
-- it), a JavaScript, Java or Go stack's first (`Error: db down`), structlog's dict_tracebacks (a list
-- of {exc_type, exc_value, frames}, the raised one first) as `exc_type: exc_value`. The whole record
-- stays in attrs.
CREATE OR REPLACE TEMP MACRO lm_error_text(x) AS
  CASE WHEN x IS NULL THEN NULL
       WHEN starts_with(x, '[') AND json_valid(x) THEN coalesce(
         nullif(concat_ws(': ', nullif(json_extract_string(x, '$[0].exc_type'), ''), nullif(json_extract_string(x, '$[0].exc_value'), '')), ''), x)
       WHEN NOT contains(x, chr(10)) THEN x
       WHEN starts_with(ltrim(x), 'Traceback') THEN list_filter(string_split(x, chr(10)), l -> trim(l) <> '' AND trim(l) <> '"""')[-1]
       ELSE split_part(x, chr(10), 1) END;

-- A `stack` field is an error when it reads as a stack trace (a logged Error's), not a deployment's stack name.
CREATE OR REPLACE TEMP MACRO lm_stack_error(x) AS
  CASE WHEN contains(x, chr(10)) AND (contains(x, '    at ') OR contains(x, chr(9) || 'at ') OR starts_with(ltrim(x), 'Traceback'))
       THEN lm_error_text(x) END;

-- A session id from a thread id: a conversation thread is a session, an OS thread (a number, Rust's ThreadId(1)) is not.
CREATE OR REPLACE TEMP MACRO lm_chat_thread(x) AS
  CASE WHEN TRY_CAST(x AS BIGINT) IS NOT NULL OR starts_with(x, 'ThreadId(') THEN NULL ELSE x END;

-- An event that announces a metric sample ("gauge", "metric", ...), whose name is then the logger's `name`.
CREATE OR REPLACE TEMP MACRO lm_metric_event(ev) AS
  list_contains(['gauge', 'metric', 'metrics', 'counter', 'histogram', 'sample', 'measurement', 'metric_sample', 'metric sample'], lower(ev));

-- An event name that says error or failure. A negated mention ("completed without errors", "no
-- failures", "errors=0", "error-free") is not one; the negation regex runs only where a word matched.
CREATE OR REPLACE TEMP MACRO lm_failure_words(ev) AS
  regexp_matches(ev, '(^|[^a-z])(error|errors|errored|fail|failed|fails|failure|failures|exception|exceptions|crash|crashed|panic|fatal|timeout|timed out)([^a-z]|$)');
CREATE OR REPLACE TEMP MACRO lm_failure_negated(ev) AS
  regexp_replace(ev, '(^|[^a-z])((no|without|zero|0|never|not)\s+(errors?|failures?|failed|exceptions?|crash(es)?|panics?|timeouts?)|(errors?|failures?|failed|exceptions?)\s*[:=]\s*0\b|(errors?|failures?)[- ]free)', ' ', 'g');
CREATE OR REPLACE TEMP MACRO lm_failure_event(ev) AS
  CASE WHEN NOT lm_failure_words(lower(ev)) THEN false
       ELSE lm_failure_words(lm_failure_negated(lower(ev))) END;

-- The file operation: as logged, or from the event name (file_write -> write).
CREATE OR REPLACE TEMP MACRO lm_file_op(op, ev) AS
  coalesce(lower(op),
    CASE regexp_extract(lower(ev), '(read|writ|delet|remov|unlink|mkdir|renam|mov|cop|creat|append|list|stat|open|clos|chmod|lock|sync|upload|download|sav)')
      WHEN 'read' THEN 'read' WHEN 'writ' THEN 'write' WHEN 'delet' THEN 'delete' WHEN 'remov' THEN 'delete'
      WHEN 'unlink' THEN 'delete' WHEN 'mkdir' THEN 'mkdir' WHEN 'renam' THEN 'rename' WHEN 'mov' THEN 'rename'
      WHEN 'cop' THEN 'copy' WHEN 'creat' THEN 'create' WHEN 'append' THEN 'append' WHEN 'list' THEN 'list'
      WHEN 'stat' THEN 'stat' WHEN 'open' THEN 'open' WHEN 'clos' THEN 'close' WHEN 'chmod' THEN 'chmod'
      WHEN 'lock' THEN 'lock' WHEN 'sync' THEN 'sync' WHEN 'upload' THEN 'upload' WHEN 'download' THEN 'download'
      WHEN 'sav' THEN 'write' ELSE NULL END);

-- The keyword that names an event's kind: 'session', 'workflow', 'file' (file, fs, dir, directory) or
-- NULL. One regex for all three; the caller computes it once per row (a macro argument used in several
-- branches would be evaluated in each).
CREATE OR REPLACE TEMP MACRO lm_kind_word(ev) AS
  -- The word's first letter names the kind (s: sessions, w: workflows, f and d: files, fs, dir,
  -- directory); a list index rather than a MAP, which DuckDB would build for every row.
  ['session', 'workflow', 'file', 'file'][position(left(nullif(
  -- Path-like tokens are dropped first: "GET /api/sessions/42 200" names a request, not a session.
  -- (Only a name with a '/' can hold one: the others skip that regex.)
  regexp_extract(CASE WHEN contains(ev, '/') THEN regexp_replace(lower(ev), '\S*/\S*', ' ', 'g') ELSE lower(ev) END,
    '(?:^|[^a-z])(sessions?|workflows?|files?|fs|dir|directory)(?:[^a-z]|$)', 1), ''), 1) IN 'swfd')];

-- An OpenTelemetry GenAI operation (gen_ai.operation.name) that is a model call, or none logged: an
-- agent run (invoke_agent, create_agent), a tool call (execute_tool) or a workflow is not an llm_call,
-- even with a model and its children's summed usage.
CREATE OR REPLACE TEMP MACRO lm_model_operation(x) AS
  x IS NULL OR list_contains(['chat', 'text_completion', 'completion', 'completions', 'generate_content', 'embeddings',
                              'embedding', 'create_embeddings', 'responses', 'generate', 'inference'], lower(x));

-- A Gemini response's model_version when it names a Gemini model (models/gemini-2.5-flash,
-- gemma-3-27b-it), not a served model's version ("v3", "2024-01-01").
CREATE OR REPLACE TEMP MACRO lm_gemini_version(x) AS
  CASE WHEN regexp_matches(lower(x), '^(models/)?(gemini|gemma|learnlm)') THEN x END;

-- An event name that says it is an LLM call, for a record that names no model: llm_call, llm_end
-- (LangChain), "chat completion", "openai call", "model response".
CREATE OR REPLACE TEMP MACRO lm_llm_event(ev) AS
  regexp_matches(lower(ev), '(^|[^a-z])(llm|chat[ ._-]?completions?|(openai|anthropic|claude|gpt|gemini|mistral|ollama|bedrock|litellm|model|completion|inference)[ ._-]?(calls?|requests?|responses?|invocations?|invoke|completions?|end|finished|completed|done)([^a-z]|$))');

-- A count in a usage object printed as a Python repr ("CompletionUsage(prompt_tokens=1124, ...)"):
-- key=digits, the key not the end of a longer name (ephemeral_5m_input_tokens is not input_tokens).
CREATE OR REPLACE TEMP MACRO lm_repr_count(x, key) AS
  CASE WHEN contains(x, key || '=') THEN TRY_CAST(regexp_extract(x, '(?:^|[^A-Za-z0-9_])' || key || '=(\d+)', 1) AS BIGINT) END;

-- The kind, by the documented precedence: (1) session, workflow by name; a file operation by name when
-- it names an operation or carries an op or path ("Found 3 package files" is prose, not one);
-- (2) a model plus usage, latency, status or cost, unless its operation is not a model call: llm_call;
-- (3) a served request; then a call that names no model: a top-level usage object, or an event named
-- as an LLM call with usage, latency, status or cost, unless it counts calls (a summary of several);
-- (4) a metric sample. `word` is lm_kind_word(ev); `model_operation` lm_model_operation(operation);
-- `usage_object` a top-level usage object's prompt count is logged; `counts_calls` a count of calls is.
CREATE OR REPLACE TEMP MACRO lm_kind(word, ev, op, path, model, llm_signal, method, route, request_signal, metric_signal,
                                     model_operation, usage_object, counts_calls) AS
  CASE
    WHEN word = 'session' THEN 'session'
    WHEN word = 'workflow' THEN 'workflow'
    WHEN word = 'file' AND (op IS NOT NULL OR path IS NOT NULL OR lm_file_op(NULL, ev) IS NOT NULL) THEN 'file_op'
    WHEN op IS NOT NULL AND path IS NOT NULL AND model IS NULL AND method IS NULL THEN 'file_op'
    WHEN model IS NOT NULL AND llm_signal AND model_operation THEN 'llm_call'
    WHEN (method IS NOT NULL OR route IS NOT NULL) AND request_signal THEN 'request'
    WHEN model IS NULL AND model_operation AND NOT counts_calls AND (usage_object OR (llm_signal AND lm_llm_event(ev))) THEN 'llm_call'
    WHEN metric_signal THEN 'metric'
    ELSE 'other'
  END;
