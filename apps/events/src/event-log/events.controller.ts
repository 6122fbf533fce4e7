import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiError, listSchema, parsePage, type AnyEventEnvelope, type IdKind, type ListPage } from '@simline/contracts';
import { ApiRoute, ProjectPathDto, type ApiRouteOptions } from '@simline/platform';
import { typesOfAll } from '../common/event-patterns.js';
import { EVENT_EXAMPLE, EVENT_LIST_EXAMPLE } from './event.examples.js';
import {
  ConsentRequestEventsPathDto,
  EventPathDto,
  EventSchema,
  InvoiceEventsPathDto,
  ListEventsQueryDoc,
  ListEventsQueryDto,
  PortingEventsPathDto,
  ResourceEventsQueryDoc,
  ResourceEventsQueryDto,
  SubscriptionEventsPathDto,
} from './events.dto.js';
import { EventLogStore } from './event-log.store.js';

const window = (q: { createdAfter?: string; createdBefore?: string }) => ({
  // `createdAfter` is exclusive: the log's `timeFrom` is inclusive, so move one millisecond on.
  ...(q.createdAfter ? { timeFrom: new Date(new Date(q.createdAfter).getTime() + 1) } : {}),
  ...(q.createdBefore ? { timeTo: new Date(q.createdBefore) } : {}),
});

const page = { status: 200, description: 'A page of events, newest first.', schema: listSchema(EventSchema), example: EVENT_LIST_EXAMPLE };
const activity = (what: string, tag: string): ApiRouteOptions => ({
  summary: `List the recent activity of ${what}`,
  description: `The events of ${what} and of the resources that name it (for a subscription: its invoices, payments, portings and consent requests), newest first.`,
  tags: [tag, 'Events'],
  query: ResourceEventsQueryDoc,
  responses: [page],
  errors: [401, 404, 422],
});

/** The partner's view of the event log: every event of the project, and the recent activity of one resource. */
@Controller('projects/:project')
export class EventsController {
  constructor(private readonly store: EventLogStore) {}

  @Get('events')
  @ApiRoute({
    summary: 'List events',
    description:
      'Every event of the project, newest first (by event time). `type` takes event types and wildcards (`subscription.*`); `subject` narrows to one resource; `createdAfter`/`createdBefore` bound the event time (exclusive).',
    tags: ['Events'],
    query: ListEventsQueryDoc,
    responses: [page],
    errors: [401, 404, 422],
  })
  list(@Param() { project }: ProjectPathDto, @Query() q: ListEventsQueryDto): Promise<ListPage<AnyEventEnvelope>> {
    return this.store.list(
      {
        project,
        ...(q.type ? { types: typesOfAll(q.type) } : {}),
        ...(q.subject ? { subject: q.subject } : {}),
        ...window(q),
      },
      parsePage(q, 'event'),
    );
  }

  @Get('events/:event')
  @ApiRoute({
    summary: 'Retrieve an event',
    description: 'One event of the event log, as it was published (CloudEvents 1.0 envelope with the whole resource in `data`).',
    tags: ['Events'],
    responses: [{ status: 200, description: 'The event.', schema: EventSchema, example: EVENT_EXAMPLE }],
    errors: [401, 404, 422],
  })
  async get(@Param() { project, event }: EventPathDto): Promise<AnyEventEnvelope> {
    const found = await this.store.get(project, event);
    if (!found) throw new ApiError(404, 'eventNotFound', 'No event with this id exists in this project.');
    return found;
  }

  @Get('subscriptions/:subscription/events')
  @ApiRoute(activity('a subscription', 'Subscriptions'))
  subscription(@Param() { project, subscription }: SubscriptionEventsPathDto, @Query() query: ResourceEventsQueryDto) {
    return this.activity(project, 'subscription', subscription, query);
  }

  @Get('portings/:porting/events')
  @ApiRoute(activity('a porting', 'Portings'))
  porting(@Param() { project, porting }: PortingEventsPathDto, @Query() query: ResourceEventsQueryDto) {
    return this.activity(project, 'porting', porting, query);
  }

  @Get('invoices/:invoice/events')
  @ApiRoute(activity('an invoice', 'Invoices'))
  invoice(@Param() { project, invoice }: InvoiceEventsPathDto, @Query() query: ResourceEventsQueryDto) {
    return this.activity(project, 'invoice', invoice, query);
  }

  @Get('consentRequests/:consentRequest/events')
  @ApiRoute(activity('a consent request', 'Consent requests'))
  consentRequest(@Param() { project, consentRequest }: ConsentRequestEventsPathDto, @Query() query: ResourceEventsQueryDto) {
    return this.activity(project, 'consentRequest', consentRequest, query);
  }

  /** The events of a resource and of those that name it (a subscription's invoices, payments, portings…). */
  private async activity(project: string, kind: IdKind, resource: string, q: ResourceEventsQueryDto): Promise<ListPage<AnyEventEnvelope>> {
    // Another project's resource (or none at all) is not found, as on every other endpoint; not an empty list
    // (found by the isolation matrix, test/e2e/security-isolation).
    if (!(await this.store.knows(project, resource)))
      throw new ApiError(404, `${kind}NotFound`, `No ${kind} with this id exists in this project.`);
    return this.store.list(
      { project, related: resource, ...(q.type ? { types: typesOfAll(q.type) } : {}), ...window(q) },
      parsePage(q, 'event'),
    );
  }
}
