import { Module } from '@nestjs/common';
import { DeviceModelsController, DeviceModelsInternalController } from './device-models.controller.js';
import { DeviceModelReader } from './device-model.reader.js';
import { DeviceModelsSeeder } from './device-models.seeder.js';
import { DeviceModelsService } from './device-models.service.js';

@Module({
  controllers: [DeviceModelsController, DeviceModelsInternalController],
  providers: [DeviceModelsService, DeviceModelsSeeder, DeviceModelReader],
  exports: [DeviceModelsService],
})
export class DevicesModule {}
