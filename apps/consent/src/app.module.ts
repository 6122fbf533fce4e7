import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { CONSENT_PAGE_PREFIX } from './approval/approval.controller.js';
import { ConsentRequestsModule } from './consent-requests/consent-requests.module.js';
import { entities, migrations } from './data-source.js';

@Module({
  imports: [
    PlatformModule.forService({ service: 'consent', entities, migrations, publicPrefixes: [CONSENT_PAGE_PREFIX] }),
    ConsentRequestsModule,
  ],
})
export class AppModule {}
