import { Module } from '@nestjs/common';
import { DocsRoutes } from './docs.routes.js';
import { OpenApiService } from './openapi.service.js';

@Module({ providers: [OpenApiService, DocsRoutes], exports: [OpenApiService] })
export class DocsModule {}
