import { Global, Module } from '@nestjs/common';
import { ServiceDirectory } from '../partner/service-directory.js';
import { GATEWAY_CONFIG, loadGatewayConfig } from './gateway.config.js';

@Global()
@Module({
  providers: [{ provide: GATEWAY_CONFIG, useFactory: () => loadGatewayConfig() }, ServiceDirectory],
  exports: [GATEWAY_CONFIG, ServiceDirectory],
})
export class GatewayConfigModule {}
