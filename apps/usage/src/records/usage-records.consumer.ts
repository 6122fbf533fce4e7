import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { AnyEventEnvelope } from '@simline/contracts';
import { EventContext, OnEvents } from '@simline/messaging';
import { UsageIngestion, type UsageFeedEnvelope } from './usage-ingestion.service.js';

export const USAGE_RECORD_TYPES = ['usageRecord.reported', 'usageReport.reported'] as const;

/**
 * The network's usage records, one per message or several of a subscription in a report, up to 2,000 messages per
 * transaction: counted once per record id, summed per subscription and period, one multi-row upsert of the
 * balances, threshold events through the outbox in the same transaction.
 * No inbox: the record id is the idempotency key (usage_records, in the batch's transaction), and a message
 * delivered again carries the same record, so an inbox row per envelope would only repeat that check
 * (docs/decisions/1101).
 */
@Controller()
export class UsageRecordsConsumer {
  constructor(private readonly ingestion: UsageIngestion) {}

  @OnEvents({
    group: 'records',
    types: [...USAGE_RECORD_TYPES],
    batch: 2000,
    inbox: false,
    partitionsConsumedConcurrently: 6,
  })
  async ingest(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await this.ingestion.ingest(em, events as UsageFeedEnvelope[]);
  }
}
