// The one module that talks to DuckDB: opening a database (a file or memory), bound queries,
// appenders, and converting result values into plain JSON-safe JavaScript.

import { accessSync, chmodSync, constants, existsSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance, DuckDBListValue, DuckDBValue } from '@duckdb/node-api';
import { ADDED_EVENT_COLUMNS, EVENT_COLUMNS, REJECT_COLUMNS, type ColumnSpec } from './schema.js';
import { UsageError } from './errors.js';
import { messages } from './messages.js';
import { makeScratchDir, removeScratchDir } from './scratch.js';

type Client = typeof import('@duckdb/node-api');
let client: Client | undefined;

/**
 * The DuckDB client, loaded on first use. `--version` and `--help` never pay for it, and require()
 * skips the ESM loader's scan of the client's CommonJS files (about 140 ms of start-up CPU).
 */
function duckdb(): Client {
  client ??= createRequire(import.meta.url)('@duckdb/node-api') as Client;
  return client;
}

/** A list value to bind as one parameter. */
export function listValue(items: readonly DuckDBValue[]): DuckDBListValue {
  return duckdb().listValue(items);
}

/** An identifier quoted by the DuckDB client's own helper. */
export function quotedIdentifier(name: string): string {
  return duckdb().quotedIdentifier(name);
}

/**
 * DuckDB's own buffers. The process peaks ~200-450 MB above it (Node, DuckDB's unpooled memory), so
 * 640 MB keeps a 1M-line check or report of piped logs under 1 GB of RSS; more only saves spilling
 * (~10% at 1M lines). LOGMETER_MEMORY_LIMIT overrides it. docs/PERFORMANCE.md has the figures.
 */
export const DEFAULT_MEMORY_LIMIT = '640MB';
/**
 * The limit of `ingest` into a database file. It holds the staged lines in DuckDB's buffers (~550 MB
 * per 1M lines of 330 bytes) while it writes compressed row groups, and peaked up to ~470 MB above
 * 640 MB (1.11 GB at 1M lines, 0.85-1.11 GB over 8 runs): with 448 MB it peaks at 0.67-0.92 GB, ~5%
 * slower (docs/PERFORMANCE.md). LOGMETER_MEMORY_LIMIT overrides it too.
 */
export const INGEST_FILE_MEMORY_LIMIT = '448MB';
/**
 * The storage format of a database file logmeter creates: DuckDB 1.2's, the first that compresses
 * text with ZSTD (attrs, src/schema.ts). A file keeps the format it was created with.
 */
const STORAGE_VERSION = 'v1.2.0';

export type { DuckDBValue };
export type Params = Record<string, DuckDBValue> | DuckDBValue[];
export type Row = Record<string, unknown>;

export interface DatabaseOptions {
  /** A DuckDB file path, or undefined for an in-memory database. */
  readonly file?: string;
  /** DuckDB memory_limit, e.g. '1GB' (default DEFAULT_MEMORY_LIMIT). Large inputs spill to the temp directory instead of dying. */
  readonly memoryLimit?: string;
  readonly threads?: number;
  /**
   * Open the file only to read it (the reading commands: query, report, summary, metrics, check,
   * export): a user who may only read it can, and a file that does not exist is an error rather
   * than a new empty database. Temporary tables and views still work.
   */
  readonly readOnly?: boolean;
}

export class Database {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly file: string | undefined,
    private readonly scratchDir: string,
  ) {}

  /** The last statement's error, until a statement succeeds (statement()). */
  private failure: unknown;

  static async open(options: DatabaseOptions = {}): Promise<Database> {
    if (ahead && options.file === undefined && options.memoryLimit === undefined && options.threads === undefined) {
      const taken = ahead;
      ahead = undefined;
      return taken;
    }
    return Database.openNow(options);
  }

  private static async openNow(options: DatabaseOptions): Promise<Database> {
    const { file } = options;
    const readOnly = file !== undefined && options.readOnly === true;
    if (file !== undefined) checkDatabaseFile(file, readOnly);
    const emptyFileMode = file !== undefined && !readOnly ? clearEmptyFile(file) : undefined;
    const memoryLimit = options.memoryLimit ?? memoryLimitFromEnv(process.env.LOGMETER_MEMORY_LIMIT) ?? DEFAULT_MEMORY_LIMIT;
    const scratchDir = makeScratchDir('logmeter-');
    let instance: DuckDBInstance;
    try {
      instance = await duckdb().DuckDBInstance.create(file ?? ':memory:', {
        memory_limit: memoryLimit,
        temp_directory: join(scratchDir, 'duckdb-tmp'),
        threads: String(options.threads ?? 2),
        ...(readOnly ? { access_mode: 'READ_ONLY' } : file !== undefined ? { storage_compatibility_version: STORAGE_VERSION } : {}),
      });
    } catch (error) {
      removeScratchDir(scratchDir);
      throw openError(file ?? ':memory:', (error as Error).message);
    }
    if (emptyFileMode !== undefined && existsSync(file as string)) chmodSync(file as string, emptyFileMode);
    const connection = await instance.connect();
    const db = new Database(instance, connection, file, scratchDir);
    try {
      // Zone-less times are converted explicitly during ingest; the session itself stays in UTC.
      // One run for the setting and the tables: each statement is a round trip to DuckDB's threads.
      await db.run(["SET TimeZone = 'UTC'", ...(readOnly ? [] : schemaStatements())].join(';\n'));
      if (readOnly && !(await db.hasTable('events'))) throw new UsageError(messages.notALogmeterDb(file as string));
      if (file !== undefined) await db.viewAddedEventColumns();
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  private async hasTable(name: string): Promise<boolean> {
    const row = await this.one("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $name AND schema_name = 'main' AND NOT temporary", { name });
    return Number(row?.n ?? 0) > 0;
  }

  /** The file's events columns that an older logmeter did not have, when it lacks some. */
  private missingEventColumns: readonly ColumnSpec[] = [];

  /**
   * A file written by an older logmeter lacks the ADDED_EVENT_COLUMNS: a command that only reads it
   * sees them as NULL through a temporary view named events (which hides the file's table) and
   * leaves the file as it was; `ingest` adds them to the file (addMissingEventColumns).
   */
  private async viewAddedEventColumns(): Promise<void> {
    const rows = await this.all(
      `SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'events'`,
    );
    const held = new Set(rows.map((r) => String(r.column_name)));
    this.missingEventColumns = EVENT_COLUMNS.filter((c) => ADDED_EVENT_COLUMNS.includes(c.name) && !held.has(c.name));
    if (this.missingEventColumns.length === 0) return;
    const nulls = this.missingEventColumns.map((c) => `NULL::${c.type} AS ${DuckDBConnectionQuote.id(c.name)}`).join(', ');
    await this.run(`CREATE OR REPLACE TEMP VIEW events AS SELECT *, ${nulls} FROM ${await this.fileEventsTable()}`);
  }

  /** Gives an older file's events table the columns it lacks (before an ingest writes to it). */
  async addMissingEventColumns(): Promise<void> {
    if (this.missingEventColumns.length === 0) return;
    const table = await this.fileEventsTable();
    await this.run('DROP VIEW IF EXISTS temp.main.events');
    for (const c of this.missingEventColumns) await this.run(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${DuckDBConnectionQuote.id(c.name)} ${c.type}`);
    this.missingEventColumns = [];
  }

  /** The file's own events table, named with its catalog: a bare main.events would be the temp view. */
  private async fileEventsTable(): Promise<string> {
    const row = await this.one('SELECT current_database() AS name');
    return `${DuckDBConnectionQuote.id(String(row?.name))}.main.events`;
  }

  /** A private directory for spool files; removed on close. */
  get tempDir(): string {
    return this.scratchDir;
  }

  /** How many statements the SQL holds, parsed by DuckDB without running any. */
  async statementCount(sql: string): Promise<number> {
    return (await this.connection.extractStatements(sql)).count;
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.statement(() => this.connection.run(sql, params));
  }

  async all(sql: string, params?: Params): Promise<Row[]> {
    const reader = await this.statement(() => this.connection.runAndReadAll(sql, params));
    return plainRows(reader);
  }

  /** Column names and rows, in column order, for renderers that care about order. */
  async table(sql: string, params?: Params): Promise<{ columns: string[]; rows: Row[] }> {
    const reader = await this.statement(() => this.connection.runAndReadAll(sql, params));
    // `SELECT a.level, level` names two columns `level`: the rows key the second `level:1`, and
    // so must the columns, or a table would print the first column's values twice.
    return { columns: reader.deduplicatedColumnNames(), rows: plainRows(reader) };
  }

  /**
   * Runs one statement. A statement that fails inside a transaction aborts it, and every statement
   * after it but ROLLBACK fails with "Current transaction is aborted": such a failure (a RESET in a
   * `finally`, say) is reported as the error that aborted the transaction, so that DuckDB running out
   * of memory reads as that, not as an internal error.
   */
  private async statement<T>(run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.failure = undefined;
      return result;
    } catch (error) {
      if (this.failure !== undefined && error instanceof Error && error.message.includes('Current transaction is aborted')) throw this.failure;
      this.failure = error;
      throw error;
    }
  }

  async one(sql: string, params?: Params): Promise<Row | undefined> {
    return (await this.all(sql, params))[0];
  }

  async appender(table: string): Promise<DuckDBAppender> {
    return this.connection.createAppender(table);
  }

  close(): void {
    try {
      this.connection.closeSync();
      this.instance.closeSync();
    } finally {
      removeScratchDir(this.scratchDir);
    }
  }
}

/** A size DuckDB takes as memory_limit: a positive number and a unit (2GB, 512 MiB, 1.5G). */
const MEMORY_SIZE = /^\s*(\d+(?:\.\d+)?)\s*(?:[KMGT]i?B|[KMGT]|B)\s*$/i;

/**
 * LOGMETER_MEMORY_LIMIT, checked before DuckDB sees it: DuckDB says only "Failed to set config" of
 * `2gigs` or `0`, and takes `-1GB` for no limit at all. Empty means unset.
 */
export function memoryLimitFromEnv(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const size = MEMORY_SIZE.exec(value);
  if (!size || !(Number(size[1]) > 0)) throw new UsageError(messages.badMemoryLimit(value));
  return value;
}

/**
 * What DuckDB would fail on later, said in the user's words first: a database to read must exist,
 * and one to write needs its directory writable too (DuckDB writes FILE.wal beside it).
 */
function checkDatabaseFile(file: string, readOnly: boolean): void {
  if (file === '') throw new UsageError(messages.emptyDbName());
  if (readOnly) {
    if (!existsSync(file)) throw new UsageError(messages.noSuchDb(file));
    // An empty file (`mktemp`) no ingest wrote to yet: DuckDB would only say it is not a database.
    const stat = statSync(file);
    if (stat.isFile() && stat.size === 0) throw new UsageError(messages.notALogmeterDb(file));
    return;
  }
  if (!existsSync(file)) return; // DuckDB's own message says why it cannot be created
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch {
    throw new UsageError(messages.cannotWriteBesideDb(file));
  }
}

/**
 * An empty file where a database is to be written (`--db "$(mktemp)"`) is removed, so that DuckDB,
 * which refuses a file without its header, makes the database there; its mode (mktemp's 0600) is
 * returned to give the new file. Undefined when `file` is not an empty regular file.
 */
function clearEmptyFile(file: string): number | undefined {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile() || stat.size !== 0) return undefined;
  unlinkSync(file);
  return stat.mode & 0o7777;
}

/** DuckDB's message when a database cannot be opened, in the user's words where it is a known case. */
function openError(file: string, detail: string): UsageError {
  // Another process holds the file's lock: DuckDB lets one writer, or any number of readers, in.
  const lock = /Could not set lock on file .*Conflicting lock is held in .*?\(PID (\d+)\)/s.exec(detail);
  if (lock) return new UsageError(messages.dbInUse(file, Number(lock[1])));
  return new UsageError(messages.cannotOpenDb(file, detail.split('\n')[0] ?? detail));
}

let ahead: Promise<Database> | undefined;

/**
 * Starts opening an in-memory database while the command's own code is still loading: DuckDB
 * creates the instance and its tables on its threads (~15 ms) while Node compiles modules. The
 * next Database.open() of memory with default options takes it. A command that starts one ends
 * with discardAhead(), which closes it when nothing took it (a rule or usage error came first).
 */
export function openMemoryAhead(): void {
  if (ahead) return;
  ahead = Database.open(); // a new one: none is ahead yet
  // Whoever takes it sees an opening error; an untaken one is closed or dropped by discardAhead.
  ahead.catch(() => {});
}

/** Closes the database openMemoryAhead started, unless a Database.open() took it. */
export async function discardAhead(): Promise<void> {
  const untaken = ahead;
  ahead = undefined;
  if (untaken) (await untaken.catch(() => undefined))?.close();
}

function schemaStatements(): string[] {
  return [
    createTableSql('events', EVENT_COLUMNS),
    createTableSql('rejects', REJECT_COLUMNS),
    `CREATE TABLE IF NOT EXISTS sources (
      source VARCHAR, format VARCHAR, lines BIGINT, records BIGINT, rejects BIGINT,
      continuation_lines BIGINT, identity VARCHAR, size BIGINT, offset_bytes BIGINT, head_fingerprint VARCHAR,
      first_line BIGINT, ingested_at TIMESTAMPTZ)`,
  ];
}

function createTableSql(name: string, columns: readonly ColumnSpec[]): string {
  const body = columns.map((c) => `${DuckDBConnectionQuote.id(c.name)} ${c.type}${c.compression ? ` USING COMPRESSION ${c.compression}` : ''}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${DuckDBConnectionQuote.id(name)} (${body})`;
}

/** Identifier quoting for names that come from our own schema. */
export const DuckDBConnectionQuote = {
  id(name: string): string {
    return '"' + name.replaceAll('"', '""') + '"';
  },
  str(value: string): string {
    return "'" + value.replaceAll("'", "''") + "'";
  },
};

/** BIGINTs become numbers while exact, timestamps ISO strings: what JSON consumers expect. */
export function toPlainValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainValue(v)]));
  }
  return value;
}

function toPlainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = toPlainValue(v);
  return out;
}

type Reader = Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;

/**
 * The reader's rows as plain values. A DATE column (`day`) is its calendar date, 2026-03-01: the
 * client hands it over as a Date at midnight UTC, which would otherwise print as a timestamp. A
 * value JavaScript has no form for (an INTERVAL is {months, days, micros}, a TIME a count of
 * microseconds, a BLOB a Buffer) is DuckDB's own text for it, `03:00:00`, as a user's `--sql`
 * would print in DuckDB's shell.
 */
function plainRows(reader: Reader): Row[] {
  const rows = reader.getRowObjectsJS().map(toPlainRow);
  const types = reader.columnTypes().map(String);
  const names = reader.deduplicatedColumnNames();
  const dates = names.filter((_, i) => types[i] === 'DATE');
  const asText = names.filter((_, i) => DUCKDB_TEXT_TYPES.test(withoutNames(types[i] ?? '')));
  if (dates.length > 0) {
    for (const row of rows) {
      for (const name of dates) {
        const value = row[name];
        if (typeof value === 'string') row[name] = value.slice(0, 10);
      }
    }
  }
  if (asText.length > 0) {
    const values = reader.getRowObjects();
    rows.forEach((row, i) => {
      for (const name of asText) row[name] = values[i]?.[name]?.toString() ?? null;
    });
  }
  return rows;
}

/** Types, alone or inside a list or struct, whose JavaScript form means nothing to a reader. */
const DUCKDB_TEXT_TYPES = /\b(INTERVAL|TIME(?!STAMP)|BLOB|BIT)\b/;

/** A type without its struct field names and enum values (the user's words), and TIMESTAMPTZ's `TIME ZONE`. */
function withoutNames(type: string): string {
  return type.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'|TIMESTAMP WITH TIME ZONE/g, '');
}
