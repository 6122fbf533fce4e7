import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { PartnerGateway } from './partner.gateway.js';

@Module({ imports: [KeysModule, ClockModule], providers: [PartnerGateway] })
export class PartnerModule {}
