import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { eventTypesMatching, type AnyEventEnvelope, type Plan } from '@simline/contracts';
import { Runtime, snapshotsOf } from '@simline/platform';
import { PlanLookup } from './plan.lookup.js';

/** Keeps the plan replica: every `plan.*` event carries the whole plan, and the highest `sequence` wins. */
@Injectable()
export class PlanReplicaConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: Runtime,
    private readonly plans: PlanLookup,
  ) {}

  onModuleInit(): void {
    this.runtime.consume({
      name: 'plan-replica',
      types: eventTypesMatching('plan.*'),
      handleBatch: (events, em) => this.apply(events, em),
    });
  }

  async apply(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    await this.plans.store(em, snapshotsOf<Plan>(events));
  }
}
