import type { DeviceModel } from '@simline/contracts';
import type { DeviceModelEntity } from './device-model.entity.js';

export function toDeviceModel(e: DeviceModelEntity, tacs: string[]): DeviceModel {
  return {
    object: 'deviceModel',
    id: e.id,
    createdAt: e.createdAt.toISOString(),
    manufacturer: e.manufacturer,
    name: e.name,
    providers: e.providers,
    simTypes: e.simTypes,
    tacs: [...tacs].sort(),
  };
}
