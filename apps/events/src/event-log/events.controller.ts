import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiError,
  parsePage,
  ProjectSchema,
  type AnyEventEnvelope,
  type IdKind,
  type ListPage,
} from '@simline/contracts';
import { parseQuery } from '@simline/platform';
import { typesOfAll } from '../common/event-patterns.js';
import { idOf, pathParams, projectParam } from '../common/params.js';
import { ListEventsQuerySchema, ResourceEventsQuerySchema, type ResourceEventsQuery } from './events.dto.js';
import { EventLogStore } from './event-log.store.js';

const window = (q: { createdAfter?: string; createdBefore?: string }) => ({
  // `createdAfter` is exclusive: the log's `timeFrom` is inclusive, so move one millisecond on.
  ...(q.createdAfter ? { timeFrom: new Date(new Date(q.createdAfter).getTime() + 1) } : {}),
  ...(q.createdBefore ? { timeTo: new Date(q.createdBefore) } : {}),
});

/** The partner's view of the event log: every event of the project, and the recent activity of one resource. */
@Controller('projects/:project')
export class EventsController {
  constructor(private readonly store: EventLogStore) {}

  @Get('events')
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<AnyEventEnvelope>> {
    const p = projectParam(project);
    const q = parseQuery(ListEventsQuerySchema, query);
    return this.store.list(
      {
        project: p,
        ...(q.type ? { types: typesOfAll(q.type) } : {}),
        ...(q.subject ? { subject: q.subject } : {}),
        ...window(q),
      },
      parsePage(q, 'event'),
    );
  }

  @Get('events/:event')
  async get(@Param('project') project: string, @Param('event') id: string): Promise<AnyEventEnvelope> {
    const { project: p, event } = pathParams(
      { project: ProjectSchema.shape.id, event: idOf('event') },
      { project, event: id },
    );
    const found = await this.store.get(p, event);
    if (!found) throw new ApiError(404, 'eventNotFound', 'No event with this id exists in this project.');
    return found;
  }

  @Get('subscriptions/:id/events')
  subscription(@Param('project') project: string, @Param('id') id: string, @Query() query: unknown) {
    return this.activity(project, 'subscription', id, query);
  }

  @Get('portings/:id/events')
  porting(@Param('project') project: string, @Param('id') id: string, @Query() query: unknown) {
    return this.activity(project, 'porting', id, query);
  }

  @Get('invoices/:id/events')
  invoice(@Param('project') project: string, @Param('id') id: string, @Query() query: unknown) {
    return this.activity(project, 'invoice', id, query);
  }

  @Get('consentRequests/:id/events')
  consentRequest(@Param('project') project: string, @Param('id') id: string, @Query() query: unknown) {
    return this.activity(project, 'consentRequest', id, query);
  }

  /** The events of a resource and of those that name it (a subscription's invoices, payments, portings…). */
  private async activity(
    project: string,
    kind: IdKind,
    id: string,
    query: unknown,
  ): Promise<ListPage<AnyEventEnvelope>> {
    const { project: p, id: resource } = pathParams(
      { project: ProjectSchema.shape.id, id: idOf(kind) },
      { project, id },
    );
    const q: ResourceEventsQuery = parseQuery(ResourceEventsQuerySchema, query);
    // Another project's resource (or none at all) is not found, as on every other endpoint; not an empty list
    // (found by the isolation matrix, test/e2e/security-isolation).
    if (!(await this.store.knows(p, resource)))
      throw new ApiError(404, `${kind}NotFound`, `No ${kind} with this id exists in this project.`);
    return this.store.list(
      { project: p, related: resource, ...(q.type ? { types: typesOfAll(q.type) } : {}), ...window(q) },
      parsePage(q, 'event'),
    );
  }
}
