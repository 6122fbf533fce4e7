import { Module } from '@nestjs/common';
import { EventLogModule } from '../event-log/event-log.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { LogIngestConsumer } from './log-ingest.consumer.js';

@Module({ imports: [EventLogModule, WebhooksModule], controllers: [LogIngestConsumer] })
export class IngestModule {}
