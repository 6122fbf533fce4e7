import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { ConsentPagesProxy } from './consent-pages.proxy.js';
import { PartnerGateway } from './partner.gateway.js';

@Module({ imports: [KeysModule, ClockModule], providers: [PartnerGateway, ConsentPagesProxy] })
export class PartnerModule {}
