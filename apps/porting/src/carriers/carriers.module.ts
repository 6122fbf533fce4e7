import { Module } from '@nestjs/common';
import { loadPortingConfig, PORTING_CONFIG, type PortingConfig } from '../config/porting.config.js';
import { SecretBox } from '../secrets/secret-box.js';
import { DonorCarrierPort, RecipientCarrierPort } from './donor-carrier.port.js';
import { DonorCarrierSimulator } from './simulator/donor-carrier.simulator.js';
import { RecipientCarrierSimulator } from './simulator/recipient-carrier.simulator.js';
import { simulatorConfig, type SimulatorConfig } from './simulator/simulator.config.js';

const SIMULATOR_CONFIG = Symbol('SIMULATOR_CONFIG');

/** Configuration, the secret box and the carrier ports (the simulators: there is no real carrier adapter yet). */
@Module({
  providers: [
    { provide: PORTING_CONFIG, useFactory: () => loadPortingConfig() },
    { provide: SecretBox, useFactory: (c: PortingConfig) => new SecretBox(c.PIN_ENCRYPTION_KEY), inject: [PORTING_CONFIG] },
    { provide: SIMULATOR_CONFIG, useFactory: (c: PortingConfig) => simulatorConfig(c.PORTING_SIMULATOR_CONFIG), inject: [PORTING_CONFIG] },
    { provide: DonorCarrierPort, useFactory: (s: SimulatorConfig) => new DonorCarrierSimulator(s), inject: [SIMULATOR_CONFIG] },
    { provide: RecipientCarrierPort, useFactory: (s: SimulatorConfig) => new RecipientCarrierSimulator(s), inject: [SIMULATOR_CONFIG] },
  ],
  exports: [PORTING_CONFIG, SecretBox, DonorCarrierPort, RecipientCarrierPort],
})
export class CarriersModule {}
