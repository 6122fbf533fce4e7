import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError, toPage, type AnyEventEnvelope, type ListPage, type Page } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { createLogger } from '@simline/observability';
import { refsOf } from './event-refs.js';
import { whereOf, type EventFilter } from './event-filter.js';
import { EVENT_LOG_DDL_LOCK, ensureEventLogTable } from './event-log.schema.js';
import { partitionsBetween, partitionsFor, type MonthPartition } from './partitions.js';

/** One event to append: the envelope as parsed, the bytes as received and when Kafka got it. */
export interface LogInput {
  event: AnyEventEnvelope;
  raw: string;
  publishedAt: Date;
}

interface CursorRow {
  time: Date;
  id: string;
}

const DAY = 24 * 3600 * 1000;

/**
 * The append-only event log: a table partitioned by month on the event time (docs/decisions/0701). Writes
 * are set-based and idempotent by event id; reads for the API are keyset-paginated, reads for ops stream
 * through a server-side cursor.
 */
@Injectable()
export class EventLogStore implements OnModuleInit {
  private readonly log = createLogger('event-log');
  private readonly known = new Set<string>();

  constructor(
    private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureEventLogTable(this.ds);
    const rows: Array<{ name: string }> = await this.ds.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'event_log'`,
    );
    for (const r of rows) this.known.add(r.name);
    await this.keepAhead();
  }

  /** Partitions ahead of use: last month to three months on. Other months (test clocks run years ahead) on first use. */
  async keepAhead(): Promise<void> {
    const now = await this.clock.now();
    await this.createPartitions(
      partitionsBetween(new Date(now.getTime() - 31 * DAY), new Date(now.getTime() + 92 * DAY)),
    );
  }

  /** Creates the partitions these event times need that do not exist yet (outside the caller's transaction). */
  async ensurePartitions(times: readonly Date[]): Promise<void> {
    const missing = partitionsFor(times).filter((p) => !this.known.has(p.name));
    if (missing.length) await this.createPartitions(missing);
  }

  private async createPartitions(parts: MonthPartition[]): Promise<void> {
    const missing = parts.filter((p) => !this.known.has(p.name));
    if (!missing.length) return;
    await this.ds.transaction(async (em) => {
      // Creating a partition locks the parent: give up (the caller retries) rather than queue every insert behind a long export.
      await em.query(`SET LOCAL lock_timeout = '10s'`);
      await em.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOG_DDL_LOCK]);
      for (const p of missing) {
        // Names and bounds come from partitionFor (digits only), never from input.
        await em.query(
          `CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF event_log FOR VALUES FROM ('${p.from.toISOString()}') TO ('${p.to.toISOString()}')`,
        );
      }
    });
    for (const p of missing) this.known.add(p.name);
    this.log.info({ partitions: missing.map((p) => p.name) }, 'event log partitions created');
  }

  /**
   * Appends events (one multi-row INSERT); an event already in the log is skipped. Returns the ids that were
   * new, so that side effects (webhook deliveries) happen once per event.
   */
  async append(em: EntityManager, inputs: readonly LogInput[]): Promise<Set<string>> {
    if (!inputs.length) return new Set();
    const cols = {
      id: [] as string[],
      time: [] as string[],
      project: [] as string[],
      type: [] as string[],
      subject: [] as string[],
      sequence: [] as number[],
      refs: [] as string[],
      envelope: [] as string[],
      published: [] as string[],
    };
    for (const { event: e, raw, publishedAt } of inputs) {
      cols.id.push(e.id);
      cols.time.push(e.time);
      cols.project.push(e.project);
      cols.type.push(e.type);
      cols.subject.push(e.subject);
      cols.sequence.push(e.sequence);
      cols.refs.push(refsOf(e.data, e.subject).join(','));
      cols.envelope.push(raw);
      cols.published.push(publishedAt.toISOString());
    }
    // The envelopes travel as one text parameter, one per line, when none has a raw newline (what the relay
    // writes never does): pg escapes a text[] parameter character by character, a quarter of this service's
    // CPU in a renewal storm.
    const joined = !cols.envelope.some((raw) => raw.includes('\n'));
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO event_log (id, time, project, type, subject, sequence, refs, envelope, published_at)
       SELECT id, time, project, type, subject, sequence, string_to_array(refs, ',')::varchar(40)[], envelope, published_at
       FROM unnest($1::varchar[], $2::timestamptz[], $3::varchar[], $4::varchar[], $5::varchar[], $6::int[], $7::text[],
         ${joined ? `string_to_array($8::text, E'\\n')` : '$8::text[]'}, $9::timestamptz[])
         AS t(id, time, project, type, subject, sequence, refs, envelope, published_at)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        cols.id,
        cols.time,
        cols.project,
        cols.type,
        cols.subject,
        cols.sequence,
        cols.refs,
        joined ? cols.envelope.join('\n') : cols.envelope,
        cols.published,
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** One event of a project, or null. */
  async get(project: string, id: string): Promise<AnyEventEnvelope | null> {
    const rows: Array<{ envelope: string }> = await this.ds.query(
      'SELECT envelope FROM event_log WHERE id = $1 AND project = $2 LIMIT 1',
      [id, project],
    );
    return rows[0] ? (JSON.parse(rows[0].envelope) as AnyEventEnvelope) : null;
  }

  /** Whether the log holds an event of this resource in this project (every resource's life starts with one). */
  async knows(project: string, subject: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query('SELECT 1 FROM event_log WHERE subject = $1 AND project = $2 LIMIT 1', [subject, project]);
    return rows.length > 0;
  }

  /** The raw envelope of an event at a known time (the partition is pruned). */
  async rawAt(id: string, time: Date): Promise<string | null> {
    const rows: Array<{ envelope: string }> = await this.ds.query(
      'SELECT envelope FROM event_log WHERE id = $1 AND time = $2',
      [id, time.toISOString()],
    );
    return rows[0]?.envelope ?? null;
  }

  /** A page of events, newest first (event time, then id); cursors are event ids. */
  async list(filter: EventFilter & { project: string }, page: Page): Promise<ListPage<AnyEventEnvelope>> {
    const cursorId = page.after ?? page.before;
    let cursor: CursorRow | undefined;
    if (cursorId) {
      const found: CursorRow[] = await this.ds.query(
        'SELECT time, id FROM event_log WHERE id = $1 AND project = $2 LIMIT 1',
        [cursorId, filter.project],
      );
      cursor = found[0];
      if (!cursor) {
        throw new ApiError(
          422,
          'invalidCursor',
          `\`${page.after ? 'after' : 'before'}\` is not a valid cursor for this list.`,
          'Use the value of moreItemsAfter or moreItemsBefore from a previous page.',
        );
      }
    }
    const where = whereOf(filter);
    const params = [...where.params];
    let sql = `SELECT envelope FROM event_log WHERE ${where.sql}`;
    if (cursor) {
      params.push(cursor.time, cursor.id);
      sql += ` AND (time, id) ${page.after ? '<' : '>'} ($${params.length - 1}, $${params.length})`;
    }
    params.push(page.limit + 1);
    sql += ` ORDER BY time ${page.before ? 'ASC' : 'DESC'}, id ${page.before ? 'ASC' : 'DESC'} LIMIT $${params.length}`;
    const rows: Array<{ envelope: string }> = await this.ds.query(sql, params);
    let hasOtherSide = false;
    if (cursor) {
      const other: unknown[] = await this.ds.query(
        `SELECT 1 FROM event_log WHERE ${where.sql} AND (time, id) ${page.after ? '>=' : '<='} ($${where.params.length + 1}, $${where.params.length + 2}) LIMIT 1`,
        [...where.params, cursor.time, cursor.id],
      );
      hasOtherSide = other.length > 0;
    }
    const items = rows.map((r) => JSON.parse(r.envelope) as AnyEventEnvelope);
    return toPage(items, page, hasOtherSide);
  }

  /**
   * Streams the raw envelopes a filter selects, oldest first by publish time (then id: per resource that is
   * the order its owner published them), in chunks through a server-side cursor: one query however many rows.
   * `sink` returns false to stop early (the reader went away). With `withPublished`, each line is the publish
   * time, a tab, then the envelope (JSON text never holds a raw tab before its first token). `unordered` skips
   * the sort (folds do not need it).
   */
  async stream(
    filter: EventFilter,
    sink: (envelopes: string[]) => Promise<boolean>,
    opts: { chunk?: number; withPublished?: boolean; unordered?: boolean } = {},
  ): Promise<number> {
    const chunk = opts.chunk ?? 10_000;
    const column = opts.withPublished
      ? `to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || E'\t' || envelope`
      : 'envelope';
    const where = whereOf(filter);
    const qr = this.ds.createQueryRunner();
    // The pg client itself: rows as arrays, no ORM wrapping, on the hot path of replays and reconciliation.
    const client = (await qr.connect()) as pg.PoolClient;
    let total = 0;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(
        `DECLARE event_export NO SCROLL CURSOR FOR SELECT ${column} FROM event_log WHERE ${where.sql}${opts.unordered ? '' : ' ORDER BY published_at, id'}`,
        where.params,
      );
      for (;;) {
        const res = await client.query<[string]>({
          text: `FETCH ${chunk} FROM event_export`,
          rowMode: 'array',
        });
        if (!res.rows.length) break;
        total += res.rows.length;
        if (!(await sink(res.rows.map((r) => r[0])))) break;
        if (res.rows.length < chunk) break;
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
    return total;
  }

  /** The highest sequence the log holds for each subject (absent: none). */
  async heads(subjects: readonly string[]): Promise<Record<string, number>> {
    if (!subjects.length) return {};
    const rows: Array<{ subject: string; max: number }> = await this.ds.query(
      'SELECT subject, max(sequence)::int AS max FROM event_log WHERE subject = ANY($1::varchar[]) GROUP BY subject',
      [subjects],
    );
    return Object.fromEntries(rows.map((r) => [r.subject, r.max]));
  }
}
