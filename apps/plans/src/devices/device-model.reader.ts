import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ResourceReaders } from '@simline/platform';
import { DeviceModelException } from './device-model.exception.js';
import { DeviceModelsService } from './device-models.service.js';

/**
 * Device models as other services' decisions read them (`/internal/resources/deviceModel/{id}`): the
 * subscriptions service checks a subscription's `deviceModel` exists. The catalogue is shared by every
 * project, so a model exists in whichever project asks.
 */
@Injectable()
export class DeviceModelReader implements OnModuleInit {
  constructor(
    private readonly models: DeviceModelsService,
    private readonly readers: ResourceReaders,
  ) {}

  onModuleInit(): void {
    this.readers.register({
      type: 'deviceModel',
      get: async (project, id) => {
        try {
          return { id, project, sequence: 0, data: await this.models.get(id) };
        } catch (err) {
          if (err instanceof DeviceModelException) return null;
          throw err;
        }
      },
    });
  }
}
