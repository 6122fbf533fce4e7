import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { BILLING_API_DOCS } from './api-docs.js';
import { BillingModule } from './billing.module.js';
import { entities, migrations } from './data-source.js';

@Module({
  imports: [PlatformModule.forService({ service: 'billing', entities, migrations, apiDocs: BILLING_API_DOCS }), BillingModule],
})
export class AppModule {}
