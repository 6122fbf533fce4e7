import { Module } from '@nestjs/common';
import { AddonAllowances } from './addon-allowances.service.js';
import { AddonEventsConsumer } from './addon-events.consumer.js';

@Module({ controllers: [AddonEventsConsumer], providers: [AddonAllowances], exports: [AddonAllowances] })
export class AddonsModule {}
