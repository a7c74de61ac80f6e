// Every sentence a user can read lives here, as a function, so tests assert on the same text
// the user reads and wording stays consistent. Group by command; keep each function small.

import { dirname } from 'node:path';

export const messages = {
  // ---- general ----
  internalError: (detail: string) => `internal error: ${detail} (run with --debug for the stack trace)`,
  outOfMemory: (detail: string, limit: string | undefined, suggested = '2GB') =>
    `DuckDB ran out of memory within ${limit ? `LOGMETER_MEMORY_LIMIT=${limit}` : 'its default limit'} (${detail}); give it more with LOGMETER_MEMORY_LIMIT, such as LOGMETER_MEMORY_LIMIT=${suggested}`,
  badMemoryLimit: (value: string) =>
    `LOGMETER_MEMORY_LIMIT=${value} is not a memory size: give a positive number and a unit, such as LOGMETER_MEMORY_LIMIT=2GB (or 512MB)`,
  badScratchDir: (dir: string, reason: string) =>
    `cannot make a scratch directory in $TMPDIR=${dir} (${reason}); point TMPDIR at a directory logmeter may write, or unset it`,
  unknownCommand: (name: string, near: string | undefined) =>
    `unknown command "${name}"${near ? ` (did you mean ${near}?)` : ''}; logmeter --help lists the commands`,
  dashDigitToken: (token: string) => `${token} is not an option (none is named by a digit); give it after the option it is the value of, such as --since ${token}`,
  cannotOpenDb: (file: string, detail: string) => `cannot open database ${file}: ${detail}`,
  noSuchDb: (file: string) => `no such database: ${file} (logmeter ingest ... --db ${file} creates it)`,
  notALogmeterDb: (file: string) => `${file} is not a logmeter database: it has no events table (logmeter ingest ... --db ${file} makes one)`,
  emptyDbName: () => '--db needs a file name (it was empty: an unset variable?)',
  cannotWriteBesideDb: (file: string) =>
    `cannot write beside ${file} (DuckDB keeps its changes in ${file}.wal there): permission denied on ${dirname(file)}`,
  dbInUse: (file: string, pid: number) =>
    `another logmeter process (PID ${pid}) is using ${file}; run this again when it has finished (one ingest at a time, and no reading command while one runs)`,
  ingestNeedsInput: () => 'give log files to read, or pipe logs on stdin (- reads a terminal)',
  dbOrInputsNeeded: () => 'give log files to read, pipe logs on stdin, or name a database with --db (or LOGMETER_DB)',
  brokenPipe: () => '',
  inputsAndDb: () =>
    'give INPUTs or --db, not both: this command only reads a database (logmeter ingest INPUT... --db FILE adds logs to it)',
  inputOnlyFlags: (flags: readonly string[], source: string) =>
    `${flags.join(', ')} ${flags.length === 1 ? 'applies' : 'apply'} to reading log lines, and ${source} holds events already read: give ${flags.length === 1 ? 'it' : 'them'} to ingest, or with INPUTs`,
  rejectRatioWithoutRejects: () =>
    '--max-reject-ratio needs the rejects, and --from-parquet holds events only (the rejects stay in the database export read); give it with --db or INPUTs',
  cannotWriteStream: (name: 'stdout' | 'stderr', reason: string) => `cannot write to ${name}: ${reason} (exit 74)`,
  diskFull: (file: string | undefined) =>
    file
      ? `no space left on device writing ${file}; free space and run again (exit 74)`
      : 'no space left on device: DuckDB could not write the database or its spill files ($TMPDIR); free space and run again (exit 74)',

  // ---- ingest ----
  inputNotFound: (input: string) => `no such file or directory: ${input}`,
  globMatchedNothing: (pattern: string) => `no file matches ${pattern}`,
  noLogFilesIn: (inputs: string, unreadable = 0) =>
    `no log files found in ${inputs} (looked for *.log, *.jsonl, *.ndjson, *.json, *.txt, rotated and compressed forms)` +
    (unreadable > 0 ? `; ${unreadable} ${unreadable === 1 ? 'path' : 'paths'} in it could not be read (permission denied)` : ''),
  skippedUnreadable: (paths: readonly string[]) =>
    `skipped ${paths.length} ${paths.length === 1 ? 'path' : 'paths'} it may not read (permission denied): ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? `, and ${paths.length - 3} more` : ''}`,
  skippedDamaged: (files: readonly { source: string; reason: string }[], retry = 'the next run tries again') =>
    `skipped ${files.length} ${files.length === 1 ? 'file' : 'files'} whose content cannot be read (none of it was stored; ${retry}): ` +
    files.slice(0, 3).map((f) => `${f.source} (${f.reason})`).join(', ') + (files.length > 3 ? `, and ${files.length - 3} more` : ''),
  cannotReadInput: (source: string, detail: string) => `cannot read ${source}: ${detail}`,
  decompressorMissing: (command: string, debianPackage: string) =>
    `it is ${command}-compressed, but the \`${command}\` command that decompresses it is not installed: apt-get install ${debianPackage} on Debian and Ubuntu`,
  inputMoved: () => 'it was renamed or replaced while it was read (rotated?); none of it was stored, run again',
  unknownFormat: (name: string, known: readonly string[]) => `unknown format "${name}"; known formats: ${known.join(', ')}`,
  queryUnknownFormat: (name: string, outputs: readonly string[], inputs: readonly string[]) =>
    `unknown format "${name}"; on query, --format names an output format (${outputs.join(', ')}) or an input format (${inputs.join(', ')})`,
  unknownTimeZone: (zone: string) => `unknown time zone "${zone}"; use an IANA name such as UTC or Europe/Paris`,
  noRecords: (lines: number, rejectsByReason: Readonly<Record<string, number>> = {}) => {
    if (lines === 0) return 'no input: nothing was read (exit 3)';
    const head = `no records could be read from ${lines === 1 ? 'the one line' : `${lines.toLocaleString('en-US')} lines`} (exit 3)`;
    const reasons = Object.entries(rejectsByReason).map(([reason, n]) => `${n.toLocaleString('en-US')} ${reason}`);
    if (reasons.length === 0) return head;
    const tooLong = rejectsByReason.too_long
      ? `; a too_long line is longer than --max-line-bytes (16 MiB unless given): give a larger --max-line-bytes to read it`
      : '';
    return `${head}: rejected as ${reasons.join(', ')}${tooLong}`;
  },
  rejectRatioExceeded: (ratio: number, max: number) =>
    `reject ratio ${ratio.toFixed(4)} exceeds --max-reject-ratio ${max} (exit 3)`,
  badRatio: (flag: string, value: string) => `${flag} must be a number between 0 and 1, got ${value}`,
  sqlFailed: (detail: string) => `query failed: ${detail.split('\n')[0]}`,
  queryNeedsSql: () => 'query needs a rollup NAME, --sql "..." or --file F.sql (logmeter query --list shows the rollups)',
  badPositiveInteger: (flag: string, value: string) => `${flag} must be a positive integer, got ${value}`,
  /** The records with no time, as ingest, the summary and the report name them. */
  dateOrderUntold: (source: string) =>
    `${source}: its dates in numbers (such as 03/04/2026) do not tell whether the month or the day comes first: read month first; --date-order dmy (date_order: dmy in logmeter.yml) reads them day first`,
  recordsWithoutTs: (records: number) => `${records.toLocaleString('en-US')} record${records === 1 ? '' : 's'} without a timestamp`,
  /**
   * ingest's account of the records with no time: those with no time key apart from those whose time
   * key holds a value that is no time logmeter reads (`formats --explain` shows them, the first too).
   */
  noTimeKinds: (records: number, unreadable: number) =>
    [
      ...(records - unreadable > 0 ? [`${(records - unreadable).toLocaleString('en-US')} with no time key`] : []),
      ...(unreadable > 0
        ? [`${unreadable.toLocaleString('en-US')} whose time key holds no time logmeter reads (logmeter formats --explain FILE shows the first)`]
        : []),
    ].join(', '),
  ingestSomeWithoutTs: (records: number, unreadable: number) =>
    `  no time   ${messages.recordsWithoutTs(records)}: ${messages.noTimeKinds(records, unreadable)}`,
  ingestNoneWithTs: (records: number, unreadable: number) =>
    `  time      ${records === 1 ? 'the one record has no timestamp' : `none of the ${records.toLocaleString('en-US')} records has a timestamp`}: ${messages.noTimeKinds(records, unreadable)}`,

  // ---- configuration (logmeter.yml) ----
  configNotFound: (file: string) => `no such configuration file: ${file}`,
  configIsDirectory: (file: string) => `--config ${file} is a directory: name the file, such as --config ${file.replace(/\/+$/, '')}/logmeter.yml`,
  configUnreadable: (file: string, detail: string) => `cannot read configuration ${file}: ${detail}`,
  /** One mistake in the configuration: where it is and what was expected there. */
  configIssue: (file: string, line: number, column: number, path: string, expected: string, found: string) =>
    `${file}:${line}:${column}: ${path ? path + ': ' : ''}expected ${expected}, found ${found}`,
  configInvalid: (issues: readonly string[]) => issues.join('\n'),

  // ---- formats (logmeter formats [--explain]) ----
  formatsHeader: () => 'Formats, detected per source (--format NAME forces one):',
  explainNeedsFile: () => '--explain needs a FILE: logmeter formats --explain app.log',
  formatsFooter: () => 'logmeter formats --explain FILE shows how a file is read: its format, the field mapping and the lines that did not match.',
  explainSource: (source: string, format: string, description: string) => `${source}: ${format} (${description})`,
  explainLayout: (layout: string) => `  layout     ${layout}`,
  explainWrapping: (wrapping: 'prefixed' | 'docker' | 'journald' | 'prefixed-text' | 'docker-text') =>
    wrapping === 'journald'
      ? '  wrapper    journald JSON export: the JSON object in each MESSAGE is read, the entry\'s time, host and unit kept in attrs.log_prefix'
      : wrapping === 'prefixed'
      ? '  prefix     before each JSON object (kubectl, docker, CRI, stern or journalctl): kept in attrs.log_prefix'
      : wrapping === 'prefixed-text'
        ? '  prefix     before each line (kubectl, docker, CRI, stern or journalctl): the text after it is read, the prefix kept in attrs.log_prefix'
        : wrapping === 'docker-text'
          ? '  wrapper    Docker json-file: the text in each `log` is read, its stream and time kept in attrs.log_prefix'
          : '  wrapper    Docker json-file: the JSON object in each `log` is read, its stream and time kept in attrs.log_prefix',
  explainTerminalCodes: (lines: number) =>
    `  colours    terminal colour codes (escape sequences) removed from ${lines} line${lines === 1 ? '' : 's'} before reading`,
  explainRepeatedKeys: (keys: readonly string[]) =>
    `  keys       named twice in a line: ${keys.map((k) => JSON.stringify(k)).join(', ')}; the last value counts, as JSON.parse and the logger read it`,
  explainConfig: (file: string | undefined, patterns: number) =>
    file ? `  config     ${file} (${patterns} message pattern${patterns === 1 ? '' : 's'})` : '  config     none (no logmeter.yml here and no --config)',
  explainLines: (lines: number, records: number, recordLines: number | undefined, continuation: number, rejects: number) =>
    `  lines      ${lines}: ${records} record${records === 1 ? '' : 's'}` +
    (recordLines !== undefined && recordLines !== records ? ` starting on ${recordLines} line${recordLines === 1 ? '' : 's'}` : '') +
    (continuation ? `, ${continuation} continuation line${continuation === 1 ? '' : 's'}` : '') +
    `, ${rejects} reject${rejects === 1 ? '' : 's'}`,
  explainMappingHeader: (width: number) => `  ${'column'.padEnd(width)} filled   from (first found wins)`,
  explainUnmapped: () => '(not found)',
  explainUnreadTimes: (records: number, line: number, key: string, sample: string) =>
    `  no time    ${records} record${records === 1 ? ' holds' : 's hold'} a time key whose value is no time logmeter reads, so ts is empty; first on line ${line}: ${key} = ${JSON.stringify(sample)}`,
  explainDerived: (what: string) => `(${what})`,
  explainRejectsHeader: (total: number, shown: number, empty: number) =>
    (total === 0 ? '  every line matched' : `  lines that did not match: ${total}${shown < total ? ` (first ${shown} shown; --limit N shows more)` : ''}`) +
    (empty > 0 ? `; ${empty} empty line${empty === 1 ? '' : 's'} not listed` : ''),
  explainReject: (line: number, reason: string, sample: string) => `    line ${line}  ${reason}  ${sample}`,

  // ---- query language: filters (--where), --by lists, rules (src/query-language) ----
  // `expected*` return the noun phrase of "expected X, found Y".
  /** A problem in an expression: the sentence, the expression, and carets under the part at fault. */
  expressionProblem: (problem: string, expression: string, column: number, width: number) =>
    `${problem}\n  ${expression}\n  ${' '.repeat(column)}${'^'.repeat(Math.max(1, width))}`,
  unexpectedToken: (expected: string, found: string) => `expected ${expected}, found ${found}`,
  unexpectedEnd: (expected: string) => `expected ${expected}, found the end of the expression`,
  unexpectedCharacter: (ch: string) => `unexpected character ${ch}`,
  useKeyword: (keyword: string, symbol: string) => `write ${keyword} instead of ${symbol}`,
  unterminatedString: () => `unterminated text: close it with ' (write '' for a quote inside)`,
  unterminatedQuotedName: () => `unterminated quoted name: close it with "`,
  emptyFieldName: () => 'empty field name',
  quoteDashedKey: (written: string) => `a key with dashes needs double quotes: ${written}`,
  fieldNameExpected: () => 'expected a field name after the dot',
  unknownColumn: (name: string, suggestion?: string) =>
    suggestion
      ? `unknown column ${name}; did you mean ${suggestion}?`
      : `unknown column ${name}; fields of the logged record are under attrs, e.g. attrs.${name}`,
  columnHasNoFields: (name: string) => `${name} has no fields; only attrs does (attrs.key)`,
  attrsNeedsField: (verb: string) => `attrs is the whole logged record; ${verb} one of its fields, e.g. attrs.region`,
  duplicateDimension: (label: string) => `${label} is listed twice`,
  expectedColumn: () => 'a column name',
  expectedEnd: () => 'the end of the expression',
  expectedCommaOrEnd: () => 'a comma or the end of the list',
  expectedAndOrEnd: () => 'and, or, or the end of the filter',
  expectedCloseParen: () => ')',
  expectedOpenParen: (after: string) => `( after ${after}`,
  expectedCommaOrCloseParen: () => 'a comma or )',
  expectedNull: () => 'null',
  expectedOperatorAfter: (column: string) => `an operator after ${column} (=, !=, <, >, like, ~, in, is null, ...)`,
  expectedValue: () => "a value (a 'quoted text', a number, true, false or null)",
  expectedPattern: (op: string) => `a quoted pattern after ${op}`,
  valueExpectedNotName: (word: string) => `expected a value, found the name ${word}; quote text: '${word}'`,
  textTakesSingleQuotes: (text: string) => `text takes single quotes: '${text.replaceAll("'", "''")}'`,
  mixedList: (column: string) => `the list mixes numbers and text; compare ${column} with one kind`,
  compareWithNull: () => 'nothing equals null; write "is null" or "is not null"',
  booleanComparedWith: (column: string, value: string) =>
    `${column} is true or false; compare it with true or false, not ${value}`,
  numberComparedWith: (column: string, value: string) => `${column} is a number; ${value} is not a number`,
  timeComparedWith: (column: string, value: string, dateOnly: boolean) =>
    dateOnly
      ? `${column} is a date; write it as 'YYYY-MM-DD', not ${value}`
      : `${column} is a timestamp; write it as 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ', not ${value}`,
  valueNotListed: (column: string, values: readonly string[], written: string, suggestion?: string) =>
    `${column} is one of ${values.join(', ')}; ${suggestion ? `did you mean '${suggestion}'?` : `${written} is not one of them`}`,
  textComparedWithBoolean: (column: string, value: string) => `${column} is text; quote the value: '${value}'`,
  badRegexp: (detail: string) => `not a regular expression DuckDB can run (RE2 syntax): ${detail}`,
  matchNeedsText: (op: string, column: string, type: string) => `${op} needs a text column; ${column} is ${type}`,
  unknownUnit: (unit: string) => `unknown unit ${unit}; durations take ms, s, m or h`,
  unitNeedsDuration: (value: string, subject: string) => `a unit (${value}) only applies to duration_ms, not ${subject}`,
  numberOutOfRange: (value: string) => `${value} is out of range`,
  expectedMetric: () => 'a metric such as count, error_rate or p95(duration_ms)',
  unknownMetric: (name: string, suggestion?: string) =>
    suggestion
      ? `unknown metric ${name}; did you mean ${suggestion}?`
      : `unknown metric ${name}; use count, error_rate, workflow_failure_rate, reject_ratio, unpriced_calls, cost_usd, tokens_in, tokens_out or an aggregate such as p95(duration_ms)`,
  unknownAggregate: (name: string, suggestion?: string) =>
    suggestion
      ? `unknown aggregate ${name}; did you mean ${suggestion}?`
      : `unknown aggregate ${name}; use count, sum, avg, min, max or a percentile such as p95`,
  metricTakesNoColumn: (name: string) => `${name} takes no column; write ${name} alone`,
  aggregateNeedsColumn: (name: string) => `${name} needs a column, e.g. ${name}(duration_ms)`,
  columnNeedsAggregate: (name: string) => `${name} is a column; aggregate it, e.g. p95(${name}) or sum(${name})`,
  aggregateNeedsNumber: (agg: string, column: string, type: string) => `${agg} needs a number column; ${column} is ${type}`,
  percentileOutOfRange: (name: string) => `${name} is not a percentile; use p0 to p100`,
  useDoubleEquals: () => 'write == to compare for equality',
  useBangEquals: () => 'write != for "not equal"',
  swappedComparison: (written: string, meant: string) => `${written} is not an operator; did you mean ${meant}?`,
  whereBeforeBy: () => 'where comes before by: METRIC OP THRESHOLD where FILTER by COLUMN',
  expectedRuleOperator: () => 'a comparison: <, <=, >, >=, == or !=',
  expectedThreshold: (op: string) => `a number or baseline after ${op}`,
  expectedNumber: () => 'a number',
  factorTakesNoUnit: () => 'a baseline factor is a plain number, e.g. baseline * 1.2',
  rejectRatioTakesNo: (keyword: string) => `reject_ratio covers all input; it takes no ${keyword}`,
  expectedFilterContinuation: () => 'and, or, by, or the end of the rule',
  expectedWhereByOrEnd: () => 'where, by, or the end of the rule',

  // ---- check (src/check, src/commands/check.ts) ----
  checkNeedsRules: () => 'check needs --rules FILE or at least one --assert EXPR',
  assertProblem: (detail: string) => `--assert: ${detail}`,
  ruleNameRepeated: (name: string, first: string, second: string) =>
    `two rules are named ${JSON.stringify(name)} (${first} and ${second}); give each rule its own name`,
  rulesFileNotFound: (file: string) => `rules file not found: ${file}`,
  rulesFileUnreadable: (file: string, detail: string) => `cannot read rules file ${file}: ${detail}`,
  /** A problem in a rules file, at a line. */
  rulesFileProblem: (file: string, line: number, problem: string) => `${file}:${line}: ${problem}`,
  /** A syntax error, at the line and column the parser reports. */
  rulesFileSyntax: (file: string, line: number, column: number, format: 'YAML' | 'JSON', detail: string) =>
    `${file}:${line}:${column}: not valid ${format}: ${detail}`,
  rulesFileNeedsRules: () => 'expected a top-level rules: list, e.g.\n  rules:\n    - name: FewErrors\n      expr: error_rate < 0.05',
  rulesFileEmpty: () => 'rules: is empty; list at least one rule',
  rulesFileUnknownTopKey: (key: string) => `unknown key ${JSON.stringify(key)}; a rules file has rules: and budget:`,
  ruleNotAMapping: () => 'each rule is a mapping with at least expr: (and name, severity, for, every, on_no_data, description)',
  ruleUnknownKey: (key: string, suggestion: string | undefined, known: readonly string[]) =>
    suggestion
      ? `unknown rule key ${JSON.stringify(key)}; did you mean ${suggestion}?`
      : `unknown rule key ${JSON.stringify(key)}; a rule takes ${known.join(', ')}`,
  ruleFieldType: (key: string, expected: string) => `${key} must be ${expected}`,
  ruleNeedsExpr: () => 'this rule has no expr:; write the condition that must hold, e.g. expr: error_rate < 0.05',
  ruleExprProblem: (name: string, detail: string) => `rule ${name}: ${detail}`,
  ruleOptionProblem: (name: string, detail: string) => `rule ${name}: ${detail}`,
  ruleNameDuplicate: (name: string, firstLine: number) => `rule name ${JSON.stringify(name)} is already used on line ${firstLine}`,
  badSeverity: (value: string) =>
    `severity must be error or warn, not ${JSON.stringify(value)}${value === 'warning' ? '; write warn' : value === 'critical' ? '; write error' : ''}`,
  badOnNoData: (value: string) => `on_no_data must be fail, pass or warn, not ${JSON.stringify(value)}`,
  badDuration: (key: string, value: string) => `${key}: must be a duration such as 30s, 5m, 1h or 1d, not ${JSON.stringify(value)}`,
  forNotMultipleOfEvery: (forText: string, every: string) =>
    `for: ${forText} is not a whole number of every: ${every} buckets; make for a multiple of every`,
  rejectRatioNoWindow: () => 'reject_ratio covers all input and has no time; it takes no for: or every:',
  budgetRemainingTakesNo: (keyword: string) => `budget_remaining is the configured budget's; it takes no ${keyword}`,
  budgetRemainingNoWindow: () => "budget_remaining is the budget's current period; it takes no for: or every:",
  ruleNeedsBudget: (name: string) =>
    `rule ${name} reads budget_remaining; give the budget with budget: in the rules file or --budget, e.g. 100 Diem/day@00:00`,
  rulesFileBudget: (detail: string) => `budget: ${detail}`,
  baselineNeeded: (name: string) => `rule ${name} compares with baseline; give --baseline FILE (an earlier check --json result or a database)`,
  reportBaselineRule: (name: string) =>
    `rule ${name} compares with baseline; report takes no --baseline FILE: check that rule with logmeter check --baseline FILE`,
  baselineNotFound: (file: string) => `baseline not found: ${file}`,
  baselineNotUsable: (file: string) => `baseline ${file} is neither a logmeter check --json result nor a DuckDB database`,
  baselineIsError: (file: string, error: string) =>
    `baseline ${file} is the result of a check that could not run (${error}); it measured nothing to compare with: give the result of a check that ran, or a database`,
  baselineUnreadable: (file: string, detail: string) => `cannot read baseline ${file}: ${detail}`,
  baselineIsDirectory: (dir: string, jsonFiles: readonly string[]) =>
    jsonFiles.length === 0
      ? `baseline ${dir} is a directory with no .json file in it; give an earlier check --json result or a database`
      : `baseline ${dir} is a directory with ${jsonFiles.length} .json files (${jsonFiles.slice(0, 3).join(', ')}${jsonFiles.length > 3 ? ', ...' : ''}); name the one to compare with`,
  /** A file option (--junit, --summary, --rules, --baseline) given without a name, or as `-`. */
  optionNeedsFile: (flag: string, what: string) => `${flag} needs a file name (${what}); - for stdin or stdout is not supported here`,
  followTakesNoReports: (flags: readonly string[]) =>
    `--follow prints state changes as they happen and never finishes a check; ${flags.join(', ')} ${flags.length === 1 ? 'needs' : 'need'} one: run without --follow`,
  checkCouldNotRun: () => 'logmeter check could not run',
  baselineIsDb: () => '--baseline names the same database as --db; give an earlier result or another database',
  noEventsInDb: (file: string) => `the database ${file} has no records to check (exit 3); ingest logs into it first`,
  checkFailed: (failed: number, checks: number) => `${failed} of ${checks} checks failed`,
  checkTableHeader: () => ['status', 'rule', 'group', 'observed', 'threshold', 'samples', 'note'],
  checkSummaryLine: (c: { rules: number; checks: number; passed: number; warnings: number; failed: number }) =>
    `${c.checks} ${c.checks === 1 ? 'check' : 'checks'} from ${c.rules} ${c.rules === 1 ? 'rule' : 'rules'}: ${c.passed} passed, ${c.warnings} ${c.warnings === 1 ? 'warning' : 'warnings'}, ${c.failed} failed`,
  checkSummaryHeading: (mark: string, status: string) => `${mark} logmeter check: ${status}`,
  checkAnnotationTitle: (title: string) => `logmeter check: ${title}`,
  checkNoValue: () => 'no data',
  checkNullGroup: () => '(none)',
  checkHeld: (observed: string, threshold: string, samples: number) => `${observed}, holds ${threshold} (${samples.toLocaleString('en-US')} samples)`,
  checkBreached: (observed: string, threshold: string, samples: number) =>
    `${observed}, must be ${threshold} (${samples.toLocaleString('en-US')} samples)`,
  checkNoSamples: (onNoData: string) => `no data: nothing to measure (on_no_data: ${onNoData})`,
  checkNoBaseline: (label: string | undefined, onNoData: string) =>
    `no data: ${label ? `the baseline ${label} has no value for this rule and group` : 'no --baseline given'} (on_no_data: ${onNoData})`,
  checkWindowWorst: (observed: string, every: string, at: string) => `worst ${every} bucket ${observed} (${at})`,
  checkWindowNeverBreached: () => 'no bucket breached',
  checkWindowHeld: (lasted: string, needed: string) => `longest breach ${lasted}, shorter than for: ${needed}`,
  checkWindowBreached: (lasted: string, needed: string, from: string, to: string, threshold: string) =>
    `breached (must be ${threshold}) for ${lasted} from ${from} to ${to}, for: ${needed}`,
  // ---- metrics (src/metrics, src/commands/metrics.ts) ----
  unknownHistogram: (name: string, known: readonly string[]) => `--buckets: no histogram named "${name}"; use one of ${known.join(', ')}`,
  badBuckets: (spec: string) => `--buckets ${spec}: give ascending numbers separated by commas, e.g. 0.1,0.5,1,5 (or NAME=0.1,0.5,1)`,
  badMetricPrefix: (prefix: string) => `--prefix ${prefix}: a metric prefix holds only letters, digits, _ and :, and does not start with a digit`,
  metricsWritten: (file: string, families: number, series: number) => `wrote ${series.toLocaleString('en-US')} series in ${families} metrics to ${file}`,
  dashboardWritten: (file: string, panels: number) => `wrote a Grafana dashboard with ${panels} panels to ${file}`,
  cannotWriteFile: (file: string, detail: string) => `cannot write ${file}: ${detail}`,

  // ---- incremental ingest (src/ingest/checkpoint.ts) ----
  checkpointResumed: (source: string, line: number, previousName?: string, rereadLines = 0) =>
    `${source}: continued at line ${line.toLocaleString('en-US')}${previousName ? ` (read before as ${previousName})` : ''}` +
    (rereadLines > 0
      ? `; its last record (lines ${line.toLocaleString('en-US')}-${(line + rereadLines - 1).toLocaleString('en-US')}) was read again to take the lines that continue it`
      : ''),
  checkpointRotated: (source: string) => `${source}: a new file since the last run (rotated); read from the start`,
  checkpointTruncated: (source: string) => `${source}: truncated or rewritten since the last run; read from the start`,
  checkpointFull: (source: string) => `${source}: --full: read from the start, replacing its earlier rows`,
  unterminatedTail: (source: string) => `${source}: the last line has no newline yet; it was read, and the next run reads it again if the file grows`,
  heldBackTail: (source: string, bytes: number) =>
    `${source}: the last line has no newline yet; its ${bytes.toLocaleString('en-US')} bytes are left for the next run`,

  // ---- export and --from-parquet (src/export, src/commands/export.ts) ----
  exportDirNotDirectory: (dir: string) => `--parquet ${dir} is not a directory`,
  exportForeignParquet: (dir: string, file: string, detail: string) =>
    `--parquet ${dir}: cannot read ${file} as a logmeter export (${detail.split('\n')[0]}); move it out of the directory, or export into another one`,
  exportUnreadableParquet: (dir: string, detail: string) =>
    `--parquet ${dir}: cannot read the Parquet files already there as a logmeter export: ${detail.split('\n')[0]}`,
  exported: (rows: number, files: number, partitions: number, already: number, dir: string, open = 0) => {
    const notes = [
      ...(already > 0 ? [`${already.toLocaleString('en-US')} rows were there already`] : []),
      ...(open > 0 ? [`${open.toLocaleString('en-US')} rows of records the next ingest may still complete wait for a later export`] : []),
    ];
    return `exported ${rows.toLocaleString('en-US')} rows to ${files} files in ${partitions} partitions under ${dir}` + (notes.length ? ` (${notes.join('; ')})` : '');
  },
  /** The pattern reached logmeter whole (a shell that expanded it would have passed the files), so no word of quoting. */
  parquetMatchedNothing: (pattern: string, what: 'missing' | 'directory' | 'pattern') =>
    what === 'missing'
      ? `--from-parquet ${pattern}: no such file or directory`
      : what === 'directory'
        ? `--from-parquet ${pattern}: the directory holds no .parquet file`
        : `--from-parquet ${pattern}: no Parquet file matches the pattern`,
  parquetUnreadable: (pattern: string, detail: string) => `--from-parquet ${pattern}: cannot read the files as logmeter events: ${detail.split('\n')[0]}`,
  fromParquetWithInputs: () => '--from-parquet reads events from Parquet; give it without log inputs or --db',
  ingestFromParquet: () =>
    'ingest does not load --from-parquet: Parquet written by export --parquet holds events only (no rejects, no checkpoints); give --from-parquet to query, report, check, summary, metrics or export instead',

  // ---- rollups: query NAME, --list, --file (src/rollups, src/commands/query.ts) ----
  unknownRollup: (name: string, suggestion: string | undefined, known: readonly string[]) =>
    suggestion
      ? `unknown rollup ${name}; did you mean ${suggestion}? (logmeter query --list shows them all)`
      : `unknown rollup ${name}; the rollups are ${known.join(', ')}`,
  queryModeConflict: () => 'give one of: a rollup NAME, --sql "...", --file F.sql or --list',
  sqlEmpty: () => '--sql is empty: give one SQL statement over events and rejects, e.g. --sql "SELECT count(*) FROM events"',
  sqlOneStatement: (count: number) => `--sql holds ${count} statements: give one statement per --sql (none was run)`,
  sqlWithRollupFlags: (flags: readonly string[]) => {
    // What each flag does, said as the SQL that does it; flags that share a hint share it once.
    const hints: Readonly<Record<string, string>> = {
      since: 'filter in the SQL itself (WHERE ts >= ...)',
      until: 'filter in the SQL itself (WHERE ts >= ...)',
      where: 'filter in the SQL itself (WHERE ts >= ...)',
      kind: 'filter in the SQL itself (WHERE ts >= ...)',
      now: "write the time in the SQL (TIMESTAMPTZ '2026-03-02 10:00:00Z', or now())",
      by: 'group in the SQL (GROUP BY ...)',
      bucket: "bucket in the SQL (GROUP BY time_bucket(INTERVAL '5 minutes', ts))",
      top: 'limit in the SQL (ORDER BY ... LIMIT 10)',
      section: 'the SQL gives one table',
      budget: 'the budget is for logmeter query budget',
    };
    const said = [...new Set(flags.map((f) => hints[f] ?? 'write it in the SQL'))];
    return `${flags.map((f) => `--${f}`).join(', ')} ${flags.length === 1 ? 'applies' : 'apply'} to named rollups, not to --sql: ${said.join('; ')}`;
  },
  sqlWithRollupName: (name: string) => `a rollup name (${name}) and --sql do not go together: give logmeter query ${name} ... or --sql "..."`,
  cannotReadQueryFile: (file: string, detail: string) => `cannot read query file ${file}: ${detail}`,
  emptyQueryFile: (file: string) => `${file} holds no query`,
  badRollupHeader: (file: string, line: string) =>
    `${file}: cannot read the header line "${line}"; see docs/ROLLUPS.md for @by, @kind, @bucket, @source, @filters, @param and @section`,
  unknownQueryParameter: (name: string, known: readonly string[], withBudget: readonly string[] = []) =>
    `unknown parameter $${name}; the parameters are ${known.map((k) => '$' + k).join(', ')}` +
    (withBudget.length > 0 ? `, and with a budget (--budget or budget: in logmeter.yml) ${withBudget.map((k) => '$' + k).join(', ')}` : ''),
  badTime: (flag: string, value: string) =>
    `${flag} ${value}: give an ISO time (2026-03-02, 2026-03-02T10:00:00Z), a relative one (30m, 24h, 7d, 2w), now, today or yesterday`,
  sinceNotBeforeUntil: (since: string, until: string) => `--since (${since}) must be before --until (${until})`,
  bucketUnitAmbiguous: (value: string) => `--bucket ${value}: M could be a minute or a month: write ${value.trim().slice(0, -1)}m for minutes or ${value.trim().slice(0, -1)}mo for months`,
  sinceAfterNow: (since: string, now: string) => `--since (${since}) must not be after --now (${now}): without --until, the range ends at --now`,
  badBucket: (value: string) => `--bucket ${value}: use 1m, 5m, 1h or 1d (any N followed by s, m, h, d, w or mo), or day, week, month`,
  tooManyBuckets: (count: number, bucket: string) =>
    `--bucket ${bucket} makes ${count.toLocaleString('en-US')} buckets over this range; choose a larger bucket or a shorter range`,
  unknownKind: (kind: string, known: readonly string[]) => `unknown kind ${kind}; kinds are ${known.join(', ')} (or all)`,
  rollupTakesNo: (name: string, flag: string) => `the ${name} rollup takes no ${flag}`,
  budgetNeeded: (name: string) =>
    `the ${name} rollup needs a budget: give --budget AMOUNT[UNIT]/PERIOD[@RESET] (e.g. --budget 100USD/day) or set budget in the configuration`,
  badBudget: (value: string, why: string) => `budget ${value}: ${why}`,
  badHealthThreshold: (key: string, value: string) => `health threshold ${key} must be a number of 0 or more, got ${value}`,
  badSessionIdle: (value: string) => `the session idle time must be a number of minutes above 0, got ${value}`,
  unknownSection: (name: string, section: string, known: readonly string[]) =>
    `the ${name} rollup has no section ${section}; its sections are ${known.join(', ')}`,
  bucketChosen: (bucket: string) => `bucket: ${bucket}, chosen for the range (set it with --bucket)`,
  priceData: (version: string) => `prices: ${version}; a cost the log states wins over a computed one`,
  unpricedCalls: (calls: number, models: readonly string[]) =>
    `${calls.toLocaleString('en-US')} ${calls === 1 ? 'call has' : 'calls have'} no price${models.length > 0 ? ` (${models.join(', ')})` : ''}: counted in unpriced_calls, left out of cost_usd; give ${calls === 1 ? 'it' : 'them'} a price under prices: in logmeter.yml (docs/CONFIGURATION.md)`,
  noUsageCalls: (calls: number, models: readonly string[]) =>
    `${calls.toLocaleString('en-US')} ${calls === 1 ? 'call' : 'calls'} (${models.join(', ')}) logged no token counts, so ${calls === 1 ? 'its' : 'their'} cost is unknown: counted in unpriced_calls, left out of cost_usd (logmeter formats --explain shows which fields were read as tokens)`,
  badCacheCountCalls: (calls: number, models: readonly string[]) =>
    `${calls.toLocaleString('en-US')} ${calls === 1 ? 'call' : 'calls'} (${models.join(', ')}) logged more prompt-cache tokens than input tokens (cache_read_tokens + cache_write_tokens above tokens_in) or more 1-hour cache writes than cache writes (cache_write_1h_tokens above cache_write_tokens), so ${calls === 1 ? 'its' : 'their'} token counts are wrong and ${calls === 1 ? 'its' : 'their'} cost is unknown: counted in unpriced_calls, left out of cost_usd (the input count may leave the cache out; logmeter formats --explain shows which fields were read as tokens)`,
  unknownCostCalls: (calls: number) =>
    `${calls.toLocaleString('en-US')} ${calls === 1 ? 'call has' : 'calls have'} no cost (no price for the model, or no token counts logged, or wrong ones): counted in unpriced_calls, left out of cost_usd`,
  noModel: () => '(no model)',
  sectionTitle: (name: string, description: string) => `${name}: ${description}`,
  noRows: () => '(no rows)',

  // ---- summary (src/summary, src/commands/summary.ts) ----
  badDurationOption: (flag: string, value: string) => `${flag} ${value}: give a duration such as 5s, 1m or 15m`,

  // ---- follow (src/follow: summary --follow, check --follow) ----
  followNeedsInputs: () => '--follow reads log files or stdin as they grow; give INPUT files (or pipe stdin), not --db or --from-parquet',
  /** 5000 -> 5s, 900000 -> 15m: durations in follow messages. */
  shortDuration: (ms: number): string =>
    ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`,
  followStatus: (inputs: readonly string[], every: string, window: string) =>
    `${inputs.length === 1 ? inputs[0] : `${inputs.length} inputs`} · every ${every} · last ${window}`,
  /** One state change of check --follow: time, state, rule and group, value against threshold. */
  ruleStateChange: (at: string, state: 'FIRING' | 'RESOLVED' | 'NO DATA', rule: string, group: string, observed: string, op: string, threshold: string, severity: string) =>
    `${at} ${state.padEnd(8)} ${rule}${group} ${state === 'NO DATA' ? 'no data' : `${observed} ${op} ${threshold}`} (${severity})`,
  badWebhookUrl: (text: string) => `--webhook wants an http:// or https:// URL, not ${JSON.stringify(text)}`,
  webhookNeedsFollow: () => '--webhook posts the state changes of check --follow; add --follow',
  optionNeedsFollow: (command: string, flag: string) => `--${flag} applies to ${command} --follow only; add --follow, or leave --${flag} out to read the whole log once`,
  webhookFailed: (url: string, reason: string) => `webhook ${url}: ${reason}; the state change is printed above, following goes on`,
  followWaiting: (inputs: readonly string[]) =>
    `${inputs.join(', ')}: not there yet; --follow waits for ${inputs.length === 1 ? 'it' : 'them'} to appear (a misspelt name waits forever; Ctrl-C stops)`,
  followAllOld: (records: number, window: string, newest: string) =>
    `the ${records.toLocaleString('en-US')} record${records === 1 ? '' : 's'} read ${records === 1 ? 'is' : 'are all'} older than the ${window} window (the newest at ${newest}), so the window shows none; a time logged without a zone is read as UTC: give the log's zone with --tz ZONE`,
  followUnsupported: (path: string) =>
    `${path} is not a file, a directory or a pipe (a socket or a device?): --follow reads files as they grow and pipes as they arrive, and cannot read it; send its lines through a pipe instead (producer | logmeter ... --follow)`,
  webhookUnsent: (url: string, count: number) =>
    `webhook ${url}: ${count} state change${count === 1 ? ' was' : 's were'} not sent (logmeter stopped first, or the receiver fell behind); ${count === 1 ? 'it is' : 'they are'} printed above`,
  webhookQueueFull: (url: string, limit: number) =>
    `webhook ${url}: ${limit} state changes are waiting for the receiver; new ones are printed but not sent until it catches up`,
  followChecking: (rules: number, every: string, window: string) =>
    `checking ${rules} rule${rules === 1 ? '' : 's'} every ${every} over the last ${window}; Ctrl-C stops`,

  // ---- report (src/report, src/commands/report.ts) ----
  reportBadStrftime: (template: string, field: string) =>
    `-o ${template}: unknown field ${field}; use %Y %m %d %H %M %S %y %j %a %b %u %V %G %F %T %s or %% (from the report's end time, UTC)`,
  reportWritten: (file: string, bytes: number, charts: number, noData: number) =>
    `wrote ${file} (${Math.round(bytes / 1024).toLocaleString('en-US')} KB, ${charts} ${charts === 1 ? 'chart' : 'charts'}${noData > 0 ? `, ${noData} without data` : ''})`,
  reportFooter: (version: string, generated: string) =>
    `Written by logmeter ${version} on ${generated}. Self-contained: it makes no network request and reads without JavaScript.`,
  reportPriceData: (version: string) => `Prices: ${version}. A cost the log states wins over the price list.`,
  reportUnpricedTitle: () =>
    'no cost is known for these calls (no price for the model, or no token counts logged, or more cache tokens than input tokens); they are counted in unpriced calls, not as $0',
  /** A model in the report's list of unpriced calls, with the reason when its model has a price but its token counts are missing or wrong. */
  reportUnpricedModel: (model: string, reason: 'no_usage' | 'bad_counts' | null) =>
    reason === 'no_usage' ? `${model}: no token counts` : reason === 'bad_counts' ? `${model}: cache token counts that do not add up` : model,
  reportNoRecords: () => 'No records in this range.',
  reportSourcesCaption: () =>
    'what each input gave, over every ingest into this database: each line is a record, a continuation line of the record above it (a traceback, the rest of a multi-line document) or a reject (empty lines included); an OTLP or JSON-document line may hold several records',
  reportNoLlmCalls: () => 'No LLM calls in this range.',
  reportNoRequests: () => 'No request records in this range (a record with a method or route and a status or duration).',
  reportRoutesShown: (shown: number, total: number) => `the ${shown} of ${total} routes with the most requests; every route: logmeter query latency --kind request --by route`,
  reportNoSessions: () => 'No sessions in this range.',
  reportNoWorkflows: () => 'No workflow runs in this range.',
  reportNoFileOps: () => 'No file operations in this range.',
  reportNoFailingPaths: () => 'No file operation failed.',
  reportNoErrors: (records: number) => `No record failed in this range: 0 errors in ${records.toLocaleString('en-US')} records.`,
  reportNoErrorMessages: () => 'The failed records carry no error message.',
  reportNoSources: () => 'No source has been read into this database.',
  reportEmptyDb: (file: string) => `the database ${file} holds no records (exit 3); ingest logs into it first, or check the --db path`,
  reportNoCallToPrice: () => 'no LLM call to price',
  reportNoTsLeftOut: () => 'records of the input, left out by the range',
  reportNoTsInNoBucket: (count: number) =>
    count > 0 ? 'records in no time bucket; logmeter formats --explain on the log says why (no time key, or one it cannot read)' : 'records in no time bucket',
  reportNoTimestamps: () => 'no timestamps',
  reportNoTimesToDraw: () => 'The records this chart counts have no timestamp: it cannot place them in time.',
  reportModelsShown: (shown: number, total: number) => `the ${shown} of ${total} models with the most calls; every model: logmeter query cost --by model`,
  reportMoreModels: (more: number) => ` and ${more} more (logmeter query cost --section unpriced)`,
  reportTopSeries: (kept: number, total: number, field: string, by: string) => `showing the ${kept} of ${total} ${field} values with the largest ${by}`,
  reportTopSeriesOther: (kept: number, total: number, field: string, by: string) =>
    `the ${kept} of ${total} ${field} values with the largest ${by}, the other ${total - kept} as "other"`,
};
