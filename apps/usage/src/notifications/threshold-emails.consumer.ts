import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { AnyEventEnvelope, EventEnvelope } from '@simline/contracts';
import { EventContext, OnEvents, type AfterCommit } from '@simline/messaging';
import { ThresholdEmails } from './threshold-emails.service.js';

/** Usage's own threshold events, turned into e-mails to the user where the project sends e-mails. */
@Controller()
export class ThresholdEmailsConsumer {
  constructor(private readonly emails: ThresholdEmails) {}

  @OnEvents({ group: 'notifications', types: ['usage.thresholdReached'], batch: 200 })
  async plan(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<AfterCommit> {
    const jobs = await this.emails.plan(em, events as EventEnvelope<'usage.thresholdReached'>[]);
    return () => this.emails.schedule(jobs);
  }
}
