// The rollups: named SQL queries over the canonical tables, one file each in queries/, run with
// bound parameters. This is the stable programmatic API that `query`, `report`, `check` and
// `summary` call; docs/ROLLUPS.md describes every rollup and its columns.
//
//   runRollup(db, name, params) -> { name, description, columns, rows, sections, meta }
//
//     db       an open Database (src/db.ts) holding `events` and `rejects`
//     name     a file queries/<name>.sql; rollupList() lists them with their descriptions
//     params   (all optional)
//       since, until   ISO text (zone-less is UTC), relative text (`24h`, `7d`: before now),
//                      `now`, `today`, or a Date. The range is [since, until), bound to the
//                      microsecond (`10:00:00.1235Z` keeps its .1235)
//       now            the reference time for "current", "active", "today"; default: until, or
//                      else the time of the last record in range (a log describes the past).
//                      Without until, the range ends at now, and takes in a record at now
//       bucket         `1m`, `5m`, `1h`, `1d`, `N(s|m|h|d|w)`, `day`, `week`, `month`. Rollups that
//                      need one choose it for the range when it is not given (meta.bucketChosen)
//       by             `model`, `attrs.region`, `day`, `weekday`, ... as text or a list; `none`
//       kind           `llm_call`, a list, or `all` to lift the rollup's default kind
//       where          the filter language: `model = 'gpt-4o' and ok`
//       top            how many rows the top-N sections list (default 10)
//       config         RollupConfig: health thresholds, budget, price overrides, session idle
//       clock          () => Date, for relative times (tests)
//     returns
//       columns, rows  the main table. Row values are JSON-safe: numbers (BIGINTs while exact),
//                      ISO strings for times, YYYY-MM-DD for `--by day`, null
//       sections       every table of the rollup, the main one first: { name, description, columns, rows }
//       meta           { rollup, since, until, now, bucket, bucketChosen, by, kind, where,
//                        priceData (the price data version when costs are computed), notes }
//     throws UsageError (exit 2) for a bad parameter, an unknown rollup, or a flag the rollup
//     does not take. Calls on one Database are serialised (they share temp relations).
//
//   runRollupFile(db, path, params)   a user's own .sql file, with the same parameters
//   checkRollup({name} | {file}, params)  every usage error of a run, raised before any input is read
//   rollupList()                      [{ name, description }] of the built-in rollups
//   createPricedEvents(db, options)   the temp view `priced_events`: events with cost filled in
//   pinEvents(db, config) / unpinEvents(db)  for a run whose events no longer change (a report,
//                                     metrics): the prices and run names are built once, and every
//                                     rollup until unpinEvents reuses them (src/rollups/pin.ts)
//
// How a rollup file is written (the header, the relations it selects from, the sections) is in
// src/rollups/catalog.ts and queries/_prelude.sql; how the pieces are put together is in
// src/rollups/compose.ts; the steps of a run are in src/rollups/run.ts.

import type { Database } from '../db.js';
import { loadRollup, loadRollupFile, loadBuiltinPiece, rollupNames, type RollupSpec } from './catalog.js';
import { planRollup, runSpec, serialised, type RollupParams, type RollupResult } from './run.js';
import * as pin from './pin.js';
import type { RollupConfig } from './config.js';

export type { RollupConfig, HealthThresholds, BudgetConfig, BudgetPeriod } from './config.js';
export { DEFAULT_HEALTH, parseBudgetSpec } from './config.js';
export type { RawRollupParams, Bucket } from './params.js';
export { chooseBucket, parseBucket, parseTime, parseTimePoint } from './params.js';
export type { RollupParams, RollupResult, RollupTable, RollupMeta } from './run.js';
export type { RollupSpec, SectionSpec } from './catalog.js';
export { createPricedEvents, PRICED_EVENTS, priceDataVersion } from './prices.js';

/**
 * Declares that `events` does not change until `unpinEvents`: what every rollup derives from all of
 * it (the prices, with `config`'s price overrides, and the workflow run names) is built now, once,
 * and the rollups on `db` reuse it. A rollup with other price overrides still prices afresh.
 */
export function pinEvents(db: Database, config?: RollupConfig): Promise<void> {
  return serialised(db, () => pin.pinEvents(db, { overrides: config?.prices }));
}

export function unpinEvents(db: Database): Promise<void> {
  return serialised(db, () => pin.unpinEvents(db));
}

export function runRollup(db: Database, name: string, params: RollupParams = {}): Promise<RollupResult> {
  return runSpec(db, loadRollup(name), params);
}

/** A rollup-shaped piece under queries/ that is not a listed rollup (catalog.ts, loadBuiltinPiece). */
export function runBuiltinPiece(db: Database, relative: string, params: RollupParams = {}): Promise<RollupResult> {
  return runSpec(db, loadBuiltinPiece(relative), params);
}

export function runRollupFile(db: Database, path: string, params: RollupParams = {}): Promise<RollupResult> {
  return runSpec(db, loadRollupFile(path), params, true);
}

/**
 * Raises the UsageError a run would raise for these parameters (unknown rollup, bad time, bucket,
 * filter, --by, budget, ...) without a database: call it before reading any input.
 */
export function checkRollup(target: { name: string } | { file: string }, params: RollupParams = {}): void {
  planRollup('file' in target ? loadRollupFile(target.file) : loadRollup(target.name), params);
}

export function rollupList(): { name: string; description: string }[] {
  return rollupNames().map((name) => ({ name, description: loadRollup(name).description }));
}

/** The parsed spec of a built-in rollup (its defaults and sections), for --help and docs. */
export function rollupSpec(name: string): RollupSpec {
  return loadRollup(name);
}
