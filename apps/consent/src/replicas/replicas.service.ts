import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Sim, Subscription, User } from '@simline/contracts';
import { upsertSnapshots } from '@simline/persistence';
import { OwnerReads, type OwnedResource } from '@simline/platform';

export interface SubscriptionView {
  subscription: Subscription;
  /** The freshest user we know: from `user.*` if newer news came that way, else the subscription's own copy. */
  user: User;
}

/** A SIM as the subscriptions service holds it, with the subscription it serves. */
export type OwnedSim = Sim & { subscription: string | null };

/**
 * Reads the replicas that the consumers keep, and asks the subscriptions service (the owner) for the state a
 * decision needs: a replica may be behind what the partner was just shown (docs/decisions/0008).
 */
@Injectable()
export class ReplicasService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly owners: OwnerReads,
  ) {}

  async subscription(project: string, id: string, em: EntityManager | DataSource = this.dataSource): Promise<SubscriptionView | null> {
    const rows: Array<{ data: Subscription; user: User | null }> = await em.query(
      `SELECT s.data, u.data AS user FROM subscription_replicas s
       LEFT JOIN user_replicas u ON u.id = s.user_id AND NOT u.deleted
       WHERE s.project = $1 AND s.id = $2`,
      [project, id],
    );
    const row = rows[0];
    if (!row) return null;
    return { subscription: row.data, user: row.user ?? row.data.user };
  }

  /** The subscription as its owner holds it now (null: none in the project; 503 when the owner cannot say). */
  subscriptionNow(project: string, id: string): Promise<OwnedResource<Subscription> | null> {
    return this.owners.get<Subscription>('subscriptions', 'subscription', project, id);
  }

  /** The SIM as its owner holds it now (null: none in the project). */
  async simNow(project: string, id: string): Promise<OwnedSim | null> {
    return (await this.owners.get<OwnedSim>('subscriptions', 'sim', project, id))?.data ?? null;
  }

  /**
   * Stores subscription snapshots, keeping the newest per id; returns those written (a newer one than held).
   * The caller handles what follows from them (open requests of an ended subscription are canceled).
   */
  async storeSubscriptions(
    em: EntityManager,
    snapshots: ReadonlyArray<OwnedResource<Subscription> & { time: string }>,
  ): Promise<Array<{ id: string; project: string; status: string }>> {
    return upsertSnapshots<{ id: string; project: string; status: string }>(
      em,
      'subscription_replicas',
      snapshots.map((s) => ({
        id: s.id,
        project: s.project,
        status: s.data.status,
        user_id: s.data.user.id,
        sequence: s.sequence,
        data: s.data,
        updated_at: s.time,
      })),
      ['id', 'project', 'status'],
    );
  }

  /**
   * The replica's status of a subscription, the row locked against a concurrent `subscription.*` (so that a
   * request created now and an end applied now cannot miss each other).
   */
  async lockedStatus(em: EntityManager, id: string): Promise<Subscription['status'] | null> {
    const rows: Array<{ status: Subscription['status'] }> = await em.query(
      'SELECT status FROM subscription_replicas WHERE id = $1 FOR SHARE',
      [id],
    );
    return rows[0]?.status ?? null;
  }
}
