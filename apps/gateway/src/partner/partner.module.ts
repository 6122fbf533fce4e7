import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { ConsentPagesProxy } from './consent-pages.proxy.js';
import { PartnerAccess } from './partner-access.js';
import { IdempotencyInterceptor, PartnerGuard } from './partner-endpoint.js';
import { PartnerGateway } from './partner.gateway.js';

@Module({
  imports: [KeysModule],
  providers: [PartnerGateway, ConsentPagesProxy, PartnerAccess, PartnerGuard, IdempotencyInterceptor],
  exports: [PartnerAccess, PartnerGuard, IdempotencyInterceptor],
})
export class PartnerModule {}
