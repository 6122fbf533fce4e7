import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { entities, migrations } from './data-source.js';

@Module({
  imports: [PlatformModule.forService({ service: 'billing', entities, migrations })],
})
export class AppModule {}
