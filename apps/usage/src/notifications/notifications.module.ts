import { Module } from '@nestjs/common';
import { ThresholdEmailJob } from './threshold-email.job.js';
import { ThresholdEmailsConsumer } from './threshold-emails.consumer.js';
import { ThresholdEmails } from './threshold-emails.service.js';

/** E-mails to users about their usage (thresholds). */
@Module({ controllers: [ThresholdEmailsConsumer], providers: [ThresholdEmails, ThresholdEmailJob] })
export class NotificationsModule {}
