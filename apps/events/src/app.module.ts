import { Global, Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { EVENTS_CONFIG, loadEventsConfig } from './config.js';
import { entities, migrations } from './data-source.js';
import { EventLogModule } from './event-log/event-log.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Global()
@Module({
  providers: [{ provide: EVENTS_CONFIG, useFactory: () => loadEventsConfig() }],
  exports: [EVENTS_CONFIG],
})
class EventsConfigModule {}

@Module({
  imports: [
    PlatformModule.forService({
      service: 'events',
      entities,
      migrations,
    }),
    EventsConfigModule,
    EventLogModule,
    WebhooksModule,
    IngestModule,
  ],
})
export class AppModule {}
