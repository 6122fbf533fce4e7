import { Controller, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { LOGGED_EVENT_TYPES, type AnyEventEnvelope } from '@simline/contracts';
import { EventContext, OnEvents, type AfterCommit } from '@simline/messaging';
import { createLogger } from '@simline/observability';
import { EventLogStore } from '../event-log/event-log.store.js';
import { WebhookDeliveriesService } from '../webhooks/webhook-deliveries.service.js';

/**
 * Every event of every catalogue topic but the network's usage feed (FEED_EVENT_TYPES) into the log, in chunks of up to 1000 per transaction, and the webhook
 * deliveries of those that are new. No inbox: the log itself is idempotent by event id.
 */
@Controller()
export class LogIngestConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly log = createLogger('event-log-ingest');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: EventLogStore,
    private readonly webhooks: WebhookDeliveriesService,
  ) {}

  onModuleInit(): void {
    // Keep partitions ahead of the calendar (the first-use path then only serves test clocks).
    this.timer = setInterval(
      () => void this.store.keepAhead().catch((err) => this.log.warn({ err }, 'partition upkeep failed')),
      6 * 3600_000,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  @OnEvents({ group: 'log', types: LOGGED_EVENT_TYPES, inbox: false, batch: 1000, partitionsConsumedConcurrently: 4 })
  async ingest(
    @Payload() events: AnyEventEnvelope[],
    @Ctx() { em, messages: received }: EventContext,
  ): Promise<AfterCommit | undefined> {
    // Before any write of this transaction: creating a partition must not wait on our own locks.
    await this.store.ensurePartitions(events.map((e) => new Date(e.time)));
    const fresh = await this.store.append(
      em,
      events.map((event, i) => ({
        event,
        raw: received[i]?.raw || JSON.stringify(event),
        publishedAt: new Date(received[i]?.timestamp ?? Date.now()),
      })),
    );
    return this.webhooks.fanOut(
      em,
      events.filter((e) => fresh.has(e.id)),
    );
  }
}
