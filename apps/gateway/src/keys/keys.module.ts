import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { ApiKeysService } from './api-keys.service.js';

@Module({ imports: [ProjectsModule], providers: [ApiKeysService], exports: [ApiKeysService] })
export class KeysModule {}
