import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DeviceModelsService } from './device-models.service.js';

/** Seeds the device catalogue at every start, idempotently (docs/decisions/0102). */
@Injectable()
export class DeviceModelsSeeder implements OnApplicationBootstrap {
  constructor(private readonly devices: DeviceModelsService) {}

  onApplicationBootstrap(): Promise<void> {
    return this.devices.seed();
  }
}
