// Finds and reads the user's configuration: the file given with --config, else logmeter.yml (or
// logmeter.yaml) in the current directory, else none. A mistake in it is a UsageError (exit 2) that
// names the file, the line and what was expected.

import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { UsageError } from '../errors.js';
import type { DateOrder } from '../ingest/date-order.js';
import { messages } from '../messages.js';
import { EMPTY_CONFIG, parseConfig, type Config } from './config.js';
import type { BudgetConfig, RollupConfig } from '../rollups/config.js';

export const CONFIG_NAMES = ['logmeter.yml', 'logmeter.yaml'] as const;

export function loadConfig(options: { readonly cwd: string; readonly file?: string }): Config {
  const path = options.file !== undefined ? resolveGiven(options.cwd, options.file) : findInDirectory(options.cwd);
  if (path === undefined) return EMPTY_CONFIG;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(messages.configUnreadable(options.file ?? path, (error as Error).message));
  }
  // Messages name the file as the user would: relative to where they are when it is below there.
  const shown = options.file ?? (relative(options.cwd, path) || path);
  const result = parseConfig(text, path);
  if (!result.ok) {
    throw new UsageError(messages.configInvalid(result.issues.map((i) => messages.configIssue(shown, i.line, i.column, i.path, i.expected, i.found))));
  }
  return result.config;
}

function resolveGiven(cwd: string, file: string): string {
  const path = isAbsolute(file) ? file : join(cwd, file);
  if (!isFile(path)) throw new UsageError(isDirectory(path) ? messages.configIsDirectory(file) : messages.configNotFound(file));
  return path;
}

function findInDirectory(cwd: string): string | undefined {
  for (const name of CONFIG_NAMES) {
    const path = join(cwd, name);
    if (isFile(path)) return path;
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The part of IngestOptions a configuration supplies; an explicit --tz (--date-order) wins over its time zone (date order). */
export function configIngestOptions(config: Config, tz?: string, dateOrder?: DateOrder) {
  const order = dateOrder ?? config.dateOrder;
  return {
    timeZone: tz ?? config.timeZone,
    ...(order ? { dateOrder: order } : {}),
    aliases: config.aliases,
    units: config.units,
    kinds: config.kinds,
    ops: config.ops,
    patterns: config.patterns,
  };
}

/**
 * The rollups' settings a configuration holds (health, budget, prices, sessions, and the extra
 * gauge names of `aliases: gauge`), as runRollup's `config` takes them. `budget` is --budget when
 * given: a flag on the command line wins over the file.
 */
export function rollupConfigFrom(config: Config, flags: { readonly budget?: BudgetConfig } = {}): RollupConfig {
  const budget = flags.budget ?? config.budget;
  const gauges = config.aliases.gauge ?? [];
  return {
    ...(config.health !== undefined ? { health: config.health } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(config.prices !== undefined ? { prices: config.prices } : {}),
    ...(config.sessionIdleMinutes !== undefined ? { sessionIdleMinutes: config.sessionIdleMinutes } : {}),
    ...(gauges.length > 0 ? { gauges } : {}),
  };
}
