import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Plan } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { OwnerReads, type OwnedResource } from '@simline/platform';
import { storeEmbedded } from '../subscriptions/subscription.embedding.js';

/**
 * Plans as this service knows them. Decisions (creating a subscription on a plan) ask the plans service for
 * the plan as it is now; the replica, fed by `plan.*` and by those reads, is what subscriptions embed
 * (docs/decisions/0008).
 */
@Injectable()
export class PlanLookup {
  constructor(
    private readonly owners: OwnerReads,
    private readonly clock: Clock,
  ) {}

  /** The plan as its owner holds it now; null when it does not exist in the project. 503 when it cannot say. */
  current(project: string, id: string): Promise<OwnedResource<Plan> | null> {
    return this.owners.get<Plan>('plans', 'plan', project, id);
  }

  /** Whether the device model is in the plans service's catalogue now. 503 when it cannot say. */
  async deviceModelExists(project: string, id: string): Promise<boolean> {
    return (await this.owners.get<unknown>('plans', 'deviceModel', project, id)) !== null;
  }

  /**
   * Keeps the newest snapshot of each plan (older or equal sequences change nothing); the subscriptions that
   * embed a plan that changed get `subscription.updated`.
   */
  async store(
    em: EntityManager,
    snapshots: ReadonlyArray<OwnedResource<Plan> & { time: string }>,
  ): Promise<void> {
    await storeEmbedded(em, this.clock, 'plan_replicas', snapshots);
  }
}
