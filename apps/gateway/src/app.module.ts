import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { entities, migrations } from './data-source.js';

@Module({
  imports: [PlatformModule.forService({ service: 'gateway', entities, migrations, projectsReplica: false })],
})
export class AppModule {}
