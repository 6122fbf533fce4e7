import { applyDecorators, UseFilters, UsePipes } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { EventType } from '@simline/contracts';
import { EventExceptionFilter } from './event-exception.filter.js';
import { EventPayloadPipe } from './event-payload.pipe.js';

/** The transport's id: `@OnEvents` handlers are served by the event transport only. */
export const EVENT_TRANSPORT = Symbol('simline-events');

/** Marks a pattern's extras as declared through `@OnEvents` (with its pipe and filter). */
export const ON_EVENTS = '__simlineOnEvents';

export interface OnEventsOptions {
  /**
   * The consumer's name within the service: the Kafka group is `<service>.<group>`, its dead letters
   * `dlq.<service>.<group>`. Renaming it is a migration (the group's offsets and inbox rows are keyed by it).
   */
  group: string;
  types: readonly EventType[];
  /**
   * Handle up to this many events in one transaction: the payload is an array. If the chunk fails, its events are
   * handled one at a time (still through this handler, with an array of one). Without it, one event per call.
   */
  batch?: number;
  /** Record handled event ids in the inbox (default true); see `EventConsumerOptions.inbox`. */
  inbox?: boolean;
  /** Also read the group's replay topic (default true). */
  replay?: boolean;
  retries?: number;
  retryBaseMs?: number;
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
}

export type OnEventsExtras = Omit<OnEventsOptions, 'group'> & { [ON_EVENTS]: true };

/**
 * Declares an event handler on the event transport: `@EventPattern(group)` with the consumer's options as the
 * pattern's extras, the payload pipe (contract schema) and the exception filter (retry or dead letter). The handler
 * takes `@Payload()` (an event, or an array with `batch`) and `@Ctx() ctx: EventContext` (its transaction), and
 * may return an `AfterCommit`.
 *
 * ```ts
 * @OnEvents({ group: 'subscriptions', types: eventTypesMatching('subscription.*'), batch: 500 })
 * apply(@Payload() events: AnyEventEnvelope[], @Ctx() ctx: EventContext) { … }
 * ```
 */
export function OnEvents({ group, ...options }: OnEventsOptions): MethodDecorator {
  const extras: OnEventsExtras = { ...options, [ON_EVENTS]: true };
  return applyDecorators(
    EventPattern(group, EVENT_TRANSPORT, extras) as MethodDecorator,
    UsePipes(EventPayloadPipe),
    UseFilters(EventExceptionFilter),
  );
}
