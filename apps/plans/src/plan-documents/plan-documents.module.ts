import { Module } from '@nestjs/common';
import { PlanDocumentsController, PlanDocumentsInternalController } from './plan-documents.controller.js';
import { PlanDocumentsService } from './plan-documents.service.js';

@Module({ controllers: [PlanDocumentsController, PlanDocumentsInternalController], providers: [PlanDocumentsService] })
export class PlanDocumentsModule {}
