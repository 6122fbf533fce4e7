import { Module } from '@nestjs/common';
import { AddonsModule } from '../addons/addons.module.js';
import { NetworkControl } from './network-control.port.js';
import { SimulatedNetworkControl } from './simulated-network-control.js';
import { Throttling } from './throttling.service.js';

@Module({
  imports: [AddonsModule],
  providers: [{ provide: NetworkControl, useClass: SimulatedNetworkControl }, Throttling],
  exports: [Throttling, NetworkControl],
})
export class NetworkModule {}
