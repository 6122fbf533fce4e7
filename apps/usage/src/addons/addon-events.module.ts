import { Module } from '@nestjs/common';
import { NetworkModule } from '../network/network.module.js';
import { AddonEventsConsumer } from './addon-events.consumer.js';

@Module({ imports: [NetworkModule], controllers: [AddonEventsConsumer] })
export class AddonEventsModule {}
