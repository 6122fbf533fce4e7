import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiError } from '@simline/contracts';
import { Scheduler } from '@simline/scheduling';
import { createZodDto } from '../http/zod-dto.js';
import { PLATFORM_OPTIONS } from '../tokens.js';
import type { PlatformOptions } from '../platform.options.js';
import { Runtime } from '../runtime.js';
import { ResourceReaders } from '../consistency/resource-readers.js';
import {
  AggregateRegistry,
  type AggregateSnapshot,
  type AggregateSource,
  type ScheduledWork,
} from './aggregate-registry.js';

class ListQueryDto extends createZodDto(
  z.strictObject({
    project: z.string().min(1).max(64).optional(),
    after: z.string().min(1).max(80).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
  }),
) {}
class ResourceQueryDto extends createZodDto(z.strictObject({ project: z.string().min(1).max(64) })) {}
class RepublishDto extends createZodDto(z.strictObject({ ids: z.array(z.string().min(1).max(80)).min(1).max(5000) })) {}

/**
 * What ops tools ask every service (internal token only): its aggregates for reconciliation, `explain` and
 * repair, and re-creating scheduled jobs from its database.
 */
@Controller('internal')
export class PlatformInternalController {
  constructor(
    private readonly registry: AggregateRegistry,
    private readonly scheduler: Scheduler,
    private readonly runtime: Runtime,
    private readonly readers: ResourceReaders,
    @Inject(PLATFORM_OPTIONS) private readonly opts: PlatformOptions,
  ) {}

  @Get('aggregates')
  types(): { service: string; types: string[] } {
    return { service: this.opts.service, types: this.registry.types() };
  }

  @Get('aggregates/:type')
  async list(
    @Param('type') type: string,
    @Query() q: ListQueryDto,
  ): Promise<{ items: AggregateSnapshot[]; next: string | null }> {
    const items = await this.source(type).list({ project: q.project, after: q.after, limit: q.limit });
    return { items, next: items.length === q.limit ? items[items.length - 1]!.id : null };
  }

  @Get('aggregates/:type/:id')
  async get(
    @Param('type') type: string,
    @Param('id') id: string,
  ): Promise<AggregateSnapshot & { scheduled: ScheduledWork[] }> {
    const source = this.source(type);
    const found = await source.get(id);
    if (!found) throw new ApiError(404, 'aggregateNotFound', `No ${type} ${id} exists here.`);
    return { ...found, scheduled: (await source.scheduled?.(id)) ?? [] };
  }

  /**
   * One resource as this service holds it now, for another service's decision (OwnerReads,
   * docs/decisions/0008): 404 unless it exists in the project.
   */
  @Get('resources/:type/:id')
  async resource(
    @Param('type') type: string,
    @Param('id') id: string,
    @Query() { project }: ResourceQueryDto,
  ): Promise<AggregateSnapshot> {
    const reader = this.readers.get(type);
    const found = reader ? await reader.get(project, id) : await this.source(type).get(id);
    if (!found || found.project !== project)
      throw new ApiError(404, 'resourceNotFound', `No ${type} ${id} exists in project ${project}.`);
    return found;
  }

  @Post('aggregates/:type/republish')
  @HttpCode(200)
  async republish(
    @Param('type') type: string,
    @Body() { ids }: RepublishDto,
  ): Promise<{ republished: AggregateSnapshot[] }> {
    return { republished: await this.source(type).republish([...new Set(ids)]) };
  }

  /** Re-creates every job this process's database says should exist (`ops jobs reschedule`). */
  @Post('jobs/reschedule')
  @HttpCode(200)
  async reschedule(): Promise<{ service: string; role: string | null; rescheduled: true }> {
    await this.scheduler.reschedule();
    return { service: this.opts.service, role: this.runtime.role ?? null, rescheduled: true };
  }

  private source(type: string): AggregateSource {
    const s = this.registry.get(type);
    if (!s)
      throw new ApiError(
        404,
        'aggregateTypeNotFound',
        `The ${this.opts.service} service has no aggregate type "${type}".`,
        `It has: ${this.registry.types().join(', ') || 'none'}.`,
      );
    return s;
  }
}
