import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { BillingModule } from './billing.module.js';
import { entities, migrations } from './data-source.js';

@Module({
  imports: [PlatformModule.forService({ service: 'billing', entities, migrations }), BillingModule],
})
export class AppModule {}
