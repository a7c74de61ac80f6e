// A follow session's data: a private DuckDB file holding a sliding window of records, fed by
// polling the inputs (or stdin) with the incremental ingest, and aged on every poll so memory and
// disk stay bounded however long it runs.
//
//   poll     ingest what was appended since the last poll (checkpoints: rotation, truncation)
//   age      drop records older than the window, and the rejected lines of polls that left it
//   read     the caller queries `db` (summary, check) between polls
//
// A file database, not memory: the ingest then holds back a last line that has no newline yet
// (it may still be being written), and DuckDB can spill.

import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { listValue } from '@duckdb/node-api';
import { Database } from '../db.js';
import { ingest, type IngestSummary } from '../ingest/load.js';
import { readSqlFile } from '../sql-files.js';
import { followTargets } from './inputs.js';

export interface FeedOptions {
  /** Files, directories or globs; none (or `-`) means stdin. */
  readonly inputs: readonly string[];
  readonly stdin: Readable;
  readonly format?: string;
  readonly tz?: string;
  readonly maxLineBytes?: number;
  readonly windowMs: number;
}

interface PollMark {
  readonly at: number;
  readonly source: string;
  readonly first: number;
  readonly last: number;
  readonly rejects: Readonly<Record<string, number>>;
}

const STDIN_NAME = '-';

export class FollowFeed {
  private marks: PollMark[] = [];
  private polls = 0;
  private stdinEnded = false;

  private constructor(
    readonly db: Database,
    private readonly dir: string,
    private readonly options: FeedOptions,
    private readonly spool: { path: string; stream: WriteStream } | undefined,
  ) {}

  static async open(options: FeedOptions): Promise<FollowFeed> {
    const dir = mkdtempSync(join(tmpdir(), 'logmeter-follow-'));
    const db = await Database.open({ file: join(dir, 'window.duckdb') });
    const fromStdin = options.inputs.length === 0 || options.inputs.includes(STDIN_NAME);
    let spool: { path: string; stream: WriteStream } | undefined;
    if (fromStdin) {
      const path = join(dir, 'stdin.log');
      const stream = createWriteStream(path);
      options.stdin.pipe(stream);
      spool = { path, stream };
    }
    const feed = new FollowFeed(db, dir, options, spool);
    options.stdin.once('end', () => {
      feed.stdinEnded = true;
    });
    return feed;
  }

  /** True once stdin (when it is the input) has ended: nothing more will arrive. */
  get finished(): boolean {
    return this.spool !== undefined && this.stdinEnded && this.options.inputs.filter((i) => i !== STDIN_NAME).length === 0;
  }

  /** Reads what was appended since the last poll, then ages the window out as of `now`. */
  async poll(now: Date): Promise<IngestSummary | undefined> {
    const targets = followTargets(this.options.inputs.filter((i) => i !== STDIN_NAME));
    if (this.spool) targets.push(this.spool.path);
    let summary: IngestSummary | undefined;
    if (targets.length > 0) {
      summary = await ingest(this.db, {
        inputs: targets,
        stdin: this.options.stdin,
        format: this.options.format,
        timeZone: this.options.tz,
        maxLineBytes: this.options.maxLineBytes,
      });
      if (this.spool) {
        const names = { spool: this.spool.path, name: STDIN_NAME };
        await this.db.run(readSqlFile('follow/rename-source.sql'), names);
        await this.db.run(readSqlFile('follow/rename-rejects.sql'), names);
      }
      for (const s of summary.sources) {
        if (s.lines === 0) continue;
        const source = this.spool && s.source === this.spool.path ? STDIN_NAME : s.source;
        const first = s.first_line;
        const rejects: Record<string, number> = {};
        if (s.rejects > 0) {
          const rows = await this.db.all('SELECT reason, count(*) AS n FROM rejects WHERE source = $source AND line BETWEEN $first AND $last GROUP BY reason', {
            source,
            first,
            last: first + s.lines - 1,
          });
          for (const r of rows) rejects[String(r.reason)] = Number(r.n);
        }
        this.marks.push({ at: now.getTime(), source, first, last: first + s.lines - 1, rejects });
      }
    }
    await this.age(now);
    return summary;
  }

  /** Rejected lines by reason over the polls still inside the window. */
  rejectsInWindow(): { reason: string; count: number }[] {
    const totals = new Map<string, number>();
    for (const m of this.marks) for (const [reason, n] of Object.entries(m.rejects)) totals.set(reason, (totals.get(reason) ?? 0) + n);
    return [...totals].map(([reason, count]) => ({ reason, count })).sort((a, b) => Number(a.reason === 'empty') - Number(b.reason === 'empty') || b.count - a.count);
  }

  private async age(now: Date): Promise<void> {
    const cutoff = now.getTime() - this.options.windowMs;
    await this.db.run(readSqlFile('follow/age-events.sql'), { cutoff: new Date(cutoff).toISOString() });
    const expired = this.marks.filter((m) => m.at < cutoff);
    if (expired.length > 0) {
      this.marks = this.marks.filter((m) => m.at >= cutoff);
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
    this.spool?.stream.destroy();
    this.options.stdin.unpipe?.();
    try {
      this.db.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
