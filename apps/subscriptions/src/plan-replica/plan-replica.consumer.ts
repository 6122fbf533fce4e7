import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { eventTypesMatching, type AnyEventEnvelope, type Plan } from '@simline/contracts';
import { EventContext, OnEvents } from '@simline/messaging';
import { snapshotsOf } from '@simline/platform';
import { PlanLookup } from './plan.lookup.js';

/** Keeps the plan replica: every `plan.*` event carries the whole plan, and the highest `sequence` wins. */
@Controller()
export class PlanReplicaConsumer {
  constructor(private readonly plans: PlanLookup) {}

  @OnEvents({ group: 'plan-replica', types: eventTypesMatching('plan.*'), batch: 500 })
  async apply(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await this.plans.store(em, snapshotsOf<Plan>(events));
  }
}
