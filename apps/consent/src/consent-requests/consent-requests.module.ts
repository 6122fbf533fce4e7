import { Module } from '@nestjs/common';
import { ApprovalController } from '../approval/approval.controller.js';
import { Mailer } from '../mail/mailer.js';
import { ReplicasConsumer } from '../replicas/replicas.consumer.js';
import { ReplicasService } from '../replicas/replicas.service.js';
import { ConsentRequestAggregate } from './consent-request.aggregate.js';
import { ConsentJobs } from './consent.jobs.js';
import { ConsentRequestsController } from './consent-requests.controller.js';
import { ConsentRequestsService } from './consent-requests.service.js';

@Module({
  controllers: [ConsentRequestsController, ApprovalController, ReplicasConsumer],
  providers: [ConsentRequestsService, ReplicasService, ConsentJobs, Mailer, ConsentRequestAggregate],
  exports: [ConsentRequestsService, ConsentJobs],
})
export class ConsentRequestsModule {}
