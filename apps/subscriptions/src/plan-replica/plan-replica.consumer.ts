import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { eventTypesMatching, type AnyEventEnvelope, type Plan } from '@simline/contracts';
import { newestPerSubject } from '@simline/messaging';
import { upsertSnapshots } from '@simline/persistence';
import { Runtime } from '@simline/platform';

/** Keeps the plan replica: every `plan.*` event carries the whole plan, and the highest `sequence` wins. */
@Injectable()
export class PlanReplicaConsumer implements OnModuleInit {
  constructor(private readonly runtime: Runtime) {}

  onModuleInit(): void {
    this.runtime.consume({
      name: 'plan-replica',
      types: eventTypesMatching('plan.*'),
      handleBatch: (events, em) => this.apply(events, em),
    });
  }

  /** Upserts the newest snapshot per plan; older or equal sequences change nothing. */
  async apply(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    await upsertSnapshots(
      em,
      'plan_replicas',
      newestPerSubject(events).map((e) => ({
        id: e.subject,
        project: e.project,
        status: (e.data as Plan).status,
        sequence: e.sequence,
        data: e.data,
        updated_at: e.time,
      })),
    );
  }
}
