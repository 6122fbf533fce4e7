import { Module } from '@nestjs/common';
import { Counters } from '../common/counters.js';
import { PhoneNumbersService } from '../numbers/phone-numbers.service.js';
import { InventoryController } from './inventory.controller.js';
import { MobileNetwork } from './mobile-network.port.js';
import { SimulatedMobileNetwork } from './mobile-network.simulator.js';
import { SimsController } from './sims.controller.js';
import { SimsService } from './sims.service.js';
import { SimReader } from './sim.reader.js';

/** SIMs, phone-number pools and the mobile network behind its port (the simulator here). */
@Module({
  controllers: [SimsController, InventoryController],
  providers: [
    Counters,
    SimsService,
    SimReader,
    PhoneNumbersService,
    { provide: MobileNetwork, useFactory: () => new SimulatedMobileNetwork() },
  ],
  exports: [SimsService, PhoneNumbersService, MobileNetwork],
})
export class InventoryModule {}
