import { Module } from '@nestjs/common';
import { SimCredentialsController } from './sim-credentials.controller.js';
import { SimCredentialsSettings } from './sim-credentials.config.js';
import { SimCredentialsService } from './sim-credentials.service.js';

/** eSIM install credentials of a subscription's SIM. */
@Module({
  controllers: [SimCredentialsController],
  providers: [SimCredentialsService, SimCredentialsSettings],
})
export class SimCredentialsModule {}
