import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Porting } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { OwnerReads, type OwnedResource } from '@simline/platform';
import { storeEmbedded } from '../subscriptions/subscription.embedding.js';

/**
 * Port-ins as this service knows them. Decisions ask the porting service for the port-in as it is now; the
 * replica, fed by `porting.*` and by those reads, is what subscriptions embed (docs/decisions/0008).
 */
@Injectable()
export class PortingLookup {
  constructor(
    private readonly owners: OwnerReads,
    private readonly clock: Clock,
  ) {}

  /** The porting as its owner holds it now; null when it does not exist in the project. 503 when it cannot say. */
  current(project: string, id: string): Promise<OwnedResource<Porting> | null> {
    return this.owners.get<Porting>('porting', 'porting', project, id);
  }

  /**
   * Keeps the newest snapshot of each porting (older or equal sequences change nothing); the subscriptions
   * that embed a porting that changed get `subscription.updated` with it.
   */
  async store(
    em: EntityManager,
    snapshots: ReadonlyArray<OwnedResource<Porting> & { time: string }>,
  ): Promise<void> {
    await storeEmbedded(em, this.clock, 'porting_replicas', snapshots);
  }
}
