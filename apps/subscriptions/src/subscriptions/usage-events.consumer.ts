import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Clock } from '@simline/clock';
import type { AnyEventEnvelope, EventEnvelope } from '@simline/contracts';
import { EventContext, OnEvents } from '@simline/messaging';
import { SubscriptionLifecycle } from './subscription.lifecycle.js';

/**
 * `firstUsageAt` from the usage service's `usage.firstRecorded`: the earliest usage time reported so far. An
 * event that does not move it earlier (a redelivery, an older announcement arriving late) changes nothing, so
 * `subscription.updated` follows only a real change.
 */
@Controller()
export class UsageEventsConsumer {
  constructor(
    private readonly clock: Clock,
    private readonly lifecycle: SubscriptionLifecycle,
  ) {}

  @OnEvents({ group: 'usage', types: ['usage.firstRecorded'], batch: 500 })
  async firstUsage(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    for (const e of events as EventEnvelope<'usage.firstRecorded'>[]) {
      const at = new Date(e.data.firstUsageAt);
      const now = await this.clock.now(e.project);
      await this.lifecycle.transition(em, e.project, e.data.subscription, now, (row, state) =>
        row.first_usage_at && new Date(row.first_usage_at).getTime() <= at.getTime()
          ? null
          : { state, event: 'subscription.updated', patch: { first_usage_at: at } },
      );
    }
  }
}
