import { once } from 'node:events';
import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseEnvelope, Timestamp } from '@simline/contracts';
import { createZodDto, listParam } from '@simline/platform';
import { DataSource } from 'typeorm';
import { typesOfAll } from '../common/event-patterns.js';
import type { EventFilter } from './event-filter.js';
import { EventLogStore, type LogInput } from './event-log.store.js';

class ExportQueryDto extends createZodDto(z.strictObject({
  types: listParam(z.string().max(80)).optional(),
  project: z.string().max(64).optional(),
  subject: z.string().max(80).optional(),
  subjects: listParam(z.string().max(80)).optional(),
  related: z.string().max(80).optional(),
  timeFrom: Timestamp.optional(),
  timeTo: Timestamp.optional(),
  publishedFrom: Timestamp.optional(),
  publishedTo: Timestamp.optional(),
  /** `published`: each line is the publish time, a tab, then the envelope. */
  meta: z.literal('published').optional(),
  /** `none`: in whatever order the table is read (a fold does not care; no sort of a large result). */
  order: z.enum(['published', 'none']).optional(),
})) {}

class IngestDto extends createZodDto(z.strictObject({
  events: z.array(z.strictObject({ raw: z.string().min(2), publishedAt: Timestamp })).max(5000),
})) {}

class HeadsDto extends createZodDto(z.strictObject({ subjects: z.array(z.string().max(80)).max(100_000) })) {}

class GapsQueryDto extends createZodDto(z.strictObject({
  project: z.string().max(64).optional(),
  aggregate: z.string().max(40).optional(),
})) {}
class AcknowledgeGapsDto extends createZodDto(z.strictObject({
  gaps: z
    .array(
      z.strictObject({
        subject: z.string().max(80),
        sequence: z.number().int().min(1),
        project: z.string().max(64),
        aggregate: z.string().max(40),
        reason: z.string().max(1000),
      }),
    )
    .max(100_000),
})) {}

const date = (v?: string) => (v ? new Date(v) : undefined);

/**
 * What ops tools read and write in the event log (internal token only): a streaming export for replay and
 * reconciliation, backfill of events recovered from Kafka, the newest sequence per resource, and the gaps
 * reconciliation acknowledged.
 */
@Controller('internal/events')
export class EventsInternalController {
  constructor(
    private readonly store: EventLogStore,
    private readonly ds: DataSource,
  ) {}

  /** Newline-delimited raw envelopes, oldest first by publish time (order per resource kept). */
  @Get('export')
  async export(@Query() q: ExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const filter: EventFilter = {
      ...(q.types ? { types: typesOfAll(q.types) } : {}),
      ...(q.project ? { project: q.project } : {}),
      ...(q.subject ? { subject: q.subject } : {}),
      ...(q.subjects ? { subjects: q.subjects } : {}),
      ...(q.related ? { related: q.related } : {}),
      timeFrom: date(q.timeFrom),
      timeTo: date(q.timeTo),
      publishedFrom: date(q.publishedFrom),
      publishedTo: date(q.publishedTo),
    };
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    let closed = false;
    res.on('close', () => (closed = true));
    try {
      await this.store.stream(
        filter,
        async (envelopes) => {
          if (closed) return false;
          if (!res.write(envelopes.join('\n') + '\n')) await once(res, 'drain');
          return !closed;
        },
        { withPublished: q.meta === 'published', unordered: q.order === 'none' },
      );
    } catch (err) {
      if (!closed)
        res.write(
          JSON.stringify({ object: 'error', code: 'exportFailed', message: (err as Error).message }) + '\n',
        );
    }
    res.end();
  }

  /** Puts events recovered from Kafka back into the log (validated; already present ones are skipped). */
  @Post('ingest')
  @HttpCode(200)
  async ingest(
    @Body() { events }: IngestDto,
  ): Promise<{ received: number; inserted: number; rejected: Array<{ index: number; message: string }> }> {
    const inputs: LogInput[] = [];
    const rejected: Array<{ index: number; message: string }> = [];
    events.forEach((e, index) => {
      const parsed = parseEnvelope(e.raw);
      if (parsed.ok) inputs.push({ event: parsed.event, raw: e.raw, publishedAt: new Date(e.publishedAt) });
      else rejected.push({ index, message: parsed.message });
    });
    await this.store.ensurePartitions(inputs.map((i) => new Date(i.event.time)));
    const inserted = await this.ds.transaction((em) => this.store.append(em, inputs));
    return { received: events.length, inserted: inserted.size, rejected };
  }

  /** The highest sequence the log holds per subject. */
  @Post('heads')
  @HttpCode(200)
  async heads(@Body() body: HeadsDto): Promise<{ heads: Record<string, number> }> {
    return { heads: await this.store.heads(body.subjects) };
  }

  @Get('gaps')
  async gaps(@Query() q: GapsQueryDto): Promise<{
    gaps: Array<{
      subject: string;
      sequence: number;
      project: string;
      aggregate: string;
      reason: string;
      acknowledgedAt: string;
    }>;
  }> {
    const rows: Array<{
      subject: string;
      sequence: number;
      project: string;
      aggregate: string;
      reason: string;
      acknowledged_at: Date;
    }> = await this.ds.query(
      `SELECT subject, sequence, project, aggregate, reason, acknowledged_at FROM event_log_gaps
       WHERE ($1::varchar IS NULL OR project = $1) AND ($2::varchar IS NULL OR aggregate = $2) ORDER BY subject, sequence`,
      [q.project ?? null, q.aggregate ?? null],
    );
    return {
      gaps: rows.map((r) => ({
        subject: r.subject,
        sequence: r.sequence,
        project: r.project,
        aggregate: r.aggregate,
        reason: r.reason,
        acknowledgedAt: r.acknowledged_at.toISOString(),
      })),
    };
  }

  @Post('gaps')
  @HttpCode(200)
  async acknowledge(@Body() { gaps }: AcknowledgeGapsDto): Promise<{ acknowledged: number }> {
    if (!gaps.length) return { acknowledged: 0 };
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO event_log_gaps (subject, sequence, project, aggregate, reason, acknowledged_at)
       SELECT s, q, p, a, r, now() FROM unnest($1::varchar[], $2::int[], $3::varchar[], $4::varchar[], $5::text[]) AS t(s, q, p, a, r)
       ON CONFLICT (subject, sequence) DO NOTHING RETURNING subject`,
      [
        gaps.map((g) => g.subject),
        gaps.map((g) => g.sequence),
        gaps.map((g) => g.project),
        gaps.map((g) => g.aggregate),
        gaps.map((g) => g.reason),
      ],
    );
    return { acknowledged: rows.length };
  }
}
