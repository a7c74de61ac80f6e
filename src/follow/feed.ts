// A follow session's data: a private DuckDB file holding a sliding window of records, fed by
// polling the inputs (files, and the spools of stdin and of named pipes) with the incremental
// ingest, and aged on every poll so memory and disk stay bounded however long it runs.
//
//   poll     ingest what was appended since the last poll (checkpoints: rotation, truncation)
//   age      drop records older than the window (usage records: older than keepUsageSince), and
//            the rejected lines of polls that left it or that come before a record that left it
//   read     the caller queries `db` (summary, check) between polls
//
// A file database, not memory: the ingest then holds back a last line that has no newline yet
// (it may still be being written), and DuckDB can spill. Stdin and each named pipe or `<(...)` are
// read as streams, each into its own spool file between polls (stream-spool.ts), so the ingest
// never reads a file that grows under it. Once a spool's read part passes spoolCompactBytes, it is
// cut off (compactSpool), so the disk a session uses does not grow with its age either.

import { closeSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { warn } from '../cli/io.js';
import { messages } from '../messages.js';
import { listValue } from '../db.js';
import { Database } from '../db.js';
import { ingest, type IngestSummary } from '../ingest/load.js';
import { fingerprint, HEAD_BYTES } from '../ingest/checkpoint.js';
import { copyBytes } from '../ingest/copy-bytes.js';
import { readSqlFile } from '../sql-files.js';
import { loadMacros } from '../sql-macros.js';
import { followTargets, inputNotices, isPipe } from './inputs.js';
import { StreamSpool } from './stream-spool.js';
import { STDIN_ARG } from '../ingest/sources.js';
import { makeScratchDir, removeScratchDir } from '../scratch.js';
import type { configIngestOptions } from '../config/load.js';

export interface FeedOptions {
  /** Files, directories, globs or named pipes; none (or `-`) means stdin. */
  readonly inputs: readonly string[];
  readonly stdin: Readable;
  readonly format?: string;
  readonly tz?: string;
  readonly maxLineBytes?: number;
  readonly windowMs: number;
  /** Bytes of a stream's spool already read past which it is cut off (default SPOOL_COMPACT_BYTES). */
  readonly spoolCompactBytes?: number;
  /** logmeter.yml's ingest settings (aliases, units, kinds, ops, patterns, time zone). */
  readonly ingest?: ReturnType<typeof configIngestOptions>;
  /** Where to say, once each, which files in the inputs may not be read (skipped). */
  readonly warnings?: Writable;
  /**
   * How far back usage records (LLM calls) are kept past the window, as of a poll's `now`: the
   * numbers of a day or a budget period (today's cost, budget_remaining) need the whole period.
   * Records of any other kind still leave with the window.
   */
  readonly keepUsageSince?: (now: Date) => Date;
}

interface PollMark {
  readonly at: number;
  readonly source: string;
  readonly first: number;
  readonly last: number;
}

const STDIN_NAME = '-';
/** A stream's spool drops the part already read once it is this large. */
const SPOOL_COMPACT_BYTES = 64 * 1024 * 1024;

export class FollowFeed {
  private marks: PollMark[] = [];
  private polls = 0;
  /** When (wall clock) the previous poll started: rotated copies written since may hold unread lines. */
  private previousPollStartedMs: number | undefined;
  private readonly unreadable = new Set<string>();
  private warnedAllOld = false;
  /** Inputs already said to be neither a file, a directory nor a pipe. */
  private readonly unsupported = new Set<string>();
  /** Damaged files already warned about, by path and reason. */
  private readonly damaged = new Set<string>();
  /** Sources whose date order was said to be untold (warnDateOrderUntold). */
  private readonly dateOrderTold = new Set<string>();
  /** The inputs read as streams: stdin, and each named pipe (or `<(...)`) given, in order of discovery. */
  private readonly streams: StreamSpool[] = [];

  private constructor(
    readonly db: Database,
    private readonly dir: string,
    private readonly options: FeedOptions,
  ) {}

  static async open(given: FeedOptions): Promise<FollowFeed> {
    // The entry point names a lone `-` with STDIN_ARG; here both mean stdin.
    const options = { ...given, inputs: given.inputs.map((i) => (i === STDIN_ARG ? STDIN_NAME : i)) };
    const dir = makeScratchDir('logmeter-follow-');
    const db = await Database.open({ file: join(dir, 'window.duckdb') });
    const feed = new FollowFeed(db, dir, options);
    try {
      if (options.inputs.length === 0 || options.inputs.includes(STDIN_NAME)) {
        feed.streams.push(new StreamSpool(STDIN_NAME, join(dir, 'stdin.log'), options.stdin, false));
      }
      feed.openPipes();
    } catch (error) {
      feed.close();
      throw error;
    }
    return feed;
  }

  /**
   * Starts reading each input that is a pipe and is not read yet: those given at the start, and a
   * name that was not there then and has since been made a FIFO (`mkfifo`), as a file that appears
   * is read. A pipe that has ended is not opened again: its end is the end, as stdin's is.
   */
  private openPipes(): void {
    for (const input of this.options.inputs) {
      if (input === STDIN_NAME || this.isStream(input) || !isPipe(input)) continue;
      this.streams.push(StreamSpool.ofPipe(input, join(this.dir, `pipe-${this.streams.length}.log`)));
    }
  }

  private isStream(input: string): boolean {
    return this.streams.some((s) => s.name === input);
  }

  /** True when every input is read as a stream (stdin or pipes): there is no file to wait for. */
  private get onlyStreams(): boolean {
    return this.streams.length > 0 && this.options.inputs.every((i) => i === STDIN_NAME || this.isStream(i));
  }

  /**
   * True while the inputs are all streams and nothing has come on any yet: a producer still
   * starting up is no news, so callers need not judge an empty window as no data.
   */
  get awaitingStreams(): boolean {
    return this.onlyStreams && !this.streams.some((s) => s.hasStarted) && this.streams.some((s) => !s.hasEnded);
  }

  /** True once every input is a stream that has ended and been spooled: nothing more will arrive. */
  get finished(): boolean {
    // A read error is not the end: the next poll says what went wrong.
    return this.onlyStreams && this.streams.every((s) => s.done);
  }

  /** Reads what was appended since the last poll, then ages the window out as of `now`. */
  async poll(now: Date): Promise<IngestSummary | undefined> {
    this.openPipes();
    const files = this.options.inputs.filter((i) => i !== STDIN_NAME && !this.isStream(i));
    await this.warnInputs(files);
    const pollStartedMs = Date.now();
    const { targets, resumeOnly } = followTargets(files, this.previousPollStartedMs);
    this.previousPollStartedMs = pollStartedMs;
    for (const stream of this.streams) {
      stream.flush();
      targets.push(stream.path);
    }
    let summary: IngestSummary | undefined;
    if (targets.length > 0) {
      const before = await this.maxRowids();
      summary = await ingest(this.db, {
        ...this.options.ingest,
        inputs: targets,
        stdin: this.options.stdin,
        format: this.options.format,
        timeZone: this.options.tz ?? this.options.ingest?.timeZone,
        maxLineBytes: this.options.maxLineBytes,
        skipMovedSources: true,
        holdBackTail: true,
        resumeOnly,
      });
      await this.dropOverRead(summary, before);
      await this.warnAllOld(before.events, now);
      await this.warnUnreadable(summary.unreadable);
      await this.warnDamaged(summary.damaged);
      await this.warnDateOrderUntold(summary.sources);
      for (const stream of this.streams) {
        const names = { spool: stream.path, name: stream.name };
        await this.db.run(readSqlFile('follow/rename-source.sql'), names);
        await this.db.run(readSqlFile('follow/rename-rejects.sql'), names);
      }
      for (const s of summary.sources) {
        if (s.lines === 0) continue;
        const source = this.streams.find((stream) => stream.path === s.source)?.name ?? s.source;
        // A re-opened record (a traceback still being written) was read again from its first line;
        // the lines an earlier poll already counted stay with that poll.
        const first = s.first_line + (s.reread_lines ?? 0);
        const last = s.first_line + s.lines - 1;
        if (last < first) continue;
        this.marks.push({ at: now.getTime(), source, first, last });
      }
    }
    await this.age(now);
    for (const stream of this.streams) await this.compactSpool(stream.path);
    return summary;
  }

  /**
   * Says which inputs match nothing at the first poll (a later rotation's brief gap is no news),
   * and, once each, which are neither a file, a directory nor a pipe (a socket, a device), which
   * follow cannot read.
   */
  private async warnInputs(files: readonly string[]): Promise<void> {
    if (!this.options.warnings || files.length === 0) return;
    const { waiting, unsupported } = inputNotices(files);
    if (this.polls === 0 && waiting.length > 0) await warn(this.options.warnings, messages.followWaiting(waiting));
    for (const path of unsupported.filter((p) => !this.unsupported.has(p))) {
      this.unsupported.add(path);
      await warn(this.options.warnings, messages.followUnsupported(path));
    }
  }

  /**
   * Says, once, when every record a poll read is older than the window: the window then stays
   * empty, and the usual cause is a log stamped without a zone on a host behind UTC (read as UTC).
   */
  private async warnAllOld(beforeRowid: number, now: Date): Promise<void> {
    if (this.warnedAllOld || !this.options.warnings) return;
    const row = await this.db.one(
      'SELECT count(*) AS n, count(*) FILTER (WHERE epoch_ms(ts) < $cutoff) AS old, max(ts) AS newest FROM events WHERE rowid > $before AND ts IS NOT NULL',
      { before: beforeRowid, cutoff: now.getTime() - this.options.windowMs },
    );
    const n = Number(row?.n ?? 0);
    if (n === 0 || Number(row?.old) !== n) return;
    this.warnedAllOld = true;
    await warn(this.options.warnings, messages.followAllOld(n, messages.shortDuration(this.options.windowMs), String(row?.newest)));
  }

  /** Says which paths may not be read, each the first time a poll skips it. */
  private async warnUnreadable(paths: readonly string[]): Promise<void> {
    const fresh = paths.filter((p) => !this.unreadable.has(p));
    if (fresh.length === 0 || !this.options.warnings) return;
    for (const p of fresh) this.unreadable.add(p);
    await warn(this.options.warnings, messages.skippedUnreadable(fresh));
  }

  /**
   * Says which files could not be decompressed (a .gz still being written, or corrupt), each the
   * first time a poll skips it for that reason: every poll tries it again, and one that becomes
   * whole is read then.
   */
  private async warnDamaged(files: readonly { source: string; reason: string }[]): Promise<void> {
    const fresh = files.filter((f) => !this.damaged.has(`${f.source}\0${f.reason}`));
    if (fresh.length === 0 || !this.options.warnings) return;
    for (const f of fresh) this.damaged.add(`${f.source}\0${f.reason}`);
    await warn(this.options.warnings, messages.skippedDamaged(fresh, 'every poll tries again'));
  }

  /** Says which sources' numeric dates could not tell their month/day order, once each. */
  private async warnDateOrderUntold(sources: readonly { source: string; date_order_untold?: boolean }[]): Promise<void> {
    for (const { source, date_order_untold: untold } of sources) {
      if (!untold || this.dateOrderTold.has(source) || !this.options.warnings) continue;
      this.dateOrderTold.add(source);
      await warn(this.options.warnings, messages.dateOrderUntold(source));
    }
  }

  /** The size on disk of the streams' spools, in bytes (0 without a stream). */
  get spoolBytes(): number {
    return this.streams.reduce((sum, s) => sum + s.size, 0);
  }

  /**
   * Cuts off the part of a stream's spool (at `path`) the ingest has read, once it passes
   * spoolCompactBytes: the rest (from the start of the last line read, so the file keeps a head to
   * be recognised by) is copied to a new file that takes the spool's name, and the spool's
   * checkpoint is moved to the new file's identity, head and offsets. Line numbers go on from where they were: they are the
   * checkpoint's line count, which stays.
   */
  private async compactSpool(path: string): Promise<void> {
    const row = await this.db.one(
      'SELECT offset_bytes, reopen_offset FROM sources WHERE source = $spool AND offset_bytes IS NOT NULL ORDER BY offset_bytes DESC, ingested_at DESC LIMIT 1',
      { spool: path },
    );
    if (!row) return;
    const offset = Number(row.offset_bytes);
    // A record that may still be re-opened (a traceback being written) is kept whole.
    const keepFrom = row.reopen_offset === null || row.reopen_offset === undefined ? offset : Math.min(offset, Number(row.reopen_offset));
    const limit = this.options.spoolCompactBytes ?? SPOOL_COMPACT_BYTES;
    if (keepFrom < limit) return;
    const cut = lastLineStart(path, keepFrom);
    if (cut < limit) return;
    const next = `${path}.next`;
    copyBytes(path, next, cut);
    renameSync(next, path);
    const stat = statSync(path);
    const head = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    await this.db.run(readSqlFile('follow/move-spool-checkpoint.sql'), {
      spool: path,
      cut,
      identity: `${stat.dev}:${stat.ino}`,
      head: fingerprint(head, head.length),
    });
  }

  private async maxRowids(): Promise<{ events: number; rejects: number }> {
    const row = await this.db.one('SELECT (SELECT coalesce(max(rowid), -1) FROM events) AS events, (SELECT coalesce(max(rowid), -1) FROM rejects) AS rejects');
    return { events: Number(row?.events ?? -1), rejects: Number(row?.rejects ?? -1) };
  }

  /**
   * A file read from its start is scanned, then read again by DuckDB; when another process appends
   * in between, DuckDB sees lines past the scanned region (and a half-written one). Those rows are
   * dropped here; the next poll reads them again from the checkpoint.
   */
  private async dropOverRead(summary: IngestSummary, before: { events: number; rejects: number }): Promise<void> {
    for (const s of summary.sources) {
      if (s.records + s.rejects <= s.lines + s.continuation_lines) continue;
      const params = { source: s.source, last: s.first_line + s.lines - 1 };
      await this.db.run('DELETE FROM events WHERE rowid > $before AND source = $source AND line > $last', { ...params, before: before.events });
      await this.db.run('DELETE FROM rejects WHERE rowid > $before AND source = $source AND line > $last', { ...params, before: before.rejects });
    }
  }

  /**
   * Rejected lines by reason still inside the window: read by a poll that is, and not followed in
   * their file by a record that left it (age-rejects-before-records.sql).
   */
  async rejectsInWindow(): Promise<{ reason: string; count: number }[]> {
    const rows = await this.db.all('SELECT reason, count(*) AS n FROM rejects GROUP BY reason');
    return rows
      .map((r) => ({ reason: String(r.reason), count: Number(r.n) }))
      .sort((a, b) => Number(a.reason === 'empty') - Number(b.reason === 'empty') || b.count - a.count || a.reason.localeCompare(b.reason));
  }

  private async age(now: Date): Promise<void> {
    const cutoff = now.getTime() - this.options.windowMs;
    await this.db.run(readSqlFile('follow/age-rejects-before-records.sql'), { cutoff: new Date(cutoff).toISOString() });
    const usageCutoff = this.options.keepUsageSince?.(now).getTime();
    await loadMacros(this.db); // lm_usage_record, also when no poll has read a line yet
    await this.db.run(readSqlFile('follow/age-events.sql'), {
      cutoff: new Date(cutoff).toISOString(),
      usage_cutoff: usageCutoff !== undefined && usageCutoff < cutoff ? new Date(usageCutoff).toISOString() : null,
    });
    const expired = this.marks.filter((m) => m.at <= cutoff);
    if (expired.length > 0) {
      this.marks = this.marks.filter((m) => m.at > cutoff);
      await this.db.run(readSqlFile('follow/age-rejects.sql'), {
        sources: listValue(expired.map((m) => m.source)),
        firsts: listValue(expired.map((m) => m.first)),
        lasts: listValue(expired.map((m) => m.last)),
      });
    }
    await this.db.run(readSqlFile('follow/age-sources.sql'));
    // Let the database file reuse the space of deleted rows.
    if (++this.polls % 20 === 0) await this.db.run('CHECKPOINT');
  }

  close(): void {
    for (const stream of this.streams) stream.close();
    try {
      this.db.close();
    } finally {
      removeScratchDir(this.dir);
    }
  }
}

/** Where the last line that ends at or before `end` starts (0 when it is the first). */
function lastLineStart(path: string, end: number): number {
  if (end <= 0) return 0;
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.alloc(64 * 1024);
    // `end` follows a newline; look for the one before it.
    for (let to = end - 1; to > 0; ) {
      const from = Math.max(0, to - block.length);
      const n = readSync(fd, block, 0, to - from, from);
      const nl = block.subarray(0, n).lastIndexOf(0x0a);
      if (nl !== -1) return from + nl + 1;
      to = from;
    }
    return 0;
  } finally {
    closeSync(fd);
  }
}
