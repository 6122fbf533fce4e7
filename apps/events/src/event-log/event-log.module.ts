import { Module } from '@nestjs/common';
import { EventLogStore } from './event-log.store.js';
import { EventsController } from './events.controller.js';
import { EventsInternalController } from './events-internal.controller.js';

@Module({
  controllers: [EventsController, EventsInternalController],
  providers: [EventLogStore],
  exports: [EventLogStore],
})
export class EventLogModule {}
